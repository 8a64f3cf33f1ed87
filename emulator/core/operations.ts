// Long-running operation engine, shared by every API. Completion is driven by time two ways: lazily (every API
// request first calls advance(), so a due operation reads as done on the very next GET) and by unref'd timers (so
// state and the state file settle even when nobody polls). What a finished operation does is its API's business: the
// engine hands the operation's serializable `action` to the operationActions entry of the same `type`.

import type { Clock } from "./clock";
import { RPC_CODE } from "./errors";
import { recordKind, type NamespaceState, type Store } from "./store";

/** google.rpc.Status as an operation carries it. */
export interface RpcStatus {
    code: number;
    message: string;
}

/** JSON an operation record carries for its API (a response, a pending action's data, ...). */
export type OperationJson =
    string | number | boolean | null | OperationJson[] | { [key: string]: OperationJson | undefined };

/** What an operation does when it completes; serializable so pending work survives a restart. */
export interface PendingAction {
    /** Selects the API's operationActions entry; names are global. */
    type: string;
    [key: string]: unknown;
}

export interface OperationRecord {
    /** The operation's resource name (ml: projects/P/operations/X). */
    name: string;
    /** Namespace that created it; operations are scoped to it. */
    namespace: string;
    project: string;
    /** The API's name for the kind of operation (ml: CREATE_VERSION, ...). */
    type: string;
    /** Creation order, used for listing and for completing simultaneous operations deterministically. */
    seq: number;
    createdAtMs: number;
    /** When it completes; null = never (injected "operationHang"), or not yet known (waiting for a precondition). */
    dueAtMs: number | null;
    endedAtMs?: number;
    cancelRequested: boolean;
    done: boolean;
    error?: RpcStatus;
    response?: { [key: string]: unknown };
    /** Injected "operationFailed": the error the operation will end with. */
    injectedFailure?: RpcStatus;
    action: PendingAction;
    /** Whatever else the API keeps on its operations (ml: modelName, versionSnapshot, labels). */
    [apiField: string]: unknown;
}

/** The core's record kind: every API's operations. */
export const OPERATIONS = recordKind<OperationRecord>("operations");

export type Outcome = { kind: "success" } | { kind: "failed"; error: RpcStatus } | { kind: "cancelled" };

/** How a finished operation ends (what the API's action returns). */
export interface Completion {
    response?: { [key: string]: unknown };
    error?: RpcStatus;
}

export const CANCELLED_STATUS: RpcStatus = { code: RPC_CODE.CANCELLED, message: "Operation was cancelled." };

/** The error an outcome carries (a failure, or CANCELLED), undefined on success. */
export function errorOf(outcome: Outcome): RpcStatus | undefined {
    if (outcome.kind === "failed") return outcome.error;
    if (outcome.kind === "cancelled") return CANCELLED_STATUS;
    return undefined;
}

/** Injected behaviour for one operation (from "operationFailed" / "operationHang" faults). */
export type OperationFault = { kind: "fail"; code: number; message?: string } | { kind: "hang" };

export interface StartOperation {
    namespace: string;
    project: string;
    /**
     * The operation's resource name, or a function of epoch millis for names that embed them
     * (ml: create_M_V-1607934875576): the engine bumps the millis while the name is taken.
     */
    name: string | ((ms: number) => string);
    type: string;
    /** Which duration (a key of some API's `durations`) the operation takes. */
    duration: string;
    action: PendingAction;
    /** Extra fields the API keeps on the record. */
    fields?: Record<string, unknown>;
    fault?: OperationFault | undefined;
    /** Message of an injected failure whose fault gave none; default "Internal error encountered.". */
    failureMessage?: string;
    /**
     * A check the operation waits for before its duration starts (the Cloud Storage check of versions.create);
     * resolving to an error makes the operation end with it.
     */
    precondition?: Promise<RpcStatus | undefined> | undefined;
}

/** Longest an operations.wait waits by default (ms): the front end's deadline (reference §4, unconfirmed). */
export const DEFAULT_WAIT_CAP_MS = 60_000;

export interface EngineOptions {
    /** Operation duration keys with their defaults (ms), from every API; overridden by `durations`. */
    durationDefaults: Readonly<Record<string, number>>;
    durations: Readonly<Record<string, number | undefined>>;
    /** What a finished operation does, by action type, from every API. */
    actions: Readonly<Record<string, (ns: NamespaceState, op: OperationRecord, outcome: Outcome) => Completion>>;
    /** Longest wait() (ms); default DEFAULT_WAIT_CAP_MS. */
    waitCapMs?: number;
    /** Called after changes made outside any request: timer-driven completions, settled preconditions (persistence). */
    onChange: () => void;
}

interface Waiter {
    namespace: string;
    name: string;
    deadline: number;
    resolve: () => void;
    timer?: NodeJS.Timeout;
}

export class OperationEngine {
    private readonly durations: Record<string, number>;
    private readonly timers = new Map<string, NodeJS.Timeout>();
    private waiters: Waiter[] = [];
    private readonly onChange: () => void;
    readonly waitCapMs: number;

    constructor(
        private readonly store: Store,
        private readonly clock: Clock,
        private readonly options: EngineOptions,
    ) {
        this.durations = { ...options.durationDefaults };
        this.onChange = options.onChange;
        this.waitCapMs = options.waitCapMs ?? DEFAULT_WAIT_CAP_MS;
        this.setDurations(options.durations);
    }

    getDurations(): Record<string, number> {
        return { ...this.durations };
    }

    /** Affects operations started afterwards only. */
    setDurations(d: Readonly<Record<string, number | undefined>>): void {
        for (const [key, value] of Object.entries(d)) {
            if (!(key in this.options.durationDefaults)) throw new Error(`unknown duration kind '${key}'`);
            if (value === undefined) continue;
            if (typeof value !== "number" || !Number.isFinite(value) || value < 0)
                throw new Error(`invalid duration for ${key}: ${String(value)}`);
            this.durations[key] = value;
        }
    }

    start(p: StartOperation): OperationRecord {
        const operations = this.store.ns(p.namespace).of(OPERATIONS);
        const now = this.clock();
        const duration = this.durations[p.duration];
        if (duration === undefined) throw new Error(`unknown duration kind '${p.duration}'`);
        if (!(p.action.type in this.options.actions)) throw new Error(`no API completes '${p.action.type}'`);
        let name: string;
        if (typeof p.name === "string") {
            name = p.name;
            if (operations.has(name)) throw new Error(`operation ${name} exists already`);
        } else {
            // Names embedding epoch millis: bump the millis on a same-ms collision.
            let ms = now;
            while (operations.has(p.name(ms))) ms++;
            name = p.name(ms);
        }
        const op: OperationRecord = {
            name,
            namespace: p.namespace,
            project: p.project,
            type: p.type,
            seq: ++this.store.operationSeq,
            createdAtMs: now,
            dueAtMs: p.fault?.kind === "hang" ? null : now + duration,
            ...p.fields,
            cancelRequested: false,
            done: false,
            action: p.action,
        };
        if (p.fault?.kind === "fail") {
            op.injectedFailure = {
                code: p.fault.code,
                message: p.fault.message ?? p.failureMessage ?? "Internal error encountered.",
            };
        }
        operations.set(op.name, op);
        if (p.precondition && p.fault === undefined) this.awaitPrecondition(op, p.precondition);
        else this.schedule(op);
        return op;
    }

    /** Holds the operation (not due) until its precondition settles, then starts its duration. */
    private awaitPrecondition(op: OperationRecord, precondition: Promise<RpcStatus | undefined>): void {
        const duration = op.dueAtMs === null ? 0 : op.dueAtMs - op.createdAtMs;
        op.dueAtMs = null;
        void precondition.then((failure) => {
            // The operation may be gone (reset) or already finished (cancelled) meanwhile.
            if (op.done || this.store.ns(op.namespace).of(OPERATIONS).get(op.name) !== op) return;
            if (failure) op.injectedFailure = failure;
            op.dueAtMs = Math.max(this.clock(), op.createdAtMs + duration);
            this.store.ns(op.namespace).changed(op);
            this.onChange();
            this.schedule(op);
        });
    }

    /** Complete every operation whose time has come, oldest due first. Returns how many completed. */
    advance(): number {
        const now = this.clock();
        const due: OperationRecord[] = [];
        for (const namespace of this.store.namespaceNames()) {
            for (const op of this.store.ns(namespace).of(OPERATIONS).values()) {
                if (!op.done && op.dueAtMs !== null && op.dueAtMs <= now) due.push(op);
            }
        }
        due.sort((a, b) => (a.dueAtMs ?? 0) - (b.dueAtMs ?? 0) || a.seq - b.seq);
        for (const op of due) {
            const outcome: Outcome = op.injectedFailure
                ? { kind: "failed", error: op.injectedFailure }
                : { kind: "success" };
            this.finish(op, outcome, op.dueAtMs ?? now);
        }
        this.expireWaits(now);
        return due.length;
    }

    /**
     * operations.cancel: takes effect immediately — the operation ends with CANCELLED and the resource
     * goes back to its previous state (or FAILED, for a version being created). Done operations are left alone.
     */
    cancel(op: OperationRecord): void {
        if (op.done) return;
        op.cancelRequested = true;
        this.finish(op, { kind: "cancelled" }, this.clock());
    }

    /** (Re)arm timers for all pending operations, e.g. after loading a state file. */
    rescheduleAll(): void {
        for (const namespace of this.store.namespaceNames()) {
            for (const op of this.store.ns(namespace).of(OPERATIONS).values()) this.schedule(op);
        }
    }

    /**
     * operations.delete: drops the record (a running operation keeps running for its resource, as Google's does:
     * delete does not cancel; its completion then applies with no operation to report it).
     */
    delete(op: OperationRecord): void {
        this.store.ns(op.namespace).of(OPERATIONS).delete(op.name);
        this.wake(op);
    }

    /**
     * operations.wait: resolves the moment the operation completes (finish() wakes it), once `timeoutMs` (capped at
     * waitCapMs) has passed on the clock, or at once when it is done already, with the operation as it is then
     * (undefined when it was deleted or the emulator reset meanwhile). Time is the injected clock's: a timer re-checks it, and every advance() (each request)
     * releases the waits whose deadline the clock has passed.
     */
    wait(op: OperationRecord, timeoutMs: number): Promise<OperationRecord | undefined> {
        if (op.done) return Promise.resolve(op);
        const deadline = this.clock() + Math.max(0, Math.min(timeoutMs, this.waitCapMs));
        return new Promise<OperationRecord | undefined>((resolve) => {
            const waiter: Waiter = {
                namespace: op.namespace,
                name: op.name,
                deadline,
                // Looked up when the wait ends: deleted or reset meanwhile, it is gone (undefined).
                resolve: () => resolve(this.store.existingNs(op.namespace)?.of(OPERATIONS).get(op.name)),
            };
            this.waiters.push(waiter);
            this.armWait(waiter);
        });
    }

    /** How many waits are pending (tests). */
    get pendingWaits(): number {
        return this.waiters.length;
    }

    private armWait(waiter: Waiter): void {
        const delay = Math.max(0, waiter.deadline - this.clock());
        waiter.timer = setTimeout(() => {
            if (this.clock() >= waiter.deadline) this.release((w) => w === waiter);
            else if (this.waiters.includes(waiter)) this.armWait(waiter);
        }, delay);
        waiter.timer.unref();
    }

    private expireWaits(now: number): void {
        if (this.waiters.length > 0) this.release((w) => w.deadline <= now);
    }

    private wake(op: OperationRecord): void {
        if (this.waiters.length > 0) this.release((w) => w.namespace === op.namespace && w.name === op.name);
    }

    private release(which: (w: Waiter) => boolean): void {
        const released = this.waiters.filter(which);
        if (released.length === 0) return;
        this.waiters = this.waiters.filter((w) => !released.includes(w));
        for (const w of released) {
            if (w.timer) clearTimeout(w.timer);
            w.resolve();
        }
    }

    stopTimers(): void {
        for (const t of this.timers.values()) clearTimeout(t);
        this.timers.clear();
    }

    /** Ends every wait now, each with its operation as the store has it then (reset: gone; stop). */
    releaseWaits(): void {
        this.release(() => true);
    }

    private finish(op: OperationRecord, outcome: Outcome, endedAtMs: number): void {
        const action = this.options.actions[op.action.type];
        if (!action) throw new Error(`no API completes operation ${op.name} (action '${op.action.type}')`);
        const completion = action(this.store.ns(op.namespace), op, outcome);
        op.done = true;
        op.endedAtMs = endedAtMs;
        if (completion.error) op.error = completion.error;
        else if (completion.response) op.response = completion.response;
        const key = timerKey(op);
        const timer = this.timers.get(key);
        if (timer) clearTimeout(timer);
        this.timers.delete(key);
        this.store.ns(op.namespace).changed(op);
        this.wake(op);
    }

    private schedule(op: OperationRecord): void {
        const key = timerKey(op);
        if (op.done || op.dueAtMs === null || this.timers.has(key)) return;
        const delay = Math.max(0, op.dueAtMs - this.clock());
        const timer = setTimeout(() => {
            this.timers.delete(key);
            if (this.advance() > 0) this.onChange();
            // A timer can fire before the clock says the operation is due: libuv starts it from the event loop's
            // cached time, which lags the clock() that set dueAtMs by as long as the loop's turn took (tens of ms on
            // a loaded machine). Re-arm it, or an operation nobody polls would stay pending for ever.
            this.schedule(op);
        }, delay);
        // Never keep the process (or jest) alive just for a pending operation.
        timer.unref();
        this.timers.set(key, timer);
    }
}

function timerKey(op: OperationRecord): string {
    return `${op.namespace}|${op.name}`;
}
