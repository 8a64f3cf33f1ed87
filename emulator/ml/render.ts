// Store records -> wire JSON. Field order follows the documented JSON representation; proto3 JSON
// omits default values (false, "", empty lists/maps), so those are left out.

import { GLOBAL_NAMESPACE, REGIONAL_ENDPOINT_REGIONS, TYPE_OPERATION_METADATA } from "./constants";
import { rfc3339 } from "../core/clock";
import { renderOperationEnvelope, withoutUndefined } from "../core/operationsApi";
import { byName, type NamespaceState } from "../core/store";
import { MODELS, VERSIONS, type MlOperationRecord, type ModelRecord, type VersionRecord } from "./records";
import type { ModelFields, Operation, OperationMetadata, OperationType, VersionFields } from "./resources";

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
    return ns.of(MODELS).get(v.modelName)?.defaultVersion === v.name;
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
    const def = m.defaultVersion ? ns.of(VERSIONS).get(m.defaultVersion) : undefined;
    const full: ModelFields = {
        ...structuredClone(m.fields),
        name: m.name,
        defaultVersion: def ? renderVersion(ns, def) : undefined,
        etag: m.etag,
    };
    return ordered(full, MODEL_FIELD_ORDER);
}

export function renderOperation(op: MlOperationRecord, projectNumber: string): Operation {
    const metadata: OperationMetadata = withoutUndefined({
        "@type": TYPE_OPERATION_METADATA,
        createTime: rfc3339(op.createdAtMs),
        // Work starts immediately; there is no queueing in the emulator.
        startTime: rfc3339(op.createdAtMs),
        endTime: op.endedAtMs !== undefined ? rfc3339(op.endedAtMs) : undefined,
        isCancellationRequested: op.cancelRequested || undefined,
        operationType: op.type as OperationType,
        modelName: op.modelName,
        version: op.versionSnapshot ? structuredClone(op.versionSnapshot) : undefined,
        projectNumber,
        labels: op.labels && Object.keys(op.labels).length > 0 ? { ...op.labels } : undefined,
    });
    return renderOperationEnvelope(op, metadata) as Operation;
}

/** ml's part of a namespace's snapshot: models and versions as a `get` answers them, sorted by name. */
export function mlSnapshot(ns: NamespaceState, namespace: string): Record<string, unknown[]> {
    if (namespace !== GLOBAL_NAMESPACE && !REGIONAL_ENDPOINT_REGIONS.includes(namespace)) return {};
    return {
        models: [...ns.of(MODELS).values()].sort(byName).map((m) => renderModel(ns, m)),
        versions: [...ns.of(VERSIONS).values()].sort(byName).map((v) => renderVersion(ns, v)),
    };
}
