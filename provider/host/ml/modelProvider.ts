// The Model provider: projects.models over the v1 API.

import type * as dynamic from "@pulumi/pulumi/dynamic";
import { immutableMismatches, planDiff } from "../../plan/diffPlan";
import { readBack } from "../../fields/fieldTable";
import {
    modelCreateFields,
    modelFieldRules,
    modelFields,
    modelIdentityFields,
    validateModelInputs,
} from "../../fields/ml/modelFields";
import { GLOBAL_ENDPOINT } from "../../fields/ml/machineTypes";
import { describeRef, type ModelRef, modelPath, modelRefOfId, shortName } from "../../fields/ml/resourceNames";
import type { ModelInputs, ModelOutputs } from "../../fields/ml/types";
import { buildPatchRequest } from "../../plan/updateMask";
import { withoutUndefined } from "../../fields/values";
import { ApiError, isDeprecationRefusal, orUndefinedOn404 } from "../apiError";
import {
    checkInputs,
    declaredInputs,
    diffResult,
    keepAutoname,
    nameForCreate,
    operationTimeoutMs,
    previewAdoption,
    resolveProject,
} from "../checkRecipe";
import { pick, withoutInternalKeys } from "../records";
import { deprecationRefusalMessage } from "../resourceErrors";
import { ConfiguredProvider } from "./configuredProvider";
import { normalizeEndpoint } from "./mlEndpoints";
import type { ApiModel } from "./mlApi";
import { deleteVersionsOfModel } from "./versionDeletion";

export class ModelProvider extends ConfiguredProvider implements dynamic.ResourceProvider<ModelInputs, ModelOutputs> {
    async check(olds: ModelInputs, rawNews: ModelInputs): Promise<dynamic.CheckResult<ModelInputs>> {
        const news = withoutInternalKeys(rawNews);
        const normalized = {
            ...news,
            endpoint: normalizeEndpoint(news.endpoint) ?? GLOBAL_ENDPOINT,
            project: news.project ?? this.settings.project,
        };
        const result = checkInputs(normalized, validateModelInputs);
        if (result.failures.length > 0) return result;
        const inputs = result.inputs;
        const adoption = await previewAdoption(
            withoutInternalKeys(olds),
            inputs,
            describeRef(this.ref(inputs)),
            async () => {
                const live = await this.mlApi().getModel(this.ref(inputs));
                return (
                    live &&
                    immutableMismatches(modelFieldRules, inputs, this.liveInputs(live, inputs), modelIdentityFields)
                );
            },
        );
        return adoption ? { ...result, failures: [adoption] } : result;
    }

    async diff(_id: string, olds: ModelOutputs, news: ModelInputs): Promise<dynamic.DiffResult> {
        return diffResult(modelFieldRules, olds, news);
    }

    async create(rawInputs: ModelInputs): Promise<dynamic.CreateResult<ModelOutputs>> {
        const inputs = nameForCreate(withoutInternalKeys(rawInputs), "model");
        const ref = this.ref(inputs);
        const body = withoutUndefined({ ...pick(inputs, modelCreateFields), name: ref.model });
        let live: ApiModel;
        try {
            live = (await this.mlApi().createModel(ref, body)).value;
        } catch (err) {
            if (err instanceof ApiError && err.isAlreadyExists && (inputs.adopt || err.attempts > 1)) {
                // Either asked to adopt, or our own earlier attempt was applied and its response lost.
                live = await this.adopt(ref, inputs);
            } else if (err instanceof ApiError && err.isAlreadyExists) {
                throw new Error(
                    `${describeRef(ref)} already exists in project ${ref.project} (${ref.endpoint ?? GLOBAL_ENDPOINT} endpoint). ` +
                        "Set `adopt: true` to manage the existing model, or choose another name.",
                );
            } else if (isDeprecationRefusal(err)) {
                throw new Error(deprecationRefusalMessage(describeRef(ref), ref.project, (err as ApiError).apiMessage));
            } else {
                throw err;
            }
        }
        return { id: modelPath(ref), outs: this.outputs(inputs, live) };
    }

    async read(id: string, rawProps?: ModelOutputs): Promise<dynamic.ReadResult<ModelOutputs>> {
        const props = rawProps && withoutInternalKeys(rawProps);
        const previous = props ?? { fullName: id };
        const ref = this.refFromId(id, previous);
        const live = await this.mlApi().getModel(ref);
        if (!live) {
            return {}; // deleted outside Pulumi: a blank id tells the engine it is gone
        }
        const inputs = this.liveInputs(live, previous);
        // Returning inputs keeps the diff after a refresh free of spurious changes (ReadResult.inputs, SDK 3.216+).
        return { id, props: this.outputs(inputs, live), inputs: declaredInputs(inputs) as ModelOutputs };
    }

    async update(id: string, rawOlds: ModelOutputs, rawNews: ModelInputs): Promise<dynamic.UpdateResult<ModelOutputs>> {
        const olds = withoutInternalKeys(rawOlds);
        const news = keepAutoname(olds, withoutInternalKeys(rawNews));
        const ref = this.refFromId(id, olds);
        const plan = planDiff(modelFieldRules, olds, news);
        const timeoutMs = operationTimeoutMs(news, this.settings, "update");
        if (plan.updateMask.length > 0) {
            // No etag: the model's etag changes whenever its versions do (a new default), so the one in state is
            // usually stale and would cost a refused 409 plus a re-read before the same PATCH. The update mask alone
            // guarantees that no field outside it is touched.
            const patch = buildPatchRequest(modelFieldRules, plan.updateMask, news, undefined);
            await this.mlApi().patchModel(ref, patch.updateMask, patch.body, timeoutMs);
        }
        const live = await this.mlApi().getModel(ref);
        if (!live) {
            throw new Error(
                `${describeRef(ref)} disappeared during the update; run \`pulumi refresh\` and \`pulumi up\` again`,
            );
        }
        return { outs: this.outputs(news, live) };
    }

    async delete(id: string, props: ModelOutputs): Promise<void> {
        const ref = this.refFromId(id, props);
        const api = this.mlApi();
        const timeoutMs = operationTimeoutMs(props, this.settings, "delete");
        const versions = await orUndefinedOn404(api.listVersions(ref));
        if (versions === undefined) {
            return; // already gone
        }
        const remaining = versions.filter((v) => v.state !== "DELETING");
        if (remaining.length > 0 && !props.forceDelete) {
            throw new Error(
                `${describeRef(ref)} still has ${remaining.length} version(s) not managed by this stack ` +
                    `(${remaining.map((v) => shortName(v.name)).join(", ")}); the API only deletes empty models. ` +
                    "Delete those versions, or set `forceDelete: true` on the model to delete them with it.",
            );
        }
        await deleteVersionsOfModel(api, ref, versions, timeoutMs);
        await api.deleteModel(ref, timeoutMs);
    }

    // ---- helpers ----

    private ref(inputs: ModelInputs): ModelRef {
        return {
            project: resolveProject("Model", inputs.name, inputs.project, this.settings),
            endpoint: inputs.endpoint,
            model: inputs.name as string,
        };
    }

    private refFromId(id: string, props: Partial<ModelOutputs>): ModelRef {
        return modelRefOfId(id, props.endpoint);
    }

    /** Takes over an existing model after checking that its immutable fields match the declaration. */
    private async adopt(ref: ModelRef, inputs: ModelInputs): Promise<ApiModel> {
        const live = await this.mlApi().getModel(ref);
        if (!live) {
            throw new Error(
                `${describeRef(ref)} was reported to exist but cannot be read; check permissions (ml.models.get)`,
            );
        }
        const observed = this.liveInputs(live, inputs);
        const mismatches = immutableMismatches(modelFieldRules, inputs, observed, modelIdentityFields);
        if (mismatches.length > 0) {
            throw new Error(
                `${describeRef(ref)} exists with different immutable fields, so it cannot be adopted: ${mismatches.join("; ")}. ` +
                    "Change the declaration to match, or choose another name.",
            );
        }
        const plan = planDiff(modelFieldRules, observed as ModelOutputs, inputs);
        if (plan.updateMask.length > 0) {
            const patch = buildPatchRequest(modelFieldRules, plan.updateMask, inputs, live.etag);
            await this.mlApi().patchModel(
                ref,
                patch.updateMask,
                patch.body,
                operationTimeoutMs(inputs, this.settings, "create"),
            );
            return (await this.mlApi().getModel(ref)) ?? live;
        }
        return live;
    }

    /** The live model seen as inputs (the table's read-back: server defaults the user left unset stay unset). */
    private liveInputs(live: ApiModel, previous: ModelInputs): ModelInputs {
        return withoutUndefined({ ...readBack(modelFields, live, previous), name: shortName(live.name) });
    }

    private outputs(inputs: ModelInputs, live: ApiModel): ModelOutputs {
        return withoutUndefined({
            ...inputs,
            autonamePrefix: undefined, // create's input only (state holds every output twice per resource)
            fullName: live.name.startsWith("projects/")
                ? live.name
                : `projects/${inputs.project ?? this.settings.project}/models/${live.name}`,
            etag: live.etag,
            // "" rather than undefined before any version is the default: exporting an undefined output makes
            // Pulumi warn ("Undefined value ... will not show as a stack output").
            defaultVersion: live.defaultVersion?.name ? shortName(live.defaultVersion.name) : "",
        });
    }
}
