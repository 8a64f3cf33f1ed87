// Google's per-project limits of AI Platform Prediction (reference §7), as quota metrics of the core (core/quotas.ts):
// resource-management requests per window, concurrent version create/delete operations, and the maximum numbers of
// models and versions. Counted per project across all endpoints (global and regional). See BEHAVIOUR.md "Quotas".

import { TYPE_ERROR_INFO } from "../core/constants";
import { ApiError } from "../core/errors";
import { rateLimitExceeded, type QuotaMetric } from "../core/quotas";
import { mlOperationsOf, modelsOf, versionsOf } from "./records";

const SERVICE = "ml.googleapis.com";
const GATED_RPCS = new Set([
    "google.cloud.ml.v1.ModelService.CreateVersion",
    "google.cloud.ml.v1.ModelService.DeleteVersion",
    "google.cloud.ml.v1.ModelService.DeleteModel",
]);
const GATED_OPERATION_TYPES = new Set(["CREATE_VERSION", "DELETE_VERSION", "DELETE_MODEL"]);

/** Resource-management requests per project per window (sliding); refused with 429 (refused requests do not count). */
const REQUESTS: QuotaMetric = {
    limits: {
        requestsPerWindow: {
            default: 300,
            min: 0,
            flag: "quota-requests-per-window",
            help: "requests per project per window",
        },
        windowMs: { default: 60_000, min: 1, flag: "quota-window-ms", help: "length of the request-quota window" },
    },
    admit(q) {
        const requestsPerWindow = q.limits.requestsPerWindow;
        const windowMs = q.limits.windowMs;
        if (requestsPerWindow === 0) return;
        const counted = q.windows.admit(`ml/${q.project}`, requestsPerWindow, windowMs, q.now);
        if (counted.admitted) return;
        throw rateLimitExceeded(
            `Quota exceeded for quota metric 'Resource management requests' and limit 'Resource management requests ` +
                `per minute' of service '${SERVICE}' for consumer 'project_number:${q.projectNumber}'.`,
            {
                service: SERVICE,
                consumer: `projects/${q.projectNumber}`,
                quota_metric: `${SERVICE}/resource_management_requests`,
                quota_limit: "ResourceManagementRequestsPerMinutePerProject",
                quota_limit_value: String(requestsPerWindow),
                quota_window_ms: String(windowMs),
                method: q.rpc,
            },
            counted.retryAfterMs,
        );
    },
};

/** Refuses an 11th concurrent version create / delete (403 CONCURRENT_OPERATIONS_QUOTA_EXCEEDED, as compute does). */
const CONCURRENT_OPERATIONS: QuotaMetric = {
    limits: {
        concurrentOperations: {
            default: 10,
            min: 0,
            flag: "quota-concurrent-operations",
            help: "version creates/deletes in flight per project",
        },
    },
    admit(q) {
        const limit = q.limits.concurrentOperations;
        if (limit === 0 || !GATED_RPCS.has(q.rpc)) return;
        let inFlight = 0;
        for (const name of q.store.namespaceNames()) {
            for (const op of mlOperationsOf(q.store.ns(name), q.project)) {
                if (!op.done && GATED_OPERATION_TYPES.has(op.type)) inFlight++;
            }
        }
        if (inFlight < limit) return;
        throw new ApiError(
            "RESOURCE_EXHAUSTED",
            `Rate Limit Exceeded: project ${q.project} already has ${inFlight} version create and delete operations in ` +
                `progress (limit ${limit} concurrent); retry when one has finished.`,
            [
                {
                    "@type": TYPE_ERROR_INFO,
                    reason: "CONCURRENT_OPERATIONS_QUOTA_EXCEEDED",
                    domain: SERVICE,
                    metadata: {
                        containerType: "PROJECT",
                        containerId: q.projectNumber,
                        quota_limit_value: String(limit),
                        method: q.rpc,
                    },
                },
            ],
            403,
        );
    },
};

/** Refuses a model or version beyond the project's maximum: 400 FAILED_PRECONDITION (time does not cure it). */
const RESOURCE_COUNTS: QuotaMetric = {
    limits: {
        maxModels: { default: 100, min: 0, flag: "max-models", help: "models per project" },
        maxVersions: { default: 200, min: 0, flag: "max-versions", help: "versions per project" },
    },
    admit(q) {
        const kind = q.rpc.endsWith(".CreateModel")
            ? "models"
            : q.rpc.endsWith(".CreateVersion")
              ? "versions"
              : undefined;
        if (!kind) return;
        const limit = kind === "models" ? q.limits.maxModels : q.limits.maxVersions;
        if (limit === 0) return;
        let count = 0;
        for (const name of q.store.namespaceNames()) {
            const ns = q.store.ns(name);
            const models = modelsOf(ns, q.project);
            count += kind === "models" ? models.length : models.reduce((n, m) => n + versionsOf(ns, m.name).length, 0);
        }
        if (count < limit) return;
        throw new ApiError(
            "FAILED_PRECONDITION",
            `Project ${q.project} already has ${count} ${kind}, the maximum allowed per project (${limit}). ` +
                `Delete unused ${kind} or request a quota increase.`,
            [
                {
                    "@type": TYPE_ERROR_INFO,
                    reason:
                        kind === "models" ? "MODELS_PER_PROJECT_LIMIT_EXCEEDED" : "VERSIONS_PER_PROJECT_LIMIT_EXCEEDED",
                    domain: SERVICE,
                    metadata: { containerType: "PROJECT", containerId: q.projectNumber, limit: String(limit) },
                },
            ],
        );
    },
};

/** In the order they are checked (as before the core/ml split: requests, then operations, then counts). */
export const ML_QUOTA_METRICS: readonly QuotaMetric[] = [REQUESTS, CONCURRENT_OPERATIONS, RESOURCE_COUNTS];
