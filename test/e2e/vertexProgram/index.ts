// A Vertex AI stack whose resources are described by the JSON `spec` config value, so each step of the end-to-end
// scenario (test/e2e/vertex.test.ts) is just configuration: an endpoint, a registry model, its versions, deployments
// of them on the endpoint and, when given, the traffic split over those deployments (by logical name).
import * as pulumi from "@pulumi/pulumi";
import * as vertex from "pulumi-aiplatform-prediction/vertex";

interface Spec {
    region: string;
    endpoint: Omit<vertex.EndpointArgs, "region">;
    model: Omit<vertex.ModelArgs, "region">;
    /** The serving container of every version. */
    imageUri: string;
    versions: { logical: string; artifactUri: string; versionDescription?: string }[];
    /** Each deployment names the logical version it serves. */
    deployments: {
        logical: string;
        version: string;
        machineType?: string;
        minReplicaCount?: number;
        maxReplicaCount?: number;
    }[];
    /** Shares by logical deployment; no TrafficSplit when absent. */
    split?: { deployment: string; percent: number }[];
}

const spec = new pulumi.Config().requireObject<Spec>("spec");
const endpoint = new vertex.Endpoint("census", { region: spec.region, ...spec.endpoint });
const model = new vertex.Model("census", { region: spec.region, ...spec.model });
const versions = new Map(
    spec.versions.map((v) => [
        v.logical,
        new vertex.ModelVersion(v.logical, {
            model,
            artifactUri: v.artifactUri,
            container: { imageUri: spec.imageUri },
            versionDescription: v.versionDescription,
        }),
    ]),
);
const deployments = new Map(
    spec.deployments.map(({ logical, version, ...hardware }) => {
        const modelVersion = versions.get(version);
        if (modelVersion === undefined) throw new Error(`deployment ${logical} names an undeclared version ${version}`);
        return [logical, new vertex.Deployment(logical, { endpoint, modelVersion, ...hardware })];
    }),
);
if (spec.split !== undefined) {
    new vertex.TrafficSplit("census", {
        endpoint,
        split: spec.split.map(({ deployment, percent }) => {
            const declared = deployments.get(deployment);
            if (declared === undefined) throw new Error(`the split names an undeclared deployment ${deployment}`);
            return { deployment: declared, percent };
        }),
    });
}

export const endpointName = endpoint.fullName;
export const modelName = model.fullName;
export const versionNames = pulumi.all(Object.fromEntries([...versions].map(([logical, v]) => [logical, v.fullName])));
export const deployedModelIds = pulumi.all(
    Object.fromEntries([...deployments].map(([logical, d]) => [logical, d.deployedModelId])),
);
