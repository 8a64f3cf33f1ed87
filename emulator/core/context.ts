// What an API handler gets to work with.

import type { OperationEngine, OperationFault } from "./operations";
import type { CloudStorage } from "./storage";
import type { NamespaceState } from "./store";

export interface ApiContext {
    /** The namespace the API's claim named (ml: "global" or the region of the regional endpoint addressed). */
    namespace: string;
    ns: NamespaceState;
    engine: OperationEngine;
    clock(): number;
    projectNumber(project: string): string;
    query: URLSearchParams;
    /** Parsed JSON body; undefined when the request had none. */
    body: unknown;
    /** Size of the request body as received, in bytes (per-method payload limits). */
    bodyBytes: number;
    /**
     * Consume a pending "operationFailed"/"operationHang" fault for this request. Only called once an
     * operation is actually started, so rejected requests do not use up the fault.
     */
    takeOperationFault(): OperationFault | undefined;
    /** The Cloud Storage endpoint to check model files in (its `url` is undefined when there is none). */
    storage: CloudStorage;
}
