// Builds the PATCH request for a set of update-mask paths: the body carries exactly the masked values
// taken from the new inputs, nested as the API expects (`autoScaling.minNodes` -> {autoScaling: {minNodes}}).

import { sameValue, valueAt } from "../fields/values";

export interface PatchRequest {
    /** Comma-separated `updateMask` query value. */
    readonly updateMask: string;
    readonly body: Record<string, unknown>;
}

/** `rules` are the resource's diff rules: a cleared field is sent as its rule's `whenCleared` value, if any. */
export function buildPatchRequest(
    rules: readonly { readonly mask?: string; readonly whenCleared?: unknown }[],
    maskPaths: readonly string[],
    news: object,
    etag?: string,
): PatchRequest {
    const body: Record<string, unknown> = {};
    for (const maskPath of maskPaths) {
        const segments = maskPath.split(".");
        const source = valueAt(news, maskPath);
        const value = source === undefined ? rules.find((rule) => rule.mask === maskPath)?.whenCleared : source;
        if (value === undefined) {
            continue;
        }
        let target = body;
        for (const segment of segments.slice(0, -1)) {
            target = (target[segment] ??= {}) as Record<string, unknown>;
        }
        target[segments[segments.length - 1]] = value;
    }
    if (etag) {
        // Optimistic concurrency: the server refuses the PATCH if the resource changed since we read it.
        body.etag = etag;
    }
    return { updateMask: maskPaths.join(","), body };
}

/**
 * True when `live` already shows every masked value of `request`: the PATCH has nothing left to change (e.g. our
 * own earlier attempt was applied and only its response was lost).
 */
export function patchIsReflected(request: PatchRequest, live: object): boolean {
    return request.updateMask
        .split(",")
        .filter((path) => path !== "etag")
        .every((path) => sameValue(valueAt(request.body, path), valueAt(live, path)));
}
