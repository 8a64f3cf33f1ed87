// Store records -> wire JSON. Field order follows the documented JSON representation; proto3 JSON
// omits default values (false, "", empty lists/maps), so those are left out.

import { TYPE_OPERATION_METADATA } from "./constants";
import { rfc3339 } from "../core/clock";
import type { Labels, ModelFields, Operation, OperationMetadata, VersionFields } from "./resources";
import type { ModelRecord, NamespaceState, OperationRecord, VersionRecord } from "../core/store";

const VERSION_FIELD_ORDER: readonly (keyof VersionFields)[] = [
    "name",
    "description",
    "isDefault",
    "deploymentUri",
    "createTime",
    "lastUseTime",
    "runtimeVersion",
    "machineType",
    "state",
    "errorMessage",
    "packageUris",
    "labels",
    "etag",
    "framework",
    "pythonVersion",
    "acceleratorConfig",
    "serviceAccount",
    "requestLoggingConfig",
    "explanationConfig",
    "container",
    "routes",
    "autoScaling",
    "manualScaling",
    "predictionClass",
    "lastMigrationModelId",
    "lastMigrationTime",
];

function isEmpty(v: unknown): boolean {
    if (v === undefined || v === null || v === "" || v === false) return true;
    if (Array.isArray(v)) return v.length === 0;
    if (typeof v === "object") return Object.keys(v).length === 0;
    return false;
}

/** Copy keys in a canonical order, dropping proto3 defaults. */
function ordered<T extends object>(source: T, order: readonly (keyof T)[]): T {
    const out: Partial<T> = {};
    for (const key of order) {
        const value = source[key];
        if (!isEmpty(value)) out[key] = value;
    }
    for (const key of Object.keys(source) as (keyof T)[]) {
        if (!order.includes(key) && !isEmpty(source[key])) out[key] = source[key];
    }
    return out as T;
}

/**
 * Nested messages: proto3 JSON omits scalar fields holding their default (0, "", false), so a stored
 * `autoScaling: {minNodes: 0}` is sent as `autoScaling: {}`. Map values (labels) are never touched.
 */
function withoutNestedDefaults<T>(value: T): T {
    if (Array.isArray(value)) return value.map((item: unknown) => withoutNestedDefaults(item)) as T;
    if (typeof value !== "object" || value === null) return value;
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
        if (child === 0 || child === "" || child === false || child === null || child === undefined) continue;
        out[key] = withoutNestedDefaults(child);
    }
    return out as T;
}

export function isDefaultVersion(ns: NamespaceState, v: VersionRecord): boolean {
    return ns.models.get(v.modelName)?.defaultVersion === v.name;
}

export function renderVersion(ns: NamespaceState, v: VersionRecord): VersionFields {
    const { labels, ...rest } = v.fields;
    const nested: VersionFields = {};
    for (const [key, value] of Object.entries(rest) as [keyof VersionFields, unknown][]) {
        (nested as Record<string, unknown>)[key] =
            typeof value === "object" && value !== null ? withoutNestedDefaults(value) : value;
    }
    const full: VersionFields = {
        ...nested,
        labels: labels === undefined ? undefined : { ...labels },
        name: v.name,
        isDefault: isDefaultVersion(ns, v),
        createTime: v.createTime,
        state: v.state,
        errorMessage: v.errorMessage,
        etag: v.etag,
    };
    return ordered(full, VERSION_FIELD_ORDER);
}

/** Version as embedded in operation metadata: the observed sample carries no output-only state/isDefault. */
export function renderVersionForMetadata(ns: NamespaceState, v: VersionRecord): VersionFields {
    const out = renderVersion(ns, v);
    delete out.state;
    delete out.isDefault;
    delete out.errorMessage;
    return out;
}

const MODEL_FIELD_ORDER: readonly (keyof ModelFields)[] = [
    "name",
    "description",
    "defaultVersion",
    "regions",
    "onlinePredictionLogging",
    "onlinePredictionConsoleLogging",
    "labels",
    "etag",
];

export function renderModel(ns: NamespaceState, m: ModelRecord): ModelFields {
    const def = m.defaultVersion ? ns.versions.get(m.defaultVersion) : undefined;
    const full: ModelFields = {
        ...structuredClone(m.fields),
        name: m.name,
        defaultVersion: def ? renderVersion(ns, def) : undefined,
        etag: m.etag,
    };
    return ordered(full, MODEL_FIELD_ORDER);
}

export function renderOperation(op: OperationRecord, projectNumber: string): Operation {
    const metadata: OperationMetadata = {
        "@type": TYPE_OPERATION_METADATA,
        createTime: rfc3339(op.createdAtMs),
        // Work starts immediately; there is no queueing in the emulator.
        startTime: rfc3339(op.createdAtMs),
        endTime: op.endedAtMs !== undefined ? rfc3339(op.endedAtMs) : undefined,
        isCancellationRequested: op.cancelRequested || undefined,
        operationType: op.type,
        modelName: op.modelName,
        version: op.versionSnapshot ? structuredClone(op.versionSnapshot) : undefined,
        projectNumber,
        labels: op.labels && Object.keys(op.labels).length > 0 ? ({ ...op.labels } as Labels) : undefined,
    };
    for (const key of Object.keys(metadata) as (keyof OperationMetadata)[]) {
        if (metadata[key] === undefined) delete metadata[key];
    }
    const out: Operation = { name: op.name, metadata };
    if (op.done) {
        out.done = true;
        if (op.error) out.error = { ...op.error };
        else if (op.response) out.response = structuredClone(op.response);
    }
    return out;
}
