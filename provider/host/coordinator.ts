// Living within Google's per-project quotas (reference §7): every resource of a stack runs in this one provider
// process, so one coordinator per project paces all requests under the request quota and gates version creates and
// deletes (and model deletes) under the concurrent-operations quota, queueing the rest in arrival order instead of
// sending them into a refusal. Per project, not per endpoint: Google states these quotas per project, and counting
// regional endpoints together can only be more careful.

import type { MlApiClient } from "./apiClient";
import { OperationWatcher } from "./operationWatcher";
import type { Clock } from "./polling";
import type { QuotaSettings } from "./settings";

export type CoordinatorLimits = Pick<QuotaSettings, "requestsPerWindow" | "windowMs" | "concurrentOperations"> &
    Partial<Pick<QuotaSettings, "watchIntervalMs">>;

/** The watcher's tick when not configured: it may spend a fifth of the request quota (1053 ms at 285 per 60 s). */
export function watchIntervalMs(limits: CoordinatorLimits): number {
    if (limits.watchIntervalMs) return limits.watchIntervalMs;
    if (limits.requestsPerWindow === 0) return 1000;
    return Math.max(50, Math.round(limits.windowMs / (limits.requestsPerWindow / 5)));
}

/** Thrown to everyone still queued when the coordinator shuts down, and when a queue wait outlives its bound. */
export class CoordinatorWaitError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "CoordinatorWaitError";
    }
}

interface SlotWaiter {
    readonly grant: () => void;
    readonly refuse: (err: Error) => void;
}

export class ProjectCoordinator {
    /**
     * Requests that may still be in the server's window: each from its send until its answer arrived plus a window
     * (`end` is Infinity while in flight). The server counts a request when it receives it, somewhere in between,
     * so counting this way can never see fewer requests than the server does, whatever the network's jitter.
     */
    private readonly recent: { end: number }[] = [];
    /** Aborted when an in-flight request ends, to wake a turn waiting for one. */
    private requestEnded = new AbortController();
    private paceChain: Promise<void> = Promise.resolve();
    private inFlight = 0;
    private readonly slotQueue: SlotWaiter[] = [];
    private closed = false;
    private readonly watchers = new Map<string, OperationWatcher>();
    /** Wake-ups of waits for a change of a resource (e.g. "a version of model M was deleted by this process"). */
    private readonly changeWaiters = new Map<string, Set<() => void>>();

    constructor(
        readonly project: string,
        private limits: CoordinatorLimits,
        private readonly clock: Clock,
    ) {}

    setLimits(limits: CoordinatorLimits): void {
        this.limits = limits;
        this.grantSlots();
    }

    /** Operations holding a slot, and operations queued for one. */
    get operations(): { inFlight: number; queued: number } {
        return { inFlight: this.inFlight, queued: this.slotQueue.length };
    }

    /**
     * Resolves when one more request may be sent without exceeding the quota (first come, first served), with the
     * function to call when its answer (or failure) arrived.
     */
    pace(): Promise<() => void> {
        const turn = this.paceChain.then(() => this.takeRequestTurn());
        // A failed turn (shutdown) must not block the ones behind it.
        this.paceChain = turn.then(
            () => undefined,
            () => undefined,
        );
        return turn;
    }

    private async takeRequestTurn(): Promise<() => void> {
        for (;;) {
            if (this.closed) {
                throw new CoordinatorWaitError(
                    `the provider is shutting down; request to project ${this.project} not sent`,
                );
            }
            const { requestsPerWindow, windowMs } = this.limits;
            const now = this.clock.now();
            for (let k = this.recent.length - 1; k >= 0; k--) {
                if (this.recent[k].end + windowMs <= now) this.recent.splice(k, 1);
            }
            if (requestsPerWindow === 0 || this.recent.length < requestsPerWindow) {
                const entry = { end: Infinity };
                this.recent.push(entry);
                return () => {
                    entry.end = this.clock.now();
                    this.requestEnded.abort();
                    this.requestEnded = new AbortController();
                };
            }
            const firstExpiry = Math.min(...this.recent.map((e) => e.end + windowMs));
            // All in flight: wait for one to end (its window then starts), or re-check within a window.
            await this.clock.sleep(
                Number.isFinite(firstExpiry) ? firstExpiry - now : windowMs,
                this.requestEnded.signal,
            );
        }
    }

    /**
     * Runs `operation` while holding one of the project's operation slots; queued in arrival order while all are
     * taken. The queue wait is bounded by `maxQueueMs` and the error says what was waited for; the operation's own
     * deadline starts only when it runs.
     */
    async withSlot<T>(what: string, maxQueueMs: number, operation: () => Promise<T>): Promise<T> {
        await this.acquireSlot(what, maxQueueMs);
        try {
            return await operation();
        } finally {
            this.inFlight--;
            this.grantSlots();
        }
    }

    private acquireSlot(what: string, maxQueueMs: number): Promise<void> {
        if (this.closed) {
            return Promise.reject(new CoordinatorWaitError(`the provider is shutting down; ${what} not started`));
        }
        const limit = this.limits.concurrentOperations;
        if (this.slotQueue.length === 0 && (limit === 0 || this.inFlight < limit)) {
            this.inFlight++;
            return Promise.resolve();
        }
        return new Promise<void>((resolve, reject) => {
            const queuedAt = this.clock.now();
            const guard = new AbortController();
            const waiter: SlotWaiter = {
                grant: () => {
                    guard.abort();
                    resolve();
                },
                refuse: (err) => {
                    guard.abort();
                    reject(err);
                },
            };
            this.slotQueue.push(waiter);
            void this.clock.sleep(maxQueueMs, guard.signal).then(() => {
                if (guard.signal.aborted) return;
                this.slotQueue.splice(this.slotQueue.indexOf(waiter), 1);
                waiter.refuse(
                    new CoordinatorWaitError(
                        `${what} waited ${Math.round((this.clock.now() - queuedAt) / 1000)}s for one of the ` +
                            `${this.limits.concurrentOperations} concurrent version create/delete operations of project ` +
                            `${this.project} (aiplatform:concurrentOperations) and never got one; raise operationTimeoutSeconds ` +
                            "or deploy fewer versions at once (pulumi up --parallel)",
                    ),
                );
            });
        });
    }

    private grantSlots(): void {
        const limit = this.limits.concurrentOperations;
        while (this.slotQueue.length > 0 && (limit === 0 || this.inFlight < limit)) {
            this.inFlight++;
            this.slotQueue.shift()?.grant();
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

    /** The shared operation watcher of one endpoint of this project. */
    watcher(endpoint: string | undefined, client: MlApiClient): OperationWatcher {
        const key = client.baseUrl(endpoint);
        let watcher = this.watchers.get(key);
        if (!watcher) {
            watcher = new OperationWatcher(client, this.project, endpoint, this.clock, () =>
                watchIntervalMs(this.limits),
            );
            this.watchers.set(key, watcher);
        }
        return watcher;
    }

    /** Refuses everything queued; later calls fail at once. */
    shutdown(): void {
        this.closed = true;
        this.watchers.forEach((w) => w.stop());
        for (const waiter of this.slotQueue.splice(0)) {
            waiter.refuse(
                new CoordinatorWaitError(
                    `the provider is shutting down; queued operation in ${this.project} not started`,
                ),
            );
        }
    }
}

/** Every coordinator of this process, by project: shared by all Model and Version resources of the stack. */
const coordinators = new Map<string, ProjectCoordinator>();

export function coordinatorFor(project: string, limits: CoordinatorLimits, clock: Clock): ProjectCoordinator {
    let coordinator = coordinators.get(project);
    if (!coordinator) {
        coordinator = new ProjectCoordinator(project, limits, clock);
        coordinators.set(project, coordinator);
    } else {
        coordinator.setLimits(limits);
    }
    return coordinator;
}

/** The project a request addresses (`v1/projects/P/...`), if any. */
export function projectOfPath(path: string): string | undefined {
    const segment = /(?:^|\/)projects\/([^/]+)/.exec(path)?.[1];
    try {
        return segment === undefined ? undefined : decodeURIComponent(segment);
    } catch {
        return segment;
    }
}
