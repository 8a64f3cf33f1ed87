// Builds the PATCH request for a set of update-mask paths: the body carries exactly the masked values
// taken from the new inputs, nested as the API expects (`autoScaling.minNodes` -> {autoScaling: {minNodes}}).

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
        let source: unknown = news;
        for (const segment of segments) {
            source =
                source !== null && typeof source === "object"
                    ? (source as Record<string, unknown>)[segment]
                    : undefined;
        }
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

/** proto3 JSON leaves defaults out of responses: an absent value reads as "", 0, false, {} or []. */
function isProtoDefault(value: unknown): boolean {
    if (value === undefined || value === null || value === "" || value === 0 || value === false) {
        return true;
    }
    if (Array.isArray(value)) {
        return value.length === 0;
    }
    return typeof value === "object" && Object.values(value).every(isProtoDefault);
}

function sameValue(a: unknown, b: unknown): boolean {
    if (isProtoDefault(a) || isProtoDefault(b)) {
        return isProtoDefault(a) && isProtoDefault(b);
    }
    if (Array.isArray(a) || Array.isArray(b)) {
        return (
            Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameValue(item, b[i]))
        );
    }
    if (typeof a === "object" && typeof b === "object") {
        const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
        return [...keys].every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
    }
    return String(a) === String(b); // int64 values come back as strings
}

const valueAt = (source: unknown, path: string): unknown =>
    path
        .split(".")
        .reduce<unknown>(
            (node, segment) =>
                node !== null && typeof node === "object" ? (node as Record<string, unknown>)[segment] : undefined,
            source,
        );

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
