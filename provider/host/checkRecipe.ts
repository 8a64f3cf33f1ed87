// The check/diff recipe shared by the Model and Version providers: autonaming, validation, the project
// requirement, operation deadlines, and the diff answer derived from the field-rules table.

import type { DiffResult } from "@pulumi/pulumi/dynamic";
import { planDiff } from "../plan/diffPlan";
import type { FieldRule } from "../fields/fieldRules";
import type { TimeoutStep } from "../plan/durations";
import { autoname } from "../fields/names";
import type { ControlInputs } from "../fields/fieldSchemas";
import { label } from "../fields/names";
import type { ValidationFailure } from "../fields/validation";
import { containsUnknown } from "../fields/unknowns";
import { withoutUndefined } from "../fields/values";
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

/**
 * The deadline of one long-running operation of a step: the resource's `customTimeouts` for that step, else its
 * `operationTimeoutSeconds`, else `aiplatform:operationTimeoutSeconds`.
 */
export function operationTimeoutMs(inputs: ControlInputs, settings: ProviderSettings, step: TimeoutStep): number {
    const seconds = inputs.customTimeouts?.[step] ?? inputs.operationTimeoutSeconds;
    return seconds !== undefined ? seconds * 1000 : settings.operationTimeoutMs;
}

/**
 * Marks resources declared without a `name` as autonamed. The name itself is chosen by `create` (see
 * nameForCreate): check runs at every preview and again at `up`, and a dynamic provider receives no URN, no
 * random seed and no preview flag, so a name drawn here would differ between the preview and the `up` that
 * follows it. Left out of the checked inputs, the name shows as computed at preview and is drawn exactly once.
 */
export function applyAutoname<I extends ControlInputs & { name?: string }>(news: I): I {
    // Only what create needs is kept: every key is stored twice per resource in the state (inputs and outputs).
    return news.name === undefined
        ? { ...news, autonamed: true }
        : { ...news, autonamed: undefined, autonamePrefix: undefined };
}

/** At create: `<logical name>_<7 random chars>` for an autonamed resource. A replacement is a new create, so it
 * gets a fresh name and can be created before the old one is deleted. */
export function nameForCreate<I extends ControlInputs & { name?: string }>(inputs: I, fallbackPrefix: string): I {
    return inputs.name !== undefined ? inputs : { ...inputs, name: autoname(inputs.autonamePrefix ?? fallbackPrefix) };
}

/** For diff and update: an autonamed resource keeps the name it was created with (its outputs hold it). */
export function keepAutoname<I extends object>(olds: object, news: I): I {
    const oldName = (olds as { name?: string }).name;
    return (news as { name?: string }).name === undefined && oldName !== undefined ? { ...news, name: oldName } : news;
}

/** The inputs `read` reports to the engine: without the name when it was drawn by create, as check leaves it. */
export function declaredInputs<I extends ControlInputs & { name?: string }>(inputs: I): I {
    if (!inputs.autonamed) return inputs;
    const { name: _drawn, ...rest } = inputs;
    return rest as I;
}

/**
 * The check recipe shared by both resources: mark autonaming, validate, require a project. `normalized` are the new
 * inputs with defaults from configuration applied.
 */
export function checkInputs<I extends ControlInputs & { name?: string; project?: string }>(
    normalized: I,
    validate: (inputs: I) => ValidationFailure[],
): { inputs: I; failures: ValidationFailure[] } {
    const inputs = applyAutoname(normalized);
    const failures = validate(inputs);
    if (inputs.project === undefined) {
        failures.push({ property: "project", reason: missingProjectReason });
    }
    return { inputs: withoutUndefined(inputs), failures };
}

/** diff() for both resources: the field-rules table decides; only rule paths are compared, so engine-internal
 * keys such as __provider never count as changes. No network call. */
export function diffResult<I extends object>(rules: readonly FieldRule<I>[], olds: I, news: I): DiffResult {
    const plan = planDiff(rules, olds, keepAutoname(olds, news));
    return { changes: plan.changes, replaces: plan.replaces, deleteBeforeReplace: plan.deleteBeforeReplace };
}

/**
 * What `adopt: true` will do, said at the preview of a create (issue 19, item 7). The engine previews every create
 * of a dynamic resource as `+ create`, whatever the provider knows; so check, where the declaration is known, looks
 * the resource up: an existing one whose immutable fields differ fails the preview with the message `up` would
 * give, and one that matches is announced as a warning (the host passes the provider's stderr to the CLI). Only for
 * a declared name (a fresh autoname names nothing yet) and fully known inputs; `lookUp` resolves to the immutable
 * mismatches of the existing resource, or undefined when there is none.
 */
export async function previewAdoption<I extends ControlInputs & { name?: string }>(
    olds: object,
    inputs: I,
    what: string,
    lookUp: () => Promise<string[] | undefined>,
): Promise<ValidationFailure | undefined> {
    if (!inputs.adopt || Object.keys(olds).length > 0 || inputs.name === undefined || containsUnknown(inputs)) {
        return undefined;
    }
    let mismatches: string[] | undefined;
    try {
        mismatches = await lookUp();
    } catch (err) {
        console.error(
            `warning: ${what} declares adopt: true, but whether it exists could not be read (${(err as Error).message}); \`pulumi up\` will adopt it if it does`,
        );
        return undefined;
    }
    if (mismatches === undefined) return undefined;
    if (mismatches.length > 0) {
        return {
            property: "adopt",
            reason: `${what} exists with different immutable fields, so it cannot be adopted: ${mismatches.join("; ")}; change the declaration to match, or choose another name`,
        };
    }
    console.error(
        `warning: ${what} exists and declares adopt: true: \`pulumi up\` takes it over (patching what differs) instead of creating it, although the preview says create`,
    );
    return undefined;
}
