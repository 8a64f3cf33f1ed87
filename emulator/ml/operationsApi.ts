// projects.operations.{get,list,cancel}

import type { ApiContext } from "../core/context";
import { fieldError } from "../core/errors";
import { findOperation, listOperationsPage } from "../core/operationsApi";
import { operationResourceName } from "./names";
import { isMlOperation, mlOperationsOf, type MlOperationRecord } from "./records";
import { renderOperation } from "./render";
import type { Operation } from "./resources";
import { EMPTY_REQUEST_SCHEMA, decodeMessage } from "./schema";

function findMlOperation(ctx: ApiContext, project: string, id: string): MlOperationRecord {
    const name = operationResourceName(project, id);
    return findOperation(ctx, name, isMlOperation, () =>
        fieldError("NOT_FOUND", "name", `The operation "${name}" was not found.`),
    ) as MlOperationRecord;
}

export function getOperation(ctx: ApiContext, project: string, id: string): Operation {
    return renderOperation(findMlOperation(ctx, project, id), ctx.projectNumber(project));
}

export function listOperations(ctx: ApiContext, project: string): { operations?: Operation[]; nextPageToken?: string } {
    const page = listOperationsPage(ctx, mlOperationsOf(ctx.ns, project));
    if (page.items.length === 0) return {};
    const out: { operations?: Operation[]; nextPageToken?: string } = {
        operations: page.items.map((o) => renderOperation(o as MlOperationRecord, ctx.projectNumber(project))),
    };
    if (page.nextPageToken) out.nextPageToken = page.nextPageToken;
    return out;
}

/** Returns google.protobuf.Empty (`{}`); cancelling a finished operation is a no-op. */
export function cancelOperation(ctx: ApiContext, project: string, id: string): Record<string, never> {
    decodeMessage(EMPTY_REQUEST_SCHEMA, ctx.body ?? {}, "");
    const op = findMlOperation(ctx, project, id);
    ctx.engine.cancel(op);
    return {};
}
