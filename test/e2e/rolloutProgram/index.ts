// A Vertex AI endpoint and registry model served by one ModelRollout of the local model at `modelPath` (config),
// uploaded to `bucket`. With `imageFromOutput`, the container image is an Output, as when it comes from another
// resource: the rollout cannot check the files against it at preview, so only the API's own check can refuse them.
import * as pulumi from "@pulumi/pulumi";
import * as vertex from "pulumi-aiplatform-prediction/vertex";
import { ModelRollout } from "pulumi-aiplatform-prediction/vertex/artifacts";

const config = new pulumi.Config();
const region = "us-central1";
const imageUri = vertex.prebuiltContainers.sklearn("1.3");

const endpoint = new vertex.Endpoint("census", { region, description: "Census income classifier" });
const model = new vertex.Model("census", { region, displayName: "census" });
const rollout = new ModelRollout("census", {
    modelPath: config.require("modelPath"),
    bucket: config.require("bucket"),
    model,
    endpoint,
    version: { container: { imageUri: config.getBoolean("imageFromOutput") ? pulumi.output(imageUri) : imageUri } },
    deployment: { machineType: "n1-standard-2", maxReplicaCount: 2 },
});

export const contentHash = rollout.contentHash;
export const objectNames = rollout.objects.map((o) => o.name);
export const versionName = rollout.version.fullName;
export const deployedModelId = rollout.deployment.deployedModelId;
export const folder = rollout.folder;
