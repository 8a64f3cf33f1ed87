// The Vertex AI Endpoint provider: projects.locations.endpoints. Create and delete are operations (waited on with
// operations:wait); description, labels, display name and request-response logging are one synchronous PATCH.

import type * as dynamic from "@pulumi/pulumi/dynamic";
import { apiBody, readBack } from "../../fields/fieldTable";
import { withoutUndefined } from "../../fields/values";
import {
    type EndpointInputs,
    type EndpointOutputs,
    endpointFieldRules,
    endpointFields,
    endpointIdentityFields,
    validateEndpointInputs,
} from "../../fields/vertex/endpointFields";
import { endpointPath, parseVertexName, vertexAutoname } from "../../fields/vertex/vertexNames";
import { immutableMismatches, planDiff } from "../../plan/diffPlan";
import { buildPatchRequest } from "../../plan/updateMask";
import { ApiError } from "../apiError";
import {
    checkInputs,
    declaredInputs,
    diffResult,
    keepAutoname,
    operationTimeoutMs,
    previewAdoption,
    resolveProject,
} from "../checkRecipe";
import { withoutInternalKeys } from "../records";
import type { ApiEndpoint } from "./vertexApi";
import { VertexProvider } from "./vertexProvider";

const describe = (name: string) => `Vertex AI endpoint ${name}`;

export class VertexEndpointProvider
    extends VertexProvider
    implements dynamic.ResourceProvider<EndpointInputs, EndpointOutputs>
{
    async check(olds: EndpointInputs, rawNews: EndpointInputs): Promise<dynamic.CheckResult<EndpointInputs>> {
        const news = withoutInternalKeys(rawNews);
        const result = checkInputs({ ...news, project: news.project ?? this.settings.project }, validateEndpointInputs);
        if (result.failures.length > 0) return result;
        const inputs = result.inputs;
        const adoption = await previewAdoption(
            withoutInternalKeys(olds),
            inputs,
            describe(this.path(inputs)),
            async () => {
                const live = await this.vertexApi().getEndpoint(this.path(inputs));
                return (
                    live &&
                    immutableMismatches(
                        endpointFieldRules,
                        inputs,
                        this.liveInputs(live, inputs),
                        endpointIdentityFields,
                    )
                );
            },
        );
        return adoption ? { ...result, failures: [adoption] } : result;
    }

    async diff(_id: string, olds: EndpointOutputs, news: EndpointInputs): Promise<dynamic.DiffResult> {
        return diffResult(endpointFieldRules, olds, news);
    }

    async create(rawInputs: EndpointInputs): Promise<dynamic.CreateResult<EndpointOutputs>> {
        const declared = withoutInternalKeys(rawInputs);
        const inputs = {
            ...declared,
            name: declared.name ?? vertexAutoname(declared.autonamePrefix ?? "endpoint", "endpoint"),
        };
        const project = resolveProject("Endpoint", inputs.name, inputs.project, this.settings);
        const path = endpointPath(project, inputs.region, inputs.name);
        const timeoutMs = operationTimeoutMs(inputs, this.settings, "create");
        let live: ApiEndpoint;
        try {
            live = (
                await this.vertexApi().createEndpoint(
                    project,
                    inputs.region,
                    inputs.name,
                    apiBody(endpointFields, inputs),
                    timeoutMs,
                )
            ).value;
        } catch (err) {
            if (!(err instanceof ApiError && err.isAlreadyExists)) throw err;
            if (!inputs.adopt && err.attempts <= 1) {
                throw new Error(
                    `${describe(path)} already exists. Set \`adopt: true\` to manage the existing endpoint, or choose another name.`,
                );
            }
            // Asked to adopt, or our own earlier attempt was applied and its response lost.
            live = await this.adopt(path, inputs);
        }
        return { id: path, outs: this.outputs(inputs, live) };
    }

    async read(id: string, rawProps?: EndpointOutputs): Promise<dynamic.ReadResult<EndpointOutputs>> {
        const live = await this.vertexApi().getEndpoint(id);
        if (!live) return {}; // deleted outside Pulumi
        const previous = rawProps ? withoutInternalKeys(rawProps) : this.importedInputs(id);
        const inputs = this.liveInputs(live, previous);
        return { id, props: this.outputs(inputs, live), inputs: declaredInputs(inputs) as EndpointOutputs };
    }

    async update(
        id: string,
        rawOlds: EndpointOutputs,
        rawNews: EndpointInputs,
    ): Promise<dynamic.UpdateResult<EndpointOutputs>> {
        const olds = withoutInternalKeys(rawOlds);
        const news = keepAutoname(olds, withoutInternalKeys(rawNews));
        const plan = planDiff(endpointFieldRules, olds, news);
        const live =
            plan.updateMask.length > 0
                ? await this.patch(id, plan.updateMask, news)
                : await this.vertexApi().getEndpoint(id);
        if (!live) {
            throw new Error(
                `${describe(id)} disappeared during the update; run \`pulumi refresh\` and \`pulumi up\` again`,
            );
        }
        return { outs: this.outputs(news, live) };
    }

    async delete(id: string, props: EndpointOutputs): Promise<void> {
        const api = this.vertexApi();
        const timeoutMs = operationTimeoutMs(props, this.settings, "delete");
        const live = await api.getEndpoint(id);
        if (!live) return; // already gone
        const deployed = live.deployedModels ?? [];
        if (deployed.length > 0) {
            if (!props.forceDelete) {
                throw new Error(
                    `${describe(id)} still serves ${deployed.length} deployed model(s) no Deployment of this stack manages ` +
                        `(${deployed.map((d) => `${d.id} "${d.displayName ?? ""}"`).join(", ")}); the API only deletes endpoints without deployed models. ` +
                        "Undeploy them (gcloud ai endpoints undeploy-model), or set `forceDelete: true` on the endpoint to undeploy them with it.",
                );
            }
            // No traffic first (an empty split is allowed), so that each undeploy is accepted.
            if (Object.keys(live.trafficSplit ?? {}).length > 0) await api.patchEndpoint(id, "trafficSplit", {});
            for (const d of deployed) await api.undeployModel(id, d.id, () => undefined, timeoutMs);
        }
        await api.deleteEndpoint(id, timeoutMs);
    }

    // ---- helpers ----

    private path(inputs: EndpointInputs): string {
        return endpointPath(
            resolveProject("Endpoint", inputs.name, inputs.project, this.settings),
            inputs.region,
            inputs.name ?? "",
        );
    }

    private async patch(name: string, updateMask: readonly string[], news: EndpointInputs): Promise<ApiEndpoint> {
        const request = buildPatchRequest(endpointFieldRules, updateMask, apiBody(endpointFields, news));
        return this.vertexApi().patchEndpoint(name, request.updateMask, request.body);
    }

    /** Takes over an existing endpoint after checking its immutable fields; patches what differs. */
    private async adopt(path: string, inputs: EndpointInputs): Promise<ApiEndpoint> {
        const live = await this.vertexApi().getEndpoint(path);
        if (!live)
            throw new Error(
                `${describe(path)} was reported to exist but cannot be read; check permissions (aiplatform.endpoints.get)`,
            );
        const observed = this.liveInputs(live, inputs);
        const mismatches = immutableMismatches(endpointFieldRules, inputs, observed, endpointIdentityFields);
        if (mismatches.length > 0) {
            throw new Error(
                `${describe(path)} exists with different immutable fields, so it cannot be adopted: ${mismatches.join("; ")}. Change the declaration to match, or choose another name.`,
            );
        }
        const plan = planDiff(endpointFieldRules, observed as EndpointOutputs, inputs);
        return plan.updateMask.length > 0 ? this.patch(path, plan.updateMask, inputs) : live;
    }

    /** An endpoint read without state (an import): its identity from its name. */
    private importedInputs(id: string): EndpointInputs {
        const parsed = parseVertexName(id);
        if (parsed?.collection !== "endpoints") throw new Error(`${JSON.stringify(id)} is not an endpoint name`);
        return { name: parsed.id, project: parsed.project, region: parsed.region, displayName: parsed.id };
    }

    private liveInputs(live: ApiEndpoint, previous: EndpointInputs): EndpointInputs {
        return withoutUndefined(readBack(endpointFields, live, previous));
    }

    private outputs(inputs: EndpointInputs, live: ApiEndpoint): EndpointOutputs {
        const parsed = parseVertexName(live.name);
        return withoutUndefined({
            ...inputs,
            autonamePrefix: undefined, // create's input only
            // Our project spelling (the API answers with the project number).
            fullName: endpointPath(
                inputs.project ?? parsed?.project ?? "",
                inputs.region,
                inputs.name ?? parsed?.id ?? "",
            ),
            etag: live.etag,
        });
    }
}
