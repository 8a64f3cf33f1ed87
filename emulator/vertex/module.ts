// The Vertex AI v1 API (aiplatform.googleapis.com: projects.locations.endpoints, .models and their operations) as a
// module of the emulator core (emulator/core/README.md): wiring only.

import type { ApiModule, Claim } from "../core/api";
import { VERTEX_OPERATION_ACTIONS } from "./lifecycle";
import { VERTEX_DURATION_KEYS } from "./operationsStart";
import { VERTEX_OUT_OF_BAND } from "./outOfBand";
import { VERTEX_QUOTA_METRICS } from "./quotas";
import { ENDPOINTS, MODELS, VERSIONS, VERTEX_NAMESPACE, type VertexOperationRecord } from "./records";
import { renderOperation, vertexSnapshot } from "./render";
import { VERTEX_ROUTES } from "./routes";

/** Vertex paths are location-scoped (`/v1/projects/P/locations/L/…`, `/v1beta1/…` for gcloud's operation polls). */
const VERTEX_PATH = /^\/(?:v1|v1beta1)\/projects\/[^/]+\/locations\//;

export function vertexClaim(path: string): Claim | undefined {
    return VERTEX_PATH.test(path) ? { namespace: VERTEX_NAMESPACE, path } : undefined;
}

export const VERTEX_API: ApiModule = {
    id: "vertex",
    service: "aiplatform.googleapis.com",
    claim: vertexClaim,
    routes: VERTEX_ROUTES,
    recordKinds: [ENDPOINTS, MODELS, VERSIONS],
    operationActions: VERTEX_OPERATION_ACTIONS,
    renderOperation: (op) => renderOperation(op as VertexOperationRecord),
    // The library's defaults: operations are done at once (the CLI's are in main.ts).
    durations: Object.fromEntries(VERTEX_DURATION_KEYS.map((key) => [key, 0])),
    quotaMetrics: VERTEX_QUOTA_METRICS,
    snapshot: (ns) => vertexSnapshot(ns),
    outOfBand: VERTEX_OUT_OF_BAND,
    statusFaultMessages: {
        429: "Quota exceeded for quota metric 'Resource management requests' and limit 'Resource management requests per minute per region' of service 'aiplatform.googleapis.com'.",
    },
};
