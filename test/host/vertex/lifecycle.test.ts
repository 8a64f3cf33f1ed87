// The Vertex AI providers against the emulator, in the order the engine calls them: an endpoint, a model with two
// versions, two deployments and a traffic split; replica changes, traffic shifts, a replaced deployment, refresh
// of out-of-band changes, and teardown in the engine's order. Each step's API calls are asserted exactly.

import type { TrafficSplitOutputs } from "../../../provider/fields/vertex/trafficSplitFields";
import {
    created,
    IMAGE,
    PROJECT,
    REGION,
    startVertexHarness,
    updated,
    vertexCalls,
    type VertexHarness,
} from "../../../harness/vertexHarness";

let h: VertexHarness;
beforeAll(async () => {
    h = await startVertexHarness();
});
afterAll(() => h.stop());
beforeEach(() => h.emulator.reset());

const E = `projects/${PROJECT}/locations/${REGION}/endpoints`;
const M = `projects/${PROJECT}/locations/${REGION}/models`;

async function endpointOf(name: string) {
    const res = await fetch(`${h.emulator.url}/v1/${name}`, { headers: { authorization: "Bearer t" } });
    return (await res.json()) as { trafficSplit?: Record<string, number>; deployedModels?: { id: string }[] };
}

async function servingStack() {
    const endpoint = await created(h.endpoint, { region: REGION, name: "census", displayName: "census" });
    const model = await created(h.model, {
        region: REGION,
        name: "census",
        displayName: "census",
        labels: { team: "ml" },
    });
    const version = (artifactUri: string, aliases: string[]) =>
        created(h.modelVersion, {
            model: model.id,
            modelDisplayName: "census",
            modelLabels: { team: "ml" },
            artifactUri,
            container: { imageUri: IMAGE },
            versionAliases: aliases,
        });
    const blue = await version("gs://models/census/blue/", ["blue"]);
    const green = await version("gs://models/census/green/", ["green"]);
    const deploy = (displayName: string, modelVersion: string) =>
        created(h.deployment, { endpoint: endpoint.id, modelVersion, displayName, minReplicaCount: 1 });
    const blueServing = await deploy("blue", blue.id);
    const greenServing = await deploy("green", green.id);
    return { endpoint, model, blue, green, blueServing, greenServing };
}

test("create: endpoint, model with two versions, two deployments; the first deployment takes all traffic", async () => {
    const s = await servingStack();
    expect(s.endpoint.id).toBe(`${E}/census`);
    expect(s.endpoint.outs.fullName).toBe(`${E}/census`);
    expect(s.model.outs.fullName).toBe(`${M}/census`);
    expect(s.blue.id).toBe(`${M}/census@1`);
    expect(s.green.outs.versionId).toBe("2");
    const blueId = s.blueServing.outs.deployedModelId;
    const greenId = s.greenServing.outs.deployedModelId;
    expect(s.blueServing.id).toBe(`${E}/census/deployedModels/${blueId}`);
    expect((await endpointOf(s.endpoint.id)).trafficSplit).toEqual({ [blueId]: 100 });
    expect(vertexCalls(h)).toEqual([
        `POST /v1/${E}`,
        `POST /v1/${M}:upload`,
        `POST /v1/${M}:upload`,
        `POST /v1/${E}/census:deployModel`,
        `POST /v1/${E}/census:deployModel`,
    ]);
    void greenId;
});

test("traffic: one PATCH per shift; replicas: one mutate; refresh sees traffic set outside and up restores it", async () => {
    const s = await servingStack();
    const blueId = s.blueServing.outs.deployedModelId;
    const greenId = s.greenServing.outs.deployedModelId;
    const ids = { blue: blueId, green: greenId };
    const split = await created(h.trafficSplit, {
        endpoint: s.endpoint.id,
        percentages: { blue: 100, green: 0 },
        deployedModelIds: ids,
    });
    h.emulator.clearRequests();
    let outs = split.outs;
    const shift = await updated(h.trafficSplit, split.id, outs, {
        endpoint: s.endpoint.id,
        percentages: { blue: 90, green: 10 },
        deployedModelIds: ids,
    });
    outs = shift.outs;
    expect(shift.diff).toMatchObject({ changes: true, replaces: [] });
    expect(outs.trafficSplit).toEqual({ [blueId]: 90, [greenId]: 10 });
    expect(vertexCalls(h)).toEqual([`PATCH /v1/${E}/census?updateMask=trafficSplit`]);

    h.emulator.clearRequests();
    const scaled = await updated(h.deployment, s.blueServing.id, s.blueServing.outs, {
        endpoint: s.endpoint.id,
        modelVersion: s.blue.id,
        displayName: "blue",
        minReplicaCount: 2,
        maxReplicaCount: 4,
    });
    expect(scaled.diff).toMatchObject({ changes: true, replaces: [] });
    expect(vertexCalls(h)).toEqual([`POST /v1/${E}/census:mutateDeployedModel`]);

    // Someone moves all traffic to green by hand: refresh shows it, up puts it back.
    const byHand = await fetch(`${h.emulator.url}/v1/${s.endpoint.id}?updateMask=trafficSplit`, {
        method: "PATCH",
        headers: { authorization: "Bearer t", "content-type": "application/json" },
        body: JSON.stringify({ trafficSplit: { [greenId]: 100 } }),
    });
    expect(byHand.status).toBe(200);
    const refreshed = await h.trafficSplit.read(split.id, outs);
    expect(refreshed.inputs?.percentages).toEqual({ blue: 0, green: 100 });
    const restored = await updated(h.trafficSplit, split.id, refreshed.props as TrafficSplitOutputs, {
        endpoint: s.endpoint.id,
        percentages: { blue: 90, green: 10 },
        deployedModelIds: ids,
    });
    expect(restored.outs.trafficSplit).toEqual({ [blueId]: 90, [greenId]: 10 });

    const refreshedDeployment = await h.deployment.read(s.blueServing.id, scaled.outs);
    expect(refreshedDeployment.inputs).toMatchObject({ minReplicaCount: 2, maxReplicaCount: 4 });
});

test("teardown in the engine's order: split released, deployments undeployed (traffic handed over), versions, model, endpoint", async () => {
    const s = await servingStack();
    const split = await created(h.trafficSplit, {
        endpoint: s.endpoint.id,
        percentages: { blue: 50, green: 50 },
        deployedModelIds: {
            blue: s.blueServing.outs.deployedModelId,
            green: s.greenServing.outs.deployedModelId,
        },
    });
    await h.trafficSplit.delete(split.id, split.outs);
    await h.deployment.delete(s.blueServing.id, s.blueServing.outs);
    expect((await endpointOf(s.endpoint.id)).trafficSplit).toEqual({
        [s.greenServing.outs.deployedModelId]: 100,
    });
    await h.deployment.delete(s.greenServing.id, s.greenServing.outs);
    await h.modelVersion.delete(s.blue.id, s.blue.outs);
    await h.modelVersion.delete(s.green.id, s.green.outs);
    await h.model.delete(s.model.id, s.model.outs);
    await h.endpoint.delete(s.endpoint.id, s.endpoint.outs);
    expect(await h.endpoint.read(s.endpoint.id, s.endpoint.outs)).toEqual({});
    const models = await fetch(`${h.emulator.url}/v1/${M}`, { headers: { authorization: "Bearer t" } });
    expect(await models.json()).toEqual({});
});
