// Google's per-project limits of AI Platform Prediction (reference §7), enforced on every v1 request:
// resource-management requests per window, concurrent version create/delete operations, and the maximum numbers of
// models and versions. Counted per project across all endpoints (global and regional). See BEHAVIOUR.md "Quotas".

import { TYPE_ERROR_INFO } from "../ml/constants";
import { ApiError, TYPE_RETRY_INFO } from "./errors";
import type { Store } from "./store";

/** A google.protobuf.Duration in proto3 JSON: seconds with up to 3 decimals, e.g. "1.5s". */
function durationJson(ms: number): string {
    return `${Number((Math.max(0, ms) / 1000).toFixed(3))}s`;
}

/**
 * Google's per-project limits as the emulator enforces them, counted per project across the global and regional
 * endpoints (BEHAVIOUR.md "Quotas"). Default {@link GOOGLE_QUOTAS}.
 */
export interface QuotaLimits {
    /**
     * API requests admitted per project in any `windowMs` (sliding); more are refused with 429 RESOURCE_EXHAUSTED.
     * Default 300; 0 = unlimited.
     */
    requestsPerWindow: number;
    /** The window of `requestsPerWindow`, in milliseconds; default 60000 (a minute, as Google's); at least 1. */
    windowMs: number;
    /**
     * Version creates, version deletes and model deletes in flight per project; one more is refused with 403
     * RESOURCE_EXHAUSTED (`CONCURRENT_OPERATIONS_QUOTA_EXCEEDED`). Default 10; 0 = unlimited.
     */
    concurrentOperations: number;
    /** Models per project; `models.create` past it is refused with 400 FAILED_PRECONDITION. Default 100; 0 = unlimited. */
    maxModels: number;
    /**
     * Versions per project (those being deleted count); `versions.create` past it is refused with 400
     * FAILED_PRECONDITION. Default 200; 0 = unlimited.
     */
    maxVersions: number;
}

/**
 * Google's published numbers, the default: 300 requests per 60000 ms window, 10 concurrent operations, 100 models,
 * 200 versions.
 */
export const GOOGLE_QUOTAS: Readonly<QuotaLimits> = {
    requestsPerWindow: 300,
    windowMs: 60_000,
    concurrentOperations: 10,
    maxModels: 100,
    maxVersions: 200,
};

/** Quotas switched off (every limit 0; window 60000 ms), for tests that are not about quotas: `{ quotas: NO_QUOTAS }`. */
export const NO_QUOTAS: Readonly<QuotaLimits> = {
    requestsPerWindow: 0,
    windowMs: 60_000,
    concurrentOperations: 0,
    maxModels: 0,
    maxVersions: 0,
};

const SERVICE = "ml.googleapis.com";
const GATED_RPCS = new Set([
    "google.cloud.ml.v1.ModelService.CreateVersion",
    "google.cloud.ml.v1.ModelService.DeleteVersion",
    "google.cloud.ml.v1.ModelService.DeleteModel",
]);
const GATED_OPERATION_TYPES = new Set(["CREATE_VERSION", "DELETE_VERSION", "DELETE_MODEL"]);

/** Validates a partial QuotaLimits (admin API, CLI); throws Error with the offending key. */
export function checkQuotaLimits(limits: Record<string, unknown>): Partial<QuotaLimits> {
    const out: Partial<QuotaLimits> = {};
    for (const [key, value] of Object.entries(limits)) {
        if (!(key in GOOGLE_QUOTAS)) {
            throw new Error(`unknown quota '${key}' (known: ${Object.keys(GOOGLE_QUOTAS).join(", ")})`);
        }
        if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || (key === "windowMs" && value < 1)) {
            throw new Error(`quota '${key}' must be a non-negative integer${key === "windowMs" ? " >= 1" : ""}`);
        }
        out[key as keyof QuotaLimits] = value;
    }
    return out;
}

export class QuotaEnforcer {
    private limits: QuotaLimits;
    /** Per project: times (ms) of the requests admitted in the current window, oldest first. */
    private readonly admitted = new Map<string, number[]>();

    constructor(
        limits: Partial<QuotaLimits>,
        private readonly now: () => number,
    ) {
        this.limits = { ...GOOGLE_QUOTAS, ...limits };
    }

    get(): QuotaLimits {
        return { ...this.limits };
    }

    set(limits: Partial<QuotaLimits>): QuotaLimits {
        this.limits = { ...this.limits, ...limits };
        return this.get();
    }

    /** Forgets the request history (limits are kept). */
    reset(): void {
        this.admitted.clear();
    }

    /** Counts a request against the project's window, or refuses it with 429 (refused requests do not count). */
    admitRequest(project: string, projectNumber: string, rpc: string): void {
        const { requestsPerWindow, windowMs } = this.limits;
        if (requestsPerWindow === 0) return;
        const now = this.now();
        const times = (this.admitted.get(project) ?? []).filter((t) => t > now - windowMs);
        this.admitted.set(project, times);
        if (times.length >= requestsPerWindow) {
            throw new ApiError(
                "RESOURCE_EXHAUSTED",
                `Quota exceeded for quota metric 'Resource management requests' and limit 'Resource management requests ` +
                    `per minute' of service '${SERVICE}' for consumer 'project_number:${projectNumber}'.`,
                [
                    {
                        "@type": TYPE_ERROR_INFO,
                        reason: "RATE_LIMIT_EXCEEDED",
                        domain: "googleapis.com",
                        metadata: {
                            service: SERVICE,
                            consumer: `projects/${projectNumber}`,
                            quota_metric: `${SERVICE}/resource_management_requests`,
                            quota_limit: "ResourceManagementRequestsPerMinutePerProject",
                            quota_limit_value: String(requestsPerWindow),
                            quota_window_ms: String(windowMs),
                            method: rpc,
                        },
                    },
                    // When the oldest counted request leaves the window, as Google's APIs say it: RetryInfo.
                    { "@type": TYPE_RETRY_INFO, retryDelay: durationJson(times[0] + windowMs - now) },
                ],
            );
        }
        times.push(now);
    }

    /** Refuses an 11th concurrent version create / delete (403 CONCURRENT_OPERATIONS_QUOTA_EXCEEDED, as compute does). */
    admitOperation(store: Store, project: string, projectNumber: string, rpc: string): void {
        const limit = this.limits.concurrentOperations;
        if (limit === 0 || !GATED_RPCS.has(rpc)) return;
        let inFlight = 0;
        for (const name of store.namespaceNames()) {
            for (const op of store.ns(name).operationsOf(project)) {
                if (!op.done && GATED_OPERATION_TYPES.has(op.type)) inFlight++;
            }
        }
        if (inFlight < limit) return;
        throw new ApiError(
            "RESOURCE_EXHAUSTED",
            `Rate Limit Exceeded: project ${project} already has ${inFlight} version create and delete operations in ` +
                `progress (limit ${limit} concurrent); retry when one has finished.`,
            [
                {
                    "@type": TYPE_ERROR_INFO,
                    reason: "CONCURRENT_OPERATIONS_QUOTA_EXCEEDED",
                    domain: SERVICE,
                    metadata: {
                        containerType: "PROJECT",
                        containerId: projectNumber,
                        quota_limit_value: String(limit),
                        method: rpc,
                    },
                },
            ],
            403,
        );
    }

    /** Refuses a model or version beyond the project's maximum: 400 FAILED_PRECONDITION (time does not cure it). */
    admitNewResource(store: Store, project: string, projectNumber: string, rpc: string): void {
        const kind = rpc.endsWith(".CreateModel") ? "models" : rpc.endsWith(".CreateVersion") ? "versions" : undefined;
        if (!kind) return;
        const limit = kind === "models" ? this.limits.maxModels : this.limits.maxVersions;
        if (limit === 0) return;
        let count = 0;
        for (const name of store.namespaceNames()) {
            const ns = store.ns(name);
            const models = ns.modelsOf(project);
            count += kind === "models" ? models.length : models.reduce((n, m) => n + ns.versionsOf(m.name).length, 0);
        }
        if (count < limit) return;
        throw new ApiError(
            "FAILED_PRECONDITION",
            `Project ${project} already has ${count} ${kind}, the maximum allowed per project (${limit}). ` +
                `Delete unused ${kind} or request a quota increase.`,
            [
                {
                    "@type": TYPE_ERROR_INFO,
                    reason:
                        kind === "models" ? "MODELS_PER_PROJECT_LIMIT_EXCEEDED" : "VERSIONS_PER_PROJECT_LIMIT_EXCEEDED",
                    domain: SERVICE,
                    metadata: { containerType: "PROJECT", containerId: projectNumber, limit: String(limit) },
                },
            ],
        );
    }
}
