// The Vertex AI Deployment resource: one model version deployed on an endpoint (a DeployedModel).

import type * as pulumi from "@pulumi/pulumi";
import type { DeclaredInputsOf, DeclaredOutputsOf } from "../../fields/fieldTable";
import { type deploymentFields, deploymentOutputNames } from "../../fields/vertex/deploymentFields";
import type { ArgsMatchTable, OutputsDeclared } from "../inputs";
import { TableResource } from "../tableResource";
import deploymentProvider from "./deploymentProvider";
import { Endpoint } from "./endpoint";
import { ModelVersion } from "./modelVersion";
import type { AutoscalingMetricSpecArgs } from "./vertexInputs";
import type { AutoscalingMetricSpec } from "./vertexShapes";
import { DEPLOYMENT_TYPE } from "./vertexTypes";

/**
 * The arguments of a {@link Deployment}. What a change of each property does (one `:mutateDeployedModel` with an
 * updateMask, or a new deployment created before the old one is undeployed) is the Change column of
 * docs/reference.md, generated from the field table.
 * See https://cloud.google.com/vertex-ai/docs/reference/rest/v1/projects.locations.endpoints/deployModel.
 */
export interface DeploymentArgs {
    /** The endpoint: an {@link Endpoint} resource, or a full name `projects/P/locations/R/endpoints/E`. */
    endpoint: Endpoint | pulumi.Input<string>;
    /**
     * The version served: a {@link ModelVersion} resource, or a full name `projects/P/locations/R/models/M@N` (in the
     * endpoint's region).
     */
    modelVersion: ModelVersion | pulumi.Input<string>;
    /** The deployment's name in the endpoint, which a {@link TrafficSplit} shows its share under; defaults to the logical name. */
    displayName?: pulumi.Input<string>;
    /**
     * Machine type of the replicas: E2 or N1 (e.g. `"n1-standard-4"`), or a GPU type of the A2, G2 or A3 families.
     * Default `n1-standard-2`.
     */
    machineType?: pulumi.Input<string>;
    /** GPU type, e.g. `"NVIDIA_TESLA_T4"` on N1; the A2, G2 and A3 families need their built-in GPU named. */
    acceleratorType?: pulumi.Input<string>;
    /** GPUs per replica, required with an acceleratorType (e.g. 1, 2 or 4 T4s on N1); the GPU machine families need their built-in count. */
    acceleratorCount?: pulumi.Input<number>;
    /** Replicas always running, at least 1 (Vertex has no scale-to-zero for custom models). Default 1. */
    minReplicaCount?: pulumi.Input<number>;
    /** Most replicas autoscaling may start; defaults to minReplicaCount. Serving quota is charged at the maximum. */
    maxReplicaCount?: pulumi.Input<number>;
    /** What autoscaling targets: CPU utilisation (the API's default, 60 %), accelerator duty cycle or request count. */
    autoscalingMetricSpecs?: pulumi.Input<pulumi.Input<AutoscalingMetricSpecArgs>[]>;
    /** Service account email the serving container runs as (default: Vertex AI's service agent). */
    serviceAccount?: pulumi.Input<string>;
    /** Log each prediction request's metadata (access log). Default false. */
    enableAccessLogging?: pulumi.Input<boolean>;
    /** Stop sending the container's stdout/stderr to Cloud Logging (sent by default). */
    disableContainerLogging?: pulumi.Input<boolean>;
    /**
     * Take over the endpoint's deployed model with the same displayName (deployed outside Pulumi) instead of
     * deploying another; its immutable fields must match, replica counts that differ are mutated. Default false.
     */
    adopt?: pulumi.Input<boolean>;
    /**
     * Deadline in seconds for each long-running operation (default `aiplatform:operationTimeoutSeconds`, else 1800).
     * `customTimeouts` on the resource options takes precedence per step.
     */
    operationTimeoutSeconds?: pulumi.Input<number>;
}

/**
 * Each Deployment's display name as the program gave it (or the logical name), so a TrafficSplit can refuse two
 * shares under one plain name while the program is constructed, before anything is registered.
 */
export const declaredDisplayNames = new WeakMap<Deployment, pulumi.Input<string>>();

/**
 * A model version deployed on a Vertex AI endpoint (`endpoints/E:deployModel`, a DeployedModel). The endpoint's
 * first deployment gets all its traffic; later ones get none until a {@link TrafficSplit} gives them a share.
 * Undeploying one that still has traffic hands its share to the others, so the endpoint never sends traffic to
 * nothing. API: https://cloud.google.com/vertex-ai/docs/reference/rest/v1/projects.locations.endpoints/deployModel
 *
 * @example
 * ```ts
 * const endpoint = new vertex.Endpoint("census", { region: "us-central1" });
 * const model = new vertex.Model("census", { region: "us-central1" });
 * const blue = new vertex.ModelVersion("blue", {
 *     model,
 *     artifactUri: "gs://my-bucket/census/blue/",
 *     container: { imageUri: vertex.prebuiltContainers.sklearn("1.3") },
 * });
 * const blueServing = new vertex.Deployment("blue", {
 *     endpoint,
 *     modelVersion: blue,
 *     machineType: "n1-standard-2",
 *     minReplicaCount: 1,
 *     maxReplicaCount: 3,
 * });
 * export const deployedModelId = blueServing.deployedModelId;
 * ```
 */
export class Deployment extends TableResource {
    /** The endpoint's full name. */
    declare readonly endpoint: pulumi.Output<string>;
    /** The deployed version's full name, `projects/P/locations/R/models/M@N`. */
    declare readonly modelVersion: pulumi.Output<string>;
    /** The deployment's name in the endpoint (the logical name unless declared). */
    declare readonly displayName: pulumi.Output<string>;
    /** The machine type (unset when left to the API's default, n1-standard-2). */
    declare readonly machineType: pulumi.Output<string | undefined>;
    /** The GPU type. */
    declare readonly acceleratorType: pulumi.Output<string | undefined>;
    /** GPUs per replica. */
    declare readonly acceleratorCount: pulumi.Output<number | undefined>;
    /** Replicas always running, as declared or read back on refresh. */
    declare readonly minReplicaCount: pulumi.Output<number>;
    /** Most replicas, as declared or read back on refresh. */
    declare readonly maxReplicaCount: pulumi.Output<number | undefined>;
    /** Autoscaling targets, as declared or read back on refresh. */
    declare readonly autoscalingMetricSpecs: pulumi.Output<AutoscalingMetricSpec[] | undefined>;
    /** The service account the container runs as. */
    declare readonly serviceAccount: pulumi.Output<string | undefined>;
    /** Whether the access log is on. */
    declare readonly enableAccessLogging: pulumi.Output<boolean | undefined>;
    /** Whether container logging is off. */
    declare readonly disableContainerLogging: pulumi.Output<boolean | undefined>;
    /** The declared `adopt`. */
    declare readonly adopt: pulumi.Output<boolean | undefined>;
    /** The declared `operationTimeoutSeconds`. */
    declare readonly operationTimeoutSeconds: pulumi.Output<number | undefined>;
    /** `<endpoint>/deployedModels/<ID>` (the resource's id; known in an update's preview). */
    declare readonly fullName: pulumi.Output<string>;
    /** The deployed model's ID in the endpoint, the key of its traffic share (read from the id). */
    declare readonly deployedModelId: pulumi.Output<string>;

    constructor(name: string, args: DeploymentArgs, opts?: pulumi.CustomResourceOptions) {
        const { endpoint, modelVersion, ...rest } = args;
        super(
            deploymentProvider,
            DEPLOYMENT_TYPE,
            name,
            deploymentOutputNames,
            {
                ...rest,
                endpoint: endpoint instanceof Endpoint ? endpoint.fullName : endpoint,
                modelVersion: modelVersion instanceof ModelVersion ? modelVersion.fullName : modelVersion,
                displayName: args.displayName ?? name,
                minReplicaCount: args.minReplicaCount ?? 1,
            },
            opts,
        );
        declaredDisplayNames.set(this, args.displayName ?? name);
    }
}

// The documented Args and declared outputs above must agree with the Deployment table
// (fields/vertex/deploymentFields.ts); `endpoint` and `modelVersion` also accept the resources.
true satisfies ArgsMatchTable<DeploymentArgs, DeclaredInputsOf<typeof deploymentFields>, "endpoint" | "modelVersion">;
true satisfies OutputsDeclared<Deployment, DeclaredOutputsOf<typeof deploymentFields>>;
