// Pure diff planning: which fields changed, whether that is an update or a replacement, and which
// PATCH update-mask paths an update needs. Reads only the field-rules table; makes no network call.

import { type FieldRule, ruleValue, topLevelKey } from "../fields/fieldRules";
import { containsUnknown } from "../fields/unknowns";
import { sameValue } from "../fields/values";

export interface DiffPlan {
    /** Any difference at all (including control-only fields). */
    readonly changes: boolean;
    /** Top-level keys whose change forces a replacement. */
    readonly replaces: string[];
    /** Distinct update-mask paths, in table order; empty when the resource is replaced instead. */
    readonly updateMask: string[];
    /** Every changed rule path, for messages and tests. */
    readonly changedPaths: string[];
    /** Explicitly named resources must be deleted before their replacement is created (names are unique). */
    readonly deleteBeforeReplace: boolean;
}

function ruleChanged<I>(rule: FieldRule<I>, olds: I, news: I): boolean {
    if (rule.ignored) {
        return false;
    }
    const oldValue = ruleValue(rule, olds);
    const newValue = ruleValue(rule, news);
    if (containsUnknown(newValue)) {
        // Not known until the dependency is applied: it may change, so the preview must say so.
        return true;
    }
    if (rule.differs) {
        return rule.differs(oldValue, newValue);
    }
    if (rule.serverDefault && newValue === undefined) {
        return false;
    }
    return !sameValue(oldValue, newValue);
}

export function planDiff<I extends object>(rules: readonly FieldRule<I>[], olds: I, news: I): DiffPlan {
    const changed = rules.filter((rule) => ruleChanged(rule, olds, news));
    const replaces = new Set<string>();
    const updateMask: string[] = [];
    for (const rule of changed) {
        const patchable = rule.kind === "patchable" && (rule.patchableWhen?.(news) ?? true);
        if (rule.kind === "immutable" || (rule.kind === "patchable" && !patchable)) {
            replaces.add(topLevelKey(rule));
        } else if (rule.mask && !updateMask.includes(rule.mask)) {
            updateMask.push(rule.mask);
        }
    }
    return {
        changes: changed.length > 0,
        replaces: [...replaces],
        updateMask: replaces.size > 0 ? [] : updateMask,
        changedPaths: changed.map((rule) => rule.path),
        deleteBeforeReplace: replaces.size > 0 && (news as { autonamed?: boolean }).autonamed !== true,
    };
}

/**
 * For adoption: the immutable fields (other than the identity ones) whose declared value differs from an existing
 * resource's, each as "path: declared X, existing Y". Unset equals the API's default (false, 0, ""), as it reports them.
 */
export function immutableMismatches<I>(
    rules: readonly FieldRule<I>[],
    declared: I,
    observed: I,
    identityPaths: readonly string[],
): string[] {
    return rules
        .filter((rule) => rule.kind === "immutable" && !identityPaths.includes(rule.path))
        .filter((rule) => {
            const wanted = ruleValue(rule, declared);
            return !(rule.serverDefault && wanted === undefined) && !sameValue(wanted, ruleValue(rule, observed));
        })
        .map(
            (rule) =>
                `${rule.path}: declared ${JSON.stringify(ruleValue(rule, declared))}, existing ${JSON.stringify(ruleValue(rule, observed))}`,
        );
}
