// The Vertex AI v1 API (aiplatform.googleapis.com: projects.locations.endpoints, .models and their operations) as a
// module of the emulator core (emulator/core/README.md): wiring only.

import type { ApiModule, Claim } from "../core/api";
import { vertexInvalidField } from "./errors";
import { VERTEX_OPERATION_ACTIONS } from "./lifecycle";
import { VERTEX_DURATION_KEYS } from "./operationsStart";
import { VERTEX_OUT_OF_BAND } from "./outOfBand";
import { VERTEX_QUOTA_METRICS } from "./quotas";
import { ENDPOINTS, MODELS, VERSIONS, VERTEX_NAMESPACE, type VertexOperationRecord } from "./records";
import { renderOperation, vertexSnapshot } from "./render";
import { VERTEX_ROUTES } from "./routes";

/** Vertex paths are location-scoped (`/v1/projects/P/locations/L/…`, `/v1beta1/…` for gcloud's operation polls). */
const VERTEX_PATH = /^\/(?:v1|v1beta1)\/projects\/[^/]+\/locations\/([^/:]+)/;

/** A regional host (`{region}-aiplatform…`, `{region}-prediction-aiplatform…`): its region. */
const REGIONAL_HOST = /^([a-z]+-[a-z]+[0-9]+)-(?:prediction-)?aiplatform\./;

export function vertexClaim(path: string, host?: string): Claim | undefined {
    const location = VERTEX_PATH.exec(path)?.[1];
    if (location === undefined) return undefined;
    const hostRegion = REGIONAL_HOST.exec(host ?? "")?.[1];
    if (hostRegion === undefined || hostRegion === location) return { namespace: VERTEX_NAMESPACE, path };
    // Google's regional front end refuses a path in another location (reference §1); a host without a region (an
    // override URL such as 127.0.0.1:PORT, or the global host) is not checked.
    const field = /\/(?:endpoints|models)(?:\?|$|:upload)/.test(path) ? "parent" : "name";
    return {
        namespace: VERTEX_NAMESPACE,
        path,
        refusal: vertexInvalidField(
            field,
            `The provided location ID doesn't match the endpoint. The valid location ID is \`${hostRegion}\`.`,
        ),
    };
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
