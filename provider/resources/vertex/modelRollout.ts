// ModelRollout: the Vertex AI counterpart of ml v1's ModelDeployment. Uploads a local model to Cloud Storage as
// gcp.storage.BucketObjects under a content-addressed folder (modelFiles.ts and ModelDeployment's uploadObjects), then uploads
// a ModelVersion from that folder, deploys it on an endpoint and gives it all of the endpoint's traffic.
//
// Why this rolls out without an outage: the folder is named after a hash of the files, so new files are a new
// artifactUri, which is a new ModelVersion (a replacement, created before the old one is deleted), whose new
// Deployment is created (with 0 % while the old one serves) before the old one is undeployed. The TrafficSplit's
// deployed-model ID changes with it, so the engine moves 100 % to the new deployment in the same update, before
// it deletes what was replaced: the old deployment (by then without traffic), the old version, the old objects.

import * as pulumi from "@pulumi/pulumi";
import type * as storage from "@pulumi/gcp/storage";
import { checkBucketName, defaultPrefix, normalizePrefix } from "../../plan/ml/modelArtifacts";
import { checkVertexModelFiles } from "../../plan/vertex/vertexModelFiles";
import { DEFAULT_MACHINE_TYPE } from "../../fields/vertex/servingHardware";
import { asRunError, folderUri, plainString, uploadObjects } from "../modelDeployment";
import { type ModelPlan, planModel } from "../modelFiles";
import { Deployment, type DeploymentArgs } from "./deployment";
import type { Endpoint } from "./endpoint";
import type { Model } from "./model";
import { ModelVersion, type ModelVersionArgs } from "./modelVersion";
import { TrafficSplit } from "./trafficSplit";

export const MODEL_ROLLOUT_TYPE = "aiplatform:vertex:ModelRollout";

/** The {@link ModelVersionArgs} of a {@link ModelRollout}'s version, less those it sets itself (model, artifactUri). */
export interface ModelRolloutVersionArgs extends Omit<ModelVersionArgs, "model" | "artifactUri"> {}

/** The {@link DeploymentArgs} of a {@link ModelRollout}'s deployment, less those it sets itself. */
export interface ModelRolloutDeploymentArgs extends Omit<DeploymentArgs, "endpoint" | "modelVersion"> {}

/** The arguments of a {@link ModelRollout}: where the local model is, where it goes, and what serves it. */
export interface ModelRolloutArgs {
    /**
     * Local model: a directory holding what the container loads at its top (`model.joblib` / `model.pkl` for
     * sklearn, `model.bst` for XGBoost, `saved_model.pb` for TensorFlow, `model.mar` for PyTorch) or that file alone.
     * Relative paths resolve against the working directory (the Pulumi program's). Read when the program runs, so
     * preview refuses a model the prebuilt container would not find.
     */
    modelPath: string;
    /** Bucket name (not a gs:// URL), in or near the endpoint's region; Vertex AI's service agent must read it. */
    bucket: pulumi.Input<string>;
    /** Folder in the bucket; defaults to the component's name. Objects go to `<prefix>/<contentHash>/...`. */
    prefix?: string;
    /** The registry entry: a Vertex AI `Model` resource, or a model's full name. */
    model: Model | pulumi.Input<string>;
    /**
     * The endpoint: a Vertex AI `Endpoint` resource, or its full name. The rollout owns its traffic split: other
     * deployments on it get 0 %.
     */
    endpoint: Endpoint | pulumi.Input<string>;
    /** The rest of the version; `container` is required (e.g. `{ imageUri: prebuiltContainers.sklearn("1.3") }`). */
    version: ModelRolloutVersionArgs;
    /** The rest of the deployment (machine type, replicas, …); its displayName defaults to the component's name. */
    deployment?: ModelRolloutDeploymentArgs;
}

/** The container's image when it is given as plain values (an Output is only known to the engine). */
function plainImageUri(container: ModelRolloutVersionArgs["container"]): string | undefined {
    if (typeof container !== "object" || container === null || pulumi.Output.isInstance(container)) return undefined;
    if (container instanceof Promise) return undefined;
    return plainString((container as { imageUri?: unknown }).imageUri) ?? undefined;
}

/** Everything that can be checked without the engine; runs before anything is registered. */
function planRollout(name: string, args: ModelRolloutArgs): { plan: ModelPlan; prefix: string } {
    const who = `ModelRollout "${name}"`;
    const bucket = plainString(args.bucket);
    if (typeof bucket === "string") checkBucketName(bucket, who);
    const prefix = normalizePrefix(args.prefix ?? defaultPrefix(name), who);
    const plan = planModel({
        modelPath: args.modelPath,
        prefix,
        // Vertex AI states no per-machine-type size limit as ml v1 does: the larger (N1) of ml v1's limits applies.
        limits: { machineType: DEFAULT_MACHINE_TYPE, known: true },
        customRoutine: true,
        fileNamesChecked: true,
        who,
    });
    const imageUri = plainImageUri(args.version.container);
    if (imageUri !== undefined) {
        checkVertexModelFiles(
            imageUri,
            plan.scan.path,
            plan.scan.files.map((f) => f.relPath),
            who,
        );
    }
    return { plan, prefix };
}

/**
 * A component that rolls a local model out on a Vertex AI endpoint: one `gcp.storage.BucketObject` per file under a
 * content-addressed folder, a {@link ModelVersion} uploaded from it (after the objects), a {@link Deployment} of it,
 * and a {@link TrafficSplit} giving that deployment 100 %. Changed files roll out as a new version and deployment;
 * traffic moves to them before the old ones are undeployed and deleted. The Vertex AI counterpart of ml v1's
 * `ModelDeployment`; needs the `@pulumi/gcp` package and is imported from
 * `pulumi-aiplatform-prediction/vertex/artifacts`.
 *
 * @example
 * ```ts
 * const endpoint = new vertex.Endpoint("census", { region: "us-central1" });
 * const model = new vertex.Model("census", { region: "us-central1" });
 * const rollout = new ModelRollout("census", {
 *     modelPath: "./model",
 *     bucket: "my-models-bucket",
 *     model,
 *     endpoint,
 *     version: { container: { imageUri: vertex.prebuiltContainers.sklearn("1.3") } },
 *     deployment: { machineType: "n1-standard-2", maxReplicaCount: 3 },
 * });
 * export const serving = rollout.deployment.deployedModelId;
 * ```
 */
export class ModelRollout extends pulumi.ComponentResource {
    /** One BucketObject per model file, named `<prefix>/<contentHash>/<relative path>`. */
    public readonly objects: storage.BucketObject[];
    /** `gs://<bucket>/<prefix>/<contentHash>/`; resolves once every object exists. */
    public readonly artifactUri: pulumi.Output<string>;
    /** 16 hex characters of sha256 over the model's relative paths and bytes; known at preview. */
    public readonly contentHash: string;
    /** `<prefix>/<contentHash>`: the model's folder in the bucket. */
    public readonly folder: string;
    /** The version uploaded from the folder. */
    public readonly version: ModelVersion;
    /** The version's deployment on the endpoint. */
    public readonly deployment: Deployment;
    /** The endpoint's split: 100 % to {@link deployment}. */
    public readonly trafficSplit: TrafficSplit;

    constructor(name: string, args: ModelRolloutArgs, opts?: pulumi.ComponentResourceOptions) {
        // Scan, check and hash before registering anything, so a bad model fails preview with nothing half-registered.
        const { plan, prefix } = asRunError(() => planRollout(name, args));
        super(MODEL_ROLLOUT_TYPE, name, {}, opts);

        this.contentHash = plan.contentHash;
        this.folder = plan.folder;
        const bucket = pulumi.output(args.bucket);
        this.objects = uploadObjects(this, bucket, name, plan.objects);
        this.artifactUri = folderUri(bucket, plan.folder, this.objects);

        this.version = new ModelVersion(
            name,
            { ...args.version, model: args.model, artifactUri: this.artifactUri },
            // dependsOn too, so the engine orders the upload after the objects (and deletes it before them).
            { parent: this, dependsOn: this.objects },
        );
        this.deployment = new Deployment(
            name,
            { ...args.deployment, endpoint: args.endpoint, modelVersion: this.version },
            { parent: this },
        );
        this.trafficSplit = new TrafficSplit(
            name,
            { endpoint: args.endpoint, split: [{ deployment: this.deployment, percent: 100 }] },
            { parent: this },
        );

        this.registerOutputs({
            artifactUri: this.artifactUri,
            contentHash: this.contentHash,
            folder: this.folder,
            prefix,
            versionFullName: this.version.fullName,
            deploymentFullName: this.deployment.fullName,
        });
    }
}
