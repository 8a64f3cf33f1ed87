// Online prediction (reference §2.6; PROTO-PS): a request goes to one deployed model picked by the
// endpoint's traffic split with a seeded draw, and the answer is derived from the instances and that
// deployment only, so a test can tell which deployment answered and repeat the run exactly.

import type { JsonObject, JsonValue } from "../core/proto3json";
import { ApiError } from "../core/errors";
import { vertexInvalidField, vertexPrecondition } from "./errors";
import { routeByTraffic, type TrafficSplit } from "./traffic";

/** What predict needs to know about one deployed model. */
export interface ServingDeployment {
    deployedModelId: string;
    /** Model resource name without a version suffix. */
    model: string;
    modelVersionId: string;
    modelDisplayName: string;
    /** Set when the deployment is made to fail predictions (fault or artifact marker). */
    failure?: string;
}

/** Largest number of instances one request may carry; gcloud reads up to 100 (GC-SURF predict.py). */
export const MAX_INSTANCES = 1000;

/** 32-bit FNV-1a: a stable hash so predictions do not change between runs or Node versions. */
function fnv1a(text: string): number {
    let hash = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) {
        hash ^= text.charCodeAt(i);
        hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash >>> 0;
}

/**
 * The prediction a deployment gives for one instance: a score in [0, 1) with 6 decimals, from the model
 * version and the instance's JSON. Two versions answer the same instance differently; one version always
 * answers it the same.
 */
export function predictionFor(deployment: ServingDeployment, instance: JsonValue): number {
    const hash = fnv1a(`${deployment.model}@${deployment.modelVersionId}\n${JSON.stringify(instance)}`);
    return Math.floor((hash / 4294967296) * 1e6) / 1e6;
}

/** Largest predict request body: 1.5 MB (gcloud predict's help; the reference's "Predict payload" row). */
export const MAX_PREDICT_BYTES = 1_572_864;

/** Check the PredictRequest shape beyond the schema: payload bounded, `instances` required and bounded. */
export function checkPredictRequest(body: JsonObject, bodyBytes: number): JsonValue[] {
    if (bodyBytes > MAX_PREDICT_BYTES) {
        // The text users of the service report for an oversized online prediction request.
        throw new ApiError("INVALID_ARGUMENT", `Request payload size exceeds the limit: ${MAX_PREDICT_BYTES} bytes.`);
    }
    const instances = body.instances;
    if (!Array.isArray(instances) || instances.length === 0) {
        throw vertexInvalidField(
            "instances",
            'instances is required; send {"instances": [...]} with at least one instance.',
        );
    }
    if (instances.length > MAX_INSTANCES) {
        throw vertexInvalidField(
            "instances",
            `${instances.length} instances were sent; at most ${MAX_INSTANCES} are accepted per request.`,
        );
    }
    return instances;
}

/**
 * Answer a predict call: pick the deployment by traffic (`draw` uniform in [0, 1)), refuse when the
 * endpoint has no traffic, fail when the picked deployment is made to fail.
 */
export function predict(
    endpoint: string,
    split: TrafficSplit,
    deployments: readonly ServingDeployment[],
    instances: readonly JsonValue[],
    draw: number,
): JsonObject {
    const chosen = routeByTraffic(
        split,
        draw,
        deployments.map((d) => d.deployedModelId),
    );
    const deployment = deployments.find((d) => d.deployedModelId === chosen);
    if (chosen === undefined || deployment === undefined) {
        // The text Vertex gave for :explain on an endpoint without traffic (explainable_ai_sdk#3).
        throw vertexPrecondition(`Endpoint ${endpoint} doesn't have traffic_split.`);
    }
    if (deployment.failure !== undefined) {
        throw new ApiError(
            "INTERNAL",
            `Prediction failed on deployed model ${deployment.deployedModelId} of endpoint ${endpoint}: ${deployment.failure}`,
        );
    }
    return {
        predictions: instances.map((instance) => predictionFor(deployment, instance)),
        deployedModelId: deployment.deployedModelId,
        model: deployment.model,
        modelDisplayName: deployment.modelDisplayName,
        modelVersionId: deployment.modelVersionId,
    };
}
