// The Vertex AI v1 surface over HTTP (in-process emulator): endpoints, models, deployments, traffic, predict,
// operations (get, v1beta1 get, location-level lookup, list, wait, cancel, delete), out-of-band changes and the
// refusals Google gives, each with its status (reference §2-§5, §11 lifecycle, §12 scenarios).

import { startEmulator, type EmulatorHandle } from "../../../emulator";
import { callApi, type Json } from "../../helpers/emulatorProcess";

const L = "/v1/projects/demo/locations/us-central1";
const IMAGE = "us-docker.pkg.dev/vertex-ai/prediction/sklearn-cpu.1-3:latest";
const DEDICATED = { machineSpec: { machineType: "n1-standard-2" }, minReplicaCount: 1, maxReplicaCount: 2 };

// Many HTTP calls per test: a loaded 2-core machine needs more than jest's 5 s.
jest.setTimeout(60_000);

let emu: EmulatorHandle;
beforeAll(async () => {
    emu = await startEmulator({ port: 0 });
});
afterAll(async () => {
    await emu.stop();
});
beforeEach(() => {
    emu.reset();
});

const api = (method: string, path: string, body?: unknown) => callApi(emu.url, method, path, body);

async function ok(method: string, path: string, body?: unknown): Promise<Json> {
    const res = await api(method, path, body);
    if (res.status !== 200) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
    return res.body;
}

/** Starts an LRO, checks it finished without error and returns its response. */
async function lro(method: string, path: string, body?: unknown): Promise<Json> {
    const op = await ok(method, path, body);
    expect(op.done).toBe(true);
    const done = await ok("GET", `/v1/${op.name as string}`);
    expect(done.done).toBe(true);
    if (done.error) throw new Error(`${op.name as string}: ${JSON.stringify(done.error)}`);
    return done.response;
}

async function setup(): Promise<{ a: string; b: string }> {
    await lro("POST", `${L}/endpoints?endpointId=churn`, { displayName: "churn", labels: { team: "ml" } });
    await lro("POST", `${L}/models:upload`, {
        modelId: "churn-model",
        model: {
            displayName: "churn",
            artifactUri: "gs://b/v1/",
            containerSpec: { imageUri: IMAGE },
            versionAliases: ["v1"],
        },
    });
    await lro("POST", `${L}/models:upload`, {
        parentModel: "projects/demo/locations/us-central1/models/churn-model",
        model: {
            displayName: "churn",
            artifactUri: "gs://b/v2/",
            containerSpec: { imageUri: IMAGE },
            versionAliases: ["v2"],
        },
    });
    const a = await lro("POST", `${L}/endpoints/churn:deployModel`, {
        deployedModel: {
            model: "projects/demo/locations/us-central1/models/churn-model@1",
            displayName: "a",
            dedicatedResources: DEDICATED,
        },
        trafficSplit: { "0": 100 },
    });
    const b = await lro("POST", `${L}/endpoints/churn:deployModel`, {
        deployedModel: {
            model: "projects/demo/locations/us-central1/models/churn-model@v2",
            displayName: "b",
            dedicatedResources: DEDICATED,
        },
        trafficSplit: { [a.deployedModel.id as string]: 90, "0": 10 },
    });
    return { a: a.deployedModel.id as string, b: b.deployedModel.id as string };
}

test("the declarative lifecycle of reference §11 runs end to end", async () => {
    const { a, b } = await setup();
    const number = emu.snapshot().namespaces.vertex;
    expect(number).toBeDefined();
    const endpoint = await ok("GET", `${L}/endpoints/churn`);
    expect(endpoint.name).toMatch(/^projects\/\d{12}\/locations\/us-central1\/endpoints\/churn$/);
    expect(endpoint.trafficSplit).toEqual({ [a]: 90, [b]: 10 });
    // deployed as `…@1` and `…@v2`: the answer names the model bare and the version apart (BEHAVIOUR.md)
    const model = endpoint.name.replace(/endpoints\/churn$/, "models/churn-model");
    expect(endpoint.deployedModels.map((d: Json) => [d.id, d.model, d.modelVersionId])).toEqual([
        [a, model, "1"],
        [b, model, "2"],
    ]);
    expect(endpoint.deployedModels[0].dedicatedResources).toEqual(DEDICATED);
    const registered = await ok("GET", `${L}/models/churn-model`);
    expect(registered).toMatchObject({
        versionId: "1",
        versionAliases: ["default", "v1"],
        supportedDeploymentResourcesTypes: ["DEDICATED_RESOURCES"],
    });
    expect(registered.deployedModels).toEqual([{ endpoint: endpoint.name, deployedModelId: a }]);
    expect((await ok("GET", `${L}/models/churn-model@v2`)).versionId).toBe("2");

    const shifted = await ok("PATCH", `${L}/endpoints/churn?updateMask=traffic_split`, {
        trafficSplit: { [a]: 0, [b]: 100 },
    });
    expect(shifted.trafficSplit).toEqual({ [a]: 0, [b]: 100 });
    const mutated = await lro("POST", `${L}/endpoints/churn:mutateDeployedModel`, {
        deployedModel: { id: b, dedicatedResources: { minReplicaCount: 2, maxReplicaCount: 4 } },
        updateMask: "dedicatedResources.minReplicaCount,dedicatedResources.maxReplicaCount",
    });
    expect(mutated.deployedModel.dedicatedResources).toMatchObject({ minReplicaCount: 2, maxReplicaCount: 4 });
    const promoted = await ok("POST", `${L}/models/churn-model@2:mergeVersionAliases`, { versionAliases: ["default"] });
    expect(promoted.versionAliases).toEqual(["v2", "default"]);
    expect((await ok("GET", `${L}/models/churn-model`)).versionId).toBe("2");
    await lro("POST", `${L}/endpoints/churn:undeployModel`, { deployedModelId: a });
    await lro("DELETE", `${L}/models/churn-model@1:deleteVersion`);
    await lro("POST", `${L}/endpoints/churn:undeployModel`, { deployedModelId: b });
    expect((await ok("GET", `${L}/endpoints/churn`)).trafficSplit).toBeUndefined();
    await lro("DELETE", `${L}/endpoints/churn`);
    await lro("DELETE", `${L}/models/churn-model`);
    expect((await api("GET", `${L}/endpoints/churn`)).status).toBe(404);
    expect((await api("GET", `${L}/models/churn-model`)).status).toBe(404);
});

test("predict routes by the split, names the deployment that answered and repeats run to run", async () => {
    const { a, b } = await setup();
    const answers: string[] = [];
    for (let i = 0; i < 40; i++) {
        const res = await ok("POST", `${L}/endpoints/churn:predict`, { instances: [[1, 2]] });
        expect(res.model).toMatch(/models\/churn-model$/);
        expect(res.modelVersionId).toBe(res.deployedModelId === a ? "1" : "2");
        answers.push(res.deployedModelId as string);
    }
    expect(new Set(answers)).toEqual(new Set([a, b]));
    expect(answers.filter((x) => x === a).length).toBeGreaterThan(answers.filter((x) => x === b).length);
    emu.reset();
    const again = await setup();
    const replay: string[] = [];
    for (let i = 0; i < 40; i++) {
        const res = await ok("POST", `${L}/endpoints/churn:predict`, { instances: [[1, 2]] });
        replay.push(res.deployedModelId === again.a ? "a" : "b");
    }
    expect(replay).toEqual(answers.map((x) => (x === a ? "a" : "b")));
});

test("a deployment made to fail out of band answers predict with 500 INTERNAL", async () => {
    const { a, b } = await setup();
    await ok("PATCH", `${L}/endpoints/churn?updateMask=traffic_split`, { trafficSplit: { [b]: 100, [a]: 0 } });
    const endpoint = await ok("GET", `${L}/endpoints/churn`);
    emu.outOfBand.patch(`${endpoint.name as string}/deployedModels/${b}`, { predictFailure: "container crashed" });
    const res = await api("POST", `${L}/endpoints/churn:predict`, { instances: [1] });
    expect(res.status).toBe(500);
    expect(res.body.error).toMatchObject({ status: "INTERNAL", message: expect.stringContaining("container crashed") });
});

test("out-of-band changes to the split and replicas show on the next read (drift)", async () => {
    const { a, b } = await setup();
    emu.outOfBand.patch("projects/demo/locations/us-central1/endpoints/churn", { trafficSplit: { [a]: 50, [b]: 50 } });
    emu.outOfBand.patch(`projects/demo/locations/us-central1/endpoints/churn/deployedModels/${a}`, {
        dedicatedResources: { minReplicaCount: 3, maxReplicaCount: 3 },
    });
    const endpoint = await ok("GET", `${L}/endpoints/churn`);
    expect(endpoint.trafficSplit).toEqual({ [a]: 50, [b]: 50 });
    expect(endpoint.deployedModels[0].dedicatedResources).toMatchObject({ minReplicaCount: 3, maxReplicaCount: 3 });
    emu.outOfBand.delete(`projects/demo/locations/us-central1/endpoints/churn/deployedModels/${a}`);
    expect((await ok("GET", `${L}/endpoints/churn`)).trafficSplit).toEqual({ [b]: 50 });
});

describe("refusals", () => {
    test.each<[string, () => Promise<[string, string, unknown]>, number, string, RegExp]>([
        [
            "a bad endpoint ID",
            async () => ["POST", `${L}/endpoints?endpointId=Bad_ID`, { displayName: "x" }],
            400,
            "INVALID_ARGUMENT",
            /endpoint_id/,
        ],
        [
            "a leading zero",
            async () => ["POST", `${L}/endpoints?endpointId=0123`, { displayName: "x" }],
            400,
            "INVALID_ARGUMENT",
            /leading zero/,
        ],
        [
            "an existing endpoint ID",
            async () => ["POST", `${L}/endpoints?endpointId=churn`, { displayName: "x" }],
            409,
            "ALREADY_EXISTS",
            /already exists/,
        ],
        [
            "an unknown field",
            async () => ["POST", `${L}/endpoints`, { displayName: "x", trafic: 1 }],
            400,
            "INVALID_ARGUMENT",
            /Unknown name "trafic"/,
        ],
        [
            "a split not summing to 100",
            async () => [
                "POST",
                `${L}/endpoints/churn:deployModel`,
                {
                    deployedModel: {
                        model: `projects/demo/locations/us-central1/models/churn-model`,
                        dedicatedResources: DEDICATED,
                    },
                    trafficSplit: { "0": 50 },
                },
            ],
            400,
            "INVALID_ARGUMENT",
            /sum to 100/,
        ],
        [
            "automatic resources on a custom model",
            async () => [
                "POST",
                `${L}/endpoints/churn:deployModel`,
                {
                    deployedModel: {
                        model: `projects/demo/locations/us-central1/models/churn-model`,
                        automaticResources: { minReplicaCount: 1 },
                    },
                },
            ],
            400,
            "INVALID_ARGUMENT",
            /'automatic_resources' is not supported/,
        ],
        [
            "a model from another region",
            async () => [
                "POST",
                `/v1/projects/demo/locations/europe-west4/endpoints?endpointId=eu`,
                { displayName: "eu" },
            ],
            200,
            "",
            /./,
        ],
        [
            "undeploying a model with traffic",
            async () => ["POST", `${L}/endpoints/churn:undeployModel`, { deployedModelId: "A" }],
            400,
            "FAILED_PRECONDITION",
            /has 90% of the traffic/,
        ],
        [
            "deleting an endpoint with deployments",
            async () => ["DELETE", `${L}/endpoints/churn`, undefined],
            400,
            "FAILED_PRECONDITION",
            /has deployed models/,
        ],
        [
            "deleting a deployed model",
            async () => ["DELETE", `${L}/models/churn-model`, undefined],
            400,
            "FAILED_PRECONDITION",
            /is deployed or being deployed/,
        ],
        [
            "deleting a deployed version",
            async () => ["DELETE", `${L}/models/churn-model@1:deleteVersion`, undefined],
            400,
            "FAILED_PRECONDITION",
            /Please undeploy the model before retry/,
        ],
        [
            "removing default from its holder",
            async () => ["POST", `${L}/models/churn-model@1:mergeVersionAliases`, { versionAliases: ["-default"] }],
            400,
            "FAILED_PRECONDITION",
            /one version must hold it/,
        ],
        [
            "a stale etag",
            async () => [
                "PATCH",
                `${L}/endpoints/churn?updateMask=display_name`,
                { displayName: "y", etag: "c3RhbGU=" },
            ],
            409,
            "ABORTED",
            /does not match server etag/,
        ],
        ["an unknown operation", async () => ["GET", `${L}/operations/123`, undefined], 404, "NOT_FOUND", /not found/],
        [
            "an unsupported location",
            async () => ["POST", `/v1/projects/demo/locations/mars-east1/endpoints`, { displayName: "x" }],
            400,
            "INVALID_ARGUMENT",
            /does not serve/,
        ],
    ])("%s", async (_name, request, status, canonical, message) => {
        const { a } = await setup();
        const [method, path, body] = await request();
        const res = await api(
            method,
            path.replace("/endpoints/churn:undeployModel", "/endpoints/churn:undeployModel"),
            JSON.parse(JSON.stringify(body ?? null)) === null
                ? undefined
                : JSON.parse(JSON.stringify(body).replace('"A"', `"${a}"`)),
        );
        expect(res.status).toBe(status);
        if (canonical !== "") {
            expect(res.body.error.status).toBe(canonical);
            expect(res.body.error.message).toMatch(message);
        }
    });

    test("deploying a model to an endpoint in another location", async () => {
        await setup();
        await lro("POST", `/v1/projects/demo/locations/europe-west4/endpoints?endpointId=eu`, { displayName: "eu" });
        const res = await api("POST", `/v1/projects/demo/locations/europe-west4/endpoints/eu:deployModel`, {
            deployedModel: {
                model: "projects/demo/locations/us-central1/models/churn-model",
                dedicatedResources: DEDICATED,
            },
        });
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(/must be in the same location/);
    });
});

describe("operations", () => {
    test("names nest under their resource; v1beta1 and location-level lookups read the same operation", async () => {
        const op = await ok("POST", `${L}/endpoints?endpointId=e1`, { displayName: "e1" });
        expect(op.name).toMatch(/^projects\/\d+\/locations\/us-central1\/endpoints\/e1\/operations\/\d{19}$/);
        expect(op.metadata["@type"]).toBe(
            "type.googleapis.com/google.cloud.aiplatform.v1.CreateEndpointOperationMetadata",
        );
        const v1 = await ok("GET", `/v1/${op.name as string}`);
        expect(v1.response["@type"]).toBe("type.googleapis.com/google.cloud.aiplatform.v1.Endpoint");
        expect(await ok("GET", `/v1beta1/${op.name as string}`)).toEqual(v1);
        const id = (op.name as string).split("/").at(-1) as string;
        expect(await ok("GET", `${L}/operations/${id}`)).toEqual(v1);
        const listed = await ok("GET", `${L}/endpoints/e1/operations`);
        expect(listed.operations.map((o: Json) => o.name)).toEqual([op.name]);
        const deleted = await ok("DELETE", `${L}/endpoints/e1`);
        expect(deleted.name).toMatch(/^projects\/\d+\/locations\/us-central1\/operations\/\d{19}$/);
        expect((await ok("POST", `/v1/${deleted.name as string}:wait?timeout=5s`)).done).toBe(true);
    });

    test("wait answers the moment a running operation completes; cancel ends it CANCELLED and leaves the endpoint", async () => {
        await setup();
        emu.setDurations({ vertexUndeployModel: 60_000 });
        const endpoint = await ok("GET", `${L}/endpoints/churn`);
        const a = endpoint.deployedModels[0].id as string;
        const b = endpoint.deployedModels[1].id as string;
        const op = await ok("POST", `${L}/endpoints/churn:undeployModel`, {
            deployedModelId: b,
            trafficSplit: { [a]: 100 },
        });
        expect(op.done).toBeUndefined();
        const early = await ok("POST", `/v1/${op.name as string}:wait?timeout=0.01s`);
        expect(early.done).toBeUndefined();
        const second = await api("POST", `${L}/endpoints/churn:undeployModel`, {
            deployedModelId: b,
            trafficSplit: { [a]: 100 },
        });
        expect(second.body.error).toMatchObject({
            status: "FAILED_PRECONDITION",
            message: expect.stringContaining("ongoing operation"),
        });
        expect(await ok("POST", `/v1/${op.name as string}:cancel`)).toEqual({});
        const cancelled = await ok("GET", `/v1/${op.name as string}`);
        expect(cancelled).toMatchObject({ done: true, error: { code: 1 } });
        expect((await ok("GET", `${L}/endpoints/churn`)).deployedModels).toHaveLength(2);
        expect(await ok("DELETE", `/v1/${op.name as string}`)).toEqual({});
        expect((await api("GET", `/v1/${op.name as string}`)).status).toBe(404);
    });
});

test("list endpoints and models filter by display name and labels and paginate", async () => {
    await setup();
    await lro("POST", `${L}/endpoints?endpointId=other`, { displayName: "other" });
    const byName = await ok("GET", `${L}/endpoints?filter=${encodeURIComponent('display_name="churn"')}`);
    expect(byName.endpoints.map((e: Json) => e.displayName)).toEqual(["churn"]);
    const byLabel = await ok("GET", `${L}/endpoints?filter=${encodeURIComponent("labels.team=ml")}`);
    expect(byLabel.endpoints).toHaveLength(1);
    const page = await ok("GET", `${L}/endpoints?pageSize=1`);
    expect(page.endpoints).toHaveLength(1);
    const next = await ok(
        "GET",
        `${L}/endpoints?pageSize=1&pageToken=${encodeURIComponent(page.nextPageToken as string)}`,
    );
    expect(next.endpoints[0].name).not.toBe(page.endpoints[0].name);
    const versions = await ok("GET", `${L}/models/churn-model:listVersions`);
    expect(versions.models.map((m: Json) => [m.versionId, m.versionAliases])).toEqual([
        ["1", ["default", "v1"]],
        ["2", ["v2"]],
    ]);
    expect((await ok("GET", `${L}/models`)).models).toHaveLength(1);
});

test("ml v1 paths are still ml's", async () => {
    const res = await api("GET", "/v1/projects/demo/models");
    expect(res.status).toBe(200);
    expect((await api("GET", `${L}/endpoints`)).status).toBe(200);
});
