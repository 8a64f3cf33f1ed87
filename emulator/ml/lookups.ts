// The not-found lookups ml's methods share.

import type { ApiContext } from "../core/context";
import { fieldError } from "../core/errors";
import { modelResourceName, versionResourceName } from "./names";
import { MODELS, VERSIONS, type ModelRecord, type VersionRecord } from "./records";

export function modelNotFound(model: string, field = "name") {
    // Observed on a missing model (PAIR-code/what-if-tool #165, on :predict).
    return fieldError(
        "NOT_FOUND",
        field,
        `The model resource: "${model}" was not found. Please create the model resource first by using ` +
            `'gcloud ai-platform models create ${model}'.`,
    );
}

export function versionNotFound(field = "name") {
    return fieldError("NOT_FOUND", field, "The specified model version was not found.");
}

export function findModel(ctx: ApiContext, project: string, model: string, field = "name"): ModelRecord {
    const m = ctx.ns.of(MODELS).get(modelResourceName(project, model));
    if (!m) throw modelNotFound(model, field);
    return m;
}

export function findVersion(ctx: ApiContext, project: string, model: string, version: string): VersionRecord {
    const v = ctx.ns.of(VERSIONS).get(versionResourceName(project, model, version));
    if (!v) throw versionNotFound();
    return v;
}
