// A blue/green rollout on a Vertex AI endpoint, driven by two config values (the Vertex part of `npm run demo`):
//   deploy        which versions are deployed on the endpoint: "blue" (default), "blue,green" or "green"
//   greenPercent  green's share of the traffic (default 0); blue serves the rest while it is deployed
// Both versions live in one registry model (green is uploaded once it is deployed, as version 2). Moving traffic is
// one PATCH of the endpoint's split, reviewed in `pulumi preview --diff` as `blue: 100 => 90`, `green: 10`.
import * as pulumi from "@pulumi/pulumi";
import * as vertex from "pulumi-aiplatform-prediction/vertex";

const config = new pulumi.Config();
const region = config.get("region") ?? "us-central1";
const bucket = config.get("bucket") ?? "demo-models";
const deploy = (config.get("deploy") ?? "blue").split(",").map((s) => s.trim());
const greenPercent = config.getNumber("greenPercent") ?? 0;

const endpoint = new vertex.Endpoint("census", {
    region,
    description: "Census income classifier",
    labels: { team: "ml" },
});
const model = new vertex.Model("census", { region, displayName: "census" });
const container = { imageUri: vertex.prebuiltContainers.sklearn("1.3") };

const blue = new vertex.ModelVersion("blue", { model, artifactUri: `gs://${bucket}/census/blue/`, container });
const green = deploy.includes("green")
    ? new vertex.ModelVersion("green", { model, artifactUri: `gs://${bucket}/census/green/`, container })
    : undefined;

const split: vertex.TrafficShareArgs[] = [];
if (deploy.includes("blue")) {
    const serving = new vertex.Deployment("blue", {
        endpoint,
        modelVersion: blue,
        machineType: "n1-standard-2",
        minReplicaCount: 1,
        maxReplicaCount: 3,
    });
    split.push({ deployment: serving, percent: 100 - greenPercent });
}
if (green !== undefined) {
    const serving = new vertex.Deployment("green", { endpoint, modelVersion: green, machineType: "n1-standard-2" });
    split.push({ deployment: serving, percent: greenPercent });
}
new vertex.TrafficSplit("census", { endpoint, split });

export const endpointName = endpoint.fullName;
export const versions = pulumi.all({ blue: blue.fullName, green: green?.fullName });
