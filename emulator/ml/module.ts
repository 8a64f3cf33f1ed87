// The ml v1 API (ml.googleapis.com: projects.models, projects.models.versions, projects.operations) as a module of
// the emulator core (emulator/core/README.md): wiring only.

import type { ApiModule } from "../core/api";
import { ML_OPERATION_ACTIONS } from "./lifecycle";
import { mlClaim } from "./namespace";
import { ML_OUT_OF_BAND } from "./outOfBand";
import { ML_QUOTA_METRICS } from "./quotas";
import { MODELS, VERSIONS, type MlOperationRecord } from "./records";
import { mlSnapshot, renderOperation } from "./render";
import { ML_ROUTES } from "./routes";
import { DURATION_KEY } from "./startOperation";

export const ML_API: ApiModule = {
    id: "ml",
    service: "ml.googleapis.com",
    claim: mlClaim,
    routes: ML_ROUTES,
    recordKinds: [MODELS, VERSIONS],
    operationActions: ML_OPERATION_ACTIONS,
    renderOperation: (op, projectNumber) => renderOperation(op as MlOperationRecord, projectNumber),
    // The library's defaults: operations are done at once (the CLI's are in main.ts).
    durations: Object.fromEntries(Object.values(DURATION_KEY).map((key) => [key, 0])),
    quotaMetrics: ML_QUOTA_METRICS,
    snapshot: mlSnapshot,
    outOfBand: ML_OUT_OF_BAND,
    statusFaultMessages: {
        429: "Quota exceeded for quota metric 'Resource management requests' and limit 'Resource management requests per minute' of service 'ml.googleapis.com'.",
    },
};
