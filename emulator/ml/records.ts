// What the ml v1 API stores: models and versions (record kinds of its own) and its operations (core records carrying
// ml's fields), with the lookups its methods share.

import { OPERATIONS, type OperationRecord } from "../core/operations";
import { byName, recordKind, type NamespaceState } from "../core/store";
import type { Labels, ModelFields, VersionFields, VersionState } from "./resources";

export interface ModelRecord {
    /** projects/P/models/M */
    name: string;
    /** Mutable/user fields only (no name, etag, defaultVersion). */
    fields: ModelFields;
    etag: string;
    /** Full name of the default version, if any. */
    defaultVersion?: string;
    /** Name of a running DELETE_MODEL operation. */
    pendingDelete?: string;
}

export interface VersionRecord {
    /** projects/P/models/M/versions/V */
    name: string;
    modelName: string;
    /** User fields plus server defaults (no name, isDefault, state, etag, createTime, errorMessage). */
    fields: VersionFields;
    state: VersionState;
    etag: string;
    createTime: string;
    errorMessage?: string;
    /** Name of the operation currently driving a CREATING/UPDATING/DELETING state. */
    pendingOperation?: string;
}

export const MODELS = recordKind<ModelRecord>("models");
export const VERSIONS = recordKind<VersionRecord>("versions");

/** What an ml operation does when it completes (serializable: pending work survives a restart). */
export type MlAction =
    | { type: "createVersion"; version: string }
    | { type: "updateVersion"; version: string; mask: string[]; patch: VersionFields }
    | { type: "deleteVersion"; version: string }
    | { type: "updateModel"; model: string; mask: string[]; patch: ModelFields }
    | { type: "deleteModel"; model: string };

export const ML_ACTION_TYPES: readonly MlAction["type"][] = [
    "createVersion",
    "updateVersion",
    "deleteVersion",
    "updateModel",
    "deleteModel",
];

/** The fields ml keeps on its operations besides the core's. */
export interface MlOperationFields {
    modelName: string;
    versionSnapshot?: VersionFields;
    labels?: Labels;
}

export type MlOperationRecord = OperationRecord & MlOperationFields & { action: MlAction };

export function isMlOperation(op: OperationRecord): op is MlOperationRecord {
    return (ML_ACTION_TYPES as readonly string[]).includes(op.action.type);
}

/** Versions of a model, sorted by name. */
export function versionsOf(ns: NamespaceState, modelName: string): VersionRecord[] {
    const prefix = `${modelName}/versions/`;
    return [...ns.of(VERSIONS).values()].filter((v) => v.name.startsWith(prefix)).sort(byName);
}

/** Models of a project, sorted by name. */
export function modelsOf(ns: NamespaceState, project: string): ModelRecord[] {
    const prefix = `projects/${project}/models/`;
    return [...ns.of(MODELS).values()].filter((m) => m.name.startsWith(prefix)).sort(byName);
}

/** ml's operations of a project, in creation order. */
export function mlOperationsOf(ns: NamespaceState, project: string): MlOperationRecord[] {
    return [...ns.of(OPERATIONS).values()]
        .filter((o): o is MlOperationRecord => o.project === project && isMlOperation(o))
        .sort((a, b) => a.seq - b.seq);
}
