// Strict proto3-JSON decoding of Vertex AI v1 request bodies: the shared decoder (../core/proto3json) driven by the
// message table generated from gcloud's offline copy of the official schema (schema.generated.ts).

import type { JsonObject } from "../core/proto3json";
import { decodeMessage, type FieldType, type MessageSchema, type Scalar } from "../core/proto3json";
import { VERTEX_ENUMS, VERTEX_MESSAGES } from "./schema.generated";

export type VertexMessageName = keyof typeof VERTEX_MESSAGES;
type EnumName = keyof typeof VERTEX_ENUMS;

const TYPE_PREFIX = "type.googleapis.com/google.cloud.aiplatform.v1.";
const SCALARS: ReadonlySet<string> = new Set<Scalar>([
    "string",
    "bool",
    "int32",
    "int64",
    "uint32",
    "uint64",
    "double",
    "float",
    "bytes",
]);

const built = new Map<string, MessageSchema>();

function fieldType(spec: string): FieldType {
    if (spec === "value") return { kind: "value" };
    if (spec.startsWith("map:")) return { kind: "map", value: fieldType(spec.slice(4)) };
    if (spec.startsWith("msg:")) {
        const name = spec.slice(4) as VertexMessageName;
        return { kind: "message", message: () => vertexSchema(name) };
    }
    if (spec.startsWith("enum:")) {
        const name = spec.slice(5) as EnumName;
        // gcloud lists enum names in its own order, not by proto number: names only (BEHAVIOUR.md).
        return { kind: "enum", typeName: `${TYPE_PREFIX}${name}`, values: VERTEX_ENUMS[name] };
    }
    if (SCALARS.has(spec)) return { kind: "scalar", scalar: spec as Scalar };
    throw new Error(`schema.generated.ts: unknown field type ${spec}`);
}

/** The decoder schema of one Vertex message, built once from the generated table. */
export function vertexSchema(name: VertexMessageName): MessageSchema {
    const cached = built.get(name);
    if (cached) return cached;
    const schema: MessageSchema = {
        typeName: `${TYPE_PREFIX}${name}`,
        fields: VERTEX_MESSAGES[name].map((entry) => ({
            name: entry[0],
            type: fieldType(entry[1]),
            repeated: entry.length === 3,
        })),
    };
    built.set(name, schema);
    return schema;
}

/**
 * Decode a request body as the named message: lowerCamel or snake_case keys, unknown names and bad enum
 * names refused with Google's transcoding error (400 INVALID_ARGUMENT, BadRequest field violation).
 */
export function decodeVertex(name: VertexMessageName, body: unknown, path = ""): JsonObject {
    return decodeMessage(vertexSchema(name), body, path);
}

/** Bodies of methods whose request has no fields (operations cancel and wait): absent or `{}`. */
export function decodeVertexEmpty(body: unknown): void {
    decodeMessage({ typeName: `${TYPE_PREFIX}google.protobuf.Empty`, fields: [] }, body ?? {}, "");
}
