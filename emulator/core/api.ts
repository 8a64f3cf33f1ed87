// The contract between the core and an API it serves (emulator/core/README.md): what an API module registers —
// its claim on request paths, route table, record kinds, operation completion actions, operation rendering, duration
// keys, quota metrics, snapshot, out-of-band changes and admin actions.

import type { ApiContext } from "./context";
import type { Completion, OperationRecord, Outcome } from "./operations";
import type { QuotaMetric } from "./quotas";
import type { ApiError } from "./errors";
import type { NamespaceState, RecordKind, Store, StoredRecord } from "./store";

/** Which namespace a claimed request addresses, and the path to route (undefined: the API's 404 for the path). */
export interface Claim {
    namespace: string;
    path: string | undefined;
    /** The API's refusal of the request as addressed (e.g. a regional host naming another region than the path). */
    refusal?: ApiError;
}

export interface Route {
    method: "GET" | "POST" | "PATCH" | "DELETE";
    pattern: RegExp;
    /** RPC name, as reported in ErrorInfo metadata. */
    rpc: string;
    /** Method-specific query parameters (json names; snake_case forms are accepted too). */
    queryParams: readonly string[];
    /** Starts a long-running operation (eligible for operationFailed/operationHang faults). */
    startsOperation: boolean;
    /** The answer (status 200), or a `later(...)` answer; throws ApiError to refuse. */
    handle(ctx: ApiContext, params: string[]): unknown;
}

/** An answer that is only known later (operations.wait): the request is answered when the promise settles. */
export class Later {
    constructor(readonly answer: Promise<unknown>) {}
}

export function later(answer: Promise<unknown>): Later {
    return new Later(answer);
}

/** Applies a finished (or cancelled) operation's effect to its namespace and says how the operation ends. */
export type OperationAction = (ns: NamespaceState, op: OperationRecord, outcome: Outcome) => Completion;

/** Console-style changes around the API (admin `oob/patch`, `oob/delete`; `EmulatorHandle.outOfBand`). */
export interface OutOfBandHandler {
    /** True when `name` is a resource name of this API. */
    owns(name: string): boolean;
    /** Throws OutOfBandNotFound (admin: 404) when the resource does not exist. */
    patch(store: Store, name: string, fields: Record<string, unknown>, namespace: string | undefined): void;
    delete(store: Store, name: string, namespace: string | undefined): void;
}

/** What an admin action gets: the request body (parsed JSON object, `{}` when empty). */
export type AdminAction = (body: Record<string, unknown>) => unknown;

export interface ApiModule {
    /** Short name (`--api ml`); also the order of ApiModule lists decides who claims a request first. */
    id: string;
    /** The service name (`ml.googleapis.com`), reported by the 401 of a request without credentials. */
    service: string;
    /** This API's claim on a request, or undefined when the request is not this API's. */
    claim(path: string, host: string | undefined): Claim | undefined;
    routes: readonly Route[];
    /** The record kinds this API stores (besides operations, which are the core's); names are global. */
    recordKinds: readonly RecordKind<StoredRecord>[];
    /** By `action.type` (names are global): what each finished operation of this API does. */
    operationActions: Readonly<Record<string, OperationAction>>;
    /** One of this API's operations on the wire. */
    renderOperation(op: OperationRecord, projectNumber: string): unknown;
    /** Operation duration keys with their library defaults (ms); keys are global. */
    durations: Readonly<Record<string, number>>;
    /** Checked in order before every request of this API runs. */
    quotaMetrics: readonly QuotaMetric[];
    /**
     * This API's records of one namespace, as the API would answer a `get` of each (operations excepted, the core
     * adds them); `{}` for a namespace that is not this API's.
     */
    snapshot(ns: NamespaceState, namespace: string): Record<string, unknown[]>;
    outOfBand?: OutOfBandHandler;
    /** Extra admin actions, by `"METHOD action"` (e.g. `"POST vertex/thing"`): not to collide with the core's. */
    admin?: Readonly<Record<string, AdminAction>>;
    /** Messages of injected `status` faults by HTTP status (the core has generic ones for 500 and 503). */
    statusFaultMessages?: Readonly<Record<number, string>>;
}
