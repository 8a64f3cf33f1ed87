// Pure retry and polling schedules. No timers here: callers sleep for the delays these return.

export interface BackoffPolicy {
    /** First delay, in ms. */
    readonly initialMs: number;
    /** Growth factor per attempt. */
    readonly multiplier: number;
    /** Ceiling for one delay, in ms. */
    readonly maxMs: number;
}

/**
 * Delay before retry number `attempt` (0-based) with "equal jitter": half the exponential delay plus a random
 * part, so concurrent clients spread out but never retry immediately.
 */
export function retryDelayMs(policy: BackoffPolicy, attempt: number, random: () => number = Math.random): number {
    const exponential = Math.min(policy.maxMs, policy.initialMs * policy.multiplier ** attempt);
    return Math.round(exponential / 2 + (random() * exponential) / 2);
}

/** Delay before poll number `poll` (0-based) of a long-running operation: no jitter, capped growth. */
export function pollDelayMs(policy: BackoffPolicy, poll: number): number {
    return Math.round(Math.min(policy.maxMs, policy.initialMs * policy.multiplier ** poll));
}

/**
 * Parses a Retry-After header (delta-seconds or an HTTP date) into ms; undefined when absent or malformed.
 * The result is capped so a hostile or broken header cannot stall a deployment.
 */
export function parseRetryAfterMs(
    header: string | null | undefined,
    now: number = Date.now(),
    capMs = 120_000,
): number | undefined {
    if (!header) {
        return undefined;
    }
    const trimmed = header.trim();
    if (/^\d+(\.\d+)?$/.test(trimmed)) {
        return Math.min(capMs, Math.round(Number(trimmed) * 1000));
    }
    const date = Date.parse(trimmed);
    return Number.isNaN(date) ? undefined : Math.min(capMs, Math.max(0, date - now));
}

/** HTTP statuses worth retrying: throttling and transient server failures. */
export function isRetryableStatus(status: number): boolean {
    return status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}
