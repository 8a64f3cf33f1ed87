// How ml's methods start their long-running operations on the core's engine: ml's operation names
// (projects/P/operations/<prefix>-<epochMillis>), duration keys, default failure text and record fields.

import type { ApiContext } from "../core/context";
import type { RpcStatus } from "../core/operations";
import { operationResourceName } from "./names";
import type { MlAction, MlOperationFields, MlOperationRecord } from "./records";
import type { OperationType } from "./resources";
import type { OperationDurations } from "../types";

/** Which duration each kind of ml operation takes (keys of OperationDurations). */
export const DURATION_KEY: Readonly<Record<OperationType, keyof OperationDurations>> = {
    CREATE_VERSION: "createVersion",
    UPDATE_VERSION: "updateVersion",
    DELETE_VERSION: "deleteVersion",
    UPDATE_MODEL: "updateModel",
    DELETE_MODEL: "deleteModel",
};

/** Default message of an injected CREATE_VERSION failure: the real model-load failure text (cloudml-samples #431). */
export const DEFAULT_CREATE_FAILURE =
    'Create Version failed. Bad model detected with error: "Failed to load model: Could not load the model (Error code: 0)"';

export interface StartMlOperation extends MlOperationFields {
    project: string;
    type: OperationType;
    /** Operation id prefix, e.g. "create_M_V"; "-<epochMillis>" is appended. */
    idPrefix: string;
    action: MlAction;
    precondition?: Promise<RpcStatus | undefined> | undefined;
}

export function startMlOperation(ctx: ApiContext, p: StartMlOperation): MlOperationRecord {
    const fields: Record<string, unknown> = { modelName: p.modelName };
    if (p.versionSnapshot) fields.versionSnapshot = p.versionSnapshot;
    if (p.labels && Object.keys(p.labels).length > 0) fields.labels = { ...p.labels };
    const op = ctx.engine.start({
        namespace: ctx.namespace,
        project: p.project,
        // Names embed epoch millis (create_M_V-1607934875576), as Google's do.
        name: (ms) => operationResourceName(p.project, `${p.idPrefix}-${ms}`),
        type: p.type,
        duration: DURATION_KEY[p.type],
        action: p.action,
        fields,
        fault: ctx.takeOperationFault(),
        failureMessage: p.type === "CREATE_VERSION" ? DEFAULT_CREATE_FAILURE : "Internal error encountered.",
        precondition: p.precondition,
    });
    return op as MlOperationRecord;
}
