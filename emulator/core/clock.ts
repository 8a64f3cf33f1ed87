// Time source and RFC3339 formatting. Injected so that tests of the engine can control time.

export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

/**
 * RFC3339 UTC with second precision and a `Z` suffix, e.g. "2020-12-14T08:34:36Z" — the precision
 * observed in real operation metadata (reference §4).
 */
export function rfc3339(ms: number): string {
    return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Millisecond precision, for the request log only. */
export function rfc3339Millis(ms: number): string {
    return new Date(ms).toISOString();
}
