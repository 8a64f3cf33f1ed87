// Fault injection: transport faults (status/drop/lostResponse) decided per request, and operation
// faults (operationFailed/operationHang) consumed only when a matching request starts an operation.

import { RPC_CODE } from "./errors";
import type { OperationFault } from "./operations";
import { Prng } from "./prng";
import type { FaultKind, FaultSpec } from "../types";

export const DEFAULT_FAULT_SEED = 0x5eed;

const KINDS: readonly FaultKind[] = ["status", "drop", "lostResponse", "operationFailed", "operationHang"];
const TRANSPORT_KINDS: readonly FaultKind[] = ["status", "drop", "lostResponse"];

export interface ActiveFault {
    id: number;
    spec: FaultSpec;
    /** Remaining number of requests it affects (Infinity = unlimited). */
    remaining: number;
}

/** Thrown for an invalid FaultSpec (the admin API turns it into a 400). */
export class FaultSpecError extends Error {}

function validate(spec: FaultSpec): { spec: FaultSpec; remaining: number; pathRe?: RegExp } {
    if (typeof spec !== "object" || spec === null) throw new FaultSpecError("fault must be an object");
    if (!KINDS.includes(spec.kind)) throw new FaultSpecError(`kind must be one of ${KINDS.join(", ")}`);
    const times = spec.times ?? 1;
    const remaining = times === -1 || times === Infinity ? Infinity : times;
    if (remaining !== Infinity && (!Number.isInteger(remaining) || remaining < 1)) {
        throw new FaultSpecError("times must be a positive integer, -1 or Infinity");
    }
    if (spec.probability !== undefined && !(spec.probability >= 0 && spec.probability <= 1)) {
        throw new FaultSpecError("probability must be within 0..1");
    }
    if (
        spec.kind === "status" &&
        spec.status !== undefined &&
        !(Number.isInteger(spec.status) && spec.status >= 400 && spec.status <= 599)
    ) {
        throw new FaultSpecError("status must be an HTTP error status (400..599)");
    }
    if (spec.code !== undefined && !(Number.isInteger(spec.code) && spec.code >= 1 && spec.code <= 16)) {
        throw new FaultSpecError("code must be a google.rpc.Code (1..16)");
    }
    let pathRe: RegExp | undefined;
    if (spec.path !== undefined) {
        try {
            pathRe = new RegExp(spec.path);
        } catch (e) {
            throw new FaultSpecError(`path is not a valid RegExp: ${(e as Error).message}`);
        }
    }
    const result: { spec: FaultSpec; remaining: number; pathRe?: RegExp } = { spec: { ...spec }, remaining };
    if (pathRe) result.pathRe = pathRe;
    return result;
}

export class FaultRegistry {
    private faults: (ActiveFault & { pathRe?: RegExp })[] = [];
    private nextId = 1;
    private prng: Prng;

    constructor(private readonly seed: number = DEFAULT_FAULT_SEED) {
        this.prng = new Prng(seed);
    }

    add(spec: FaultSpec): ActiveFault {
        const v = validate(spec);
        const fault: ActiveFault & { pathRe?: RegExp } = { id: this.nextId++, spec: v.spec, remaining: v.remaining };
        if (v.pathRe) fault.pathRe = v.pathRe;
        this.faults.push(fault);
        return { id: fault.id, spec: fault.spec, remaining: fault.remaining };
    }

    /** Clears faults and restarts the PRNG so a run is reproducible after reset. */
    clear(): void {
        this.faults = [];
        this.prng = new Prng(this.seed);
    }

    list(): ActiveFault[] {
        return this.faults.map((f) => ({ id: f.id, spec: f.spec, remaining: f.remaining }));
    }

    /** The transport fault to apply to this request, if any (consumed). */
    takeTransportFault(method: string, path: string): FaultSpec | undefined {
        return this.take(method, path, TRANSPORT_KINDS);
    }

    /** The operation fault for an operation this request starts, if any (consumed). */
    takeOperationFault(method: string, path: string): OperationFault | undefined {
        const spec = this.take(method, path, ["operationFailed", "operationHang"]);
        if (!spec) return undefined;
        if (spec.kind === "operationHang") return { kind: "hang" };
        const fault: OperationFault = { kind: "fail", code: spec.code ?? RPC_CODE.INTERNAL };
        if (spec.message !== undefined) fault.message = spec.message;
        return fault;
    }

    private take(method: string, path: string, kinds: readonly FaultKind[]): FaultSpec | undefined {
        for (const f of this.faults) {
            if (!kinds.includes(f.spec.kind) || f.remaining <= 0) continue;
            if (f.spec.method && f.spec.method.toUpperCase() !== method.toUpperCase()) continue;
            if (f.pathRe && !f.pathRe.test(path)) continue;
            // Each matching request draws, so the sequence of outcomes depends only on the request sequence.
            if (f.spec.probability !== undefined && this.prng.next() >= f.spec.probability) continue;
            f.remaining--;
            if (f.remaining <= 0) this.faults = this.faults.filter((x) => x !== f);
            return f.spec;
        }
        return undefined;
    }
}
