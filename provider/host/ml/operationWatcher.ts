// One watcher per project and endpoint polls on behalf of every operation in flight: each tick is one
// `operations.list?filter=done=false` (its cost does not grow with the number of operations), and an operation
// that has left that list is read once with operations.get for its result. If the list is refused (e.g. no
// ml.operations.list permission), the watcher falls back to one operations.get per operation per tick.
// The same list is the project's census for the coordinator: how many of the slot-holding operations (version creates
// and deletes, model deletes) of every client are running, so that this process neither starts into slots others
// hold nor retries a refused start blindly. While operations of this process hold or wait for a slot, the watcher
// keeps listing even when it waits for none of them.

import type { MlApiClient } from "../apiClient";
import { ApiError } from "../apiError";
import { type Operation, OperationFailedError, OperationTimeoutError } from "../operations";
import { type Clock, pollAgain, pollDone, pollUntil } from "../polling";
import { operationUrlPath, urlSegment } from "../../fields/ml/resourceNames";
import type { ProjectCoordinator } from "../coordinator";

/** The operations ml v1's concurrent-operations quota counts (reference §7). */
const SLOT_OPERATION_TYPES = new Set(["CREATE_VERSION", "DELETE_VERSION", "DELETE_MODEL"]);

/** Where the census goes: the project's coordinator. */
export type CensusSink = Pick<
    ProjectCoordinator,
    "observeOperations" | "operationsCensusUnavailable" | "wantsOperationsCensus"
>;

interface Waiter {
    readonly deadline: number;
    readonly timeoutMs: number;
    readonly what: string;
    readonly resolve: (op: Operation) => void;
    readonly reject: (err: Error) => void;
}

export class OperationWatcher {
    /** Waiters by operation name (several resources may wait for the same operation). */
    private readonly waiters = new Map<string, Waiter[]>();
    private running = false;
    private listRefused = false;
    private stopped = false;
    /** Requests this watcher sent (for the benchmark and tests). */
    requestsSent = 0;

    constructor(
        private readonly client: MlApiClient,
        private readonly project: string,
        private readonly endpoint: string | undefined,
        private readonly clock: Clock,
        private readonly intervalMs: () => number,
        /** Told what each list found; keeps the watcher listing while it wants to know. */
        private readonly census?: CensusSink,
    ) {}

    /** Resolves with the finished operation; rejects with its error, or at the deadline. */
    wait(initial: Operation, timeoutMs: number, what: string): Promise<Operation> {
        if (initial.done) {
            return initial.error ? Promise.reject(new OperationFailedError(initial)) : Promise.resolve(initial);
        }
        return new Promise<Operation>((resolve, reject) => {
            const waiter: Waiter = { deadline: this.clock.now() + timeoutMs, timeoutMs, what, resolve, reject };
            this.waiters.set(initial.name, [...(this.waiters.get(initial.name) ?? []), waiter]);
            this.start();
        });
    }

    get watching(): number {
        return this.waiters.size;
    }

    /** Lists the project's operations for the census from the next tick on, for as long as the sink wants it. */
    count(): void {
        if (this.census && !this.listRefused) this.start();
    }

    private get listing(): boolean {
        return this.waiters.size > 0 || (!this.listRefused && (this.census?.wantsOperationsCensus ?? false));
    }

    stop(): void {
        this.stopped = true;
        for (const [name, waiters] of this.waiters) {
            waiters.forEach((w) => w.reject(new Error(`the provider is shutting down; stopped waiting for ${name}`)));
        }
        this.waiters.clear();
    }

    private start(): void {
        if (this.running || this.stopped) return;
        this.running = true;
        void pollUntil(
            {
                deadline: Infinity,
                schedule: () => this.intervalMs(),
                clock: this.clock,
                onTimeout: () => new Error("unreachable"),
            },
            async (poll) => {
                if (poll > 0) {
                    await this.tick();
                }
                return !this.listing || this.stopped ? pollDone(undefined) : pollAgain();
            },
        ).finally(() => {
            this.running = false;
            // A waiter that arrived while the loop was finishing must not be left alone.
            if (this.listing && !this.stopped) this.start();
        });
    }

    private async tick(): Promise<void> {
        // Only operations waited for before the list was asked for: one that arrives while it is in flight may be
        // missing from it though unfinished, and reading it now would cost a GET that finds it still running.
        const known = [...this.waiters.keys()];
        let unfinished: Set<string> | undefined;
        if (!this.listRefused) {
            try {
                unfinished = await this.listUnfinished();
            } catch (err) {
                if (
                    err instanceof ApiError &&
                    err.httpStatus >= 400 &&
                    err.httpStatus < 500 &&
                    err.httpStatus !== 429
                ) {
                    this.listRefused = true; // lasting: poll operations one by one from now on
                    this.census?.operationsCensusUnavailable();
                } else {
                    return; // transient (retries exhausted): try again next tick
                }
            }
        }
        const names = known.filter((name) => !unfinished?.has(name));
        await Promise.all(names.map((name) => this.check(name)));
        this.expire();
    }

    /** Names of the project's unfinished operations; finished ones a lax server lists anyway are settled directly. */
    private async listUnfinished(): Promise<Set<string>> {
        const names = new Set<string>();
        let running = 0;
        let mine = 0;
        let pageToken: string | undefined;
        do {
            this.requestsSent++;
            const page = await this.client.request<{ operations?: Operation[]; nextPageToken?: string }>(
                "GET",
                `v1/projects/${urlSegment("project", this.project)}/operations`,
                { endpoint: this.endpoint, query: { filter: "done=false", pageSize: "100", pageToken } },
            );
            for (const op of page.operations ?? []) {
                if (op.done) {
                    this.settle(op);
                }
                names.add(op.name);
                const type = op.metadata?.operationType;
                if (!op.done && (type === undefined || SLOT_OPERATION_TYPES.has(type))) {
                    running++;
                    if (this.waiters.has(op.name)) mine++;
                }
            }
            pageToken = page.nextPageToken || undefined;
        } while (pageToken);
        this.census?.observeOperations(`operations of ${this.client.baseUrl(this.endpoint)}`, { running, mine });
        return names;
    }

    private async check(name: string): Promise<void> {
        if (!this.waiters.has(name)) return;
        try {
            this.requestsSent++;
            const op = await this.client.request<Operation>("GET", operationUrlPath(name), { endpoint: this.endpoint });
            if (op.done) this.settle(op);
        } catch (err) {
            if (err instanceof ApiError && err.isNotFound) {
                this.rejectAll(name, err);
            }
            // Anything else (retries exhausted): the next tick asks again, until the waiter's deadline.
        }
    }

    private settle(op: Operation): void {
        const waiters = this.waiters.get(op.name);
        if (!waiters) return;
        this.waiters.delete(op.name);
        for (const w of waiters) {
            if (op.error) w.reject(new OperationFailedError(op));
            else w.resolve(op);
        }
    }

    private rejectAll(name: string, err: Error): void {
        const waiters = this.waiters.get(name) ?? [];
        this.waiters.delete(name);
        waiters.forEach((w) => w.reject(err));
    }

    private expire(): void {
        const now = this.clock.now();
        for (const [name, waiters] of this.waiters) {
            const late = waiters.filter((w) => w.deadline <= now);
            if (late.length === 0) continue;
            late.forEach((w) => w.reject(new OperationTimeoutError(name, w.timeoutMs, w.what)));
            const rest = waiters.filter((w) => w.deadline > now);
            if (rest.length > 0) this.waiters.set(name, rest);
            else this.waiters.delete(name);
        }
    }
}
