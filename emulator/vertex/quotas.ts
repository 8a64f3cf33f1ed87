// Vertex AI request quotas per project and region (reference §6; https://cloud.google.com/vertex-ai/docs/quotas,
// "Request quotas"): resource management (CRUD) requests 600 per minute, job/LRO submissions 60 per minute, online
// prediction requests 30 000 per minute. Sliding one-minute windows per project+region; refused with 429
// RESOURCE_EXHAUSTED, an ErrorInfo and a RetryInfo (shape: reference §5, "plausible"), the refused request not counted.

import { rateLimitExceeded, type QuotaMetric, type QuotaRequest } from "../core/quotas";

const SERVICE = "aiplatform.googleapis.com";
const WINDOW_MS = 60_000;
const PREDICT_RPC = "google.cloud.aiplatform.v1.PredictionService.Predict";
const LRO_RPCS = new Set(
    [
        "EndpointService.CreateEndpoint",
        "EndpointService.DeleteEndpoint",
        "EndpointService.DeployModel",
        "EndpointService.UndeployModel",
        "EndpointService.MutateDeployedModel",
        "ModelService.UploadModel",
        "ModelService.DeleteModel",
        "ModelService.DeleteModelVersion",
    ].map((rpc) => `google.cloud.aiplatform.v1.${rpc}`),
);

function metric(
    key: string,
    limit: number,
    help: string,
    quotaMetric: string,
    quotaLimit: string,
    counts: (rpc: string) => boolean,
): QuotaMetric {
    return {
        limits: {
            [key]: {
                default: limit,
                min: 0,
                flag: `quota-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
                help,
            },
        },
        admit(q: QuotaRequest) {
            const value = q.limits[key];
            if (value === 0 || !counts(q.rpc)) return;
            const region = q.params[1] ?? "global";
            const counted = q.windows.admit(`vertex/${key}/${q.projectNumber}/${region}`, value, WINDOW_MS, q.now);
            if (counted.admitted) return;
            throw rateLimitExceeded(
                `Quota exceeded for quota metric '${quotaMetric}' and limit '${quotaLimit}' of service '${SERVICE}' ` +
                    `for consumer 'project_number:${q.projectNumber}' in region ${region}. Retry after a minute, or ask for more quota.`,
                {
                    service: SERVICE,
                    consumer: `projects/${q.projectNumber}`,
                    quota_metric: `${SERVICE}/${quotaMetric}`,
                    quota_limit: quotaLimit,
                    quota_limit_value: String(value),
                    quota_location: region,
                    method: q.rpc,
                },
                counted.retryAfterMs,
            );
        },
    };
}

export const VERTEX_QUOTA_METRICS: readonly QuotaMetric[] = [
    metric(
        "vertexRequestsPerMinute",
        600,
        "Vertex resource management requests per project and region per minute",
        "resource_management_requests",
        "ResourceManagementRequestsPerMinutePerProjectPerRegion",
        (rpc) => rpc !== PREDICT_RPC,
    ),
    metric(
        "vertexOperationsPerMinute",
        60,
        "Vertex long-running operation submissions per project and region per minute",
        "job_submission_requests",
        "JobSubmissionRequestsPerMinutePerProjectPerRegion",
        (rpc) => LRO_RPCS.has(rpc),
    ),
    metric(
        "vertexPredictionsPerMinute",
        30_000,
        "Vertex online prediction requests per project and region per minute",
        "online_prediction_requests",
        "OnlinePredictionRequestsPerMinutePerProjectPerRegion",
        (rpc) => rpc === PREDICT_RPC,
    ),
];
