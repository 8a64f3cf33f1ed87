// Vertex rules that are not about one field's shape (reference §1, §2, §3, §5): update masks, etags,
// same-location deploys, deployment resource types and the delete refusals. Pure functions.

import { ApiError, shown } from "../core/errors";
import { snakeToCamel } from "../core/proto3json";
import { vertexInvalid, vertexInvalidField, vertexPrecondition } from "./errors";

/** Paths each update may name (lowerCamel; snake_case accepted on input). */
export const UPDATABLE = {
    /** PATCH endpoint: gcloud's and the SDK's masks (GC-API Patch; SDK Endpoint.update). */
    endpoint: ["displayName", "description", "labels", "trafficSplit", "predictRequestResponseLoggingConfig"],
    /** PATCH model without a version suffix (PROTO-MS UpdateModelRequest). */
    model: ["displayName", "description", "labels"],
    /** PATCH model@version. */
    modelVersion: ["versionDescription", "labels"],
    /** mutateDeployedModel (PROTO-EPS MutateDeployedModelRequest; reference §2.5). */
    deployedModel: [
        "dedicatedResources.minReplicaCount",
        "dedicatedResources.maxReplicaCount",
        "dedicatedResources.requiredReplicaCount",
        "dedicatedResources.autoscalingMetricSpecs",
        "automaticResources.minReplicaCount",
        "automaticResources.maxReplicaCount",
        "disableContainerLogging",
    ],
} as const;

export type UpdateKind = keyof typeof UPDATABLE;

/** Fields that are immutable after create: naming one in a mask is refused (reference §2.2, unconfirmed reply). */
const IMMUTABLE: Readonly<Partial<Record<UpdateKind, readonly string[]>>> = {
    endpoint: ["network", "encryptionSpec", "privateServiceConnectConfig", "dedicatedEndpointEnabled"],
};

function camelPath(path: string): string {
    return path
        .split(".")
        .map((part) => snakeToCamel(part))
        .join(".");
}

/** Parse an update mask ("display_name,trafficSplit") into canonical lowerCamel paths of `kind`. */
export function parseUpdateMask(kind: UpdateKind, mask: string | undefined, field = "update_mask"): string[] {
    const paths = (mask ?? "")
        .split(",")
        .map((p) => p.trim())
        .filter((p) => p !== "");
    if (paths.length === 0) {
        throw vertexInvalidField(
            field,
            `update_mask is required; name the fields to change (${UPDATABLE[kind].join(", ")}).`,
        );
    }
    const allowed: readonly string[] = UPDATABLE[kind];
    return paths.map((raw) => {
        const path = camelPath(raw);
        if (IMMUTABLE[kind]?.includes(path)) {
            throw vertexInvalidField(
                field,
                `Field "${raw}" is immutable after creation; create a new resource to change it.`,
            );
        }
        if (!allowed.includes(path)) {
            throw vertexInvalidField(
                field,
                `Field "${raw}" cannot be updated; updatable fields: ${allowed.join(", ")}.`,
            );
        }
        return path;
    });
}

/**
 * A write with an etag must carry the current one (AIP-154: ABORTED). No etag means a blind overwrite.
 * Text after Vertex's "Specified … etag: … does not match server etag: …" (python-aiplatform#1674).
 */
export function checkEtag(kind: "Endpoint" | "Model", name: string, given: unknown, current: string): void {
    if (given === undefined || given === "" || given === current) return;
    throw new ApiError(
        "ABORTED",
        `Specified ${kind} etag: ${shown(given)} does not match server etag: ${current} for ${name}. ` +
            "Read the resource again and retry with its current etag.",
    );
}

/** A model and the endpoint it is deployed to must be in the same location (reference §1; unconfirmed text). */
export function checkSameLocation(
    model: string,
    modelLocation: string,
    endpoint: string,
    endpointLocation: string,
): void {
    if (modelLocation === endpointLocation) return;
    throw vertexInvalidField(
        "deployed_model.model",
        `Model ${model} and Endpoint ${endpoint} must be in the same location (model in ${modelLocation}, ` +
            `endpoint in ${endpointLocation}); upload the model to ${endpointLocation} or use an endpoint in ${modelLocation}.`,
    );
}

export type ResourcesType = "DEDICATED_RESOURCES" | "AUTOMATIC_RESOURCES" | "SHARED_RESOURCES";

/**
 * Which of the DeployedModel's resources oneof is set, checked against the Model's supported types.
 * "'automatic_resources' is not supported for Model" is Vertex's text (python-aiplatform#773).
 */
export function checkResourcesType(
    given: { dedicated: boolean; automatic: boolean; shared: boolean },
    supported: readonly ResourcesType[],
    model: string,
): ResourcesType {
    const set = [given.dedicated, given.automatic, given.shared].filter(Boolean).length;
    if (set > 1) {
        throw vertexInvalid(
            "Only one of deployed_model.dedicated_resources, automatic_resources and shared_resources may be set.",
        );
    }
    if (set === 0) {
        throw vertexInvalidField(
            "deployed_model.dedicated_resources",
            `Model ${model} needs dedicated_resources (machine_spec and min_replica_count) to be deployed.`,
        );
    }
    const type: ResourcesType = given.dedicated
        ? "DEDICATED_RESOURCES"
        : given.automatic
          ? "AUTOMATIC_RESOURCES"
          : "SHARED_RESOURCES";
    if (!supported.includes(type)) {
        const oneof = type.toLowerCase();
        throw vertexInvalid(`'${oneof}' is not supported for Model ${model}. Supported: ${supported.join(", ")}.`);
    }
    return type;
}

/** DeleteEndpoint while models are deployed (reference §5: FAILED_PRECONDITION; text unconfirmed). */
export function endpointHasDeployments(endpoint: string, deployedIds: readonly string[]): ApiError {
    return vertexPrecondition(
        `Endpoint ${endpoint} has deployed models (${deployedIds.join(", ")}); undeploy them before deleting the endpoint.`,
    );
}

/**
 * Deleting a deployed model or version: the text Vertex gives (reference §5, from public code):
 * "The Model is deployed or being deployed at the following Endpoint(s): … Please undeploy the model before retry."
 */
export function modelIsDeployed(target: string, endpoints: readonly string[]): ApiError {
    return vertexPrecondition(
        `The Model "${target}" is deployed or being deployed at the following Endpoint(s): ${endpoints.join(", ")}. ` +
            "Please undeploy the model before retry.",
    );
}

/** deleteVersion of a model's only version (PROTO-MS; status and text unconfirmed). */
export function onlyVersion(model: string, versionId: string): ApiError {
    return vertexPrecondition(
        `Version ${versionId} is the only version of Model ${model} and cannot be deleted on its own; delete the model instead.`,
    );
}
