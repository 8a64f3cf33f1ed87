// google.longrunning.Operations for Vertex (reference §4): get, list, cancel, delete and wait, on operations named
// under a location, an endpoint or a model; the v1beta1 GET and wait gcloud uses; and a location-level name whose ID
// belongs to an operation nested under an endpoint or model (`gcloud ai operations describe`; BEHAVIOUR.md).

import { later, type Later } from "../core/api";
import type { ApiContext } from "../core/context";
import { ApiError } from "../core/errors";
import { OPERATIONS } from "../core/operations";
import { listOperationsPage, parseWaitTimeout } from "../core/operationsApi";
import type { JsonObject } from "../core/proto3json";
import { locationName, projectKey } from "./names";
import { isVertexOperation, operationsUnder, type VertexOperationRecord } from "./records";
import { renderOperation } from "./render";
import { decodeVertexEmpty } from "./schema";

/** `parent` is the path after the location: "", "/endpoints/E" or "/models/M". */
function operationName(ctx: ApiContext, project: string, location: string, parent: string, id: string): string {
    return `${locationName(
        projectKey(project, (id) => ctx.projectNumber(id)),
        location,
    )}${parent}/operations/${id}`;
}

function findVertexOperation(
    ctx: ApiContext,
    project: string,
    location: string,
    parent: string,
    id: string,
): VertexOperationRecord {
    const name = operationName(ctx, project, location, parent, id);
    const direct = ctx.ns.of(OPERATIONS).get(name);
    if (direct && isVertexOperation(direct)) return direct;
    if (parent === "") {
        // gcloud only knows location-level names: find the nested operation with that ID.
        const prefix = `${locationName(
            projectKey(project, (id) => ctx.projectNumber(id)),
            location,
        )}/`;
        const nested = operationsUnder(ctx.ns, prefix).find((o) => o.name.endsWith(`/operations/${id}`));
        if (nested) return nested;
    }
    throw new ApiError(
        "NOT_FOUND",
        `Operation projects/${project}/locations/${location}${parent}/operations/${id} not found.`,
    );
}

export function getOperation(
    ctx: ApiContext,
    project: string,
    location: string,
    parent: string,
    id: string,
): JsonObject {
    return renderOperation(findVertexOperation(ctx, project, location, parent, id));
}

export function listOperations(ctx: ApiContext, project: string, location: string, parent: string): JsonObject {
    const prefix = `${locationName(
        projectKey(project, (id) => ctx.projectNumber(id)),
        location,
    )}${parent}/operations/`;
    const page = listOperationsPage(ctx, operationsUnder(ctx.ns, prefix));
    const out: JsonObject = {};
    if (page.items.length > 0) out.operations = page.items.map((o) => renderOperation(o as VertexOperationRecord));
    if (page.nextPageToken) out.nextPageToken = page.nextPageToken;
    return out;
}

export function cancelOperation(
    ctx: ApiContext,
    project: string,
    location: string,
    parent: string,
    id: string,
): JsonObject {
    decodeVertexEmpty(ctx.body);
    ctx.engine.cancel(findVertexOperation(ctx, project, location, parent, id));
    return {};
}

export function deleteOperation(
    ctx: ApiContext,
    project: string,
    location: string,
    parent: string,
    id: string,
): JsonObject {
    ctx.engine.delete(findVertexOperation(ctx, project, location, parent, id));
    return {};
}

/** operations.wait: answers the moment the operation completes, at `timeout` (capped), or at once when done. */
export function waitOperation(ctx: ApiContext, project: string, location: string, parent: string, id: string): Later {
    decodeVertexEmpty(ctx.body);
    const op = findVertexOperation(ctx, project, location, parent, id);
    const timeoutMs = parseWaitTimeout(ctx.query.get("timeout")) ?? ctx.engine.waitCapMs;
    return later(
        ctx.engine.wait(op, timeoutMs).then((latest) => {
            if (!latest) throw new ApiError("NOT_FOUND", `Operation ${op.name} was deleted while waiting.`);
            return renderOperation(latest as VertexOperationRecord);
        }),
    );
}
