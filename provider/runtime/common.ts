// Pieces shared by the Model and Version providers.

import type { DiffResult } from "@pulumi/pulumi/dynamic";
import { planDiff } from "../diffPlan";
import type { FieldRule } from "../fieldRules";
import { buildPatchRequest, PatchRequest } from "../updateMask";
import { ApiError } from "./apiError";
import { autoname } from "../names";
import type { ControlInputs } from "../types";
import { isUnknown } from "../unknowns";
import type { ValidationFailure } from "../validation";
import type { ProviderSettings } from "./settings";

/**
 * Thrown when the resource exists but a later step of create failed. The dynamic provider host turns an error
 * carrying `id` and `properties` into ErrorResourceInitFailed, so the engine records the resource (no orphan)
 * and the next `pulumi up` updates it instead of creating another.
 */
export class ResourceInitError extends Error {
    constructor(
        message: string,
        readonly id: string,
        readonly properties: object,
        readonly reasons: string[] = [message],
    ) {
        super(message);
        this.name = "ResourceInitError";
    }
}

/** A copy without the given keys. */
export function omit<T extends object, K extends readonly (keyof T)[]>(value: T, keys: K): Omit<T, K[number]> {
    const copy = { ...value } as Record<string, unknown>;
    for (const key of keys) {
        delete copy[key as string];
    }
    return copy as Omit<T, K[number]>;
}

/** A copy with only the given keys. */
export function pick<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Pick<T, K> {
    return Object.fromEntries(keys.filter((k) => k in value).map((k) => [k, value[k]])) as Pick<T, K>;
}

/**
 * Drops engine-internal keys: the provider host passes the serialized provider as `__provider` inside the
 * inputs and outputs, and it must reach neither validation nor request bodies.
 */
export function withoutInternalKeys<T extends object>(value: T): T {
    return Object.fromEntries(Object.entries(value ?? {}).filter(([k]) => !k.startsWith("__"))) as T;
}

/** Removes undefined values (the gRPC Struct cannot carry them). */
export function stripUndefined<T extends object>(value: T): T {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

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

/**
 * Sends the masked fields of `news` with the etag we hold. When `recover` can explain a refusal (a stale etag, a
 * busy resource) it returns a fresh etag and the same fields are sent again, so an update is neither lost nor
 * overwrites fields outside the mask; otherwise `recover` rethrows.
 */
export async function patchWithRecovery(
    mask: readonly string[],
    news: object,
    etag: string | undefined,
    send: (request: PatchRequest) => Promise<void>,
    recover: (refusal: ApiError) => Promise<string | undefined>,
    maxAttempts: number,
): Promise<void> {
    for (let attempt = 1; ; attempt++) {
        try {
            await send(buildPatchRequest(mask, news, etag));
            return;
        } catch (err) {
            if (!(err instanceof ApiError) || attempt >= maxAttempts) {
                throw err;
            }
            etag = await recover(err);
        }
    }
}

/** Describes a resource for messages: `Version "v1" of model "m"`. */
export function label(kind: string, name: string | undefined): string {
    return `${kind} ${JSON.stringify(name ?? "(unnamed)")}`;
}
