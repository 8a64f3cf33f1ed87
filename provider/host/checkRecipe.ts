// The check/diff recipe shared by the Model and Version providers: autonaming, validation, the project
// requirement, operation deadlines, and the diff answer derived from the field-rules table.

import type { DiffResult } from "@pulumi/pulumi/dynamic";
import { planDiff } from "../spec/diffPlan";
import type { FieldRule } from "../spec/fieldRules";
import { autoname } from "../spec/names";
import type { ControlInputs } from "../spec/types";
import { isUnknown } from "../spec/unknowns";
import type { ValidationFailure } from "../spec/validation";
import { stripUndefined } from "./records";
import { label } from "./resourceErrors";
import type { ProviderSettings } from "./settings";

export const missingProjectReason =
    "no project: set the resource's `project`, `pulumi config set aiplatform:project <id>` (or gcp:project), or GOOGLE_CLOUD_PROJECT";

export function resolveProject(
    kind: string,
    name: string | undefined,
    project: string | undefined,
    settings: ProviderSettings,
): string {
    const resolved = project ?? settings.project;
    if (!resolved) {
        throw new Error(`${label(kind, name)}: ${missingProjectReason}`);
    }
    return resolved;
}

export function operationTimeoutMs(inputs: ControlInputs, settings: ProviderSettings): number {
    return inputs.operationTimeoutSeconds !== undefined
        ? inputs.operationTimeoutSeconds * 1000
        : settings.operationTimeoutMs;
}

/**
 * Fills `name` for resources declared without one: `<logical name>_<7 random chars>`, kept stable across runs by
 * reusing the previous autoname. On a replacement the engine calls check with empty olds, so a replacement gets
 * a fresh name and can be created before the old one is deleted.
 */
export function applyAutoname<I extends ControlInputs & { name?: string }>(
    olds: Partial<I>,
    news: I,
    fallbackPrefix: string,
): I {
    if (news.name !== undefined) {
        return { ...news, autonamed: false };
    }
    const prefix = news.autonamePrefix ?? fallbackPrefix;
    const reuse =
        olds.autonamed === true &&
        typeof olds.name === "string" &&
        !isUnknown(olds.name) &&
        olds.autonamePrefix === news.autonamePrefix;
    return { ...news, name: reuse ? olds.name : autoname(prefix), autonamed: true };
}

/**
 * The check recipe shared by both resources: autoname, validate, require a project. `normalized` are the new
 * inputs with defaults from configuration applied.
 */
export function checkInputs<I extends ControlInputs & { name?: string; project?: string }>(
    olds: Partial<I>,
    normalized: I,
    fallbackPrefix: string,
    validate: (inputs: I) => ValidationFailure[],
): { inputs: I; failures: ValidationFailure[] } {
    const inputs = applyAutoname(olds, normalized, fallbackPrefix);
    const failures = validate(inputs);
    if (inputs.project === undefined) {
        failures.push({ property: "project", reason: missingProjectReason });
    }
    return { inputs: stripUndefined(inputs), failures };
}

/** diff() for both resources: the field-rules table decides; only rule paths are compared, so engine-internal
 * keys such as __provider never count as changes. No network call. */
export function diffResult<I extends { autonamed?: boolean }>(
    rules: readonly FieldRule<I>[],
    olds: I,
    news: I,
): DiffResult {
    const plan = planDiff(rules, olds, news);
    return { changes: plan.changes, replaces: plan.replaces, deleteBeforeReplace: plan.deleteBeforeReplace };
}
