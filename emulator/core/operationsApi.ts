// What every API's google.longrunning.Operations methods share: the wire envelope of an operation, the list filter
// and page, and the wait's timeout parameter. Each API words its own not-found and renders its own metadata.

import type { ApiContext } from "./context";
import { invalidArgument, transcodingError } from "./errors";
import { OPERATIONS, type OperationRecord, type RpcStatus } from "./operations";
import { paginate, parsePageSize } from "./pagination";

/** google.longrunning.Operation; `done` is absent (not false) while running, as proto3 JSON omits defaults. */
export interface OperationEnvelope<M> {
    name: string;
    metadata: M;
    done?: true;
    error?: RpcStatus;
    response?: { [key: string]: unknown };
}

/** An operation on the wire around the API's metadata: `done`, then `error` or `response` once finished. */
export function renderOperationEnvelope<M>(op: OperationRecord, metadata: M): OperationEnvelope<M> {
    const out: OperationEnvelope<M> = { name: op.name, metadata };
    if (op.done) {
        out.done = true;
        if (op.error) out.error = { ...op.error };
        else if (op.response) out.response = structuredClone(op.response);
    }
    return out;
}

/** Metadata with its undefined entries removed (proto3 JSON omits unset fields). */
export function withoutUndefined<T extends object>(metadata: T): T {
    for (const key of Object.keys(metadata) as (keyof T)[]) {
        if (metadata[key] === undefined) delete metadata[key];
    }
    return metadata;
}

/** The operation of that name in the request's namespace, if `belongs` says it is this API's; else `notFound()`. */
export function findOperation(
    ctx: ApiContext,
    name: string,
    belongs: (op: OperationRecord) => boolean,
    notFound: () => Error,
): OperationRecord {
    const op = ctx.ns.of(OPERATIONS).get(name);
    if (!op || !belongs(op)) throw notFound();
    return op;
}

/**
 * The list filter: empty, or `done=true` / `done=false` (AIP-160 spelling, spaces allowed), the one filter a
 * client waiting for operations needs. Anything else is refused rather than silently ignored (BEHAVIOUR.md).
 */
export function parseDoneFilter(filter: string): boolean | undefined {
    if (filter.trim() === "") return undefined;
    const m = /^\s*done\s*[=:]\s*(true|false)\s*$/i.exec(filter);
    if (!m) throw invalidArgument(`Unsupported filter "${filter}": only done=true or done=false is supported.`);
    return m[1].toLowerCase() === "true";
}

/** One page of `operations` (in creation order) after the request's `filter`, `pageSize` and `pageToken`. */
export function listOperationsPage(
    ctx: ApiContext,
    operations: readonly OperationRecord[],
): { items: OperationRecord[]; nextPageToken?: string } {
    const done = parseDoneFilter(ctx.query.get("filter") ?? "");
    return paginate(
        operations.filter((o) => done === undefined || o.done === done),
        (o) => String(o.seq).padStart(12, "0"),
        parsePageSize(ctx.query.get("pageSize") ?? ctx.query.get("page_size") ?? undefined),
        ctx.query.get("pageToken") ?? ctx.query.get("page_token") ?? undefined,
    );
}

/**
 * The `timeout` of operations.wait (a google.protobuf.Duration in its JSON form: "30s", "1.5s", "0.000000001s") in
 * milliseconds; absent: undefined (the engine's cap applies).
 */
export function parseWaitTimeout(raw: string | null): number | undefined {
    if (raw === null || raw === "") return undefined;
    const m = /^(-?\d+)(?:\.(\d{1,9}))?s$/.exec(raw);
    if (!m)
        throw transcodingError(
            "timeout",
            `Invalid value at 'timeout' (type.googleapis.com/google.protobuf.Duration), "${raw}"`,
        );
    const seconds = Number(m[1]);
    const fraction = Number(`0.${m[2] ?? "0"}`);
    const ms = (Math.abs(seconds) + fraction) * 1000 * (m[1]?.startsWith("-") ? -1 : 1);
    if (ms < 0) throw invalidArgument(`The timeout must not be negative, got "${raw}".`);
    return ms;
}
