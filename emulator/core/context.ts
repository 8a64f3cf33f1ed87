// What an API handler gets to work with, plus the shared not-found lookups.

import { fieldError } from "./errors";
import type { OperationEngine, OperationFault } from "./operations";
import { modelResourceName, versionResourceName } from "../ml/names";
import type { RpcStatus, VersionFields } from "../ml/resources";
import type { ModelRecord, NamespaceState, VersionRecord } from "./store";

export interface ApiContext {
    /** "global" or the region of the regional endpoint addressed. */
    namespace: string;
    ns: NamespaceState;
    engine: OperationEngine;
    clock(): number;
    projectNumber(project: string): string;
    query: URLSearchParams;
    /** Parsed JSON body; undefined when the request had none. */
    body: unknown;
    /**
     * Consume a pending "operationFailed"/"operationHang" fault for this request. Only called once an
     * operation is actually started, so rejected requests do not use up the fault.
     */
    takeOperationFault(): OperationFault | undefined;
    /**
     * Starts the Cloud Storage check of a version's files (emulator/ml/artifacts.ts); undefined when the emulator has
     * no Cloud Storage endpoint.
     */
    verifyArtifacts(fields: VersionFields): Promise<RpcStatus | undefined> | undefined;
}

export function modelNotFound(model: string, field = "name") {
    // Observed on a missing model (PAIR-code/what-if-tool #165, on :predict).
    return fieldError(
        "NOT_FOUND",
        field,
        `The model resource: "${model}" was not found. Please create the model resource first by using ` +
            `'gcloud ai-platform models create ${model}'.`,
    );
}

export function versionNotFound(field = "name") {
    return fieldError("NOT_FOUND", field, "The specified model version was not found.");
}

export function findModel(ctx: ApiContext, project: string, model: string, field = "name"): ModelRecord {
    const m = ctx.ns.models.get(modelResourceName(project, model));
    if (!m) throw modelNotFound(model, field);
    return m;
}

export function findVersion(ctx: ApiContext, project: string, model: string, version: string): VersionRecord {
    const v = ctx.ns.versions.get(versionResourceName(project, model, version));
    if (!v) throw versionNotFound();
    return v;
}
