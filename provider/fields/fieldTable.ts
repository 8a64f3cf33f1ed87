// The vocabulary of the per-resource field tables (modelFields.ts, versionFields.ts). Each field is declared once,
// with its zod schema, its role (where its value travels) and its change class (what a change of it does). This
// file derives everything else from a table: the input and output types, the strict input schema, the diff rules
// (and so the update masks), the create body, the read-back on refresh and adoption, and the declared outputs.

import { z } from "zod";
import type { FieldRule } from "./fieldRules";
import { isProtoDefault, sameValue, valueAt } from "./values";

/** Where a field's value travels. */
export type Role =
    /** Names the resource (part of its URL): taken from the declaration, never in the create body. */
    | "identity"
    /** A field of the API resource: sent in the create body, read back on refresh and adoption. */
    | "api"
    /** A field of the API resource that create ignores: the provider applies it right after create; read back. */
    | "afterCreate"
    /** Steers the provider, never sent: taken from the declaration. */
    | "control"
    /** Like control, but set by the resource class or by check rather than by the user; not a declared output. */
    | "internal"
    /** Output only: reported by the API or the provider, never an input. */
    | "output";

export type InputRole = Exclude<Role, "output">;

/** What a change of a field (or of one nested key) does. */
export type Change =
    | {
          /** Replaces the resource. */
          readonly kind: "replace";
          /** The server fills a default when the input is unset: an unset input then means "no opinion". */
          readonly serverDefault?: boolean;
      }
    | {
          /** An update that PATCHes the field under `mask`. */
          readonly kind: "patch";
          /** `updateMask` path; default: the field's path. */
          readonly mask?: string;
          readonly serverDefault?: boolean;
          /** Sent when the field is cleared (the API needs "" or {} to clear it; an absent field would not). */
          readonly whenCleared?: unknown;
          /**
           * Patchable only when this holds for the new inputs; otherwise a change replaces. (Method syntax, so a
           * table can name just the fields it reads: the table's own input type does not exist yet.)
           */
          patchableWhen?: (news: object) => boolean;
      }
    | {
          /** An update that sends no PATCH (the provider acts on it, or it only steers the provider). */
          readonly kind: "control";
          /** Custom change test; the default is `!sameValue` (values.ts: every proto3 default equals unset). */
          differs?: (oldValue: unknown, newValue: unknown) => boolean;
          /** Never a change, not even while the value is unknown in a preview (it only matters at create). */
          readonly ignored?: boolean;
      };

/** A rule over a whole field, placed before its nested keys' rules; a change of its value replaces. */
export interface VirtualRule {
    readonly path: string;
    /** The input key reported in `replaces`. */
    readonly replaceKey: string;
    value(inputs: object): unknown;
}

/** A field whose nested keys change differently; every nested key must be classified. */
export interface Parts<T> {
    readonly kind: "parts";
    readonly virtual?: readonly VirtualRule[];
    readonly parts: { readonly [K in keyof T]-?: Change };
}

/** Nested keys can be classified one by one only in an object field. */
type PartsOf<T> = T extends readonly unknown[] ? never : T extends object ? Parts<T> : never;

/**
 * Where an API field lives in the API resource when its input differs from it (Vertex AI's flat
 * `minReplicaCount` is the API's `dedicatedResources.minReplicaCount`). Default: the input key, the value as is.
 */
export interface ApiMapping {
    /** Dotted path in the API resource; also the default `updateMask` path. */
    readonly apiPath?: string;
    /** The API's form of the input value (then `fromLive` must give the input's form of the API value). */
    toApi?(value: unknown): unknown;
    /** How refresh reads the field back from the API resource (default: the value at `apiPath`; see `readBack`). */
    fromLive?(live: object, previous: object): unknown;
}

export interface InputField<S extends z.ZodType = z.ZodType, R extends InputRole = InputRole> extends ApiMapping {
    readonly role: R;
    readonly schema: S;
    readonly change: Change | Parts<Record<string, unknown>>;
}

export interface OutputField<S extends z.ZodType = z.ZodType> {
    readonly role: "output";
    readonly schema: S;
}

export type Field = InputField | OutputField;
export type FieldTable = { readonly [key: string]: Field };

// ---- building a table ------------------------------------------------------------------------------------

export const replace = (options: { serverDefault?: boolean } = {}): Change => ({ kind: "replace", ...options });

export const patch = (
    options: {
        mask?: string;
        serverDefault?: boolean;
        whenCleared?: unknown;
        patchableWhen?(news: object): boolean;
    } = {},
): Change => ({ kind: "patch", ...options });

export const identity = <S extends z.ZodType>(schema: S, options: { serverDefault?: boolean } = {}) =>
    ({ role: "identity", schema, change: replace(options) }) satisfies InputField<S, "identity">;

/** A field of the API resource; `mapping` is its `fromLive`, or where and in what form the API holds it. */
export const apiField = <S extends z.ZodType>(
    schema: S,
    change: Change | PartsOf<NonNullable<z.output<S>>>,
    mapping?: ApiMapping["fromLive"] | ApiMapping,
) =>
    ({
        role: "api",
        schema,
        change,
        ...(typeof mapping === "function" ? { fromLive: mapping } : mapping),
    }) satisfies InputField<S, "api">;

export const afterCreate = <S extends z.ZodType>(
    schema: S,
    change: Change | PartsOf<NonNullable<z.output<S>>>,
    fromLive?: InputField["fromLive"],
) => ({ role: "afterCreate", schema, change, ...(fromLive && { fromLive }) }) satisfies InputField<S, "afterCreate">;

export const control = <S extends z.ZodType>(schema: S) =>
    ({ role: "control", schema, change: { kind: "control" } }) satisfies InputField<S, "control">;

export const internal = <S extends z.ZodType>(schema: S) =>
    ({ role: "internal", schema, change: { kind: "control" } }) satisfies InputField<S, "internal">;

export const outputOnly = <S extends z.ZodType>(schema: S) => ({ role: "output", schema }) satisfies OutputField<S>;

// ---- types derived from a table --------------------------------------------------------------------------

/** The table's keys whose role is one of `R`. */
export type KeysWithRole<T extends FieldTable, R extends Role> = {
    [K in keyof T]: T[K]["role"] extends R ? K : never;
}[keyof T] &
    string;

type Simplify<T> = { [K in keyof T]: T[K] } & {};
type ShapeOf<T extends FieldTable, K extends keyof T> = { [P in K]: T[P]["schema"] };

/** The inputs a table accepts (optional keys where the schema is optional). */
export type InputsOf<T extends FieldTable> = z.output<z.ZodObject<ShapeOf<T, KeysWithRole<T, InputRole>>>>;

/** The inputs plus the output-only fields. */
export type OutputsOf<T extends FieldTable> = Simplify<
    InputsOf<T> & z.output<z.ZodObject<ShapeOf<T, KeysWithRole<T, "output">>>>
>;

/** The inputs a program declares: all but the internal ones. */
export type DeclaredInputsOf<T extends FieldTable> = Omit<InputsOf<T>, KeysWithRole<T, "internal">>;

/** The outputs the resource class declares: all but the internal fields. */
export type DeclaredOutputsOf<T extends FieldTable> = Omit<OutputsOf<T>, KeysWithRole<T, "internal">>;

/**
 * The resource as the API reports it, as far as the table knows it: the fields sent on create or applied after it,
 * with `name` the full resource name. (Output-only fields differ between the API and the resource's outputs, e.g. a
 * Model's `defaultVersion`; each API module adds its own.)
 */
export type ApiFieldsOf<T extends FieldTable> = { name: string } & Simplify<
    Pick<InputsOf<T>, Extract<KeysWithRole<T, "api" | "afterCreate">, keyof InputsOf<T>>>
>;

// ---- values derived from a table -------------------------------------------------------------------------

/** The table's keys whose role is one of `roles`, in table order. */
export function fieldsWithRole<T extends FieldTable, R extends Role>(
    table: T,
    roles: readonly R[],
): KeysWithRole<T, R>[] {
    return Object.keys(table).filter((key) => (roles as readonly Role[]).includes(table[key].role)) as KeysWithRole<
        T,
        R
    >[];
}

/** What the provider derives from one table; each resource's table module exports it under its own names. */
export interface TableDerivations<T extends FieldTable> {
    /** The diff rules, in table order (diffRules). */
    readonly fieldRules: readonly FieldRule<InputsOf<T>>[];
    /** Fields that name the resource: not compared on adoption, never in a create body. */
    readonly identityFields: readonly KeysWithRole<T, "identity">[];
    /** The create body (besides the name). */
    readonly createFields: readonly KeysWithRole<T, "api">[];
    /** Applied after create (a PATCH or the API's own call), so left out of a create and of adoption's first PATCH. */
    readonly afterCreateFields: readonly KeysWithRole<T, "afterCreate">[];
    /** The after-create fields applied with a PATCH (the API ignores them on create). */
    readonly patchedAfterCreateFields: readonly KeysWithRole<T, "afterCreate">[];
    /** What the resource class declares as outputs. */
    readonly outputNames: readonly string[];
    /** The strict input schema (inputSchema). */
    readonly inputSchema: z.ZodType;
}

export function deriveFromTable<T extends FieldTable>(table: T): TableDerivations<T> {
    const afterCreateFields = fieldsWithRole(table, ["afterCreate"]);
    return {
        fieldRules: diffRules<InputsOf<T>>(table),
        identityFields: fieldsWithRole(table, ["identity"]),
        createFields: fieldsWithRole(table, ["api"]),
        afterCreateFields,
        patchedAfterCreateFields: afterCreateFields.filter((key) => {
            const field = table[key];
            return field.role !== "output" && field.change.kind === "patch";
        }),
        outputNames: declaredOutputs(table),
        inputSchema: inputSchema(table),
    };
}

/** The strict zod schema of the inputs (an unknown key is a failure). */
export function inputSchema(table: FieldTable): z.ZodType {
    const shape: Record<string, z.ZodType> = {};
    for (const [key, field] of Object.entries(table)) {
        if (field.role !== "output") shape[key] = field.schema;
    }
    return z.strictObject(shape);
}

/** Every output the resource class declares: all fields except the internal ones. */
export function declaredOutputs(table: FieldTable): string[] {
    return Object.keys(table).filter((key) => table[key].role !== "internal");
}

function changeRule<I extends object>(path: string, change: Change, apiPath: string = path): FieldRule<I> {
    switch (change.kind) {
        case "replace":
            return { path, kind: "immutable", ...(change.serverDefault && { serverDefault: true }) };
        case "patch":
            return {
                path,
                kind: "patchable",
                mask: change.mask ?? apiPath,
                ...(change.serverDefault && { serverDefault: true }),
                ...(change.whenCleared !== undefined && { whenCleared: change.whenCleared }),
                ...(change.patchableWhen && { patchableWhen: change.patchableWhen }),
            };
        case "control":
            return {
                path,
                kind: "control",
                ...(change.differs && { differs: change.differs }),
                ...(change.ignored && { ignored: true }),
            };
    }
}

/** The diff rules, in table order: a nested field's virtual rules, then one rule per nested key. */
export function diffRules<I extends object>(table: FieldTable): FieldRule<I>[] {
    return Object.entries(table).flatMap(([key, field]): FieldRule<I>[] => {
        if (field.role === "output") return [];
        const change = field.change;
        if (change.kind !== "parts") return [changeRule<I>(key, change, field.apiPath)];
        return [
            ...(change.virtual ?? []).map((rule): FieldRule<I> => ({
                path: rule.path,
                kind: "immutable",
                replaceKey: rule.replaceKey,
                value: (inputs) => rule.value(inputs),
            })),
            ...Object.entries(change.parts).map(([part, partChange]) => changeRule<I>(`${key}.${part}`, partChange)),
        ];
    });
}

/**
 * The live resource seen as inputs: identity, control and internal fields from the declaration (`previous`); API
 * fields from the live resource, except that a field the server defaults stays as declared when the user left it
 * unset or at its zero (so refresh shows no noise); a field's `fromLive` overrides that. A live value that equals
 * the declared one under `sameValue` reads back as the declared value itself: the API leaves proto3 defaults out of
 * its answers (`minNodes: 0`, `""`, `{}`, `[]`, `false` come back absent), and the engine compares refreshed state
 * with stored state key by key, so anything but the declared form would be drift that never goes away.
 */
export function readBack<I extends object>(table: FieldTable, live: object, previous: I): I {
    const declared = previous as Record<string, unknown>;
    const observed = live as Record<string, unknown>;
    const inputs: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(table)) {
        if (field.role === "output") continue;
        if (field.role !== "api" && field.role !== "afterCreate") {
            inputs[key] = declared[key];
            continue;
        }
        const change = field.change;
        const serverDefault = (change.kind === "replace" || change.kind === "patch") && change.serverDefault === true;
        const liveValue = field.fromLive
            ? field.fromLive(live, previous)
            : serverDefault && isProtoDefault(declared[key])
              ? declared[key]
              : valueAt(observed, field.apiPath ?? key);
        inputs[key] = sameValue(declared[key], liveValue) ? declared[key] : liveValue;
    }
    return inputs as I;
}

/**
 * The API resource's form of the inputs' fields with one of `roles` (by default those sent on create): each at its
 * `apiPath`, in its `toApi` form; unset fields left out. Update masks are paths into this form.
 */
export function apiBody(table: FieldTable, inputs: object, roles: readonly Role[] = ["api"]): Record<string, unknown> {
    const body: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(table)) {
        if (field.role === "output" || !roles.includes(field.role)) continue;
        const value = (inputs as Record<string, unknown>)[key];
        if (value === undefined) continue;
        const segments = (field.apiPath ?? key).split(".");
        let target = body;
        for (const segment of segments.slice(0, -1)) target = (target[segment] ??= {}) as Record<string, unknown>;
        target[segments[segments.length - 1]] = field.toApi ? field.toApi(value) : value;
    }
    return body;
}
