// A replaced ModelVersion or Deployment is created before the old one goes: their IDs are assigned by the server, so
// nothing collides, and a deployment with traffic must never be undeployed before its successor can take it over.
// Found by test/e2e/vertex.test.ts: the shared diff's rule (delete first unless autonamed) undeployed green before
// deploying its replacement.

import { VertexDeploymentProvider } from "../../../provider/host/vertex/deploymentProvider";
import { VertexModelVersionProvider } from "../../../provider/host/vertex/modelVersionProvider";

const endpoint = "projects/demo-project/locations/us-central1/endpoints/census";
const model = "projects/demo-project/locations/us-central1/models/census";
const container = { imageUri: "us-docker.pkg.dev/vertex-ai/prediction/sklearn-cpu.1-3:latest" };

test.each([
    [
        "ModelVersion: new artifacts",
        () => new VertexModelVersionProvider(),
        { model, artifactUri: "gs://demo-bucket/census/green/", container },
        { artifactUri: "gs://demo-bucket/census/green-2/" },
        "artifactUri",
    ],
    [
        "Deployment: another version",
        () => new VertexDeploymentProvider(),
        { endpoint, modelVersion: `${model}@1`, displayName: "green", minReplicaCount: 1 },
        { modelVersion: `${model}@2` },
        "modelVersion",
    ],
] as const)("%s: replaced create-before-delete", async (_title, provider, olds, change, replaced) => {
    const diff = await provider().diff("id", olds as never, { ...olds, ...change } as never);
    expect(diff).toMatchObject({ changes: true, replaces: [replaced], deleteBeforeReplace: false });
});
