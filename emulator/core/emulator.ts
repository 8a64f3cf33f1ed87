// The emulator core: wires store, operation engine, faults, request log, quotas and persistence for the APIs it
// serves (ApiModule, core/api.ts), and runs the API request pipeline (independent of node:http, which server.ts
// adapts). How an API plugs in: emulator/core/README.md.

import type { IncomingHttpHeaders } from "node:http";
import { Later, type ApiModule, type Claim, type OutOfBandHandler } from "./api";
import { systemClock, rfc3339Millis, type Clock } from "./clock";
import { TYPE_ERROR_INFO } from "./constants";
import type { ApiContext } from "./context";
import { ApiError, canonicalForHttp, type ErrorDetail } from "./errors";
import { FaultRegistry, DEFAULT_FAULT_SEED } from "./faults";
import { MAX_BODY_BYTES, bodyTooLarge, checkJsonDepth } from "./limits";
import { OPERATIONS, OperationEngine } from "./operations";
import { OutOfBandNotFound } from "./outOfBand";
import { StateFile, type StateFileTuning } from "./persistence";
import { derivedProjectNumber } from "./projectNumber";
import { QuotaEnforcer } from "./quotas";
import { RequestLog, type RequestLogLimits } from "./requestLog";
import { checkQueryParams, matchRoute, routeNotFound, type RouteMatch } from "./router";
import { CloudStorage } from "./storage";
import { Store, type RecordKind } from "./store";
import type { FaultKind, FaultSpec, RecordedRequest } from "../types";

export interface ApiHttpRequest {
    method: string;
    /** Path as received (absolute-form targets already reduced to their path), no query. */
    path: string;
    query: URLSearchParams;
    headers: IncomingHttpHeaders;
    bodyText: string;
    /** Size of the body received; when over MAX_BODY_BYTES, bodyText is empty and the request is refused (413). */
    bodyBytes?: number;
}

export interface ApiResponse {
    kind: "respond";
    status: number;
    body: unknown;
    headers: Record<string, string>;
    pretty: boolean;
    lostResponse: boolean;
}

export type ApiOutcome =
    | ApiResponse
    | { kind: "drop" }
    /** The answer is known later (operations.wait); the request is logged and journaled when it settles. */
    | { kind: "later"; outcome: Promise<ApiResponse> };

export interface EmulatorCoreOptions {
    /** The APIs served; the first whose claim takes a request gets it (emulator/apis.ts lists them). */
    apis: readonly ApiModule[];
    durations?: Readonly<Record<string, number | undefined>>;
    stateFile?: string;
    /** Journal compaction thresholds and slice scheduling (tests, benchmark); defaults in persistence.ts. */
    stateFileTuning?: Partial<StateFileTuning>;
    projectNumber?: string;
    faultSeed?: number;
    clock?: Clock;
    /** Cloud Storage JSON API endpoint the APIs check model files against (storage.ts). */
    storageUrl?: string;
    requestLogLimits?: RequestLogLimits;
    quotas?: Readonly<Record<string, number | undefined>>;
    /** Longest operations.wait (ms); default 60000. */
    waitCapMs?: number;
}

/** Messages of injected "status" faults an API does not word itself. */
const STATUS_FAULT_MESSAGES: Readonly<Record<number, string>> = {
    500: "Internal error encountered.",
    503: "The service is currently unavailable.",
};

/** Every record kind of these APIs, then the core's operations (the order the state file writes them). */
export function recordKindsOf(apis: readonly ApiModule[]): RecordKind[] {
    return [...apis.flatMap((api) => api.recordKinds), OPERATIONS];
}

/** Merges the APIs' tables keyed by name, refusing a name two APIs use. */
function mergeByKey<T>(
    apis: readonly ApiModule[],
    what: string,
    table: (api: ApiModule) => Readonly<Record<string, T>>,
) {
    const out: Record<string, T> = {};
    for (const api of apis) {
        for (const [key, value] of Object.entries(table(api))) {
            if (key in out) throw new Error(`${what} '${key}' is registered by two APIs`);
            out[key] = value;
        }
    }
    return out;
}

export class Emulator {
    readonly apis: readonly ApiModule[];
    readonly store: Store;
    readonly engine: OperationEngine;
    readonly faults: FaultRegistry;
    readonly log: RequestLog;
    readonly storage: CloudStorage;
    readonly quotas: QuotaEnforcer;
    /** The state file (snapshot + journal), when the emulator has one. */
    readonly stateFile: StateFile | undefined;
    private readonly clock: Clock;
    private flushScheduled: NodeJS.Immediate | undefined;
    /** The API owning each operation action type. */
    private readonly actionOwners: Readonly<Record<string, ApiModule>>;

    constructor(private readonly options: EmulatorCoreOptions) {
        this.apis = options.apis;
        const ids = this.apis.map((a) => a.id);
        if (new Set(ids).size !== ids.length) throw new Error(`an API is registered twice: ${ids.join(", ")}`);
        this.store = new Store(recordKindsOf(this.apis));
        this.clock = options.clock ?? systemClock;
        this.log = new RequestLog(options.requestLogLimits);
        this.faults = new FaultRegistry(options.faultSeed ?? DEFAULT_FAULT_SEED);
        this.storage = new CloudStorage(options.storageUrl);
        this.quotas = new QuotaEnforcer(
            this.apis.flatMap((api) => api.quotaMetrics),
            options.quotas ?? {},
            this.clock,
        );
        this.actionOwners = mergeByKey(this.apis, "operation action", (api) =>
            Object.fromEntries(Object.keys(api.operationActions).map((type) => [type, api])),
        );
        const engineOptions: ConstructorParameters<typeof OperationEngine>[2] = {
            durationDefaults: mergeByKey(this.apis, "operation duration", (api) => api.durations),
            durations: options.durations ?? {},
            actions: mergeByKey(this.apis, "operation action", (api) => api.operationActions),
            onChange: () => this.persist(),
        };
        if (options.waitCapMs !== undefined) engineOptions.waitCapMs = options.waitCapMs;
        this.engine = new OperationEngine(this.store, this.clock, engineOptions);
        if (options.stateFile) {
            this.stateFile = new StateFile(options.stateFile, this.store, options.stateFileTuning);
            this.stateFile.load();
            this.engine.rescheduleAll();
            this.engine.advance();
            this.flush();
        }
    }

    // ------------------------------------------------------------------ controls

    reset(): void {
        this.engine.stopTimers();
        this.store.clear();
        this.engine.releaseWaits();
        this.faults.clear();
        this.log.clear();
        this.quotas.reset();
        this.flush();
    }

    setDurations(d: Readonly<Record<string, number | undefined>>): void {
        this.engine.setDurations(d);
    }

    injectFault(f: FaultSpec): void {
        this.faults.add(f);
    }

    requests(): RecordedRequest[] {
        return this.log.all();
    }

    outOfBandPatch(name: string, fields: Record<string, unknown>, namespace?: string): void {
        this.engine.advance();
        this.outOfBandOwner(name).patch(this.store, name, fields, namespace);
        this.flush();
    }

    outOfBandDelete(name: string, namespace?: string): void {
        this.engine.advance();
        this.outOfBandOwner(name).delete(this.store, name, namespace);
        this.flush();
    }

    private outOfBandOwner(name: string): OutOfBandHandler {
        const handler = this.apis.find((api) => api.outOfBand?.owns(name))?.outOfBand;
        if (!handler) throw new OutOfBandNotFound(`not a resource name of the APIs served: ${name}`);
        return handler;
    }

    /** Every namespace's records as each API renders them, plus every operation (in creation order). */
    snapshot(): { durations: Record<string, number>; namespaces: Record<string, Record<string, unknown[]>> } {
        this.engine.advance();
        const namespaces: Record<string, Record<string, unknown[]>> = {};
        for (const name of this.store.namespaceNames()) {
            const ns = this.store.ns(name);
            const parts: Record<string, unknown[]> = {};
            for (const api of this.apis) Object.assign(parts, api.snapshot(ns, name));
            parts.operations = [...ns.of(OPERATIONS).values()]
                .sort((a, b) => a.seq - b.seq)
                .map((o) => this.ownerOf(o.action.type).renderOperation(o, this.projectNumber(o.project)));
            namespaces[name] = parts;
        }
        return { durations: this.engine.getDurations(), namespaces };
    }

    private ownerOf(actionType: string): ApiModule {
        const api = this.actionOwners[actionType];
        if (!api) throw new Error(`no API owns operation action '${actionType}'`);
        return api;
    }

    /** Stops timers (and waits); with a state file, saves and compacts so the snapshot alone holds the whole state. */
    shutdown(): void {
        this.engine.stopTimers();
        this.engine.releaseWaits();
        if (this.flushScheduled) clearImmediate(this.flushScheduled);
        this.flushScheduled = undefined;
        this.stateFile?.close();
    }

    /**
     * Schedule a save for changes made outside a request (timer completions): once, at the end of the current
     * event-loop turn, so completions that fall due together cost one journal line.
     */
    persist(): void {
        if (!this.stateFile || !this.store.hasChanges || this.flushScheduled) return;
        this.flushScheduled = setImmediate(() => this.flush());
    }

    /** Append what changed since the last save to the journal now (one line; nothing when nothing changed). */
    flush(): void {
        if (this.flushScheduled) clearImmediate(this.flushScheduled);
        this.flushScheduled = undefined;
        this.stateFile?.save();
    }

    projectNumber(project: string): string {
        return this.options.projectNumber ?? derivedProjectNumber(project);
    }

    // ------------------------------------------------------------------ API pipeline

    /** The first API claiming the request, with its claim; none: a 404 in the global namespace. */
    private claim(req: ApiHttpRequest): { api: ApiModule; claim: Claim } | undefined {
        const host = headerValue(req.headers.host);
        for (const api of this.apis) {
            const claim = api.claim(req.path, host);
            if (claim) return { api, claim };
        }
        return undefined;
    }

    handleApi(req: ApiHttpRequest): ApiOutcome {
        // Lazy completion: anything due is done before this request is looked at (and saved, whatever follows).
        this.engine.advance();
        this.flush();
        const claimed = this.claim(req);
        const namespace = claimed?.claim.namespace ?? "global";
        const bodyBytes = req.bodyBytes ?? Buffer.byteLength(req.bodyText);
        const record = (status: number, fault?: FaultKind): void => {
            const entry: Omit<RecordedRequest, "seq" | "body"> = {
                time: rfc3339Millis(Date.now()),
                method: req.method,
                path: req.path,
                query: Object.fromEntries(req.query),
                status,
                namespace,
            };
            if (fault) entry.fault = fault;
            this.log.add(entry, req.bodyText, bodyBytes);
        };

        const transport = this.faults.takeTransportFault(req.method, req.path);
        if (transport?.kind === "drop") {
            record(0, "drop");
            return { kind: "drop" };
        }
        const pretty = req.query.get("prettyPrint") !== "false";
        if (transport?.kind === "status") {
            const httpStatus = transport.status ?? 503;
            const err = new ApiError(
                canonicalForHttp(httpStatus),
                transport.message ??
                    claimed?.api.statusFaultMessages?.[httpStatus] ??
                    STATUS_FAULT_MESSAGES[httpStatus] ??
                    "Injected fault.",
                [],
                httpStatus,
                transport.retryAfterSeconds !== undefined ? { "Retry-After": String(transport.retryAfterSeconds) } : {},
            );
            record(err.httpStatus, "status");
            return {
                kind: "respond",
                status: err.httpStatus,
                body: err.toBody(),
                headers: err.headers,
                pretty,
                lostResponse: false,
            };
        }
        const lost = transport?.kind === "lostResponse";
        const respond = (answer: () => unknown): ApiResponse => {
            let status = 200;
            let body: unknown;
            let headers: Record<string, string> = {};
            try {
                body = answer();
            } catch (e) {
                const err = asApiError(e);
                status = err.httpStatus;
                body = err.toBody();
                headers = err.headers;
            }
            // Saved before the response exists: a change the client hears about is in the journal (BEHAVIOUR.md).
            this.flush();
            record(status, lost ? "lostResponse" : undefined);
            return { kind: "respond", status, body, headers, pretty, lostResponse: lost };
        };
        let result: unknown;
        try {
            if (bodyBytes > MAX_BODY_BYTES) throw bodyTooLarge(bodyBytes);
            if (claimed?.claim.refusal) throw claimed.claim.refusal;
            if (!claimed || claimed.claim.path === undefined) throw routeNotFound(req.path);
            result = this.dispatch(req, claimed.api, namespace, claimed.claim.path);
        } catch (e) {
            return respond(() => {
                throw e;
            });
        }
        if (result instanceof Later) {
            // Whatever the request changed before it waits is saved now; the answer's own changes when it settles.
            this.flush();
            const settled = result.answer.then(
                (body) => respond(() => body),
                (e: unknown) =>
                    respond(() => {
                        throw e;
                    }),
            );
            return { kind: "later", outcome: settled };
        }
        return respond(() => result);
    }

    private dispatch(req: ApiHttpRequest, api: ApiModule, namespace: string, path: string): unknown {
        // Google front ends honour X-HTTP-Method-Override on POST.
        const override = headerValue(req.headers["x-http-method-override"]);
        const method = req.method === "POST" && override ? override.toUpperCase() : req.method;
        const match = matchRoute(api.routes, method, path);
        if (!match) throw routeNotFound(path);
        checkAuth(req, api, match);
        checkQueryParams(match.route, req.query);
        // Every route's first parameter is the project. Quotas are checked before the method runs (nothing changes).
        const project = match.params[0];
        this.quotas.admit(api.quotaMetrics, {
            store: this.store,
            namespace,
            project,
            projectNumber: this.projectNumber(project),
            rpc: match.route.rpc,
            params: match.params,
        });
        const ctx: ApiContext = {
            namespace,
            ns: this.store.ns(namespace),
            engine: this.engine,
            clock: this.clock,
            projectNumber: (project) => this.projectNumber(project),
            query: req.query,
            body: parseJsonBody(req.bodyText),
            bodyBytes: req.bodyBytes ?? Buffer.byteLength(req.bodyText),
            takeOperationFault: () =>
                match.route.startsOperation ? this.faults.takeOperationFault(req.method, req.path) : undefined,
            storage: this.storage,
        };
        return match.route.handle(ctx, match.params);
    }
}

function asApiError(e: unknown): ApiError {
    return e instanceof ApiError ? e : new ApiError("INTERNAL", `Internal error encountered: ${(e as Error).message}`);
}

function headerValue(h: string | string[] | undefined): string | undefined {
    return Array.isArray(h) ? h[0] : h;
}

function parseJsonBody(text: string): unknown {
    if (text.trim() === "") return undefined;
    checkJsonDepth(text);
    try {
        return JSON.parse(text) as unknown;
    } catch (e) {
        throw new ApiError("INVALID_ARGUMENT", `Invalid JSON payload received. ${(e as Error).message}`);
    }
}

/** Any non-empty bearer token (header or access_token/oauth_token parameter) is accepted. */
function checkAuth(req: ApiHttpRequest, api: ApiModule, match: RouteMatch): void {
    const header = headerValue(req.headers.authorization) ?? "";
    const bearer = /^Bearer\s+(\S+)/i.exec(header);
    const param = req.query.get("access_token") || req.query.get("oauth_token");
    if (bearer || param) return;
    const details: ErrorDetail[] = [
        {
            "@type": TYPE_ERROR_INFO,
            reason: "CREDENTIALS_MISSING",
            domain: "googleapis.com",
            metadata: { method: match.route.rpc, service: api.service },
        },
    ];
    throw new ApiError(
        "UNAUTHENTICATED",
        "Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other " +
            "valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
        details,
        401,
        { "WWW-Authenticate": 'Bearer realm="https://accounts.google.com/"' },
    );
}
