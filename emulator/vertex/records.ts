// What the Vertex API stores (record kinds of the core store, keyed by resource name with the project number):
// endpoints with their deployed models, models, model versions; and its operations (core records with Vertex fields).

import type { JsonObject } from "../core/proto3json";
import { OPERATIONS, type OperationRecord } from "../core/operations";
import { byName, recordKind, type NamespaceState } from "../core/store";
import type { TrafficSplit } from "./traffic";

/** Every Vertex resource lives in this one namespace: names carry the location, so regions cannot collide. */
export const VERTEX_NAMESPACE = "vertex";

export interface DeployedModelRecord {
    id: string;
    /** The model version deployed: `projects/N/locations/L/models/M@V`. */
    model: string;
    modelVersionId: string;
    displayName: string;
    createTime: string;
    /** dedicatedResources as stored (machineSpec defaults applied, maxReplicaCount filled). */
    dedicatedResources: JsonObject;
    /** Other DeployedModel fields the caller set (serviceAccount, disableContainerLogging, enableAccessLogging, …). */
    extra: JsonObject;
    /** Set out of band: predictions on this deployment fail with this reason. */
    predictFailure?: string;
}

export interface EndpointRecord {
    name: string;
    project: string;
    location: string;
    displayName: string;
    /** description, labels, predictRequestResponseLoggingConfig and the echoed out-of-scope fields. */
    fields: JsonObject;
    trafficSplit: TrafficSplit;
    deployedModels: DeployedModelRecord[];
    etag: string;
    createTime: string;
    updateTime: string;
    /** The mutating operation running on it (deploy, undeploy, mutate, delete), if any. */
    pendingOperation?: string;
}

export interface ModelRecord {
    name: string;
    project: string;
    location: string;
    displayName: string;
    /** description, labels. */
    fields: JsonObject;
    etag: string;
    createTime: string;
    updateTime: string;
    /** The next versionId to hand out. */
    nextVersion: number;
    pendingDelete?: string;
}

export interface VersionRecord {
    /** `{model}@{versionId}` */
    name: string;
    model: string;
    versionId: string;
    aliases: string[];
    /** versionDescription, artifactUri, containerSpec, labels (version labels) and other echoed Model fields. */
    fields: JsonObject;
    createTime: string;
    updateTime: string;
    /** Until its upload operation finished (or failed, then the version goes). */
    uploading?: string;
    /** The marker file in its artifacts: predictions on it fail. */
    predictFailure?: string;
}

export const ENDPOINTS = recordKind<EndpointRecord>("vertexEndpoints");
export const MODELS = recordKind<ModelRecord>("vertexModels");
export const VERSIONS = recordKind<VersionRecord>("vertexModelVersions");

export type VertexAction =
    | { type: "vertexCreateEndpoint"; endpoint: string }
    | { type: "vertexDeleteEndpoint"; endpoint: string }
    | { type: "vertexDeployModel"; endpoint: string; deployedModel: DeployedModelRecord; trafficSplit?: TrafficSplit }
    | { type: "vertexUndeployModel"; endpoint: string; deployedModelId: string; trafficSplit?: TrafficSplit }
    | {
          type: "vertexMutateDeployedModel";
          endpoint: string;
          deployedModelId: string;
          mask: string[];
          patch: JsonObject;
      }
    | { type: "vertexUploadModel"; model: string; version: string; createdModel: boolean }
    | { type: "vertexDeleteModel"; model: string }
    | { type: "vertexDeleteVersion"; version: string };

export const VERTEX_ACTION_TYPES: readonly VertexAction["type"][] = [
    "vertexCreateEndpoint",
    "vertexDeleteEndpoint",
    "vertexDeployModel",
    "vertexUndeployModel",
    "vertexMutateDeployedModel",
    "vertexUploadModel",
    "vertexDeleteModel",
    "vertexDeleteVersion",
];

/** The metadata/response type names of each operation (reference §4). */
export interface VertexOperationFields {
    metadataType: string;
    responseType: string;
}

export type VertexOperationRecord = OperationRecord & VertexOperationFields & { action: VertexAction };

export function isVertexOperation(op: OperationRecord): op is VertexOperationRecord {
    return (VERTEX_ACTION_TYPES as readonly string[]).includes(op.action.type);
}

export function endpointsIn(ns: NamespaceState, parent: string): EndpointRecord[] {
    return [...ns.of(ENDPOINTS).values()].filter((e) => e.name.startsWith(`${parent}/endpoints/`)).sort(byName);
}

export function modelsIn(ns: NamespaceState, parent: string): ModelRecord[] {
    return [...ns.of(MODELS).values()].filter((m) => m.name.startsWith(`${parent}/models/`)).sort(byName);
}

/** A model's versions, oldest first. */
export function versionsOf(ns: NamespaceState, model: string): VersionRecord[] {
    return [...ns.of(VERSIONS).values()]
        .filter((v) => v.model === model)
        .sort((a, b) => Number(a.versionId) - Number(b.versionId));
}

/** Vertex operations whose names start with `prefix`, in creation order. */
export function operationsUnder(ns: NamespaceState, prefix: string): VertexOperationRecord[] {
    return [...ns.of(OPERATIONS).values()]
        .filter((o): o is VertexOperationRecord => isVertexOperation(o) && o.name.startsWith(prefix))
        .sort((a, b) => a.seq - b.seq);
}

/** Where a model version is deployed: the endpoint names and deployed model IDs. */
export function deploymentsOf(ns: NamespaceState, version: string): { endpoint: string; deployedModelId: string }[] {
    const out: { endpoint: string; deployedModelId: string }[] = [];
    for (const endpoint of [...ns.of(ENDPOINTS).values()].sort(byName)) {
        for (const dm of endpoint.deployedModels) {
            if (dm.model === version) out.push({ endpoint: endpoint.name, deployedModelId: dm.id });
        }
    }
    return out;
}
