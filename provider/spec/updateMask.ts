// Builds the PATCH request for a set of update-mask paths: the body carries exactly the masked values
// taken from the new inputs, nested as the API expects (`autoScaling.minNodes` -> {autoScaling: {minNodes}}).

export interface PatchRequest {
    /** Comma-separated `updateMask` query value. */
    readonly updateMask: string;
    readonly body: Record<string, unknown>;
}

/** Values the API needs when a field is cleared (an absent field under a mask clears it, except these). */
const clearedValues: Record<string, unknown> = { description: "", labels: {} };

export function buildPatchRequest(maskPaths: readonly string[], news: object, etag?: string): PatchRequest {
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
        const value = source === undefined ? clearedValues[maskPath] : source;
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
