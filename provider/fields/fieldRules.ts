// A diff rule: one (possibly nested or virtual) field path and what a change of it does. The rules are derived
// from the field tables (modelFields.ts, versionFields.ts) by fieldTable.ts; diff planning reads only them.

import { valueAt } from "./values";

export type FieldKind =
    /** Changing it replaces the resource. */
    | "immutable"
    /** Changing it is a PATCH under `mask`. */
    | "patchable"
    /** Steers the provider only: a change is an update that sends no PATCH. */
    | "control";

export interface FieldRule<I> {
    /** Dotted path into the inputs; also the display path. */
    readonly path: string;
    readonly kind: FieldKind;
    /** `updateMask` path when patchable. */
    readonly mask?: string;
    /** A patchable field is patchable only when this holds for the new inputs; otherwise a change replaces. */
    readonly patchableWhen?: (news: I) => boolean;
    /** The server fills a default when the input is unset: an unset input then means "no opinion". */
    readonly serverDefault?: boolean;
    /** The input key reported in `replaces` for a virtual field (default: the path's first segment). */
    readonly replaceKey?: string;
    /** Custom value extraction (for virtual fields such as the scaling mode). */
    readonly value?: (inputs: I) => unknown;
    /** Sent for a patchable field cleared in the inputs (the API needs "" or {} here; absent would not clear it). */
    readonly whenCleared?: unknown;
    /** Custom change test; the default is `!sameValue` (values.ts: every proto3 default equals unset). */
    readonly differs?: (oldValue: unknown, newValue: unknown) => boolean;
    /** Never a change, not even while unknown in a preview: the value matters only at create. */
    readonly ignored?: boolean;
}

/** Reads a rule's value from a set of inputs. */
export function ruleValue<I>(rule: FieldRule<I>, inputs: I): unknown {
    if (rule.value) {
        return rule.value(inputs);
    }
    return valueAt(inputs, rule.path);
}

/** The top-level input key a rule belongs to (what Pulumi's `replaces` and diff display use). */
export function topLevelKey<I>(rule: FieldRule<I>): string {
    return rule.replaceKey ?? rule.path.split(".")[0];
}
