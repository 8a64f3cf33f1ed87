// The Vertex AI Model provider: a Model Registry entry (projects.locations.models). Vertex has no call that
// creates a model without a version: the model comes into being with its first ModelVersion's upload (which
// carries this declaration's displayName, description and labels), so create checks the name and calls nothing,
// and refresh treats a model without versions as not yet uploaded rather than gone. displayName, description and
// labels are one synchronous PATCH once the model exists.

import type * as dynamic from "@pulumi/pulumi/dynamic";
import { apiBody, readBack } from "../../fields/fieldTable";
import { withoutUndefined } from "../../fields/values";
import {
    type RegistryModelInputs,
    type RegistryModelOutputs,
    registryModelFieldRules,
    registryModelFields,
    validateRegistryModelInputs,
} from "../../fields/vertex/registryModelFields";
import { modelPath, parseVertexName, vertexAutoname } from "../../fields/vertex/vertexNames";
import { planDiff } from "../../plan/diffPlan";
import { buildPatchRequest } from "../../plan/updateMask";
import {
    checkInputs,
    declaredInputs,
    diffResult,
    keepAutoname,
    operationTimeoutMs,
    resolveProject,
} from "../checkRecipe";
import { ApiError } from "../apiError";
import { withoutInternalKeys } from "../records";
import type { ApiModel } from "./vertexApi";
import { VertexProvider } from "./vertexProvider";

const describe = (name: string) => `Vertex AI model ${name}`;

export class VertexModelProvider
    extends VertexProvider
    implements dynamic.ResourceProvider<RegistryModelInputs, RegistryModelOutputs>
{
    async check(
        _olds: RegistryModelInputs,
        rawNews: RegistryModelInputs,
    ): Promise<dynamic.CheckResult<RegistryModelInputs>> {
        const news = withoutInternalKeys(rawNews);
        return checkInputs({ ...news, project: news.project ?? this.settings.project }, validateRegistryModelInputs);
    }

    async diff(_id: string, olds: RegistryModelOutputs, news: RegistryModelInputs): Promise<dynamic.DiffResult> {
        return diffResult(registryModelFieldRules, olds, news);
    }

    async create(rawInputs: RegistryModelInputs): Promise<dynamic.CreateResult<RegistryModelOutputs>> {
        const declared = withoutInternalKeys(rawInputs);
        const inputs = {
            ...declared,
            name: declared.name ?? vertexAutoname(declared.autonamePrefix ?? "model", "model"),
        };
        const project = resolveProject("Model", inputs.name, inputs.project, this.settings);
        const path = modelPath(project, inputs.region, inputs.name);
        const live = await this.vertexApi().getModel(path);
        if (live && !inputs.adopt) {
            throw new Error(
                `${describe(path)} already exists. Set \`adopt: true\` to manage the existing model (its versions stay), or choose another name.`,
            );
        }
        if (live) await this.patchDifferences(path, live, inputs);
        return { id: path, outs: this.outputs(inputs, path) };
    }

    async read(id: string, rawProps?: RegistryModelOutputs): Promise<dynamic.ReadResult<RegistryModelOutputs>> {
        const previous = rawProps ? withoutInternalKeys(rawProps) : this.importedInputs(id);
        const live = await this.vertexApi().getModel(id);
        // No model yet: its first version has not been uploaded (or its last was deleted); nothing drifted.
        const inputs = live ? this.liveInputs(live, previous) : previous;
        return { id, props: this.outputs(inputs, id), inputs: declaredInputs(inputs) as RegistryModelOutputs };
    }

    async update(
        id: string,
        rawOlds: RegistryModelOutputs,
        rawNews: RegistryModelInputs,
    ): Promise<dynamic.UpdateResult<RegistryModelOutputs>> {
        const olds = withoutInternalKeys(rawOlds);
        const news = keepAutoname(olds, withoutInternalKeys(rawNews));
        const plan = planDiff(registryModelFieldRules, olds, news);
        if (plan.updateMask.length > 0) {
            const request = buildPatchRequest(
                registryModelFieldRules,
                plan.updateMask,
                apiBody(registryModelFields, news),
            );
            // Before the first upload there is nothing to patch: that upload carries the new values.
            if (await this.vertexApi().getModel(id))
                await this.vertexApi().patchModel(id, request.updateMask, request.body);
        }
        return { outs: this.outputs(news, id) };
    }

    async delete(id: string, props: RegistryModelOutputs): Promise<void> {
        const api = this.vertexApi();
        const versions = await api.listVersions(id).catch((err: unknown) => {
            if (err instanceof ApiError && err.isNotFound) return undefined;
            throw err;
        });
        if (versions === undefined) return; // gone (its last version's deletion took it), or never uploaded
        if (versions.length > 0 && !props.forceDelete) {
            throw new Error(
                `${describe(id)} still has ${versions.length} version(s) no ModelVersion of this stack manages ` +
                    `(${versions.map((v) => `@${v.versionId ?? "?"}`).join(", ")}). Delete them ` +
                    "(gcloud ai models delete-version), or set `forceDelete: true` on the model to delete them with it.",
            );
        }
        await api.deleteModel(id, operationTimeoutMs(props, this.settings, "delete"));
    }

    // ---- helpers ----

    private async patchDifferences(path: string, live: ApiModel, inputs: RegistryModelInputs): Promise<void> {
        const plan = planDiff(registryModelFieldRules, this.liveInputs(live, inputs) as RegistryModelOutputs, inputs);
        if (plan.updateMask.length === 0) return;
        const request = buildPatchRequest(
            registryModelFieldRules,
            plan.updateMask,
            apiBody(registryModelFields, inputs),
        );
        await this.vertexApi().patchModel(path, request.updateMask, request.body);
    }

    private importedInputs(id: string): RegistryModelInputs {
        const parsed = parseVertexName(id);
        if (parsed?.collection !== "models") throw new Error(`${JSON.stringify(id)} is not a model name`);
        return { name: parsed.id, project: parsed.project, region: parsed.region, displayName: parsed.id };
    }

    private liveInputs(live: ApiModel, previous: RegistryModelInputs): RegistryModelInputs {
        return withoutUndefined(readBack(registryModelFields, live, previous));
    }

    private outputs(inputs: RegistryModelInputs, path: string): RegistryModelOutputs {
        return withoutUndefined({ ...inputs, autonamePrefix: undefined, fullName: path });
    }
}
