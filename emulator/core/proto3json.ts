// Proto3-JSON decoding of request bodies against a schema table, the way Google's front end (ESF) transcodes them:
// keys may be lowerCamelCase json names or snake_case proto names, unknown names are rejected, scalars are
// type-checked (int32 -> number, int64 -> string), map keys (labels) are kept verbatim. The machinery serves every
// API; each API keeps its messages (MessageSchema tables) in its own folder (ml: emulator/ml/schema.ts).

import { transcodingError, type ApiError } from "./errors";

export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
    [key: string]: JsonValue | undefined;
}

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

/** Field types for schema tables (enumOf: values in proto-number order). */
export const str: FieldType = { kind: "scalar", scalar: "string" };
export const bool: FieldType = { kind: "scalar", scalar: "bool" };
export const int32: FieldType = { kind: "scalar", scalar: "int32" };
export const int64: FieldType = { kind: "scalar", scalar: "int64" };
export const double: FieldType = { kind: "scalar", scalar: "double" };
export const bytes: FieldType = { kind: "scalar", scalar: "bytes" };
export const map: FieldType = { kind: "map" };
export const msg = (message: () => MessageSchema): FieldType => ({ kind: "message", message });
export const enumOf = (typeName: string, values: readonly string[]): FieldType => ({
    kind: "enum",
    typeName,
    values,
    byNumber: true,
});
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
                return t.values[value];
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
