// The Vertex AI ModelVersion provider: one version of a registry model, uploaded with `models:upload` (the model's
// first version creates the model with the parent Model's fields; later ones name it as `parentModel`). New
// artifacts or container are a new version; versionDescription and labels are one PATCH of `models/M@N`; aliases
// are `:mergeVersionAliases`. Deleting the model's only version deletes the model (the API's rule).

import type * as dynamic from "@pulumi/pulumi/dynamic";
import { apiBody, readBack } from "../../fields/fieldTable";
import { withoutUndefined } from "../../fields/values";
import {
    DEFAULT_ALIAS,
    type ModelVersionInputs,
    type ModelVersionOutputs,
    modelVersionFieldRules,
    modelVersionFields,
    validateModelVersionInputs,
} from "../../fields/vertex/modelVersionFields";
import { parseVertexName, type VertexName } from "../../fields/vertex/vertexNames";
import { planDiff } from "../../plan/diffPlan";
import { buildPatchRequest } from "../../plan/updateMask";
import { ApiError } from "../apiError";
import { operationTimeoutMs } from "../checkRecipe";
import { withoutInternalKeys } from "../records";
import type { ApiModel } from "./vertexApi";
import { numberedDiff } from "./numberedDiff";
import { checkNumbered, VertexProvider } from "./vertexProvider";
import { serialize } from "./serialize";

const ALIASES_MASK = "versionAliases";

export class VertexModelVersionProvider
    extends VertexProvider
    implements dynamic.ResourceProvider<ModelVersionInputs, ModelVersionOutputs>
{
    async check(
        _olds: ModelVersionInputs,
        rawNews: ModelVersionInputs,
    ): Promise<dynamic.CheckResult<ModelVersionInputs>> {
        return checkNumbered(withoutInternalKeys(rawNews), validateModelVersionInputs);
    }

    async diff(_id: string, olds: ModelVersionOutputs, news: ModelVersionInputs): Promise<dynamic.DiffResult> {
        return numberedDiff(modelVersionFieldRules, olds, news);
    }

    async create(rawInputs: ModelVersionInputs): Promise<dynamic.CreateResult<ModelVersionOutputs>> {
        const inputs = withoutInternalKeys(rawInputs);
        const model = modelOf(inputs.model);
        const timeoutMs = operationTimeoutMs(inputs, this.settings, "create");
        // One upload per model at a time in this process: the first creates the model, the others add to it.
        const uploaded = await serialize(`model ${inputs.model}`, () => this.upload(inputs, model, timeoutMs));
        // Named with our project spelling (the API answers with the project number).
        const id = `${inputs.model}@${parseVertexName(uploaded)?.version ?? ""}`;
        return { id, outs: this.outputs(inputs, id) };
    }

    async read(id: string, rawProps?: ModelVersionOutputs): Promise<dynamic.ReadResult<ModelVersionOutputs>> {
        const live = await this.vertexApi().getModel(id);
        if (!live) return {}; // deleted outside Pulumi
        const previous = rawProps ? withoutInternalKeys(rawProps) : importedInputs(id, live);
        const inputs = withoutUndefined(readBack(modelVersionFields, live, previous));
        return { id, props: this.outputs(inputs, id), inputs: inputs as ModelVersionOutputs };
    }

    async update(
        id: string,
        rawOlds: ModelVersionOutputs,
        rawNews: ModelVersionInputs,
    ): Promise<dynamic.UpdateResult<ModelVersionOutputs>> {
        const olds = withoutInternalKeys(rawOlds);
        const news = withoutInternalKeys(rawNews);
        const plan = planDiff(modelVersionFieldRules, olds, news);
        const api = this.vertexApi();
        const patched = plan.updateMask.filter((path) => path !== ALIASES_MASK);
        if (patched.length > 0) {
            const request = buildPatchRequest(modelVersionFieldRules, patched, apiBody(modelVersionFields, news));
            await api.patchModel(id, request.updateMask, request.body);
        }
        if (plan.updateMask.includes(ALIASES_MASK)) {
            const merge = aliasChanges(olds.versionAliases ?? [], news.versionAliases ?? []);
            if (merge.length > 0) await api.mergeVersionAliases(id, merge);
        }
        return { outs: this.outputs(news, id) };
    }

    async delete(id: string, props: ModelVersionOutputs): Promise<void> {
        const api = this.vertexApi();
        const timeoutMs = operationTimeoutMs(props, this.settings, "delete");
        await serialize(`model ${props.model}`, async () => {
            const versions = await api.listVersions(props.model).catch((err: unknown) => {
                if (err instanceof ApiError && err.isNotFound) return [];
                throw err;
            });
            const versionId = parseVertexName(id)?.version;
            if (!versions.some((v) => v.versionId === versionId)) return; // already gone
            // The API refuses to delete a model's only version: deleting the model is how it goes.
            if (versions.length === 1) await api.deleteModel(props.model, timeoutMs);
            else await api.deleteVersion(id, timeoutMs);
        });
    }

    // ---- helpers ----

    private async upload(inputs: ModelVersionInputs, model: VertexName, timeoutMs: number): Promise<string> {
        const api = this.vertexApi();
        const version = apiBody(modelVersionFields, inputs);
        const displayName = inputs.modelDisplayName ?? model.id;
        const asNewVersion = () =>
            api.uploadModel(
                model.project,
                model.region,
                { parentModel: inputs.model, model: { ...version, displayName } },
                timeoutMs,
            );
        if (await api.getModel(inputs.model)) return asNewVersion();
        let versionName: string;
        try {
            // The model's first version: the model is created with its own description and labels.
            const { labels: _versionLabels, ...first } = version;
            versionName = await api.uploadModel(
                model.project,
                model.region,
                {
                    modelId: model.id,
                    model: withoutUndefined({
                        ...first,
                        displayName,
                        description: inputs.modelDescription,
                        labels: inputs.modelLabels,
                    }),
                },
                timeoutMs,
            );
        } catch (err) {
            // Another client uploaded the first version meanwhile: add this one to it.
            if (err instanceof ApiError && err.isAlreadyExists) return asNewVersion();
            throw err;
        }
        if (inputs.labels !== undefined) await api.patchModel(versionName, "labels", { labels: inputs.labels });
        return versionName;
    }

    private outputs(inputs: ModelVersionInputs, versionName: string): ModelVersionOutputs {
        const versionId = parseVertexName(versionName)?.version ?? "";
        return withoutUndefined({ ...inputs, fullName: `${inputs.model}@${versionId}`, versionId });
    }
}

function modelOf(name: string): VertexName {
    const parsed = parseVertexName(name);
    if (parsed?.collection !== "models" || parsed.version !== undefined) {
        throw new Error(`${JSON.stringify(name)} is not a model resource name (projects/P/locations/R/models/M)`);
    }
    return parsed;
}

/** What `:mergeVersionAliases` needs to go from `olds` to `news`; `default` only moves by being declared elsewhere. */
export function aliasChanges(olds: readonly string[], news: readonly string[]): string[] {
    return [
        ...news.filter((a) => !olds.includes(a)),
        ...olds.filter((a) => !news.includes(a) && a !== DEFAULT_ALIAS).map((a) => `-${a}`),
    ];
}

function importedInputs(id: string, live: ApiModel): ModelVersionInputs {
    const parsed = parseVertexName(id);
    if (parsed?.collection !== "models" || parsed.version === undefined) {
        throw new Error(`${JSON.stringify(id)} is not a model version name (…/models/M@N)`);
    }
    return {
        model: id.replace(/@.*$/, ""),
        artifactUri: live.artifactUri ?? "",
        container: (live.containerSpec ?? { imageUri: "" }) as ModelVersionInputs["container"],
    };
}
