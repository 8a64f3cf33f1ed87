// Living within Google's per-project quotas (reference §7): every resource of a stack runs in this one provider
// process, so one coordinator per project paces all requests under the request quota and gates version creates and
// deletes (and model deletes) under the concurrent-operations quota, queueing the rest in arrival order instead of
// sending them into a refusal. Per project, not per endpoint: Google states these quotas per project, and counting
// regional endpoints together can only be more careful. Other processes share the project too (other stacks,
// gcloud): the coordinator learns from the server's refusals and hints, and shares a ledger with the provider
// processes of this machine (quotaBuckets.ts, quotaLedger.ts, docs/quota.md). Vertex AI's quotas, per project and
// region, are further buckets of the same coordinator (`requestBucket`).

import type { Clock } from "./polling";
import {
    type Answered,
    type AttemptAnswer,
    CoordinatorWaitError,
    type OperationsCensus,
    type RateLimits,
    RequestBucket,
    SlotGate,
} from "./quotaBuckets";
import { FileLedger, MemoryLedger, newOwner, type QuotaLedger } from "./quotaLedger";
import type { ProviderSettings, QuotaSettings } from "./settings";

export { type Answered, type AttemptAnswer, CoordinatorWaitError, type OperationsCensus };

export type CoordinatorLimits = Pick<QuotaSettings, "requestsPerWindow" | "windowMs" | "concurrentOperations"> &
    Partial<Pick<QuotaSettings, "watchIntervalMs">>;

/** The watcher's tick when not configured: it may spend a fifth of the request quota (1053 ms at 285 per 60 s). */
export function watchIntervalMs(limits: CoordinatorLimits): number {
    if (limits.watchIntervalMs) return limits.watchIntervalMs;
    if (limits.requestsPerWindow === 0) return 1000;
    return Math.max(50, Math.round(limits.windowMs / (limits.requestsPerWindow / 5)));
}

export interface CoordinatorOptions {
    /** Where the buckets are counted: this process only (default), or a ledger shared with other processes. */
    readonly ledger?: QuotaLedger;
    /** The API service the quotas belong to (its host), part of every bucket's key; default ml.googleapis.com. */
    readonly service?: string;
}

export class ProjectCoordinator {
    private closed = false;
    private readonly owner = newOwner();
    private readonly ledger: QuotaLedger;
    private readonly service: string;
    private readonly buckets = new Map<string, RequestBucket>();
    /** The project's request quota (ml: all endpoints together). */
    private readonly requests: RequestBucket;
    private readonly slots: SlotGate;
    /** Per-project helpers of an API (ml v1's operation watchers), stopped with the coordinator. */
    private readonly attachments = new Map<string, { stop(): void }>();
    /** Wake-ups of waits for a change of a resource (e.g. "a version of model M was deleted by this process"). */
    private readonly changeWaiters = new Map<string, Set<() => void>>();

    constructor(
        readonly project: string,
        private limits: CoordinatorLimits,
        private readonly clock: Clock,
        options: CoordinatorOptions = {},
    ) {
        this.ledger = options.ledger ?? new MemoryLedger();
        this.service = options.service ?? "ml.googleapis.com";
        this.requests = this.requestBucket(undefined, "requests", this.rateLimits());
        this.slots = new SlotGate(
            this.bucketKey(undefined, "operations"),
            limits.concurrentOperations,
            this.bucketContext(),
            (limit) =>
                `one of the ${limit} concurrent version create/delete operations of project ${this.project} ` +
                "(aiplatform:concurrentOperations) and never got one; raise operationTimeoutSeconds or deploy fewer " +
                "versions at once (pulumi up --parallel)",
        );
    }

    private rateLimits(): RateLimits {
        return { perWindow: this.limits.requestsPerWindow, windowMs: this.limits.windowMs };
    }

    private bucketKey(region: string | undefined, metric: string): string {
        return [this.service, this.project, region ?? "*", metric].join("|");
    }

    private bucketContext() {
        return {
            ledger: this.ledger,
            owner: this.owner,
            clock: this.clock,
            closedReason: () => (this.closed ? `the provider is shutting down (project ${this.project})` : undefined),
        };
    }

    /**
     * A request quota of this project: `region` undefined for a per-project quota (ml), a region for Vertex AI's
     * per-project-and-region quotas; `metric` names it (e.g. "requests", "lroSubmissions"). Created on first use;
     * later calls update its limits.
     */
    requestBucket(region: string | undefined, metric: string, limits: RateLimits): RequestBucket {
        const key = this.bucketKey(region, metric);
        let bucket = this.buckets.get(key);
        if (!bucket) this.buckets.set(key, (bucket = new RequestBucket(key, limits, this.bucketContext())));
        else bucket.setLimits(limits);
        return bucket;
    }

    setLimits(limits: CoordinatorLimits): void {
        this.limits = limits;
        this.requests.setLimits(this.rateLimits());
        this.slots.setLimit(limits.concurrentOperations);
    }

    /** Operations holding a slot, and operations queued for one. */
    get operations(): { inFlight: number; queued: number } {
        return this.slots.operations;
    }

    /** What this process allows itself now (lowered by refusals, grown back by successes). */
    get allowance(): { requestsPerWindow: number; concurrentOperations: number } {
        return { requestsPerWindow: this.requests.allowance.value, concurrentOperations: this.slots.allowance.value };
    }

    /**
     * Resolves when one more request may be sent without exceeding the quota (first come, first served), with the
     * function to call when its answer (or failure) arrived, saying whether a quota refused it and when to retry.
     * `buckets`: the request quotas it counts against, by default the project's (ml); a Vertex AI call counts against
     * its region's `requestBucket(region, "requests", …)`, and an operation's start also against `"lroSubmissions"`.
     * A refusal is reported to each of them (Google's 429 does not say which of a request's quotas it hit).
     */
    async pace(buckets: readonly RequestBucket[] = [this.requests]): Promise<Answered> {
        const answers: Answered[] = [];
        for (const bucket of buckets) answers.push(await bucket.pace());
        const sentAt = this.clock.now();
        return (answer?: AttemptAnswer) => {
            answers.forEach((answered) => answered(answer));
            if (answer?.refusedBy === "operations") this.slots.allowance.refused(sentAt, this.clock.now());
        };
    }

    /**
     * What `lister` (ml: the operation watcher of one endpoint) found in the project's list of unfinished operations:
     * the operations of every client that hold a concurrent-operations slot, and how many of them are ours.
     */
    observeOperations(lister: string, census: OperationsCensus): void {
        this.slots.observe(lister, census, this.watchIntervalMs());
    }

    /** A lister of the project's operations is about to report: operations wait for its first census (bounded). */
    expectOperationsCensus(): void {
        this.slots.expectCensus(this.watchIntervalMs());
    }

    /** The lister cannot list the project's operations: no census will come, the allowance alone decides. */
    operationsCensusUnavailable(): void {
        this.slots.censusUnavailable();
    }

    /** Whether a list of the project's operations would help: operations of this process hold slots or wait for one. */
    get wantsOperationsCensus(): boolean {
        return this.slots.wantsCensus;
    }

    /**
     * How a start refused by the concurrent-operations quota waits before it is sent again: until a census shows a
     * slot free for it, or `delayMs` (the backoff) when no census is fresh; never longer than a quota window.
     */
    roomAfterRefusal(delayMs: number): Promise<void> {
        if (!this.slots.informed) return this.clock.sleep(delayMs);
        return this.slots.awaitRoom(Math.max(delayMs, this.limits.windowMs));
    }

    /**
     * Runs `operation` while holding one of the project's operation slots; queued in arrival order while all are
     * taken. The queue wait is bounded by `maxQueueMs` and the error says what was waited for; the operation's own
     * deadline starts only when it runs.
     */
    async withSlot<T>(what: string, maxQueueMs: number, operation: () => Promise<T>): Promise<T> {
        const release = await this.slots.acquire(what, maxQueueMs);
        try {
            const result = await operation();
            this.slots.allowance.succeeded();
            return result;
        } finally {
            release();
        }
    }

    /**
     * Resolves when this process reports a change of `key` (see `changed`), or after `ms` at the latest: waits for
     * something this very process is doing end as soon as it ends, without polling for it.
     */
    async changeOf(key: string, ms: number): Promise<void> {
        const guard = new AbortController();
        const wake = () => guard.abort();
        const waiters = this.changeWaiters.get(key) ?? new Set();
        this.changeWaiters.set(key, waiters.add(wake));
        try {
            await this.clock.sleep(ms, guard.signal);
        } finally {
            waiters.delete(wake);
            if (waiters.size === 0) this.changeWaiters.delete(key);
        }
    }

    changed(key: string): void {
        this.changeWaiters.get(key)?.forEach((wake) => wake());
    }

    /** What this process is deleting under `key` (queued or in flight), e.g. the versions of one model. */
    private readonly deletions = new Map<string, Map<string, number>>();

    /** Records that this process is deleting `name` under `key`; the returned function ends the record. */
    beginDeletion(key: string, name: string): () => void {
        const names = this.deletions.get(key) ?? new Map<string, number>();
        this.deletions.set(key, names.set(name, (names.get(name) ?? 0) + 1));
        return () => {
            const left = (names.get(name) ?? 1) - 1;
            if (left > 0) names.set(name, left);
            else names.delete(name);
            if (names.size === 0) this.deletions.delete(key);
            this.changed(key);
        };
    }

    isBeingDeleted(key: string, name: string): boolean {
        return this.deletions.get(key)?.has(name) ?? false;
    }

    /**
     * The project's one helper under `key`, made on first use (e.g. ml v1's operation watcher of an endpoint); every
     * resource of the project shares it, and it is stopped when the coordinator shuts down.
     */
    attached<T extends { stop(): void }>(key: string, make: () => T): T {
        let helper = this.attachments.get(key) as T | undefined;
        if (!helper) this.attachments.set(key, (helper = make()));
        return helper;
    }

    /** How often a watcher of this project's operations looks (configured, else derived from the request quota). */
    watchIntervalMs(): number {
        return watchIntervalMs(this.limits);
    }

    /** Refuses everything queued; later calls fail at once. */
    shutdown(): void {
        this.closed = true;
        this.attachments.forEach((helper) => helper.stop());
        this.slots.refuseAll(`the provider is shutting down; queued operation in ${this.project} not started`);
    }
}

/** What picks a project's coordinator: the quotas, the ledger directory, and the server (an emulator is its own). */
export type CoordinatorSettings = Pick<ProviderSettings, "quota" | "endpointOverride">;

/** Every coordinator of this process, by server, ledger and project: shared by all Model and Version resources. */
const coordinators = new Map<string, ProjectCoordinator>();
/** One ledger per directory ("" = this process only). */
const ledgers = new Map<string, QuotaLedger>();

/** The service whose quotas apply: Google's ml API, or the host (and port) of the endpoint override. */
export function serviceOf(endpointOverride: string | undefined): string {
    if (!endpointOverride) return "ml.googleapis.com";
    try {
        return new URL(endpointOverride).host;
    } catch {
        return endpointOverride;
    }
}

/** `service` names the API whose quotas apply when it is not ml v1 (Vertex AI: see vertex/vertexApi.ts). */
export function coordinatorFor(
    project: string,
    settings: CoordinatorSettings,
    clock: Clock,
    service: string = serviceOf(settings.endpointOverride),
): ProjectCoordinator {
    const dir = settings.quota.ledgerDir ?? "";
    const key = JSON.stringify([service, dir, project]);
    let coordinator = coordinators.get(key);
    if (!coordinator) {
        let ledger = ledgers.get(dir);
        if (!ledger) ledgers.set(dir, (ledger = dir ? new FileLedger(dir, warnOnce) : new MemoryLedger()));
        coordinator = new ProjectCoordinator(project, settings.quota, clock, { ledger, service });
        coordinators.set(key, coordinator);
    } else {
        coordinator.setLimits(settings.quota);
    }
    return coordinator;
}

/** The provider's stderr reaches `pulumi`'s diagnostics. */
function warnOnce(message: string): void {
    process.stderr.write(`warning: ${message}\n`);
}
