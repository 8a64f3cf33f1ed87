// Quota enforcement shared by every API: each API declares its metrics (the limits they read, with defaults, and an
// admit check that refuses with the API's own error); the core keeps the limits in force (one flat set of keys over
// all APIs: options, CLI flags, admin API) and the sliding-window counters. See BEHAVIOUR.md "Quotas".

import { TYPE_ERROR_INFO } from "./constants";
import { ApiError, TYPE_RETRY_INFO } from "./errors";
import type { Store } from "./store";

/** A google.protobuf.Duration in proto3 JSON: seconds with up to 3 decimals, e.g. "1.5s" (RetryInfo.retryDelay). */
export function durationJson(ms: number): string {
    return `${Number((Math.max(0, ms) / 1000).toFixed(3))}s`;
}

/**
 * Google's 429 for a rate quota: RESOURCE_EXHAUSTED with an ErrorInfo (RATE_LIMIT_EXCEEDED, the quota's metadata)
 * and a RetryInfo saying when the oldest counted request leaves the window.
 */
export function rateLimitExceeded(message: string, metadata: Record<string, string>, retryAfterMs: number): ApiError {
    return new ApiError("RESOURCE_EXHAUSTED", message, [
        { "@type": TYPE_ERROR_INFO, reason: "RATE_LIMIT_EXCEEDED", domain: "googleapis.com", metadata },
        { "@type": TYPE_RETRY_INFO, retryDelay: durationJson(retryAfterMs) },
    ]);
}

/** One limit a metric reads. 0 turns it off unless `min` > 0. */
export interface QuotaLimitDef {
    /** Google's number: the default. */
    default: number;
    /** Smallest accepted value (0 = the limit can be turned off). */
    min: number;
    /** CLI flag (without `--`); its env variable is ML_EMULATOR_<FLAG>. */
    flag: string;
    /** `--help` text, without the default (added). */
    help: string;
}

/** Sliding-window request counters, keyed by any bucket (ml: the project; Vertex: project and region). */
export class SlidingWindows {
    /** Per bucket: times (ms) of the requests admitted in the current window, oldest first. */
    private readonly admitted = new Map<string, number[]>();

    /**
     * Counts a request in `bucket` unless `limit` were admitted in the last `windowMs`: then nothing is counted and the
     * answer says when the oldest counted request leaves the window (ms from now).
     */
    admit(
        bucket: string,
        limit: number,
        windowMs: number,
        now: number,
    ): { admitted: true } | { admitted: false; retryAfterMs: number } {
        const times = (this.admitted.get(bucket) ?? []).filter((t) => t > now - windowMs);
        this.admitted.set(bucket, times);
        if (times.length >= limit) return { admitted: false, retryAfterMs: (times[0] ?? now) + windowMs - now };
        times.push(now);
        return { admitted: true };
    }

    clear(): void {
        this.admitted.clear();
    }
}

/** What a metric's admit check sees of the request. */
export interface QuotaRequest {
    /** Every limit in force (all APIs' keys). */
    limits: Readonly<Record<string, number>>;
    now: number;
    store: Store;
    namespace: string;
    project: string;
    projectNumber: string;
    rpc: string;
    /** The route's path parameters (the project first). */
    params: readonly string[];
    windows: SlidingWindows;
}

export interface QuotaMetric {
    /** The limits it reads, by key (keys are global over all APIs). */
    limits: Readonly<Record<string, QuotaLimitDef>>;
    /** Throws the API's ApiError to refuse the request; a refused request must not be counted. */
    admit(q: QuotaRequest): void;
}

/** Every limit of these metrics, by key; throws when two metrics define the same key. */
export function quotaLimitDefs(metrics: readonly QuotaMetric[]): Record<string, QuotaLimitDef> {
    const defs: Record<string, QuotaLimitDef> = {};
    for (const metric of metrics) {
        for (const [key, def] of Object.entries(metric.limits)) {
            if (key in defs) throw new Error(`quota limit '${key}' is defined twice`);
            defs[key] = def;
        }
    }
    return defs;
}

/** Google's numbers for every limit of these metrics. */
export function quotaDefaults(metrics: readonly QuotaMetric[]): Record<string, number> {
    return Object.fromEntries(Object.entries(quotaLimitDefs(metrics)).map(([key, def]) => [key, def.default]));
}

/** Every limit that can be turned off, off (0); the others (a window's length) keep their default. */
export function quotasOff(metrics: readonly QuotaMetric[]): Record<string, number> {
    return Object.fromEntries(
        Object.entries(quotaLimitDefs(metrics)).map(([key, def]) => [key, def.min === 0 ? 0 : def.default]),
    );
}

export class QuotaEnforcer {
    private readonly defs: Record<string, QuotaLimitDef>;
    private limits: Record<string, number>;
    readonly windows = new SlidingWindows();

    constructor(
        metrics: readonly QuotaMetric[],
        limits: Readonly<Record<string, unknown>>,
        private readonly now: () => number,
    ) {
        this.defs = quotaLimitDefs(metrics);
        this.limits = quotaDefaults(metrics);
        this.set(limits);
    }

    get(): Record<string, number> {
        return { ...this.limits };
    }

    /** Validates and merges some limits (options, admin API); throws Error naming the offending key. */
    set(limits: Readonly<Record<string, unknown>>): Record<string, number> {
        this.limits = { ...this.limits, ...this.check(limits) };
        return this.get();
    }

    /** Validates a partial set of limits (undefined values are left out); throws Error with the offending key. */
    check(limits: Readonly<Record<string, unknown>>): Record<string, number> {
        const out: Record<string, number> = {};
        for (const [key, value] of Object.entries(limits)) {
            if (value === undefined) continue;
            const def = this.defs[key];
            if (!def) throw new Error(`unknown quota '${key}' (known: ${Object.keys(this.defs).join(", ")})`);
            if (typeof value !== "number" || !Number.isInteger(value) || value < def.min) {
                throw new Error(`quota '${key}' must be a non-negative integer${def.min > 0 ? ` >= ${def.min}` : ""}`);
            }
            out[key] = value;
        }
        return out;
    }

    /** Forgets the request history (limits are kept). */
    reset(): void {
        this.windows.clear();
    }

    /** Runs the metrics' checks in order; the first to refuse throws. */
    admit(metrics: readonly QuotaMetric[], request: Omit<QuotaRequest, "limits" | "now" | "windows">): void {
        const q: QuotaRequest = { ...request, limits: this.limits, now: this.now(), windows: this.windows };
        for (const metric of metrics) metric.admit(q);
    }
}
