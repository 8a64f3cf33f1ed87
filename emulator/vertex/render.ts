// Vertex records -> wire JSON (proto3 JSON: unset fields omitted), and operations in Google's envelope with
// `@type`d metadata (genericMetadata create/update times) and response (reference §4).

import { rfc3339Millis } from "../core/clock";
import { renderOperationEnvelope } from "../core/operationsApi";
import type { JsonObject } from "../core/proto3json";
import type { NamespaceState } from "../core/store";
import { resolveVersion } from "./aliases";
import { modelOfVersion } from "./names";
import {
    deploymentsOf,
    ENDPOINTS,
    MODELS,
    versionsOf,
    type DeployedModelRecord,
    type EndpointRecord,
    type ModelRecord,
    type VersionRecord,
    type VertexOperationRecord,
} from "./records";

export const TYPE_PREFIX = "type.googleapis.com/google.cloud.aiplatform.v1.";

/** Model.supportedDeploymentResourcesTypes of a custom-container model (reference §0 rule 7). */
export const SUPPORTED_RESOURCES_TYPES = ["DEDICATED_RESOURCES"] as const;

/**
 * A DeployedModel as Google returns it: `model` is the model's name without the `@version` a deploy may have named
 * (`…/models/M@2`, `…/models/M@alias`), and `modelVersionId` says which version (emulator/BEHAVIOUR.md).
 */
export function renderDeployedModel(dm: DeployedModelRecord): JsonObject {
    return {
        id: dm.id,
        model: modelOfVersion(dm.model),
        modelVersionId: dm.modelVersionId,
        displayName: dm.displayName,
        createTime: dm.createTime,
        dedicatedResources: structuredClone(dm.dedicatedResources),
        ...structuredClone(dm.extra),
    };
}

export function renderEndpoint(e: EndpointRecord): JsonObject {
    const out: JsonObject = { name: e.name, displayName: e.displayName, ...structuredClone(e.fields) };
    if (e.deployedModels.length > 0) out.deployedModels = e.deployedModels.map(renderDeployedModel);
    if (Object.keys(e.trafficSplit).length > 0) out.trafficSplit = { ...e.trafficSplit };
    out.etag = e.etag;
    out.createTime = e.createTime;
    out.updateTime = e.updateTime;
    return out;
}

/** A model as GET answers it for one version: the model's fields, the version's, and where it is deployed. */
export function renderModel(ns: NamespaceState, m: ModelRecord, v: VersionRecord, versionedName = false): JsonObject {
    const { labels: versionLabels, ...versionFields } = v.fields;
    const labels = {
        ...((m.fields.labels as JsonObject | undefined) ?? {}),
        ...((versionLabels as JsonObject | undefined) ?? {}),
    };
    const out: JsonObject = {
        name: versionedName ? v.name : m.name,
        versionId: v.versionId,
        versionAliases: [...v.aliases],
        versionCreateTime: v.createTime,
        versionUpdateTime: v.updateTime,
        displayName: m.displayName,
        ...structuredClone(m.fields),
        ...structuredClone(versionFields),
        supportedDeploymentResourcesTypes: [...SUPPORTED_RESOURCES_TYPES],
        etag: m.etag,
        createTime: m.createTime,
        updateTime: m.updateTime,
    };
    if (Object.keys(labels).length > 0) out.labels = labels;
    else delete out.labels;
    const deployed = deploymentsOf(ns, v.name);
    if (deployed.length > 0) out.deployedModels = deployed;
    return out;
}

/** The default version's view of a model (list), when it has one. */
export function renderDefaultModel(ns: NamespaceState, m: ModelRecord): JsonObject | undefined {
    const versions = versionsOf(ns, m.name);
    const table = Object.fromEntries(versions.map((v) => [v.versionId, v.aliases]));
    const v = versions.find((x) => x.versionId === resolveVersion(table, undefined)) ?? versions.at(-1);
    return v ? renderModel(ns, m, v) : undefined;
}

export function renderOperation(op: VertexOperationRecord): JsonObject {
    const updated = op.endedAtMs ?? op.createdAtMs;
    const metadata = {
        "@type": `${TYPE_PREFIX}${op.metadataType}`,
        genericMetadata: { createTime: rfc3339Millis(op.createdAtMs), updateTime: rfc3339Millis(updated) },
    };
    return renderOperationEnvelope(op, metadata) as unknown as JsonObject;
}

/** Every endpoint and model version of the namespace, as GET answers them (admin state). */
export function vertexSnapshot(ns: NamespaceState): Record<string, unknown[]> {
    const endpoints = [...ns.of(ENDPOINTS).values()].sort((a, b) => (a.name < b.name ? -1 : 1)).map(renderEndpoint);
    const models = [...ns.of(MODELS).values()]
        .sort((a, b) => (a.name < b.name ? -1 : 1))
        .flatMap((m) => versionsOf(ns, m.name).map((v) => renderModel(ns, m, v, true)));
    return { endpoints, models };
}
