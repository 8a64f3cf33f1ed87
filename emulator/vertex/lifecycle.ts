// What each Vertex operation does when it completes (operationActions of the module). Deploy, undeploy and mutate
// apply their change now, re-checking it against the endpoint as it is (an out-of-band change may have moved it);
// a failed or cancelled operation leaves the endpoint as it was and undoes an upload or a create.

import { ApiError, RPC_CODE } from "../core/errors";
import { newEtag } from "../core/etag";
import { rfc3339Millis } from "../core/clock";
import { errorOf, type Completion, type OperationRecord, type Outcome } from "../core/operations";
import type { NamespaceState } from "../core/store";
import type { OperationAction } from "../core/api";
import { aliasesAfterDelete } from "./aliases";
import { mutatedDeployment } from "./endpointsApi";
import { aliasTable } from "./lookups";
import { applyAliases } from "./modelsApi";
import { ENDPOINTS, MODELS, VERSIONS, versionsOf, type VertexAction, type VertexOperationRecord } from "./records";
import { renderDeployedModel, renderEndpoint, TYPE_PREFIX } from "./render";
import { splitAfterDeploy, splitAfterUndeploy } from "./traffic";

function typed(op: OperationRecord, body: Record<string, unknown>): Completion {
    const responseType = (op as VertexOperationRecord).responseType;
    const type = responseType.startsWith("google.")
        ? `type.googleapis.com/${responseType}`
        : `${TYPE_PREFIX}${responseType}`;
    return { response: { "@type": type, ...body } };
}

/** A rule that fails when the operation completes ends the operation with that error (code and message). */
function failed(e: unknown): Completion {
    if (e instanceof ApiError) return { error: { code: RPC_CODE[e.status], message: e.message } };
    throw e;
}

function endOf(ns: NamespaceState, endpointName: string, op: OperationRecord) {
    const endpoint = ns.of(ENDPOINTS).get(endpointName);
    if (endpoint && endpoint.pendingOperation === op.name) {
        delete endpoint.pendingOperation;
        ns.changed(endpoint);
    }
    return endpoint;
}

function stamp(op: OperationRecord): string {
    return rfc3339Millis(op.dueAtMs ?? op.createdAtMs);
}

type Handler<T extends VertexAction["type"]> = (
    ns: NamespaceState,
    op: OperationRecord,
    action: Extract<VertexAction, { type: T }>,
    outcome: Outcome,
) => Completion;

const HANDLERS: { [T in VertexAction["type"]]: Handler<T> } = {
    vertexCreateEndpoint(ns, op, action, outcome) {
        const endpoint = ns.of(ENDPOINTS).get(action.endpoint);
        const error = errorOf(outcome);
        if (error) {
            ns.of(ENDPOINTS).delete(action.endpoint);
            return { error };
        }
        if (!endpoint)
            return { error: { code: RPC_CODE.NOT_FOUND, message: `Endpoint ${action.endpoint} was deleted.` } };
        return typed(op, renderEndpoint(endpoint));
    },
    vertexDeleteEndpoint(ns, op, action, outcome) {
        const endpoint = endOf(ns, action.endpoint, op);
        const error = errorOf(outcome);
        if (error) return { error };
        if (endpoint && endpoint.deployedModels.length > 0) {
            return {
                error: {
                    code: RPC_CODE.FAILED_PRECONDITION,
                    message: `Endpoint ${endpoint.name} has deployed models; undeploy them first.`,
                },
            };
        }
        ns.of(ENDPOINTS).delete(action.endpoint);
        return typed(op, {});
    },
    vertexDeployModel(ns, op, action, outcome) {
        const endpoint = endOf(ns, action.endpoint, op);
        const error = errorOf(outcome);
        if (error) return { error };
        if (!endpoint)
            return { error: { code: RPC_CODE.NOT_FOUND, message: `Endpoint ${action.endpoint} was deleted.` } };
        if (!ns.of(VERSIONS).has(action.deployedModel.model)) {
            return { error: { code: RPC_CODE.NOT_FOUND, message: `Model ${action.deployedModel.model} was deleted.` } };
        }
        try {
            endpoint.trafficSplit = splitAfterDeploy(
                endpoint.trafficSplit,
                action.trafficSplit,
                endpoint.deployedModels.map((d) => d.id),
                action.deployedModel.id,
                endpoint.name,
            );
        } catch (e) {
            return failed(e);
        }
        endpoint.deployedModels.push(structuredClone(action.deployedModel));
        endpoint.etag = newEtag();
        endpoint.updateTime = stamp(op);
        ns.changed(endpoint);
        return typed(op, { deployedModel: renderDeployedModel(action.deployedModel) });
    },
    vertexUndeployModel(ns, op, action, outcome) {
        const endpoint = endOf(ns, action.endpoint, op);
        const error = errorOf(outcome);
        if (error) return { error };
        if (!endpoint)
            return { error: { code: RPC_CODE.NOT_FOUND, message: `Endpoint ${action.endpoint} was deleted.` } };
        if (!endpoint.deployedModels.some((d) => d.id === action.deployedModelId)) return typed(op, {});
        try {
            endpoint.trafficSplit = splitAfterUndeploy(
                endpoint.trafficSplit,
                action.trafficSplit,
                endpoint.deployedModels.map((d) => d.id),
                action.deployedModelId,
                endpoint.name,
            );
        } catch (e) {
            return failed(e);
        }
        endpoint.deployedModels = endpoint.deployedModels.filter((d) => d.id !== action.deployedModelId);
        endpoint.etag = newEtag();
        endpoint.updateTime = stamp(op);
        ns.changed(endpoint);
        return typed(op, {});
    },
    vertexMutateDeployedModel(ns, op, action, outcome) {
        const endpoint = endOf(ns, action.endpoint, op);
        const error = errorOf(outcome);
        if (error) return { error };
        const index = endpoint?.deployedModels.findIndex((d) => d.id === action.deployedModelId) ?? -1;
        if (!endpoint || index < 0) {
            return {
                error: {
                    code: RPC_CODE.NOT_FOUND,
                    message: `Deployed model ${action.deployedModelId} of ${action.endpoint} is gone.`,
                },
            };
        }
        let next;
        try {
            next = mutatedDeployment(endpoint.deployedModels[index], action.mask, action.patch);
        } catch (e) {
            return failed(e);
        }
        endpoint.deployedModels[index] = next;
        endpoint.etag = newEtag();
        endpoint.updateTime = stamp(op);
        ns.changed(endpoint);
        return typed(op, { deployedModel: renderDeployedModel(next) });
    },
    vertexUploadModel(ns, op, action, outcome) {
        const version = ns.of(VERSIONS).get(action.version);
        const error = errorOf(outcome);
        if (error) {
            if (version) {
                ns.of(VERSIONS).delete(action.version);
                const rest = versionsOf(ns, action.model);
                if (rest.length === 0 && action.createdModel) ns.of(MODELS).delete(action.model);
                else
                    applyAliases(
                        ns,
                        rest,
                        aliasesAfterDelete(
                            aliasTable(rest),
                            version.versionId,
                            rest.map((v) => v.versionId),
                        ),
                    );
            }
            return { error };
        }
        if (!version) return { error: { code: RPC_CODE.NOT_FOUND, message: `Model ${action.version} was deleted.` } };
        delete version.uploading;
        ns.changed(version);
        return typed(op, { model: action.model, modelVersionId: version.versionId });
    },
    vertexDeleteModel(ns, op, action, outcome) {
        const model = ns.of(MODELS).get(action.model);
        if (model && model.pendingDelete === op.name) {
            delete model.pendingDelete;
            ns.changed(model);
        }
        const error = errorOf(outcome);
        if (error) return { error };
        for (const v of versionsOf(ns, action.model)) ns.of(VERSIONS).delete(v.name);
        ns.of(MODELS).delete(action.model);
        return typed(op, {});
    },
    vertexDeleteVersion(ns, op, action, outcome) {
        const error = errorOf(outcome);
        if (error) return { error };
        const version = ns.of(VERSIONS).get(action.version);
        if (!version) return typed(op, {});
        ns.of(VERSIONS).delete(action.version);
        const rest = versionsOf(ns, version.model);
        applyAliases(
            ns,
            rest,
            aliasesAfterDelete(
                aliasTable([...rest, version]),
                version.versionId,
                rest.map((v) => v.versionId),
            ),
        );
        return typed(op, {});
    },
};

export const VERTEX_OPERATION_ACTIONS: Readonly<Record<string, OperationAction>> = Object.fromEntries(
    Object.entries(HANDLERS).map(([type, handler]) => [
        type,
        (ns: NamespaceState, op: OperationRecord, outcome: Outcome) =>
            (handler as Handler<VertexAction["type"]>)(ns, op, op.action as VertexAction, outcome),
    ]),
);
