// Long-running operation engine. Completion is driven by time two ways: lazily (every API request
// first calls advance(), so a due operation reads as done on the very next GET) and by unref'd
// timers (so state and the state file settle even when nobody polls).

import type { Clock } from "./clock";
import { DEFAULT_CREATE_FAILURE, completeOperation, type Outcome } from "../ml/lifecycle";
import { operationResourceName } from "../ml/names";
import type { Labels, OperationType, RpcStatus, VersionFields } from "../ml/resources";
import type { OperationRecord, PendingAction, Store } from "./store";
import type { OperationDurations } from "../types";

export const ZERO_DURATIONS: OperationDurations = {
    createVersion: 0,
    updateVersion: 0,
    deleteVersion: 0,
    updateModel: 0,
    deleteModel: 0,
};

const DURATION_KEY: Readonly<Record<OperationType, keyof OperationDurations>> = {
    CREATE_VERSION: "createVersion",
    UPDATE_VERSION: "updateVersion",
    DELETE_VERSION: "deleteVersion",
    UPDATE_MODEL: "updateModel",
    DELETE_MODEL: "deleteModel",
};

/** Injected behaviour for one operation (from "operationFailed" / "operationHang" faults). */
export type OperationFault = { kind: "fail"; code: number; message?: string } | { kind: "hang" };

function defaultFailureMessage(type: OperationType): string {
    return type === "CREATE_VERSION" ? DEFAULT_CREATE_FAILURE : "Internal error encountered.";
}

export interface StartOperation {
    namespace: string;
    project: string;
    type: OperationType;
    /** Operation id prefix, e.g. "create_M_V"; "-<epochMillis>" is appended. */
    idPrefix: string;
    modelName: string;
    versionSnapshot?: VersionFields;
    labels?: Labels;
    action: PendingAction;
    fault?: OperationFault;
    /**
     * A check the operation waits for before its duration starts (the Cloud Storage check of versions.create);
     * resolving to an error makes the operation end with it.
     */
    precondition?: Promise<RpcStatus | undefined>;
}

export class OperationEngine {
    private durations: OperationDurations;
    private readonly timers = new Map<string, NodeJS.Timeout>();

    constructor(
        private readonly store: Store,
        private readonly clock: Clock,
        durations: Partial<OperationDurations>,
        /** Called after changes made outside any request: timer-driven completions, settled preconditions (persistence). */
        private readonly onChange: () => void,
    ) {
        this.durations = { ...ZERO_DURATIONS, ...durations };
    }

    getDurations(): OperationDurations {
        return { ...this.durations };
    }

    /** Affects operations started afterwards only. */
    setDurations(d: Partial<OperationDurations>): void {
        for (const [key, value] of Object.entries(d) as [keyof OperationDurations, number | undefined][]) {
            if (!(key in ZERO_DURATIONS)) throw new Error(`unknown duration kind '${key}'`);
            if (value === undefined) continue;
            if (typeof value !== "number" || !Number.isFinite(value) || value < 0)
                throw new Error(`invalid duration for ${key}: ${String(value)}`);
            this.durations[key] = value;
        }
    }

    start(p: StartOperation): OperationRecord {
        const ns = this.store.ns(p.namespace);
        const now = this.clock();
        // Names embed epoch millis (create_M_V-1607934875576); bump the millis on a same-ms collision.
        let ms = now;
        while (ns.operations.has(operationResourceName(p.project, `${p.idPrefix}-${ms}`))) ms++;
        const op: OperationRecord = {
            name: operationResourceName(p.project, `${p.idPrefix}-${ms}`),
            namespace: p.namespace,
            project: p.project,
            type: p.type,
            seq: ++this.store.operationSeq,
            createdAtMs: now,
            dueAtMs: p.fault?.kind === "hang" ? null : now + this.durations[DURATION_KEY[p.type]],
            modelName: p.modelName,
            cancelRequested: false,
            done: false,
            action: p.action,
        };
        if (p.versionSnapshot) op.versionSnapshot = p.versionSnapshot;
        if (p.labels && Object.keys(p.labels).length > 0) op.labels = { ...p.labels };
        if (p.fault?.kind === "fail") {
            op.injectedFailure = { code: p.fault.code, message: p.fault.message ?? defaultFailureMessage(p.type) };
        }
        ns.operations.set(op.name, op);
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
            if (op.done || this.store.ns(op.namespace).operations.get(op.name) !== op) return;
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
            for (const op of this.store.ns(namespace).operations.values()) {
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
            for (const op of this.store.ns(namespace).operations.values()) this.schedule(op);
        }
    }

    stopTimers(): void {
        for (const t of this.timers.values()) clearTimeout(t);
        this.timers.clear();
    }

    private finish(op: OperationRecord, outcome: Outcome, endedAtMs: number): void {
        const completion = completeOperation(this.store.ns(op.namespace), op, outcome);
        op.done = true;
        op.endedAtMs = endedAtMs;
        if (completion.error) op.error = completion.error;
        else if (completion.response) op.response = completion.response;
        const key = timerKey(op);
        const timer = this.timers.get(key);
        if (timer) clearTimeout(timer);
        this.timers.delete(key);
        this.store.ns(op.namespace).changed(op);
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
