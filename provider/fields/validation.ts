// Preview-time validation of Model and Version inputs: every rule of the v1 reference that can be checked
// without calling the API (https://cloud.google.com/ai-platform/prediction/docs/reference/rest/v1/projects.models,
// .../projects.models.versions, https://cloud.google.com/ai-platform/prediction/docs/machine-types-online-prediction).
// zod checks each field's shape (the schemas live in the field tables, modelFields.ts and versionFields.ts);
// cross-field rules, written next to each table, follow. Values that are unknown during preview are never reported.

import type { z } from "zod";
import { show } from "./fieldSchemas";
import { isUnknown } from "./unknowns";
import { valueAt } from "./values";

export interface ValidationFailure {
    /** Property path, e.g. `autoScaling.minNodes`. */
    readonly property: string;
    /** What is wrong, with the value found and how to fix it. */
    readonly reason: string;
}

// ---- unknown handling ----------------------------------------------------------------------------------

/** Removes unknown values, returning the known inputs and the dotted paths that were unknown. */
function splitUnknowns(value: unknown, path: string, unknownPaths: string[]): unknown {
    if (isUnknown(value)) {
        unknownPaths.push(path);
        return undefined;
    }
    if (Array.isArray(value)) {
        return value.map((item, i) => splitUnknowns(item, path ? `${path}.${i}` : String(i), unknownPaths));
    }
    if (value !== null && typeof value === "object") {
        const out: Record<string, unknown> = {};
        for (const [key, item] of Object.entries(value)) {
            const known = splitUnknowns(item, path ? `${path}.${key}` : key, unknownPaths);
            if (known !== undefined) {
                out[key] = known;
            }
        }
        return out;
    }
    return value;
}

const overlaps = (a: string, b: string) => a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);

function zodFailures(schema: z.ZodType, inputs: unknown, unknownPaths: string[]): ValidationFailure[] {
    const result = schema.safeParse(inputs);
    if (result.success) {
        return [];
    }
    return result.error.issues
        .map((issue) => {
            const property = issue.path.map(String).join(".");
            const reason =
                issue.code === "unrecognized_keys"
                    ? `unknown propert${issue.keys.length > 1 ? "ies" : "y"} ${issue.keys.map((k) => show(k)).join(", ")}; check the spelling against the Version/Model reference`
                    : issue.message;
            return { property: property || "(inputs)", reason };
        })
        .filter((f) => !unknownPaths.some((u) => overlaps(f.property, u)));
}

/** A cross-field rule: skipped while any of `fields` is unknown or malformed. */
export type Rule<I> = { fields: string[]; check: (v: I) => ValidationFailure | undefined };

export const fail = (property: string, reason: string): ValidationFailure => ({ property, reason });

function runRules<I>(rules: readonly Rule<I>[], known: I, unknownPaths: string[]): ValidationFailure[] {
    return rules
        .filter((rule) => !rule.fields.some((f) => unknownPaths.some((u) => overlaps(f, u))))
        .map((rule) => rule.check(known))
        .filter((f): f is ValidationFailure => f !== undefined);
}

// ---- entry point ---------------------------------------------------------------------------------------

/** Shape failures from `schema`, then the failures of the cross-field rules that apply. */
export function validate<I>(schema: z.ZodType, rules: readonly Rule<I>[], inputs: I): ValidationFailure[] {
    const unknownPaths: string[] = [];
    const known = splitUnknowns(inputs, "", unknownPaths) as I;
    const shapeFailures = zodFailures(schema, known, unknownPaths);
    // Cross-field rules assume well-shaped fields; skip those touching a malformed one to avoid noise.
    const malformed = shapeFailures.map((f) => f.property);
    return [...shapeFailures, ...runRules(rules, known, [...unknownPaths, ...malformed])];
}

// ---- as the engine prints it ---------------------------------------------------------------------------

/** Longest rendering of an offending value in a message (a 65-label map would drown the reason). */
const MAX_VALUE_TEXT = 120;

/**
 * A failure as the engine should print it. The engine looks a failure's `property` up as a top-level key of the
 * inputs to show its value, so a nested path (`autoScaling.minNodes`) printed `value {<nil>}`, and an object
 * printed Go's `{map[...]}`. With an empty property the engine prints `<type> resource '<name>' has a problem:
 * <reason>`, naming the resource itself; the reason then names the property path and the offending value (unless
 * the reason quotes the string already), and the rule says the fix. Values of keys named `value` (container env values,
 * which may hold secrets) are never shown.
 */
export function engineFailure(failure: ValidationFailure, inputs: unknown): { property: ""; reason: string } {
    if (failure.property === "(inputs)") {
        return { property: "", reason: failure.reason };
    }
    const value = valueAt(inputs, failure.property);
    const shown = value === undefined ? undefined : show(value);
    const quoted =
        shown === undefined ||
        failure.property.split(".").pop() === "value" ||
        (typeof value === "string" && failure.reason.includes(shown))
            ? ""
            : ` (found ${shown.length > MAX_VALUE_TEXT ? `${shown.slice(0, MAX_VALUE_TEXT)}…` : shown})`;
    return { property: "", reason: `${failure.property}: ${failure.reason}${quoted}` };
}
