// The emulator core: wires store, operation engine, faults, request log and persistence, and runs
// the API request pipeline (independent of node:http, which server.ts adapts).

import type { IncomingHttpHeaders } from "node:http";
import { ArtifactVerifier } from "../ml/artifacts";
import { systemClock, rfc3339Millis, type Clock } from "./clock";
import type { ApiContext } from "./context";
import { ApiError, canonicalForHttp, type ErrorDetail } from "./errors";
import { derivedProjectNumber } from "./projectNumber";
import { FaultRegistry, DEFAULT_FAULT_SEED } from "./faults";
import { resolveNamespace } from "./namespace";
import { OperationEngine } from "./operations";
import { outOfBandDelete, outOfBandPatch } from "../ml/outOfBand";
import { StateFile, type StateFileTuning } from "./persistence";
import { renderModel, renderOperation, renderVersion } from "../ml/render";
import { RequestLog, type RequestLogLimits } from "./requestLog";
import { MAX_BODY_BYTES, bodyTooLarge, checkJsonDepth } from "./limits";
import { checkQueryParams, matchRoute, routeNotFound, type Route } from "./router";
import { QuotaEnforcer, type QuotaLimits } from "./quotas";
import { Store } from "./store";
import { TYPE_ERROR_INFO } from "../ml/constants";
import type { FaultKind, FaultSpec, OperationDurations, RecordedRequest, StateSnapshot } from "../types";

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

export type ApiOutcome =
    | {
          kind: "respond";
          status: number;
          body: unknown;
          headers: Record<string, string>;
          pretty: boolean;
          lostResponse: boolean;
      }
    | { kind: "drop" };

export interface EmulatorCoreOptions {
    durations?: Partial<OperationDurations>;
    stateFile?: string;
    /** Journal compaction thresholds and slice scheduling (tests, benchmark); defaults in persistence.ts. */
    stateFileTuning?: Partial<StateFileTuning>;
    projectNumber?: string;
    faultSeed?: number;
    clock?: Clock;
    /** Cloud Storage JSON API endpoint that versions.create checks the model files against (artifacts.ts). */
    storageUrl?: string;
    requestLogLimits?: RequestLogLimits;
    quotas?: Partial<QuotaLimits>;
}

const STATUS_FAULT_MESSAGES: Readonly<Record<number, string>> = {
    429: "Quota exceeded for quota metric 'Resource management requests' and limit 'Resource management requests per minute' of service 'ml.googleapis.com'.",
    500: "Internal error encountered.",
    503: "The service is currently unavailable.",
};

export class Emulator {
    readonly store = new Store();
    readonly engine: OperationEngine;
    readonly faults: FaultRegistry;
    readonly log: RequestLog;
    readonly artifacts: ArtifactVerifier;
    readonly quotas: QuotaEnforcer;
    /** The state file (snapshot + journal), when the emulator has one. */
    readonly stateFile: StateFile | undefined;
    private readonly clock: Clock;
    private flushScheduled: NodeJS.Immediate | undefined;

    constructor(private readonly options: EmulatorCoreOptions = {}) {
        this.clock = options.clock ?? systemClock;
        this.log = new RequestLog(options.requestLogLimits);
        this.faults = new FaultRegistry(options.faultSeed ?? DEFAULT_FAULT_SEED);
        this.artifacts = new ArtifactVerifier(options.storageUrl);
        this.quotas = new QuotaEnforcer(options.quotas ?? {}, this.clock);
        this.engine = new OperationEngine(this.store, this.clock, options.durations ?? {}, () => this.persist());
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
        this.faults.clear();
        this.log.clear();
        this.quotas.reset();
        this.flush();
    }

    setDurations(d: Partial<OperationDurations>): void {
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
        outOfBandPatch(this.store, name, fields, namespace);
        this.flush();
    }

    outOfBandDelete(name: string, namespace?: string): void {
        this.engine.advance();
        outOfBandDelete(this.store, name, namespace);
        this.flush();
    }

    snapshot(): StateSnapshot {
        this.engine.advance();
        const namespaces: StateSnapshot["namespaces"] = {};
        for (const name of this.store.namespaceNames()) {
            const ns = this.store.ns(name);
            namespaces[name] = {
                models: [...ns.models.values()].sort(byName).map((m) => renderModel(ns, m)),
                versions: [...ns.versions.values()].sort(byName).map((v) => renderVersion(ns, v)),
                operations: [...ns.operations.values()]
                    .sort((a, b) => a.seq - b.seq)
                    .map((o) => renderOperation(o, this.projectNumber(o.project))),
            };
        }
        return { durations: this.engine.getDurations(), namespaces };
    }

    /** Stops timers; with a state file, saves and compacts so the snapshot alone holds the whole state. */
    shutdown(): void {
        this.engine.stopTimers();
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

    handleApi(req: ApiHttpRequest): ApiOutcome {
        // Lazy completion: anything due is done before this request is looked at (and saved, whatever follows).
        this.engine.advance();
        this.flush();
        const resolved = resolveNamespace(req.path, headerValue(req.headers.host));
        const namespace = resolved?.namespace ?? "global";
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
        let status: number;
        let body: unknown;
        let headers: Record<string, string> = {};
        if (transport?.kind === "status") {
            const httpStatus = transport.status ?? 503;
            const err = new ApiError(
                canonicalForHttp(httpStatus),
                transport.message ?? STATUS_FAULT_MESSAGES[httpStatus] ?? "Injected fault.",
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
        try {
            if (bodyBytes > MAX_BODY_BYTES) throw bodyTooLarge(bodyBytes);
            if (!resolved) throw routeNotFound(req.path);
            body = this.dispatch(req, resolved.namespace, resolved.path);
            status = 200;
        } catch (e) {
            const err =
                e instanceof ApiError
                    ? e
                    : new ApiError("INTERNAL", `Internal error encountered: ${(e as Error).message}`);
            status = err.httpStatus;
            body = err.toBody();
            headers = err.headers;
        }
        // Saved before the response exists: a change the client hears about is in the journal (see BEHAVIOUR.md).
        this.flush();
        const lost = transport?.kind === "lostResponse";
        record(status, lost ? "lostResponse" : undefined);
        return { kind: "respond", status, body, headers, pretty, lostResponse: lost };
    }

    private dispatch(req: ApiHttpRequest, namespace: string, path: string): unknown {
        // Google front ends honour X-HTTP-Method-Override on POST.
        const override = headerValue(req.headers["x-http-method-override"]);
        const method = req.method === "POST" && override ? override.toUpperCase() : req.method;
        const match = matchRoute(method, path);
        if (!match) throw routeNotFound(path);
        checkAuth(req, match.route);
        checkQueryParams(match.route, req.query);
        // Every route's first parameter is the project. Quotas are checked before the method runs (nothing changes).
        const project = match.params[0] as string;
        const projectNumber = this.projectNumber(project);
        this.quotas.admitRequest(project, projectNumber, match.route.rpc);
        this.quotas.admitOperation(this.store, project, projectNumber, match.route.rpc);
        this.quotas.admitNewResource(this.store, project, projectNumber, match.route.rpc);
        const ctx: ApiContext = {
            namespace,
            ns: this.store.ns(namespace),
            engine: this.engine,
            clock: this.clock,
            projectNumber: (project) => this.projectNumber(project),
            query: req.query,
            body: parseJsonBody(req.bodyText),
            takeOperationFault: () =>
                match.route.startsOperation ? this.faults.takeOperationFault(req.method, req.path) : undefined,
            verifyArtifacts: (fields) => this.artifacts.start(fields),
        };
        return match.route.handle(ctx, match.params);
    }
}

function byName(a: { name: string }, b: { name: string }): number {
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
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
function checkAuth(req: ApiHttpRequest, route: Route): void {
    const header = headerValue(req.headers.authorization) ?? "";
    const bearer = /^Bearer\s+(\S+)/i.exec(header);
    const param = req.query.get("access_token") || req.query.get("oauth_token");
    if (bearer || param) return;
    const details: ErrorDetail[] = [
        {
            "@type": TYPE_ERROR_INFO,
            reason: "CREDENTIALS_MISSING",
            domain: "googleapis.com",
            metadata: { method: route.rpc, service: "ml.googleapis.com" },
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
