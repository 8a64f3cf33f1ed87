// The Vertex AI Deployment provider: one DeployedModel of an endpoint. Create is `:deployModel` (taking all the
// traffic only when the endpoint serves nothing yet; otherwise 0 % until a TrafficSplit moves it), replica and
// autoscaling changes are one `:mutateDeployedModel`, delete is `:undeployModel` handing any remaining share to
// the other deployed models in the same call, so the endpoint never serves nothing while it has models.

import { randomInt } from "node:crypto";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { apiBody, readBack } from "../../fields/fieldTable";
import { withoutUndefined } from "../../fields/values";
import {
    type DeploymentInputs,
    type DeploymentOutputs,
    deploymentFieldRules,
    deploymentFields,
    validateDeploymentInputs,
} from "../../fields/vertex/deploymentFields";
import { DEFAULT_MACHINE_TYPE } from "../../fields/vertex/servingHardware";
import { deploymentId, parseDeploymentId } from "../../fields/vertex/vertexNames";
import { immutableMismatches, planDiff } from "../../plan/diffPlan";
import { hasTraffic, splitWithout } from "../../plan/vertex/trafficPlan";
import { buildPatchRequest } from "../../plan/updateMask";
import { ApiError } from "../apiError";
import { operationTimeoutMs } from "../checkRecipe";
import { withoutInternalKeys } from "../records";
import type { ApiDeployedModel } from "./vertexApi";
import { numberedDiff } from "./numberedDiff";
import { checkNumbered, VertexProvider } from "./vertexProvider";

/** A deployed-model ID of our choosing (1-10 digits): a retried deploy whose first answer was lost is recognised. */
const newDeployedModelId = () => String(1_000_000_000 + randomInt(8_999_999_999 - 1_000_000_000));

export class VertexDeploymentProvider
    extends VertexProvider
    implements dynamic.ResourceProvider<DeploymentInputs, DeploymentOutputs>
{
    async check(_olds: DeploymentInputs, rawNews: DeploymentInputs): Promise<dynamic.CheckResult<DeploymentInputs>> {
        return checkNumbered(withoutInternalKeys(rawNews), validateDeploymentInputs);
    }

    async diff(_id: string, olds: DeploymentOutputs, news: DeploymentInputs): Promise<dynamic.DiffResult> {
        return numberedDiff(deploymentFieldRules, olds, news);
    }

    async create(rawInputs: DeploymentInputs): Promise<dynamic.CreateResult<DeploymentOutputs>> {
        const inputs = withoutInternalKeys(rawInputs);
        const api = this.vertexApi();
        if (inputs.adopt) {
            const adopted = await this.adopt(inputs);
            if (adopted) return adopted;
        }
        const body = apiBody(deploymentFields, inputs) as { dedicatedResources?: { machineSpec?: object } };
        const machineSpec = { machineType: DEFAULT_MACHINE_TYPE, ...body.dedicatedResources?.machineSpec };
        const deployedModel = {
            ...body,
            id: newDeployedModelId(),
            dedicatedResources: { ...body.dedicatedResources, machineSpec },
        };
        let deployed: ApiDeployedModel;
        try {
            deployed = (
                await api.deployModel(
                    inputs.endpoint,
                    deployedModel,
                    // The first deployment of an endpoint serves everything; later ones start at 0 %.
                    (current): Record<string, number> => (hasTraffic(current.trafficSplit) ? {} : { "0": 100 }),
                    operationTimeoutMs(inputs, this.settings, "create"),
                )
            ).value;
        } catch (err) {
            // Our own earlier attempt was applied and its answer lost: the ID we chose is there.
            if (!(err instanceof ApiError && err.isAlreadyExists && err.attempts > 1)) throw err;
            deployed = { id: deployedModel.id, model: inputs.modelVersion };
        }
        const id = deploymentId(inputs.endpoint, deployed.id);
        return { id, outs: outputs(inputs, id, deployed.id) };
    }

    /**
     * Takes over the endpoint's deployed model of the same displayName, if there is one: its immutable fields must
     * match the declaration; replica counts and the like that differ are mutated to the declared values.
     */
    private async adopt(inputs: DeploymentInputs): Promise<dynamic.CreateResult<DeploymentOutputs> | undefined> {
        const live = (await this.vertexApi().getEndpoint(inputs.endpoint))?.deployedModels?.find(
            (d) => d.displayName === inputs.displayName,
        );
        if (!live) return undefined;
        const id = deploymentId(inputs.endpoint, live.id);
        const observed = withoutUndefined(readBack(deploymentFields, live, inputs));
        const mismatches = immutableMismatches(deploymentFieldRules, inputs, observed, ["endpoint"]);
        if (mismatches.length > 0) {
            throw new Error(
                `deployed model ${live.id} "${inputs.displayName}" of ${inputs.endpoint} differs in fields a deployment cannot change, so it cannot be adopted: ${mismatches.join("; ")}. ` +
                    "Change the declaration to match, or give the deployment another displayName (a new deployment).",
            );
        }
        const olds = outputs(observed, id, live.id);
        const updated = await this.update(id, olds, inputs);
        return { id, outs: updated.outs };
    }

    async read(id: string, rawProps?: DeploymentOutputs): Promise<dynamic.ReadResult<DeploymentOutputs>> {
        const where = parseDeploymentId(id);
        if (!where) throw new Error(`${JSON.stringify(id)} is not a deployment id (<endpoint>/deployedModels/<ID>)`);
        const live = (await this.vertexApi().getEndpoint(where.endpoint))?.deployedModels?.find(
            (d) => d.id === where.deployedModelId,
        );
        if (!live) return {}; // undeployed outside Pulumi
        const previous = rawProps
            ? withoutInternalKeys(rawProps)
            : ({ endpoint: where.endpoint, minReplicaCount: 1 } as DeploymentInputs);
        const inputs = withoutUndefined(readBack(deploymentFields, live, previous));
        return { id, props: outputs(inputs, id, where.deployedModelId), inputs: inputs as DeploymentOutputs };
    }

    async update(
        id: string,
        rawOlds: DeploymentOutputs,
        rawNews: DeploymentInputs,
    ): Promise<dynamic.UpdateResult<DeploymentOutputs>> {
        const olds = withoutInternalKeys(rawOlds);
        const news = withoutInternalKeys(rawNews);
        const plan = planDiff(deploymentFieldRules, olds, news);
        if (plan.updateMask.length > 0) {
            // A maximum left to the server is the minimum: sent as such when the mask moves it (maskWithMaximum).
            const body = apiBody(deploymentFields, {
                ...news,
                maxReplicaCount: news.maxReplicaCount ?? news.minReplicaCount,
            });
            const request = buildPatchRequest(deploymentFieldRules, maskWithMaximum(plan.updateMask, news), body);
            await this.vertexApi().mutateDeployedModel(
                news.endpoint,
                { ...request.body, id: olds.deployedModelId },
                request.updateMask,
                operationTimeoutMs(news, this.settings, "update"),
            );
        }
        return { outs: outputs(news, id, olds.deployedModelId) };
    }

    async delete(_id: string, props: DeploymentOutputs): Promise<void> {
        await this.vertexApi().undeployModel(
            props.endpoint,
            props.deployedModelId,
            (current) =>
                splitWithout(
                    current.trafficSplit ?? {},
                    (current.deployedModels ?? []).map((d) => d.id),
                    props.deployedModelId,
                ),
            operationTimeoutMs(props, this.settings, "delete"),
        );
    }
}

const MIN = "dedicatedResources.minReplicaCount";
const MAX = "dedicatedResources.maxReplicaCount";

/**
 * A maximum left to the server equals the minimum, and the API refuses a minimum above the maximum: when the
 * minimum changes and no maximum is declared, the same call moves the maximum with it.
 */
function maskWithMaximum(mask: readonly string[], news: DeploymentInputs): string[] {
    return mask.includes(MIN) && news.maxReplicaCount === undefined && !mask.includes(MAX) ? [...mask, MAX] : [...mask];
}

function outputs(inputs: DeploymentInputs, id: string, deployedModelId: string): DeploymentOutputs {
    return withoutUndefined({ ...inputs, fullName: id, deployedModelId });
}
