// projects.locations.endpoints: create, get, list, patch, delete, deployModel, undeployModel, mutateDeployedModel,
// predict (reference §2). Long-running calls validate synchronously (a refusal is an HTTP error) and apply their
// change when the operation completes (lifecycle.ts), re-checking it then.

import { rfc3339Millis } from "../core/clock";
import type { ApiContext } from "../core/context";
import { ApiError, shown } from "../core/errors";
import { newEtag } from "../core/etag";
import { paginate, parsePageSize } from "../core/pagination";
import { Prng } from "../core/prng";
import type { JsonObject } from "../core/proto3json";
import { vertexInvalidField, vertexPrecondition } from "./errors";
import { checkDisplayName, checkId, checkLabels } from "./ids";
import { listFilter } from "./listFilter";
import { findEndpoint, findModelByName, notFound } from "./lookups";
import { checkAutoscaling, checkMachineSpec, checkReplicas } from "./machines";
import { endpointName, locationName, newNumericId, projectKey } from "./names";
import { startVertexOperation } from "./operationsStart";
import { checkPredictRequest, predict, type ServingDeployment } from "./predict";
import {
    ENDPOINTS,
    endpointsIn,
    MODELS,
    VERSIONS,
    type DeployedModelRecord,
    type EndpointRecord,
    type VertexAction,
} from "./records";
import { renderDeployedModel, renderEndpoint, renderOperation, SUPPORTED_RESOURCES_TYPES } from "./render";
import { checkEtag, checkResourcesType, checkSameLocation, endpointHasDeployments, parseUpdateMask } from "./rules";
import { decodeVertex } from "./schema";
import { splitAfterDeploy, splitAfterPatch, splitAfterUndeploy, type TrafficSplit } from "./traffic";
import { checkLocation } from "./locations";

/** Endpoint fields a caller may set at create and that are echoed back (the rest is output only). */
const OUTPUT_ONLY = [
    "name",
    "deployedModels",
    "etag",
    "createTime",
    "updateTime",
    "trafficSplit",
    "dedicatedEndpointDns",
    "modelDeploymentMonitoringJob",
    "satisfiesPzs",
    "satisfiesPzi",
];

function now(ctx: ApiContext): string {
    return rfc3339Millis(ctx.clock());
}

function checkLoggingConfig(config: JsonObject | undefined, field: string): void {
    if (!config) return;
    const rate = config.samplingRate;
    if (rate !== undefined && (typeof rate !== "number" || rate <= 0 || rate > 1)) {
        throw vertexInvalidField(
            `${field}.sampling_rate`,
            `sampling_rate ${shown(rate)} must be a fraction in (0, 1].`,
        );
    }
    const uri = (config.bigqueryDestination as JsonObject | undefined)?.outputUri;
    if (
        uri !== undefined &&
        (typeof uri !== "string" || !/^bq:\/\/[a-z][a-z0-9-]{4,28}[a-z0-9](\.[A-Za-z0-9_]+){0,2}$/.test(uri))
    ) {
        throw vertexInvalidField(
            `${field}.bigquery_destination.output_uri`,
            `output_uri "${shown(uri)}" must look like bq://project, bq://project.dataset or bq://project.dataset.table.`,
        );
    }
}

function ensureIdle(e: EndpointRecord): void {
    if (e.pendingOperation) {
        throw vertexPrecondition(
            `Endpoint ${e.name} has an ongoing operation ${e.pendingOperation}; wait for it to finish and retry.`,
        );
    }
}

export function createEndpoint(ctx: ApiContext, project: string, location: string): JsonObject {
    checkLocation(location);
    const body = decodeVertex("Endpoint", ctx.body ?? {});
    const requestedId = ctx.query.get("endpointId") ?? ctx.query.get("endpoint_id") ?? undefined;
    const id = requestedId === undefined || requestedId === "" ? newNumericId() : checkId("endpointId", requestedId);
    const displayName = checkDisplayName("endpoint.display_name", body.displayName);
    checkLabels("endpoint.labels", body.labels as JsonObject | undefined);
    if (body.trafficSplit && Object.keys(body.trafficSplit).length > 0) {
        throw vertexInvalidField(
            "endpoint.traffic_split",
            "traffic_split cannot be set when creating an endpoint: no model is deployed yet. Deploy a model with a traffic_split instead.",
        );
    }
    checkLoggingConfig(
        body.predictRequestResponseLoggingConfig as JsonObject | undefined,
        "endpoint.predict_request_response_logging_config",
    );
    const key = projectKey(project, (id) => ctx.projectNumber(id));
    const name = endpointName(key, location, id);
    if (ctx.ns.of(ENDPOINTS).has(name)) {
        throw new ApiError("ALREADY_EXISTS", `Endpoint ${name} already exists; choose another endpoint_id.`);
    }
    const fields: JsonObject = { ...body };
    for (const f of [...OUTPUT_ONLY, "displayName"]) delete fields[f];
    const time = now(ctx);
    const endpoint: EndpointRecord = {
        name,
        project: key,
        location,
        displayName,
        fields,
        trafficSplit: {},
        deployedModels: [],
        etag: newEtag(),
        createTime: time,
        updateTime: time,
    };
    ctx.ns.of(ENDPOINTS).set(name, endpoint);
    return renderOperation(startVertexOperation(ctx, key, name, { type: "vertexCreateEndpoint", endpoint: name }));
}

export function getEndpoint(ctx: ApiContext, project: string, location: string, id: string): JsonObject {
    return renderEndpoint(findEndpoint(ctx, project, location, id));
}

export function listEndpoints(ctx: ApiContext, project: string, location: string): JsonObject {
    const parent = locationName(
        projectKey(project, (id) => ctx.projectNumber(id)),
        location,
    );
    const matches = listFilter(ctx.query.get("filter") ?? "", "endpoint");
    const all = endpointsIn(ctx.ns, parent).filter((e) =>
        matches({
            id: e.name.split("/").at(-1) as string,
            displayName: e.displayName,
            labels: (e.fields.labels as Record<string, string> | undefined) ?? {},
        }),
    );
    const page = paginate(
        all,
        (e) => e.name,
        parsePageSize(ctx.query.get("pageSize") ?? undefined),
        ctx.query.get("pageToken") ?? undefined,
    );
    const out: JsonObject = {};
    if (page.items.length > 0) out.endpoints = page.items.map(renderEndpoint);
    if (page.nextPageToken) out.nextPageToken = page.nextPageToken;
    return out;
}

export function patchEndpoint(ctx: ApiContext, project: string, location: string, id: string): JsonObject {
    const endpoint = findEndpoint(ctx, project, location, id);
    const mask = parseUpdateMask(
        "endpoint",
        [...ctx.query.getAll("updateMask"), ...ctx.query.getAll("update_mask")].join(","),
    );
    const body = decodeVertex("Endpoint", ctx.body ?? {}, "endpoint");
    checkEtag("Endpoint", endpoint.name, body.etag, endpoint.etag);
    for (const path of mask) {
        switch (path) {
            case "displayName":
                endpoint.displayName = checkDisplayName("endpoint.display_name", body.displayName);
                break;
            case "trafficSplit":
                endpoint.trafficSplit = splitAfterPatch(
                    body.trafficSplit as TrafficSplit | undefined,
                    endpoint.deployedModels.map((d) => d.id),
                    endpoint.name,
                );
                break;
            default: {
                if (path === "labels") checkLabels("endpoint.labels", body.labels as JsonObject | undefined);
                if (path === "predictRequestResponseLoggingConfig") {
                    checkLoggingConfig(
                        body[path] as JsonObject | undefined,
                        "endpoint.predict_request_response_logging_config",
                    );
                }
                if (body[path] === undefined) delete endpoint.fields[path];
                else endpoint.fields[path] = body[path];
            }
        }
    }
    endpoint.etag = newEtag();
    endpoint.updateTime = now(ctx);
    ctx.ns.changed(endpoint);
    return renderEndpoint(endpoint);
}

export function deleteEndpoint(ctx: ApiContext, project: string, location: string, id: string): JsonObject {
    const endpoint = findEndpoint(ctx, project, location, id);
    if (endpoint.deployedModels.length > 0)
        throw endpointHasDeployments(
            endpoint.name,
            endpoint.deployedModels.map((d) => d.id),
        );
    ensureIdle(endpoint);
    return startEndpointOperation(
        ctx,
        endpoint,
        { type: "vertexDeleteEndpoint", endpoint: endpoint.name },
        locationName(endpoint.project, endpoint.location),
    );
}

/**
 * Starts an operation that keeps the endpoint busy (one mutating operation at a time, see ensureIdle) until it
 * ends; named under the endpoint unless another parent is given (endpoint delete: the location).
 */
function startEndpointOperation(
    ctx: ApiContext,
    endpoint: EndpointRecord,
    action: VertexAction,
    parent: string = endpoint.name,
): JsonObject {
    const op = startVertexOperation(ctx, endpoint.project, parent, action);
    if (!op.done) {
        endpoint.pendingOperation = op.name;
        ctx.ns.changed(endpoint);
    }
    return renderOperation(op);
}

function dedicatedResources(raw: JsonObject): JsonObject {
    const prefix = "deployed_model.dedicated_resources";
    const machine = checkMachineSpec(prefix, raw.machineSpec as JsonObject | undefined);
    const [min, max] = checkReplicas(prefix, raw.minReplicaCount, raw.maxReplicaCount);
    checkAutoscaling(prefix, raw.autoscalingMetricSpecs);
    return {
        ...raw,
        machineSpec: { ...(raw.machineSpec as JsonObject | undefined), ...machine },
        minReplicaCount: min,
        maxReplicaCount: max,
    };
}

export function deployModel(ctx: ApiContext, project: string, location: string, id: string): JsonObject {
    const endpoint = findEndpoint(ctx, project, location, id);
    const body = decodeVertex("DeployModelRequest", ctx.body ?? {});
    const requested = body.deployedModel as JsonObject | undefined;
    if (!requested) throw vertexInvalidField("deployed_model", "deployed_model is required.");
    if (typeof requested.model !== "string" || requested.model === "") {
        throw vertexInvalidField(
            "deployed_model.model",
            "deployed_model.model is required: the model resource name to deploy.",
        );
    }
    const { model, version, location: modelLocation } = findModelByName(ctx, "deployed_model.model", requested.model);
    checkSameLocation(model.name, modelLocation, endpoint.name, endpoint.location);
    if (version.uploading)
        throw vertexPrecondition(
            `Model ${version.name} is still being uploaded; deploy it once its upload has finished.`,
        );
    checkResourcesType(
        {
            dedicated: requested.dedicatedResources !== undefined,
            automatic: requested.automaticResources !== undefined,
            shared: requested.sharedResources !== undefined,
        },
        SUPPORTED_RESOURCES_TYPES,
        model.name,
    );
    const deployedIds = endpoint.deployedModels.map((d) => d.id);
    let dmId: string;
    if (typeof requested.id === "string" && requested.id !== "") {
        dmId = checkId("deployedModelId", requested.id);
        if (deployedIds.includes(dmId))
            throw new ApiError("ALREADY_EXISTS", `Deployed model ${dmId} already exists on endpoint ${endpoint.name}.`);
    } else dmId = newNumericId();
    const split = body.trafficSplit as TrafficSplit | undefined;
    splitAfterDeploy(endpoint.trafficSplit, split, deployedIds, dmId, endpoint.name);
    ensureIdle(endpoint);
    const { id: _id, model: _model, displayName, dedicatedResources: dedicated, ...extra } = requested;
    delete extra.modelVersionId;
    delete extra.createTime;
    delete extra.status;
    delete extra.privateEndpoints;
    const deployed: DeployedModelRecord = {
        id: dmId,
        model: version.name,
        modelVersionId: version.versionId,
        displayName: typeof displayName === "string" && displayName !== "" ? displayName : model.displayName,
        createTime: now(ctx),
        dedicatedResources: dedicatedResources(dedicated as JsonObject),
        extra,
    };
    const action = {
        type: "vertexDeployModel" as const,
        endpoint: endpoint.name,
        deployedModel: deployed,
        ...(split ? { trafficSplit: split } : {}),
    };
    return startEndpointOperation(ctx, endpoint, action);
}

export function undeployModel(ctx: ApiContext, project: string, location: string, id: string): JsonObject {
    const endpoint = findEndpoint(ctx, project, location, id);
    const body = decodeVertex("UndeployModelRequest", ctx.body ?? {});
    const dmId = body.deployedModelId;
    if (typeof dmId !== "string" || dmId === "")
        throw vertexInvalidField("deployed_model_id", "deployed_model_id is required.");
    if (!endpoint.deployedModels.some((d) => d.id === dmId))
        throw notFound("Deployed model", `${dmId} of endpoint ${endpoint.name}`);
    const split = body.trafficSplit as TrafficSplit | undefined;
    splitAfterUndeploy(
        endpoint.trafficSplit,
        split,
        endpoint.deployedModels.map((d) => d.id),
        dmId,
        endpoint.name,
    );
    ensureIdle(endpoint);
    const action = {
        type: "vertexUndeployModel" as const,
        endpoint: endpoint.name,
        deployedModelId: dmId,
        ...(split ? { trafficSplit: split } : {}),
    };
    return startEndpointOperation(ctx, endpoint, action);
}

/** The DeployedModel after a mutate's masked changes (checked as a deploy would be). */
export function mutatedDeployment(
    dm: DeployedModelRecord,
    mask: readonly string[],
    patch: JsonObject,
): DeployedModelRecord {
    const dedicated = { ...dm.dedicatedResources };
    const extra = { ...dm.extra };
    const given = (patch.dedicatedResources as JsonObject | undefined) ?? {};
    for (const path of mask) {
        const [head, leaf] = path.split(".") as [string, string | undefined];
        if (head === "automaticResources") {
            throw vertexInvalidField(
                "update_mask",
                `'automatic_resources' is not supported for deployed model ${dm.id}: it uses dedicated_resources.`,
            );
        }
        if (head === "dedicatedResources" && leaf !== undefined) {
            if (given[leaf] === undefined) delete dedicated[leaf];
            else dedicated[leaf] = given[leaf];
        } else if (patch[head] === undefined) delete extra[head];
        else extra[head] = patch[head];
    }
    const prefix = "deployed_model.dedicated_resources";
    const [min, max] = checkReplicas(
        prefix,
        dedicated.minReplicaCount,
        mask.includes("dedicatedResources.maxReplicaCount")
            ? dedicated.maxReplicaCount
            : dm.dedicatedResources.maxReplicaCount,
    );
    checkAutoscaling(prefix, dedicated.autoscalingMetricSpecs);
    return { ...dm, dedicatedResources: { ...dedicated, minReplicaCount: min, maxReplicaCount: max }, extra };
}

export function mutateDeployedModel(ctx: ApiContext, project: string, location: string, id: string): JsonObject {
    const endpoint = findEndpoint(ctx, project, location, id);
    const body = decodeVertex("MutateDeployedModelRequest", ctx.body ?? {});
    const patch = body.deployedModel as JsonObject | undefined;
    if (!patch || typeof patch.id !== "string")
        throw vertexInvalidField("deployed_model.id", "deployed_model.id is required: the deployed model to change.");
    const dm = endpoint.deployedModels.find((d) => d.id === patch.id);
    if (!dm) throw notFound("Deployed model", `${patch.id} of endpoint ${endpoint.name}`);
    const rawMask =
        typeof body.updateMask === "string"
            ? body.updateMask
            : [...ctx.query.getAll("updateMask"), ...ctx.query.getAll("update_mask")].join(",");
    const mask = parseUpdateMask("deployedModel", rawMask);
    mutatedDeployment(dm, mask, patch);
    ensureIdle(endpoint);
    return startEndpointOperation(ctx, endpoint, {
        type: "vertexMutateDeployedModel",
        endpoint: endpoint.name,
        deployedModelId: dm.id,
        mask,
        patch,
    });
}

/** 32-bit hash of a string (seeds each endpoint's routing draws). */
function seedOf(text: string): number {
    let hash = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
    return hash;
}

const predictCounts = new WeakMap<EndpointRecord, number>();

export function predictEndpoint(ctx: ApiContext, project: string, location: string, id: string): JsonObject {
    const endpoint = findEndpoint(ctx, project, location, id);
    const body = decodeVertex("PredictRequest", ctx.body ?? {});
    const instances = checkPredictRequest(body, ctx.bodyBytes);
    const deployments: ServingDeployment[] = endpoint.deployedModels.map((dm) => {
        const version = ctx.ns.of(VERSIONS).get(dm.model);
        const model = ctx.ns.of(MODELS).get(version?.model ?? "");
        const failure = dm.predictFailure ?? version?.predictFailure;
        return {
            deployedModelId: dm.id,
            model: version?.model ?? dm.model,
            modelVersionId: dm.modelVersionId,
            modelDisplayName: model?.displayName ?? dm.displayName,
            ...(failure !== undefined ? { failure } : {}),
        };
    });
    // Draw n of an endpoint's routing sequence: seeded by its name, so a run repeats request for request.
    const n = predictCounts.get(endpoint) ?? 0;
    predictCounts.set(endpoint, n + 1);
    const draw = new Prng(seedOf(endpoint.name) + n).next();
    return predict(endpoint.name, endpoint.trafficSplit, deployments, instances, draw);
}

/** rawPredict, explain and the other serving methods the emulator does not serve: 501, saying so. */
export function notServed(method: string): never {
    throw new ApiError(
        "UNIMPLEMENTED",
        `The emulator does not serve ${method}: it answers :predict only (its predictions are derived from the instances; there is no model container to pass raw bytes to or explain). Use :predict.`,
    );
}

export { renderDeployedModel };
