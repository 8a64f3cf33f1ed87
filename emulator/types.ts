// Public types of the emulator: options, the programmatic handle, faults and the request log.
// Wire-format resource types live in resources.ts.

import type { Clock } from "./core/clock";

/**
 * How long (ms) each kind of long-running operation takes before it is done (its change applies then). A change
 * applies to operations started after it. Default 0 ms each in `startEmulator`; the CLI's defaults are 3000 ms for
 * `createVersion` and 1000 ms for the others.
 */
export interface OperationDurations {
    /** CREATE_VERSION (`versions.create`): the version stays CREATING this long, then READY. Milliseconds. */
    createVersion: number;
    /** UPDATE_VERSION (`versions.patch`): the version stays UPDATING this long, then shows the change. Milliseconds. */
    updateVersion: number;
    /** DELETE_VERSION (`versions.delete`): the version stays DELETING this long, then is gone. Milliseconds. */
    deleteVersion: number;
    /** UPDATE_MODEL (`models.patch`): the change shows when the operation is done. Milliseconds. */
    updateModel: number;
    /** DELETE_MODEL (`models.delete`): the model is gone when the operation is done. Milliseconds. */
    deleteModel: number;
    /** Vertex `endpoints.create`: the operation is done after this long (the endpoint is readable at once). Milliseconds. */
    vertexCreateEndpoint: number;
    /** Vertex `endpoints.delete`: the endpoint is gone when the operation is done. Milliseconds. */
    vertexDeleteEndpoint: number;
    /** Vertex `endpoints.deployModel`: the deployed model and the new traffic split appear when it is done. Milliseconds. */
    vertexDeployModel: number;
    /** Vertex `endpoints.undeployModel`: the deployed model goes (and the split changes) when it is done. Milliseconds. */
    vertexUndeployModel: number;
    /** Vertex `endpoints.mutateDeployedModel`: the replica change shows when it is done. Milliseconds. */
    vertexMutateDeployedModel: number;
    /** Vertex `models.upload` (after any Cloud Storage check): the version is ready when it is done. Milliseconds. */
    vertexUploadModel: number;
    /** Vertex `models.delete`: the model and its versions are gone when it is done. Milliseconds. */
    vertexDeleteModel: number;
    /** Vertex `models.deleteVersion`: the version is gone (and `default` moved) when it is done. Milliseconds. */
    vertexDeleteVersion: number;
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
    /**
     * Vertex AI resource management requests (everything but predict) per project and region per minute (sliding);
     * more are refused with 429 RESOURCE_EXHAUSTED. Default 600 (Vertex quotas page); 0 = unlimited.
     */
    vertexRequestsPerMinute: number;
    /**
     * Vertex AI long-running operation submissions (create/delete endpoint, deploy, undeploy, mutate, upload, model
     * and version deletes) per project and region per minute; more are refused with 429. Default 60; 0 = unlimited.
     */
    vertexOperationsPerMinute: number;
    /** Vertex AI online prediction requests per project and region per minute; default 30000; 0 = unlimited. */
    vertexPredictionsPerMinute: number;
}

/** What `startEmulator` starts: every option is optional, and an emulator without any is in memory on a free port. */
export interface EmulatorOptions {
    /** TCP port to listen on; 0 (default) = a free port chosen by the system (read it from `EmulatorHandle.port`). */
    port?: number;
    /** Interface to bind; default `127.0.0.1` (keep it on loopback: the emulator accepts any bearer token). */
    host?: string;
    /** Per-kind operation durations (ms); unspecified kinds default to 0 ms (operations are done at once). */
    durations?: Partial<OperationDurations>;
    /**
     * When set, state is loaded from this file on start, every change is appended to a journal next to it
     * (`<file>.journal.<n>`) and the journal is folded into the file by compactions and on stop (BEHAVIOUR.md).
     * Default: none, the state lives in memory and is gone on stop. One emulator process per file.
     */
    stateFile?: string;
    /** Reported as `metadata.projectNumber` on operations; default: derived from the project id. */
    projectNumber?: string;
    /**
     * Which API to serve: `"ml"` (ml.googleapis.com v1) or `"all"` (default: every API the emulator knows, on one
     * port; each claims its own paths, so one never changes another's answers).
     */
    api?: string;
    /**
     * Longest an `operations.wait` waits (ms), whatever timeout the client asks for; default 60000 (the front end's
     * deadline, unconfirmed). APIs without operations.wait (ml v1) are not affected.
     */
    waitCapMs?: number;
    /** Seed for the fault PRNG (probabilistic faults); default 0x5eed. */
    faultSeed?: number;
    /**
     * Cloud Storage JSON API endpoint (e.g. fake-gcs-server at `http://127.0.0.1:4443`, with or without
     * `/storage/v1/`). When set, versions.create checks the model files there as Google does (BEHAVIOUR.md).
     */
    storageUrl?: string;
    /**
     * Google's per-project limits; the limits not given keep Google's numbers ({@link GOOGLE_QUOTAS}, the default);
     * a 0 turns one off ({@link NO_QUOTAS}: all off). Change them later with `EmulatorHandle.setQuotas`.
     */
    quotas?: Partial<QuotaLimits>;
    /**
     * Time source of operations, quotas and timestamps; default the system clock. Tests move it ahead to finish
     * operations without sleeping (timers still run on real time: a request after the move completes what is due).
     */
    clock?: Clock;
}

/**
 * What an injected fault does: `status` answers with an HTTP error instead of handling the request; `drop` closes
 * the socket without applying the request; `lostResponse` applies the request, then closes the socket (the client
 * never sees the answer); `operationFailed` lets the request start its operation, which then ends with an `error`
 * (a created version ends FAILED); `operationHang` starts an operation that never finishes.
 */
export type FaultKind = "status" | "drop" | "lostResponse" | "operationFailed" | "operationHang";

/**
 * A fault to inject (`EmulatorHandle.injectFault`, or `POST /__emulator/faults`): which requests it matches
 * (`method`, `path`), what it does (`kind`) and how often (`times`, `probability`). Faults are checked in the order
 * they were injected; an invalid spec throws.
 */
export interface FaultSpec {
    /** HTTP verb (any case) the request must have; default any. */
    method?: string;
    /** RegExp source matched against the URL path (without query), default any. */
    path?: string;
    /** What the fault does (see {@link FaultKind}). */
    kind: FaultKind;
    /** For "status": the HTTP status to answer with, 400..599 (e.g. 429, 500, 503); default 503. */
    status?: number;
    /** For "status": adds a Retry-After header. */
    retryAfterSeconds?: number;
    /** Error message for "status" and "operationFailed". */
    message?: string;
    /** For "operationFailed": google.rpc.Code of the operation error (default 13 INTERNAL). */
    code?: number;
    /** How many matching requests it affects; default 1; Infinity or -1 = unlimited. */
    times?: number;
    /**
     * 0..1: affects each matching request with this probability (seeded PRNG, `EmulatorOptions.faultSeed`, so a run
     * repeats); default: every matching request.
     */
    probability?: number;
}

/**
 * One API request as the emulator received and answered it (`EmulatorHandle.requests`): admin requests are not
 * recorded; refused and faulted ones are. The log keeps the newest 2000 entries and 8 MiB of bodies.
 */
export interface RecordedRequest {
    /** Order of arrival, from 1; keeps counting when old entries are evicted or the log is cleared. */
    seq: number;
    /** When the request arrived, RFC 3339 with milliseconds (`2026-01-02T03:04:05.678Z`), on the system clock. */
    time: string;
    /** HTTP verb as sent (`GET`, `POST`, `PATCH`, `DELETE`; a POST with `X-HTTP-Method-Override` stays `POST`). */
    method: string;
    /** URL path as received, without query (and without scheme/host for absolute-form requests). */
    path: string;
    /** Query parameters, decoded (`updateMask`, `pageToken`, …). */
    query: Record<string, string>;
    /**
     * The parsed JSON body; undefined without one. Over 256 KiB it is kept as the string
     * `<N bytes, omitted from the request log>`, nested deeper than 100 levels as its text.
     */
    body: unknown;
    /** HTTP status sent (or that would have been sent, for "lostResponse"); 0 when dropped. */
    status: number;
    /** The injected fault that hit this request, if any. */
    fault?: FaultKind;
    /** "global" or the region of a regional endpoint. */
    namespace: string;
}

/**
 * Changes made around the API, as someone in the Cloud Console would (drift, for tests): no operation, no validation,
 * not recorded in the request log. `namespace` is `"global"` (default) or a region of a regional endpoint. Both throw
 * when the resource does not exist.
 */
export interface OutOfBandControls {
    /**
     * Change a model or version (full resource name) as if done in the Cloud Console: shallow-merges `fields`
     * (snake or camel keys; `null` deletes a field), bumps the etag, starts no operation and skips API validation.
     * A version's `state`, `errorMessage` and `createTime` can be set; a model's `defaultVersion` (an id or `{name}`)
     * moves the default.
     */
    patch(resourceName: string, fields: Record<string, unknown>, namespace?: string): void;
    /**
     * Delete a model (with its versions) or a version (full resource name) as if done in the Cloud Console; deleting
     * the default version leaves the model without a default.
     */
    delete(resourceName: string, namespace?: string): void;
}

/** A running emulator (from `startEmulator`): its address and the controls a test uses. */
export interface EmulatorHandle {
    /** `http://HOST:PORT` (no trailing slash): the API is under `/v1/`, regional endpoints under `/{region}/v1/`. */
    url: string;
    /** The TCP port it listens on (the one chosen by the system when `EmulatorOptions.port` was 0). */
    port: number;
    /**
     * Stop: pending operation timers end, the state file (if any) is compacted into a snapshot, the server closes
     * (open keep-alive connections included). Calling it again returns the same promise.
     */
    stop(): Promise<void>;
    /**
     * Clear the state (models, versions, operations of every namespace, and the state file), the faults (restarting
     * the fault PRNG), the request log and the quotas' request history. Kept: durations, quota limits and the Cloud
     * Storage endpoint.
     */
    reset(): void;
    /** Change some operation durations (ms); the others keep theirs. Applies to operations started afterwards. */
    setDurations(d: Partial<OperationDurations>): void;
    /** Set (or, with undefined, remove) the Cloud Storage endpoint versions.create checks; kept by reset(). */
    setStorageUrl(url: string | undefined): void;
    /** Add a fault for the requests it matches (see {@link FaultSpec}); throws on an invalid spec. */
    injectFault(f: FaultSpec): void;
    /** Remove every injected fault, used up or not. */
    clearFaults(): void;
    /** A copy of the request log, oldest first (see {@link RecordedRequest}). */
    requests(): RecordedRequest[];
    /** Empty the request log (`seq` keeps counting). */
    clearRequests(): void;
    /** Console-style changes and deletions around the API (drift). */
    outOfBand: OutOfBandControls;
    /** Full state dump (models, versions, operations per namespace). */
    snapshot(): StateSnapshot;
    /** The quota limits in force; `setQuotas` changes some (0 turns one off) and returns them all. */
    quotas(): QuotaLimits;
    /**
     * Change some quota limits (0 turns one off; the others keep theirs) and return all of them; throws naming an
     * unknown key or a value that is not a whole number ≥ 0 (`windowMs` ≥ 1).
     */
    setQuotas(limits: Partial<QuotaLimits>): QuotaLimits;
}

/** One endpoint's state (global, or one region's), each record as the API would answer a `get` of it. */
export interface NamespaceSnapshot {
    /** Its models (wire format: `name`, `regions`, `defaultVersion`, `etag`, …), sorted by name. */
    models: unknown[];
    /** Its versions of every model (wire format, with `state` and `isDefault`), sorted by name. */
    versions: unknown[];
    /** Its operations, finished or not, in creation order (wire format: `name`, `metadata`, `done`, `response`/`error`). */
    operations: unknown[];
}

/** The whole state (`EmulatorHandle.snapshot`, `GET /__emulator/state`), after finishing what is due. */
export interface StateSnapshot {
    /** The operation durations in force (ms). */
    durations: OperationDurations;
    /** Each endpoint's state by namespace: `"global"` or a region (only those used so far). */
    namespaces: Record<string, NamespaceSnapshot>;
}
