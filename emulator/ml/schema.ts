// Proto3-JSON decoding of request bodies, the way Google's front end (ESF) transcodes them:
// keys may be lowerCamelCase json names or snake_case proto names, unknown names are rejected,
// scalars are type-checked (int32 -> number, int64 -> string), map keys (labels) are kept verbatim.
// The machinery (FieldType, decodeMessage) serves every API; each API's messages are data.

import { transcodingError, type ApiError } from "../core/errors";
import type { JsonObject, JsonValue } from "./resources";

export type Scalar = "string" | "bool" | "int32" | "int64" | "uint32" | "uint64" | "double" | "float" | "bytes";

export type FieldType =
    | { kind: "scalar"; scalar: Scalar }
    /**
     * `values` in proto-number order when `byNumber` is set (a JSON number then picks values[n]);
     * otherwise only the names are accepted.
     */
    | { kind: "enum"; typeName: string; values: readonly string[]; byNumber?: boolean }
    | { kind: "message"; message: () => MessageSchema }
    /** map<string, value>; `value` defaults to string (labels). */
    | { kind: "map"; value?: FieldType }
    /** google.protobuf.Value: any JSON. */
    | { kind: "value" };

export interface FieldDef {
    name: string;
    type: FieldType;
    repeated?: boolean;
}

export interface MessageSchema {
    typeName: string;
    fields: readonly FieldDef[];
}

const str: FieldType = { kind: "scalar", scalar: "string" };
const bool: FieldType = { kind: "scalar", scalar: "bool" };
const int32: FieldType = { kind: "scalar", scalar: "int32" };
const int64: FieldType = { kind: "scalar", scalar: "int64" };
const double: FieldType = { kind: "scalar", scalar: "double" };
const bytes: FieldType = { kind: "scalar", scalar: "bytes" };
const map: FieldType = { kind: "map" };
const msg = (message: () => MessageSchema): FieldType => ({ kind: "message", message });
const enumOf = (typeName: string, values: readonly string[]): FieldType => ({
    kind: "enum",
    typeName,
    values,
    byNumber: true,
});
const ML = "type.googleapis.com/google.cloud.ml.v1.";

const METRIC_SPEC: MessageSchema = {
    typeName: `${ML}MetricSpec`,
    fields: [
        {
            name: "name",
            type: enumOf(`${ML}MetricSpec.MetricName`, ["METRIC_NAME_UNSPECIFIED", "CPU_USAGE", "GPU_DUTY_CYCLE"]),
        },
        { name: "target", type: int32 },
    ],
};
const AUTO_SCALING: MessageSchema = {
    typeName: `${ML}AutoScaling`,
    fields: [
        { name: "minNodes", type: int32 },
        { name: "maxNodes", type: int32 },
        { name: "metrics", type: msg(() => METRIC_SPEC), repeated: true },
    ],
};
const MANUAL_SCALING: MessageSchema = { typeName: `${ML}ManualScaling`, fields: [{ name: "nodes", type: int32 }] };
const ACCELERATOR_CONFIG: MessageSchema = {
    typeName: `${ML}AcceleratorConfig`,
    fields: [
        { name: "count", type: int64 },
        {
            name: "type",
            type: enumOf(`${ML}AcceleratorType`, [
                "ACCELERATOR_TYPE_UNSPECIFIED",
                "NVIDIA_TESLA_K80",
                "NVIDIA_TESLA_P100",
                "NVIDIA_TESLA_V100",
                "NVIDIA_TESLA_P4",
                "NVIDIA_TESLA_T4",
                "NVIDIA_TESLA_A100",
                "TPU_V2",
                "TPU_V3",
                "TPU_V2_POD",
                "TPU_V3_POD",
                "TPU_V4_POD",
            ]),
        },
    ],
};
const REQUEST_LOGGING_CONFIG: MessageSchema = {
    typeName: `${ML}RequestLoggingConfig`,
    fields: [
        { name: "samplingPercentage", type: double },
        { name: "bigqueryTableName", type: str },
    ],
};
const STEPS_ATTRIBUTION = (name: string): MessageSchema => ({
    typeName: `${ML}${name}`,
    fields: [{ name: "numIntegralSteps", type: int32 }],
});
const EXPLANATION_CONFIG: MessageSchema = {
    typeName: `${ML}ExplanationConfig`,
    fields: [
        {
            name: "integratedGradientsAttribution",
            type: msg(() => STEPS_ATTRIBUTION("IntegratedGradientsAttribution")),
        },
        {
            name: "sampledShapleyAttribution",
            type: msg(() => ({
                typeName: `${ML}SampledShapleyAttribution`,
                fields: [{ name: "numPaths", type: int32 }],
            })),
        },
        { name: "xraiAttribution", type: msg(() => STEPS_ATTRIBUTION("XraiAttribution")) },
    ],
};
const ENV_VAR: MessageSchema = {
    typeName: `${ML}EnvVar`,
    fields: [
        { name: "name", type: str },
        { name: "value", type: str },
    ],
};
const CONTAINER_PORT: MessageSchema = {
    typeName: `${ML}ContainerPort`,
    fields: [{ name: "containerPort", type: int32 }],
};
const CONTAINER_SPEC: MessageSchema = {
    typeName: `${ML}ContainerSpec`,
    fields: [
        { name: "image", type: str },
        { name: "command", type: str, repeated: true },
        { name: "args", type: str, repeated: true },
        { name: "ports", type: msg(() => CONTAINER_PORT), repeated: true },
        { name: "env", type: msg(() => ENV_VAR), repeated: true },
    ],
};
const ROUTE_MAP: MessageSchema = {
    typeName: `${ML}RouteMap`,
    fields: [
        { name: "predict", type: str },
        { name: "health", type: str },
    ],
};

export const VERSION_SCHEMA: MessageSchema = {
    typeName: `${ML}Version`,
    fields: [
        { name: "name", type: str },
        { name: "description", type: str },
        { name: "isDefault", type: bool },
        { name: "deploymentUri", type: str },
        { name: "createTime", type: str },
        { name: "lastUseTime", type: str },
        { name: "runtimeVersion", type: str },
        { name: "machineType", type: str },
        {
            name: "state",
            type: enumOf(`${ML}Version.State`, ["UNKNOWN", "READY", "CREATING", "FAILED", "DELETING", "UPDATING"]),
        },
        { name: "errorMessage", type: str },
        { name: "packageUris", type: str, repeated: true },
        { name: "labels", type: map },
        { name: "etag", type: bytes },
        {
            name: "framework",
            type: enumOf(`${ML}Version.Framework`, ["FRAMEWORK_UNSPECIFIED", "TENSORFLOW", "SCIKIT_LEARN", "XGBOOST"]),
        },
        { name: "pythonVersion", type: str },
        { name: "acceleratorConfig", type: msg(() => ACCELERATOR_CONFIG) },
        { name: "serviceAccount", type: str },
        { name: "requestLoggingConfig", type: msg(() => REQUEST_LOGGING_CONFIG) },
        { name: "explanationConfig", type: msg(() => EXPLANATION_CONFIG) },
        { name: "container", type: msg(() => CONTAINER_SPEC) },
        { name: "routes", type: msg(() => ROUTE_MAP) },
        { name: "autoScaling", type: msg(() => AUTO_SCALING) },
        { name: "manualScaling", type: msg(() => MANUAL_SCALING) },
        { name: "predictionClass", type: str },
        { name: "lastMigrationModelId", type: str },
        { name: "lastMigrationTime", type: str },
        // Present in the discovery document gcloud is generated from (not publicly documented).
        { name: "imageUri", type: str },
        { name: "modelClass", type: str },
    ],
};

export const MODEL_SCHEMA: MessageSchema = {
    typeName: `${ML}Model`,
    fields: [
        { name: "name", type: str },
        { name: "description", type: str },
        { name: "defaultVersion", type: msg(() => VERSION_SCHEMA) },
        { name: "regions", type: str, repeated: true },
        { name: "onlinePredictionLogging", type: bool },
        { name: "onlinePredictionConsoleLogging", type: bool },
        { name: "labels", type: map },
        { name: "etag", type: bytes },
    ],
};

/** Request messages with no fields (SetDefaultVersionRequest, CancelOperationRequest). */
export const EMPTY_REQUEST_SCHEMA: MessageSchema = { typeName: `${ML}SetDefaultVersionRequest`, fields: [] };

export function snakeToCamel(s: string): string {
    return s.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

export function camelToSnake(s: string): string {
    return s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

function invalidValue(path: string, typeLabel: string, value: unknown): ApiError {
    return transcodingError(path, `Invalid value at '${path}' (${typeLabel}), ${JSON.stringify(value)}`);
}

const INT_RE = /^-?\d+$/;
const BASE64_RE = /^[A-Za-z0-9+/_-]*={0,2}$/;

function decodeScalar(scalar: Scalar, value: unknown, path: string): JsonValue {
    switch (scalar) {
        case "string":
            if (typeof value === "string") return value;
            throw invalidValue(path, "TYPE_STRING", value);
        case "bool":
            if (typeof value === "boolean") return value;
            throw invalidValue(path, "TYPE_BOOL", value);
        case "int32": {
            const n = typeof value === "string" && INT_RE.test(value) ? Number(value) : value;
            if (typeof n === "number" && Number.isInteger(n) && n >= -2147483648 && n <= 2147483647) return n;
            throw invalidValue(path, "TYPE_INT32", value);
        }
        case "uint32": {
            const n = typeof value === "string" && INT_RE.test(value) ? Number(value) : value;
            if (typeof n === "number" && Number.isInteger(n) && n >= 0 && n <= 4294967295) return n;
            throw invalidValue(path, "TYPE_UINT32", value);
        }
        case "int64":
        case "uint64": {
            const label = scalar === "int64" ? "TYPE_INT64" : "TYPE_UINT64";
            const n =
                typeof value === "number" && Number.isSafeInteger(value)
                    ? BigInt(value)
                    : typeof value === "string" && INT_RE.test(value)
                      ? BigInt(value)
                      : undefined;
            const [min, max] = scalar === "int64" ? [-(2n ** 63n), 2n ** 63n - 1n] : [0n, 2n ** 64n - 1n];
            if (n !== undefined && n >= min && n <= max) return String(n);
            throw invalidValue(path, label, value);
        }
        case "double":
        case "float": {
            const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
            if (typeof n === "number" && !Number.isNaN(n)) return n;
            throw invalidValue(path, scalar === "double" ? "TYPE_DOUBLE" : "TYPE_FLOAT", value);
        }
        case "bytes":
            if (typeof value === "string" && BASE64_RE.test(value)) return value;
            throw invalidValue(path, "TYPE_BYTES", value);
    }
}

/** A google.protobuf.Value: any JSON, copied so "__proto__" keys stay plain keys. */
function copyJson(value: unknown, path: string): JsonValue {
    if (value === null || typeof value === "string" || typeof value === "boolean") return value;
    if (typeof value === "number") {
        if (Number.isFinite(value)) return value;
        throw invalidValue(path, "google.protobuf.Value", value);
    }
    if (Array.isArray(value)) return value.map((item, i) => copyJson(item, `${path}[${i}]`));
    if (isPlainObject(value)) {
        const out: JsonObject = {};
        for (const [k, v] of Object.entries(value)) {
            const copied = copyJson(v, `${path}.${k}`);
            Object.defineProperty(out, k, { value: copied, enumerable: true, writable: true, configurable: true });
        }
        return out;
    }
    throw invalidValue(path, "google.protobuf.Value", value);
}

function decodeValue(field: FieldDef, value: unknown, path: string): JsonValue {
    const t = field.type;
    switch (t.kind) {
        case "scalar":
            return decodeScalar(t.scalar, value, path);
        case "enum":
            if (typeof value === "string" && t.values.includes(value)) return value;
            if (
                t.byNumber === true &&
                typeof value === "number" &&
                Number.isInteger(value) &&
                value >= 0 &&
                value < t.values.length
            ) {
                return t.values[value] as string;
            }
            throw invalidValue(path, t.typeName, value);
        case "message":
            return decodeMessage(t.message(), value, path);
        case "map": {
            if (!isPlainObject(value)) throw invalidValue(path, "map", value);
            const out: JsonObject = {};
            for (const [k, v] of Object.entries(value)) {
                const decoded =
                    t.value === undefined
                        ? decodeScalar("string", v, `${path}[${k}]`)
                        : decodeValue({ name: field.name, type: t.value }, v, `${path}[${k}]`);
                // defineProperty: a "__proto__" key must stay a key (and be judged by the label rules).
                Object.defineProperty(out, k, { value: decoded, enumerable: true, writable: true, configurable: true });
            }
            return out;
        }
        case "value":
            return copyJson(value, path);
    }
}

/**
 * Decode a JSON request body into a message with lowerCamelCase keys.
 * `path` is the proto path used in error messages ("version", "model.default_version", "" for the root request).
 */
export function decodeMessage(schema: MessageSchema, value: unknown, path: string): JsonObject {
    if (!isPlainObject(value)) throw invalidValue(path, schema.typeName, value);
    const out: JsonObject = {};
    for (const [key, raw] of Object.entries(value)) {
        const field = schema.fields.find((f) => f.name === key || camelToSnake(f.name) === key);
        if (!field) {
            const at = path === "" ? "" : ` at '${path}'`;
            throw transcodingError(
                path,
                `Invalid JSON payload received. Unknown name "${key}"${at}: Cannot find field.`,
            );
        }
        // proto3 JSON: null means "not set".
        if (raw === null) continue;
        const fieldPath = path === "" ? camelToSnake(field.name) : `${path}.${camelToSnake(field.name)}`;
        if (field.repeated) {
            if (!Array.isArray(raw))
                throw invalidValue(
                    fieldPath,
                    field.type.kind === "message" ? field.type.message().typeName : "list",
                    raw,
                );
            out[field.name] = raw.map((item, i) => decodeValue(field, item, `${fieldPath}[${i}]`));
        } else {
            out[field.name] = decodeValue(field, raw, fieldPath);
        }
    }
    return out;
}
