// projects.operations.{get,list,cancel}

import type { ApiContext } from "../core/context";
import { fieldError, invalidArgument } from "../core/errors";
import { operationResourceName } from "./names";
import { paginate, parsePageSize } from "../core/pagination";
import { renderOperation } from "./render";
import type { Operation } from "./resources";
import { EMPTY_REQUEST_SCHEMA, decodeMessage } from "./schema";
import type { OperationRecord } from "../core/store";

function findOperation(ctx: ApiContext, project: string, id: string): OperationRecord {
    const name = operationResourceName(project, id);
    const op = ctx.ns.operations.get(name);
    if (!op) throw fieldError("NOT_FOUND", "name", `The operation "${name}" was not found.`);
    return op;
}

export function getOperation(ctx: ApiContext, project: string, id: string): Operation {
    return renderOperation(findOperation(ctx, project, id), ctx.projectNumber(project));
}

export function listOperations(ctx: ApiContext, project: string): { operations?: Operation[]; nextPageToken?: string } {
    const done = parseDoneFilter(ctx.query.get("filter") ?? "");
    const page = paginate(
        ctx.ns.operationsOf(project).filter((o) => done === undefined || o.done === done),
        (o) => String(o.seq).padStart(12, "0"),
        parsePageSize(ctx.query.get("pageSize") ?? ctx.query.get("page_size") ?? undefined),
        ctx.query.get("pageToken") ?? ctx.query.get("page_token") ?? undefined,
    );
    if (page.items.length === 0) return {};
    const out: { operations?: Operation[]; nextPageToken?: string } = {
        operations: page.items.map((o) => renderOperation(o, ctx.projectNumber(project))),
    };
    if (page.nextPageToken) out.nextPageToken = page.nextPageToken;
    return out;
}

/**
 * The list filter: empty, or `done=true` / `done=false` (AIP-160 spelling, spaces allowed), the one filter a
 * client waiting for operations needs. Anything else is refused rather than silently ignored (BEHAVIOUR.md).
 */
function parseDoneFilter(filter: string): boolean | undefined {
    if (filter.trim() === "") return undefined;
    const m = /^\s*done\s*[=:]\s*(true|false)\s*$/i.exec(filter);
    if (!m) throw invalidArgument(`Unsupported filter "${filter}": only done=true or done=false is supported.`);
    return (m[1] as string).toLowerCase() === "true";
}

/** Returns google.protobuf.Empty (`{}`); cancelling a finished operation is a no-op. */
export function cancelOperation(ctx: ApiContext, project: string, id: string): Record<string, never> {
    decodeMessage(EMPTY_REQUEST_SCHEMA, ctx.body ?? {}, "");
    const op = findOperation(ctx, project, id);
    ctx.engine.cancel(op);
    return {};
}
