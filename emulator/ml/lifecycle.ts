// What finishing an operation does to models and versions (state transitions, default version,
// etags) and what the finished operation reports as `response` or `error`.

import { TYPE_EMPTY } from "../core/constants";
import { TYPE_MODEL, TYPE_VERSION } from "./constants";
import { RPC_CODE } from "../core/errors";
import type { OperationAction } from "../core/api";
import { errorOf, type Completion } from "../core/operations";
import { newEtag } from "../core/etag";
import { lastSegment } from "./names";
import { renderModel, renderVersion } from "./render";
import type { JsonObject } from "./resources";
import { applyModelPatch, applyVersionPatch } from "./rules";
import type { NamespaceState } from "../core/store";
import { MODELS, VERSIONS, type MlAction } from "./records";

const EMPTY_RESPONSE: JsonObject = { "@type": TYPE_EMPTY };

function vanished(what: string): Completion {
    return { error: { code: RPC_CODE.NOT_FOUND, message: `The ${what} was deleted before the operation completed.` } };
}

function versionResponse(ns: NamespaceState, versionName: string, bareName: boolean): JsonObject {
    const v = ns.of(VERSIONS).get(versionName);
    if (!v) return EMPTY_RESPONSE;
    const rendered = renderVersion(ns, v);
    // CREATE_VERSION responses carry the bare version id (TFX and KFP both rebuild the full name from it).
    if (bareName) rendered.name = lastSegment(v.name);
    return { "@type": TYPE_VERSION, ...(rendered as JsonObject) };
}

/**
 * Apply the effects of a finished operation to the namespace and say how the operation ends. Every model and
 * version changed in place is reported to `ns.changed` (persistence); the caller reports the operation.
 */
const completeOperation: OperationAction = (ns, op, outcome): Completion => {
    const error = errorOf(outcome);
    const action = op.action as MlAction;
    switch (action.type) {
        case "createVersion": {
            const v = ns.of(VERSIONS).get(action.version);
            if (!v) return vanished("version");
            delete v.pendingOperation;
            v.etag = newEtag();
            ns.changed(v);
            if (error) {
                v.state = "FAILED";
                v.errorMessage = error.message;
                return { error };
            }
            v.state = "READY";
            const model = ns.of(MODELS).get(v.modelName);
            // "If the version created ... is the first deployed version of the specified model, it will be made the default."
            if (model && !model.defaultVersion) {
                model.defaultVersion = v.name;
                model.etag = newEtag();
                ns.changed(model);
            }
            return { response: versionResponse(ns, v.name, true) };
        }
        case "updateVersion": {
            const v = ns.of(VERSIONS).get(action.version);
            if (!v) return vanished("version");
            delete v.pendingOperation;
            v.state = "READY";
            v.etag = newEtag();
            ns.changed(v);
            if (error) return { error };
            v.fields = applyVersionPatch(v.fields, action.mask, action.patch);
            return { response: versionResponse(ns, v.name, false) };
        }
        case "deleteVersion": {
            const v = ns.of(VERSIONS).get(action.version);
            if (!v) return vanished("version");
            delete v.pendingOperation;
            ns.changed(v);
            if (error) {
                v.state = "READY";
                v.etag = newEtag();
                return { error };
            }
            ns.of(VERSIONS).delete(v.name);
            const model = ns.of(MODELS).get(v.modelName);
            if (model && model.defaultVersion === v.name) {
                delete model.defaultVersion;
                model.etag = newEtag();
                ns.changed(model);
            }
            return { response: EMPTY_RESPONSE };
        }
        case "updateModel": {
            const m = ns.of(MODELS).get(action.model);
            if (!m) return vanished("model");
            if (error) return { error };
            const target = action.patch.defaultVersion?.name;
            if (target !== undefined && target !== m.defaultVersion) {
                const v = ns.of(VERSIONS).get(target);
                if (!v || v.state !== "READY") {
                    return {
                        error: {
                            code: RPC_CODE.FAILED_PRECONDITION,
                            message: `The version ${lastSegment(target)} is not in state READY and cannot be made the default version.`,
                        },
                    };
                }
                const previous = m.defaultVersion ? ns.of(VERSIONS).get(m.defaultVersion) : undefined;
                if (previous) previous.etag = newEtag();
                v.etag = newEtag();
                m.defaultVersion = target;
                ns.changed(previous, v);
            }
            m.fields = applyModelPatch(m.fields, action.mask, action.patch);
            m.etag = newEtag();
            ns.changed(m);
            return { response: { "@type": TYPE_MODEL, ...(renderModel(ns, m) as JsonObject) } };
        }
        case "deleteModel": {
            const m = ns.of(MODELS).get(action.model);
            if (!m) return vanished("model");
            delete m.pendingDelete;
            ns.changed(m);
            if (error) return { error };
            ns.of(MODELS).delete(m.name);
            return { response: EMPTY_RESPONSE };
        }
    }
};

/** ml's operation completions, by action type (one switch above handles them all). */
export const ML_OPERATION_ACTIONS: Readonly<Record<MlAction["type"], OperationAction>> = {
    createVersion: completeOperation,
    updateVersion: completeOperation,
    deleteVersion: completeOperation,
    updateModel: completeOperation,
    deleteModel: completeOperation,
};
