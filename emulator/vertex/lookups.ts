// Finding Vertex resources by the names requests use (project ID or number), with Google's NOT_FOUND.

import type { ApiContext } from "../core/context";
import { ApiError } from "../core/errors";
import { type AliasTable, resolveVersion } from "./aliases";
import { endpointName, modelName, parseResourceName, projectKey } from "./names";
import { ENDPOINTS, MODELS, versionsOf, type EndpointRecord, type ModelRecord, type VersionRecord } from "./records";

export function notFound(what: string, name: string): ApiError {
    return new ApiError("NOT_FOUND", `${what} ${name} not found.`);
}

export function findEndpoint(ctx: ApiContext, project: string, location: string, id: string): EndpointRecord {
    const name = endpointName(
        projectKey(project, (id) => ctx.projectNumber(id)),
        location,
        id,
    );
    const endpoint = ctx.ns.of(ENDPOINTS).get(name);
    if (!endpoint) throw notFound("Endpoint", `projects/${project}/locations/${location}/endpoints/${id}`);
    return endpoint;
}

export function findModel(ctx: ApiContext, project: string, location: string, id: string): ModelRecord {
    const name = modelName(
        projectKey(project, (id) => ctx.projectNumber(id)),
        location,
        id,
    );
    const model = ctx.ns.of(MODELS).get(name);
    if (!model) throw notFound("Model", `projects/${project}/locations/${location}/models/${id}`);
    return model;
}

export function aliasTable(versions: readonly VersionRecord[]): AliasTable {
    return Object.fromEntries(versions.map((v) => [v.versionId, v.aliases]));
}

/** `M`, `M@3` or `M@alias`: the model and the version meant (no suffix: the `default` version). */
export function findVersion(
    ctx: ApiContext,
    project: string,
    location: string,
    idWithSuffix: string,
): { model: ModelRecord; version: VersionRecord; suffix: string | undefined } {
    const [id, suffix] = idWithSuffix.split("@", 2) as [string, string | undefined];
    const model = findModel(ctx, project, location, id);
    const versions = versionsOf(ctx.ns, model.name);
    const versionId =
        suffix === "-" ? resolveVersion(aliasTable(versions), undefined) : resolveVersion(aliasTable(versions), suffix);
    const version = versions.find((v) => v.versionId === versionId);
    if (!version) throw notFound("Model", `projects/${project}/locations/${location}/models/${idWithSuffix}`);
    return { model, version, suffix };
}

/** A model name inside a request body (deployedModel.model, parentModel), resolved to its records. */
export function findModelByName(
    ctx: ApiContext,
    field: string,
    name: string,
): { model: ModelRecord; version: VersionRecord; location: string } {
    const [base, suffix] = name.split("@", 2) as [string, string | undefined];
    const ref = parseResourceName(base);
    if (!ref || ref.collection !== "models") {
        throw new ApiError(
            "INVALID_ARGUMENT",
            `${field} "${name}" is not a model resource name (projects/P/locations/L/models/M[@version]).`,
        );
    }
    const found = findVersion(ctx, ref.project, ref.location, suffix === undefined ? ref.id : `${ref.id}@${suffix}`);
    return { model: found.model, version: found.version, location: ref.location };
}
