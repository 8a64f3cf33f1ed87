// How Vertex methods start operations on the core's engine: names nested under their resource
// (`…/endpoints/E/operations/N`, `…/models/M/operations/N`, `…/locations/L/operations/N`), 19-digit IDs, the
// metadata and response message names of each call (reference §4), and the duration key of each.

import type { ApiContext } from "../core/context";
import type { RpcStatus } from "../core/operations";
import { newNumericId } from "./names";
import type { VertexAction, VertexOperationRecord } from "./records";

/** Per action: metadata type, response type (reference §4's table). */
export const OPERATION_TYPES: Readonly<Record<VertexAction["type"], { metadata: string; response: string }>> = {
    vertexCreateEndpoint: { metadata: "CreateEndpointOperationMetadata", response: "Endpoint" },
    vertexDeleteEndpoint: { metadata: "DeleteOperationMetadata", response: "google.protobuf.Empty" },
    vertexDeployModel: { metadata: "DeployModelOperationMetadata", response: "DeployModelResponse" },
    vertexUndeployModel: { metadata: "UndeployModelOperationMetadata", response: "UndeployModelResponse" },
    vertexMutateDeployedModel: {
        metadata: "MutateDeployedModelOperationMetadata",
        response: "MutateDeployedModelResponse",
    },
    vertexUploadModel: { metadata: "UploadModelOperationMetadata", response: "UploadModelResponse" },
    vertexDeleteModel: { metadata: "DeleteOperationMetadata", response: "google.protobuf.Empty" },
    vertexDeleteVersion: { metadata: "DeleteOperationMetadata", response: "google.protobuf.Empty" },
};

/** Operation duration keys (OperationDurations) are the action types. */
export const VERTEX_DURATION_KEYS = Object.keys(OPERATION_TYPES) as VertexAction["type"][];

export function startVertexOperation(
    ctx: ApiContext,
    project: string,
    parent: string,
    action: VertexAction,
    precondition?: Promise<RpcStatus | undefined>,
): VertexOperationRecord {
    const types = OPERATION_TYPES[action.type];
    const op = ctx.engine.start({
        namespace: ctx.namespace,
        project,
        name: `${parent}/operations/${newNumericId()}`,
        type: types.metadata,
        duration: action.type,
        action,
        fields: { metadataType: types.metadata, responseType: types.response },
        fault: ctx.takeOperationFault(),
        precondition,
    }) as VertexOperationRecord;
    // An operation due now (0 ms durations) is answered finished, so a client need not poll (gcloud then skips its
    // first one-second sleep). Callers mark their resource busy only while `op.done` is false.
    ctx.engine.advance();
    return op;
}
