// Public types of the emulator: options, the programmatic handle, faults and the request log.
// Wire-format resource types live in resources.ts.

import type { Clock } from "./clock";
import type { QuotaLimits } from "./quotas";

/** How long (ms) each kind of long-running operation takes before it is done. */
export interface OperationDurations {
    createVersion: number;
    updateVersion: number;
    deleteVersion: number;
    updateModel: number;
    deleteModel: number;
}

export interface EmulatorOptions {
    /** 0 (default) = random free port. */
    port?: number;
    /** Interface to bind; default 127.0.0.1. */
    host?: string;
    /** Per-kind operation durations; unspecified kinds default to 0 ms. */
    durations?: Partial<OperationDurations>;
    /**
     * When set, state is loaded from this file on start, every change is appended to a journal next to it
     * (`<file>.journal.<n>`) and the journal is folded into the file by compactions and on stop (BEHAVIOUR.md).
     */
    stateFile?: string;
    /** Reported as `metadata.projectNumber` on operations; default: derived from the project id. */
    projectNumber?: string;
    /** Seed for the fault PRNG (probabilistic faults); default 0x5eed. */
    faultSeed?: number;
    /**
     * Cloud Storage JSON API endpoint (e.g. fake-gcs-server at `http://127.0.0.1:4443`, with or without
     * `/storage/v1/`). When set, versions.create checks the model files there as Google does (BEHAVIOUR.md).
     */
    storageUrl?: string;
    /** Google's per-project limits, on by default (GOOGLE_QUOTAS); a 0 turns one off (NO_QUOTAS: all off). */
    quotas?: Partial<QuotaLimits>;
    /**
     * Time source of operations, quotas and timestamps; default the system clock. Tests move it ahead to finish
     * operations without sleeping (timers still run on real time: a request after the move completes what is due).
     */
    clock?: Clock;
}

export type FaultKind = "status" | "drop" | "lostResponse" | "operationFailed" | "operationHang";

export interface FaultSpec {
    /** HTTP verb, default any. */
    method?: string;
    /** RegExp source matched against the URL path (without query), default any. */
    path?: string;
    kind: FaultKind;
    /** For "status": the HTTP status to answer with (e.g. 429, 500, 503). */
    status?: number;
    /** For "status": adds a Retry-After header. */
    retryAfterSeconds?: number;
    /** Error message for "status" and "operationFailed". */
    message?: string;
    /** For "operationFailed": google.rpc.Code of the operation error (default 13 INTERNAL). */
    code?: number;
    /** How many matching requests it affects; default 1; Infinity or -1 = unlimited. */
    times?: number;
    /** 0..1: affects each matching request with this probability (seeded PRNG, deterministic). */
    probability?: number;
}

export interface RecordedRequest {
    seq: number;
    time: string;
    method: string;
    /** URL path as received, without query (and without scheme/host for absolute-form requests). */
    path: string;
    query: Record<string, string>;
    body: unknown;
    /** HTTP status sent (or that would have been sent, for "lostResponse"); 0 when dropped. */
    status: number;
    fault?: FaultKind;
    /** "global" or the region of a regional endpoint. */
    namespace: string;
}

export interface OutOfBandControls {
    /** Change a model/version as if done in the Cloud Console: bumps the etag, no operation. */
    patch(resourceName: string, fields: Record<string, unknown>, namespace?: string): void;
    /** Delete a model (with its versions) or a version as if done in the Cloud Console. */
    delete(resourceName: string, namespace?: string): void;
}

export interface EmulatorHandle {
    /** http://HOST:PORT (no trailing slash). */
    url: string;
    port: number;
    stop(): Promise<void>;
    /** Clear state, faults, request log; durations are kept. */
    reset(): void;
    setDurations(d: Partial<OperationDurations>): void;
    /** Set (or, with undefined, remove) the Cloud Storage endpoint versions.create checks; kept by reset(). */
    setStorageUrl(url: string | undefined): void;
    injectFault(f: FaultSpec): void;
    clearFaults(): void;
    requests(): RecordedRequest[];
    clearRequests(): void;
    outOfBand: OutOfBandControls;
    /** Full state dump (models, versions, operations per namespace). */
    snapshot(): StateSnapshot;
    /** The quota limits in force; `setQuotas` changes some (0 turns one off) and returns them all. */
    quotas(): QuotaLimits;
    setQuotas(limits: Partial<QuotaLimits>): QuotaLimits;
}

export interface NamespaceSnapshot {
    models: unknown[];
    versions: unknown[];
    operations: unknown[];
}

export interface StateSnapshot {
    durations: OperationDurations;
    namespaces: Record<string, NamespaceSnapshot>;
}
