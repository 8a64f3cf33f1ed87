// projects.models.{create,get,list,patch,delete}

import type { ApiContext } from "../core/context";
import { startMlOperation } from "./startOperation";
import { findModel, versionNotFound } from "./lookups";
import { failedPrecondition, fieldError, invalidField } from "../core/errors";
import { newEtag } from "../core/etag";
import { lastSegment, modelResourceName, versionResourceName } from "./names";
import { paginate, parsePageSize } from "../core/pagination";
import { renderModel, renderOperation } from "./render";
import type { ModelFields, Operation } from "./resources";
import { checkEtag } from "../core/etag";
import { parseUpdateMask, updateMaskValues } from "../core/fieldMask";
import { MODEL_MASK_PATHS, validateModelCreate, validateModelPatch } from "./rules";
import { MODEL_SCHEMA, decodeMessage } from "./schema";
import { MODELS, VERSIONS, modelsOf, versionsOf, type ModelRecord } from "./records";

/** Synchronous: returns the Model (not an Operation). */
export function createModel(ctx: ApiContext, project: string): ModelFields {
    const body = decodeMessage(MODEL_SCHEMA, ctx.body ?? {}, "model") as ModelFields;
    const fields = validateModelCreate(body, ctx.namespace);
    const name = modelResourceName(project, body.name as string);
    if (ctx.ns.of(MODELS).has(name)) {
        // Exact text and details relied upon by Airflow/TFX (tensorflow/tfx #712).
        throw fieldError("ALREADY_EXISTS", "model.name", "A model with the same name already exists.");
    }
    const record: ModelRecord = { name, fields, etag: newEtag() };
    ctx.ns.of(MODELS).set(name, record);
    return renderModel(ctx.ns, record);
}

export function getModel(ctx: ApiContext, project: string, model: string): ModelFields {
    return renderModel(ctx.ns, findModel(ctx, project, model));
}

export function listModels(ctx: ApiContext, project: string): { models?: ModelFields[]; nextPageToken?: string } {
    const page = paginate(
        modelsOf(ctx.ns, project),
        (m) => m.name,
        parsePageSize(ctx.query.get("pageSize") ?? ctx.query.get("page_size") ?? undefined),
        ctx.query.get("pageToken") ?? ctx.query.get("page_token") ?? undefined,
    );
    // "If there are no models that match the request parameters, the list request returns an empty response body: {}."
    if (page.items.length === 0) return {};
    const out: { models?: ModelFields[]; nextPageToken?: string } = {
        models: page.items.map((m) => renderModel(ctx.ns, m)),
    };
    if (page.nextPageToken) out.nextPageToken = page.nextPageToken;
    return out;
}

/** Resolve `defaultVersion.name` (bare id or full name) to a full version name of this model. */
function resolveDefaultVersion(ctx: ApiContext, project: string, model: string, requested: string): string {
    const full = requested.includes("/") ? requested : versionResourceName(project, model, requested);
    if (!full.startsWith(`${modelResourceName(project, model)}/versions/`)) {
        throw invalidField(
            "model.default_version.name",
            `The version '${requested}' does not belong to model '${model}'.`,
        );
    }
    const v = ctx.ns.of(VERSIONS).get(full);
    if (!v) throw versionNotFound("model.default_version.name");
    if (v.state !== "READY") {
        throw failedPrecondition(
            `Cannot set version '${lastSegment(full)}' as the default version because it is in state ${v.state}.`,
        );
    }
    return full;
}

export function patchModel(ctx: ApiContext, project: string, model: string): Operation {
    const m = findModel(ctx, project, model);
    const mask = parseUpdateMask(updateMaskValues(ctx.query), MODEL_MASK_PATHS);
    const body = decodeMessage(MODEL_SCHEMA, ctx.body ?? {}, "model") as ModelFields;
    checkEtag(body.etag, m.etag);
    if (m.pendingDelete) throw failedPrecondition(`The model '${model}' is being deleted.`);
    const patch = validateModelPatch(mask, body);
    if (patch.defaultVersion?.name) {
        patch.defaultVersion = { name: resolveDefaultVersion(ctx, project, model, patch.defaultVersion.name) };
    }
    const op = startMlOperation(ctx, {
        project,
        type: "UPDATE_MODEL",
        idPrefix: `update_model_${model}`,
        modelName: m.name,
        labels: m.fields.labels,
        action: { type: "updateModel", model: m.name, mask, patch },
    });
    return renderOperation(op, ctx.projectNumber(project));
}

export function deleteModel(ctx: ApiContext, project: string, model: string): Operation {
    const m = findModel(ctx, project, model);
    if (versionsOf(ctx.ns, m.name).length > 0) {
        // Observed text (kubeflow/pipelines #2356); status code unconfirmed.
        throw failedPrecondition("A model with versions cannot be deleted. Please delete the versions first.");
    }
    if (m.pendingDelete) throw failedPrecondition(`The model '${model}' is already being deleted.`);
    const op = startMlOperation(ctx, {
        project,
        type: "DELETE_MODEL",
        idPrefix: `delete_model_${model}`,
        modelName: m.name,
        labels: m.fields.labels,
        action: { type: "deleteModel", model: m.name },
    });
    m.pendingDelete = op.name;
    ctx.ns.changed(m);
    return renderOperation(op, ctx.projectNumber(project));
}
