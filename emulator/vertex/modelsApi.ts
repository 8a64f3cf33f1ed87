// projects.locations.models: upload (new model or new version), get (M, M@version, M@alias), list, listVersions,
// patch, delete, deleteVersion, mergeVersionAliases (reference §3).

import { rfc3339Millis } from "../core/clock";
import type { ApiContext } from "../core/context";
import { ApiError } from "../core/errors";
import { newEtag } from "../core/etag";
import type { RpcStatus } from "../core/operations";
import { paginate, parsePageSize } from "../core/pagination";
import type { JsonObject } from "../core/proto3json";
import { aliasesAfterMerge, aliasesAfterUpload, type AliasTable } from "./aliases";
import { checkArtifacts } from "./artifacts";
import { vertexInvalidField, vertexPrecondition } from "./errors";
import { checkDisplayName, checkId, checkLabels } from "./ids";
import { listFilter } from "./listFilter";
import { checkLocation } from "./locations";
import { aliasTable, findModel, findVersion } from "./lookups";
import { locationName, modelName, newNumericId, parseResourceName, projectKey } from "./names";
import { startVertexOperation } from "./operationsStart";
import { deploymentsOf, MODELS, modelsIn, VERSIONS, versionsOf, type ModelRecord, type VersionRecord } from "./records";
import { renderDefaultModel, renderModel, renderOperation } from "./render";
import { checkEtag, modelIsDeployed, onlyVersion, parseUpdateMask } from "./rules";
import { decodeVertex } from "./schema";

/** Model fields that belong to the version (the rest of the writable fields are the model's). */
const VERSION_FIELDS = [
    "versionDescription",
    "artifactUri",
    "containerSpec",
    "predictSchemata",
    "explanationSpec",
    "metadata",
    "metadataSchemaUri",
    "encryptionSpec",
];

function now(ctx: ApiContext): string {
    return rfc3339Millis(ctx.clock());
}

/** Writes an alias table back onto the versions it changed. */
export function applyAliases(ctx: ApiContext["ns"], versions: readonly VersionRecord[], table: AliasTable): void {
    for (const v of versions) {
        const next = [...(table[v.versionId] ?? [])];
        if (next.join("\n") !== v.aliases.join("\n")) {
            v.aliases = next;
            ctx.changed(v);
        }
    }
}

export function uploadModel(ctx: ApiContext, project: string, location: string): JsonObject {
    checkLocation(location);
    const body = decodeVertex("UploadModelRequest", ctx.body ?? {});
    const model = body.model as JsonObject | undefined;
    if (!model) throw vertexInvalidField("model", "model is required.");
    const displayName = checkDisplayName("model.display_name", model.displayName);
    checkLabels("model.labels", model.labels as JsonObject | undefined);
    const container = model.containerSpec as JsonObject | undefined;
    if (typeof container?.imageUri !== "string" || container.imageUri === "") {
        throw vertexInvalidField(
            "model.container_spec.image_uri",
            "model.container_spec.image_uri is required: the serving container image.",
        );
    }
    const key = projectKey(project, (id) => ctx.projectNumber(id));
    const time = now(ctx);
    let record: ModelRecord;
    let createdModel = false;
    const parent = typeof body.parentModel === "string" && body.parentModel !== "" ? body.parentModel : undefined;
    if (parent !== undefined) {
        const ref = parseResourceName(parent);
        if (!ref || ref.collection !== "models") {
            throw vertexInvalidField(
                "parent_model",
                `parent_model "${parent}" is not a model resource name (projects/P/locations/L/models/M).`,
            );
        }
        if (ref.location !== location) {
            throw vertexInvalidField(
                "parent_model",
                `parent_model ${parent} is in ${ref.location}, not in ${location}; upload the version to ${ref.location}.`,
            );
        }
        if (typeof body.modelId === "string" && body.modelId !== "" && body.modelId !== ref.id) {
            throw vertexInvalidField(
                "model_id",
                `model_id "${body.modelId}" differs from parent_model's ID "${ref.id}"; leave model_id out when adding a version.`,
            );
        }
        record = findModel(ctx, ref.project, ref.location, ref.id);
        if (record.pendingDelete) throw vertexPrecondition(`Model ${record.name} is being deleted.`);
    } else {
        const id =
            typeof body.modelId === "string" && body.modelId !== "" ? checkId("modelId", body.modelId) : newNumericId();
        const name = modelName(key, location, id);
        if (ctx.ns.of(MODELS).has(name)) {
            throw new ApiError(
                "ALREADY_EXISTS",
                `Model ${name} already exists; use parent_model to add a version, or another model_id.`,
            );
        }
        const fields: JsonObject = {};
        if (model.description !== undefined) fields.description = model.description;
        if (model.labels !== undefined) fields.labels = model.labels;
        record = {
            name,
            project: key,
            location,
            displayName,
            fields,
            etag: newEtag(),
            createTime: time,
            updateTime: time,
            nextVersion: 1,
        };
        ctx.ns.of(MODELS).set(name, record);
        createdModel = true;
    }
    const versionId = String(record.nextVersion);
    record.nextVersion += 1;
    record.updateTime = time;
    ctx.ns.changed(record);
    const versions = versionsOf(ctx.ns, record.name);
    const requestedAliases = (model.versionAliases as string[] | undefined) ?? [];
    const table = aliasesAfterUpload(aliasTable(versions), versionId, requestedAliases);
    const fields: JsonObject = {};
    for (const [k, v] of Object.entries(model)) {
        if (VERSION_FIELDS.includes(k)) fields[k] = v;
    }
    if (!createdModel && model.labels !== undefined) fields.labels = model.labels;
    const version: VersionRecord = {
        name: `${record.name}@${versionId}`,
        model: record.name,
        versionId,
        aliases: [...(table[versionId] ?? [])],
        fields,
        createTime: time,
        updateTime: time,
    };
    const check = checkArtifacts(ctx.storage, model.artifactUri as string | undefined, container.imageUri);
    const precondition: Promise<RpcStatus | undefined> | undefined = check?.then((result) => {
        if (result.predictFails) {
            version.predictFailure = "the model files hold the emulator's EMULATOR_PREDICT_FAILS marker";
            ctx.ns.changed(version);
        }
        return result.failure;
    });
    ctx.ns.of(VERSIONS).set(version.name, version);
    applyAliases(ctx.ns, versions, table);
    const op = startVertexOperation(
        ctx,
        record.project,
        record.name,
        { type: "vertexUploadModel", model: record.name, version: version.name, createdModel },
        precondition,
    );
    if (!op.done) {
        version.uploading = op.name;
        ctx.ns.changed(version);
    }
    return renderOperation(op);
}

export function getModel(ctx: ApiContext, project: string, location: string, idWithSuffix: string): JsonObject {
    const { model, version } = findVersion(ctx, project, location, idWithSuffix);
    return renderModel(ctx.ns, model, version);
}

function modelLabels(m: ModelRecord): Record<string, string> {
    return (m.fields.labels as Record<string, string> | undefined) ?? {};
}

export function listModels(ctx: ApiContext, project: string, location: string): JsonObject {
    const parent = locationName(
        projectKey(project, (id) => ctx.projectNumber(id)),
        location,
    );
    const matches = listFilter(ctx.query.get("filter") ?? "", "model");
    const all = modelsIn(ctx.ns, parent).filter((m) =>
        matches({ id: m.name.split("/").at(-1) as string, displayName: m.displayName, labels: modelLabels(m) }),
    );
    const page = paginate(
        all,
        (m) => m.name,
        parsePageSize(ctx.query.get("pageSize") ?? undefined),
        ctx.query.get("pageToken") ?? undefined,
    );
    const out: JsonObject = {};
    const models = page.items.map((m) => renderDefaultModel(ctx.ns, m)).filter((m): m is JsonObject => m !== undefined);
    if (models.length > 0) out.models = models;
    if (page.nextPageToken) out.nextPageToken = page.nextPageToken;
    return out;
}

export function listVersions(ctx: ApiContext, project: string, location: string, id: string): JsonObject {
    const model = findModel(ctx, project, location, id);
    const matches = listFilter(ctx.query.get("filter") ?? "", "model");
    const versions = versionsOf(ctx.ns, model.name).filter((v) =>
        matches({
            id: v.versionId,
            displayName: model.displayName,
            labels: { ...modelLabels(model), ...((v.fields.labels as Record<string, string> | undefined) ?? {}) },
        }),
    );
    const page = paginate(
        versions,
        (v) => v.versionId.padStart(12, "0"),
        parsePageSize(ctx.query.get("pageSize") ?? undefined),
        ctx.query.get("pageToken") ?? undefined,
    );
    const out: JsonObject = {};
    if (page.items.length > 0) out.models = page.items.map((v) => renderModel(ctx.ns, model, v, true));
    if (page.nextPageToken) out.nextPageToken = page.nextPageToken;
    return out;
}

export function patchModel(ctx: ApiContext, project: string, location: string, idWithSuffix: string): JsonObject {
    const { model, version, suffix } = findVersion(ctx, project, location, idWithSuffix);
    const versionUpdate = suffix !== undefined && suffix !== "-";
    const mask = parseUpdateMask(
        versionUpdate ? "modelVersion" : "model",
        [...ctx.query.getAll("updateMask"), ...ctx.query.getAll("update_mask")].join(","),
    );
    const body = decodeVertex("Model", ctx.body ?? {}, "model");
    checkEtag("Model", model.name, body.etag, model.etag);
    const time = now(ctx);
    for (const path of mask) {
        if (path === "displayName") model.displayName = checkDisplayName("model.display_name", body.displayName);
        else {
            if (path === "labels") checkLabels("model.labels", body.labels as JsonObject | undefined);
            const target = versionUpdate ? version.fields : model.fields;
            if (body[path] === undefined) delete target[path];
            else target[path] = body[path];
        }
    }
    if (versionUpdate) version.updateTime = time;
    model.updateTime = time;
    model.etag = newEtag();
    ctx.ns.changed(model, version);
    return renderModel(ctx.ns, model, version);
}

export function deleteModel(ctx: ApiContext, project: string, location: string, id: string): JsonObject {
    const model = findModel(ctx, project, location, id);
    const deployed = versionsOf(ctx.ns, model.name).flatMap((v) =>
        deploymentsOf(ctx.ns, v.name).map((d) => d.endpoint),
    );
    if (deployed.length > 0) throw modelIsDeployed(model.name, [...new Set(deployed)]);
    if (model.pendingDelete)
        throw vertexPrecondition(`Model ${model.name} is already being deleted (${model.pendingDelete}).`);
    const op = startVertexOperation(ctx, model.project, model.name, { type: "vertexDeleteModel", model: model.name });
    if (!op.done) {
        model.pendingDelete = op.name;
        ctx.ns.changed(model);
    }
    return renderOperation(op);
}

export function deleteVersion(ctx: ApiContext, project: string, location: string, idWithSuffix: string): JsonObject {
    if (!idWithSuffix.includes("@")) {
        throw vertexInvalidField(
            "name",
            `Model name ${idWithSuffix} must name a version (models/M@VERSION) for deleteVersion; use delete for the whole model.`,
        );
    }
    const { model, version } = findVersion(ctx, project, location, idWithSuffix);
    const deployed = deploymentsOf(ctx.ns, version.name).map((d) => d.endpoint);
    if (deployed.length > 0) throw modelIsDeployed(version.name, deployed);
    if (versionsOf(ctx.ns, model.name).length === 1) throw onlyVersion(model.name, version.versionId);
    const op = startVertexOperation(ctx, model.project, model.name, {
        type: "vertexDeleteVersion",
        version: version.name,
    });
    return renderOperation(op);
}

export function mergeVersionAliases(
    ctx: ApiContext,
    project: string,
    location: string,
    idWithSuffix: string,
): JsonObject {
    if (!idWithSuffix.includes("@")) {
        throw vertexInvalidField(
            "name",
            `Model name ${idWithSuffix} must name a version (models/M@VERSION) to merge aliases into.`,
        );
    }
    const { model, version } = findVersion(ctx, project, location, idWithSuffix);
    const body = decodeVertex("MergeVersionAliasesRequest", ctx.body ?? {});
    const versions = versionsOf(ctx.ns, model.name);
    const table = aliasesAfterMerge(
        aliasTable(versions),
        version.versionId,
        (body.versionAliases as string[] | undefined) ?? [],
        model.name,
    );
    applyAliases(ctx.ns, versions, table);
    const time = now(ctx);
    version.updateTime = time;
    model.etag = newEtag();
    ctx.ns.changed(model, version);
    return renderModel(ctx.ns, model, version);
}
