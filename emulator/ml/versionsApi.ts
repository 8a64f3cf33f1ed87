// projects.models.versions.{create,get,list,patch,delete,setDefault}

import { rfc3339 } from "../core/clock";
import type { ApiContext } from "../core/context";
import { startMlOperation } from "./startOperation";
import { verifyVersionFiles } from "./artifacts";
import { findModel, findVersion } from "./lookups";
import { failedPrecondition, fieldError } from "../core/errors";
import { checkEtag, newEtag } from "../core/etag";
import { lastSegment, versionResourceName } from "./names";
import { paginate, parsePageSize } from "../core/pagination";
import { isDefaultVersion, renderOperation, renderVersion, renderVersionForMetadata } from "./render";
import type { Operation, VersionFields, VersionState } from "./resources";
import { parseUpdateMask, updateMaskValues } from "../core/fieldMask";
import { VERSION_MASK_PATHS, applyVersionPatch, validateVersionCreate, validateVersionPatch } from "./rules";
import { EMPTY_REQUEST_SCHEMA, VERSION_SCHEMA, decodeMessage } from "./schema";
import { VERSIONS, versionsOf, type VersionRecord } from "./records";

/** State enum: "New UpdateVersion and DeleteVersion requests will fail if a version is in the X state." */
const BUSY_STATES: readonly VersionState[] = ["CREATING", "UPDATING", "DELETING"];

export function createVersion(ctx: ApiContext, project: string, model: string): Operation {
    const m = findModel(ctx, project, model, "parent");
    const body = decodeMessage(VERSION_SCHEMA, ctx.body ?? {}, "version") as VersionFields;
    const fields = validateVersionCreate(body, ctx.namespace);
    if (m.pendingDelete) throw failedPrecondition(`The model '${model}' is being deleted.`);
    const name = versionResourceName(project, model, body.name as string);
    if (ctx.ns.of(VERSIONS).has(name)) {
        throw fieldError("ALREADY_EXISTS", "version.name", "A version with the same name already exists.");
    }
    const now = ctx.clock();
    const record: VersionRecord = {
        name,
        modelName: m.name,
        fields,
        state: "CREATING",
        etag: newEtag(),
        createTime: rfc3339(now),
    };
    // Everything that can fail happens before anything is stored: a refused create leaves no trace.
    const versionSnapshot = renderVersionForMetadata(ctx.ns, record);
    const op = startMlOperation(ctx, {
        project,
        type: "CREATE_VERSION",
        idPrefix: `create_${model}_${body.name as string}`,
        modelName: m.name,
        versionSnapshot,
        labels: fields.labels,
        action: { type: "createVersion", version: name },
        precondition: verifyVersionFiles(ctx.storage, fields),
    });
    record.pendingOperation = op.name;
    ctx.ns.of(VERSIONS).set(name, record);
    return renderOperation(op, ctx.projectNumber(project));
}

export function getVersion(ctx: ApiContext, project: string, model: string, version: string): VersionFields {
    return renderVersion(ctx.ns, findVersion(ctx, project, model, version));
}

export function listVersions(
    ctx: ApiContext,
    project: string,
    model: string,
): { versions?: VersionFields[]; nextPageToken?: string } {
    const m = findModel(ctx, project, model, "parent");
    const page = paginate(
        versionsOf(ctx.ns, m.name),
        (v) => v.name,
        parsePageSize(ctx.query.get("pageSize") ?? ctx.query.get("page_size") ?? undefined),
        ctx.query.get("pageToken") ?? ctx.query.get("page_token") ?? undefined,
    );
    if (page.items.length === 0) return {};
    const out: { versions?: VersionFields[]; nextPageToken?: string } = {
        versions: page.items.map((v) => renderVersion(ctx.ns, v)),
    };
    if (page.nextPageToken) out.nextPageToken = page.nextPageToken;
    return out;
}

export function patchVersion(ctx: ApiContext, project: string, model: string, version: string): Operation {
    const v = findVersion(ctx, project, model, version);
    const mask = parseUpdateMask(updateMaskValues(ctx.query), VERSION_MASK_PATHS);
    const body = decodeMessage(VERSION_SCHEMA, ctx.body ?? {}, "version") as VersionFields;
    checkEtag(body.etag, v.etag);
    if (BUSY_STATES.includes(v.state) || v.state === "FAILED") {
        throw failedPrecondition(`Cannot update version '${version}' because it is in state ${v.state}.`);
    }
    const patch = validateVersionPatch(mask, body, v.fields);
    // Metadata shows the version as it will be once the update is applied.
    const target: VersionRecord = { ...v, state: "UPDATING", fields: applyVersionPatch(v.fields, mask, patch) };
    const versionSnapshot = renderVersionForMetadata(ctx.ns, target);
    v.state = "UPDATING";
    const op = startMlOperation(ctx, {
        project,
        type: "UPDATE_VERSION",
        idPrefix: `update_${model}_${version}`,
        modelName: v.modelName,
        versionSnapshot,
        labels: target.fields.labels,
        action: { type: "updateVersion", version: v.name, mask, patch },
    });
    v.pendingOperation = op.name;
    ctx.ns.changed(v);
    return renderOperation(op, ctx.projectNumber(project));
}

export function deleteVersion(ctx: ApiContext, project: string, model: string, version: string): Operation {
    const v = findVersion(ctx, project, model, version);
    if (BUSY_STATES.includes(v.state)) {
        throw failedPrecondition(`Cannot delete version '${version}' because it is in state ${v.state}.`);
    }
    // "You cannot delete the version that is set as the default version of the model unless it is the only remaining version."
    if (isDefaultVersion(ctx.ns, v) && versionsOf(ctx.ns, v.modelName).length > 1) {
        throw failedPrecondition(
            `Cannot delete version '${version}': it is the default version of the model and the model has other versions. ` +
                "Set another version as the default first.",
        );
    }
    const versionSnapshot = renderVersionForMetadata(ctx.ns, v);
    v.state = "DELETING";
    const op = startMlOperation(ctx, {
        project,
        type: "DELETE_VERSION",
        idPrefix: `delete_${model}_${version}`,
        modelName: v.modelName,
        versionSnapshot,
        labels: v.fields.labels,
        action: { type: "deleteVersion", version: v.name },
    });
    v.pendingOperation = op.name;
    ctx.ns.changed(v);
    return renderOperation(op, ctx.projectNumber(project));
}

/** Synchronous: returns the new default Version. */
export function setDefaultVersion(ctx: ApiContext, project: string, model: string, version: string): VersionFields {
    decodeMessage(EMPTY_REQUEST_SCHEMA, ctx.body ?? {}, "");
    const v = findVersion(ctx, project, model, version);
    if (v.state !== "READY") {
        throw failedPrecondition(
            `Cannot set version '${lastSegment(v.name)}' as the default version because it is in state ${v.state}.`,
        );
    }
    const m = findModel(ctx, project, model);
    if (m.defaultVersion !== v.name) {
        const previous = m.defaultVersion ? ctx.ns.of(VERSIONS).get(m.defaultVersion) : undefined;
        if (previous) previous.etag = newEtag();
        v.etag = newEtag();
        m.defaultVersion = v.name;
        m.etag = newEtag();
        ctx.ns.changed(previous, v, m);
    }
    return renderVersion(ctx.ns, v);
}
