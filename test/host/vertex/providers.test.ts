// The Vertex AI providers' behaviours one by one against the emulator: what each change costs (diff and API calls),
// operations waited on with operations:wait, parallel deployments on one endpoint, autonaming, adoption, refresh
// round trips, deletion rules and the messages users see.

import type { DeploymentInputs } from "../../../provider/fields/vertex/deploymentFields";
import type { EndpointInputs } from "../../../provider/fields/vertex/endpointFields";
import type { ModelVersionInputs } from "../../../provider/fields/vertex/modelVersionFields";
import {
    checkedInputs,
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
beforeEach(() => {
    h.emulator.reset();
    h.emulator.setDurations({ vertexDeployModel: 0, vertexUploadModel: 0, vertexCreateEndpoint: 0 });
});

const L = `projects/${PROJECT}/locations/${REGION}`;
const auth = { authorization: "Bearer t", "content-type": "application/json" };

async function rest(
    method: string,
    path: string,
    body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(`${h.emulator.url}/v1/${path}`, {
        method,
        headers: auth,
        ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const endpointInputs = (extra: Partial<EndpointInputs> = {}): EndpointInputs => ({
    region: REGION,
    name: "census",
    displayName: "census",
    ...extra,
});

async function deployable() {
    const endpoint = await created(h.endpoint, endpointInputs());
    const version = await created(h.modelVersion, {
        model: `${L}/models/census`,
        artifactUri: "gs://models/census/1/",
        container: { imageUri: IMAGE },
    });
    const deployment = (extra: Partial<DeploymentInputs> = {}): DeploymentInputs => ({
        endpoint: endpoint.id,
        modelVersion: version.id,
        displayName: "blue",
        minReplicaCount: 1,
        ...extra,
    });
    return { endpoint, version, deployment };
}

describe("what a change costs", () => {
    test.each<[string, Partial<DeploymentInputs>, string[] | "replace"]>([
        // The maximum was left to the server (= the minimum): it moves with the minimum in the same call.
        [
            "min replicas",
            { minReplicaCount: 2 },
            ["dedicatedResources.minReplicaCount", "dedicatedResources.maxReplicaCount"],
        ],
        ["max replicas", { maxReplicaCount: 3 }, ["dedicatedResources.maxReplicaCount"]],
        [
            "autoscaling target",
            {
                autoscalingMetricSpecs: [
                    { metricName: "aiplatform.googleapis.com/prediction/online/cpu/utilization", target: 70 },
                ],
            },
            ["dedicatedResources.autoscalingMetricSpecs"],
        ],
        ["container logging", { disableContainerLogging: true }, ["disableContainerLogging"]],
        ["machine type", { machineType: "n1-standard-4" }, "replace"],
        ["display name", { displayName: "green" }, "replace"],
        ["access logging", { enableAccessLogging: true }, "replace"],
    ])("a deployment's %s", async (_what, change, expected) => {
        const { deployment } = await deployable();
        const before = await created(h.deployment, deployment());
        h.emulator.clearRequests();
        const after = await updated(h.deployment, before.id, before.outs, deployment(change));
        if (expected === "replace") {
            expect(after.diff.replaces?.length).toBeGreaterThan(0);
            expect(vertexCalls(h)).toEqual([]);
            return;
        }
        expect(after.diff).toMatchObject({ changes: true, replaces: [] });
        const mutate = h.emulator.requests().filter((r) => r.path.endsWith(":mutateDeployedModel"));
        expect(mutate).toHaveLength(1);
        expect((mutate[0].body as { updateMask: string }).updateMask).toBe(expected.join(","));
        expect(vertexCalls(h)).toEqual([`POST /v1/${L}/endpoints/census:mutateDeployedModel`]);
        const live = await h.deployment.read(before.id, after.outs);
        expect(live.inputs).toEqual(expect.objectContaining(change));
    });

    test.each<[string, Partial<EndpointInputs>, string]>([
        ["description", { description: "Census income" }, "description"],
        ["labels", { labels: { team: "ml" } }, "labels"],
        ["display name", { displayName: "Census" }, "displayName"],
        [
            "request-response logging",
            { requestResponseLogging: { samplingRate: 0.1, bigqueryTable: "bq://my-project.logs.census" } },
            "predictRequestResponseLoggingConfig",
        ],
    ])("an endpoint's %s: one PATCH, read back as declared", async (_what, change, mask) => {
        const before = await created(h.endpoint, endpointInputs());
        h.emulator.clearRequests();
        const after = await updated(h.endpoint, before.id, before.outs, endpointInputs(change));
        expect(after.diff).toMatchObject({ changes: true, replaces: [] });
        expect(vertexCalls(h)).toEqual([`PATCH /v1/${L}/endpoints/census?updateMask=${mask}`]);
        const live = await h.endpoint.read(before.id, after.outs);
        expect(live.inputs).toEqual(expect.objectContaining(change));
        if (mask === "displayName") return; // required: never cleared
        // And cleared again: one PATCH, read back without it.
        const cleared = await updated(h.endpoint, before.id, after.outs, endpointInputs());
        expect(cleared.diff).toMatchObject({ changes: true, replaces: [] });
        expect((await h.endpoint.read(before.id, cleared.outs)).inputs).toEqual(
            expect.not.objectContaining({ [Object.keys(change)[0]]: expect.anything() }),
        );
    });

    test("a no-op up: diff says no change and no request is made", async () => {
        const { deployment } = await deployable();
        const before = await created(h.deployment, deployment({ maxReplicaCount: 2 }));
        const endpoint = await h.endpoint.read(`${L}/endpoints/census`);
        h.emulator.clearRequests();
        const again = await updated(h.deployment, before.id, before.outs, deployment({ maxReplicaCount: 2 }));
        expect(again.diff.changes).toBe(false);
        expect(h.emulator.requests()).toEqual([]);
        expect(endpoint.id).toBe(`${L}/endpoints/census`);
    });
});

test("a refresh of what was just created reads back exactly the declaration (no drift)", async () => {
    const endpoint = await created(
        h.endpoint,
        endpointInputs({
            description: "",
            labels: {},
            requestResponseLogging: { samplingRate: 1, bigqueryTable: "bq://my-project" },
        }),
    );
    expect((await h.endpoint.read(endpoint.id, endpoint.outs)).inputs).toEqual(
        expect.objectContaining({ description: "", labels: {}, displayName: "census" }),
    );
    const version = await created(h.modelVersion, {
        model: `${L}/models/census`,
        modelLabels: { team: "ml" },
        artifactUri: "gs://models/census/1/",
        container: { imageUri: IMAGE, ports: [{ containerPort: 8080 }] },
        versionDescription: "",
        versionAliases: ["blue"],
    });
    const readVersion = await h.modelVersion.read(version.id, version.outs);
    const { __provider: _v, ...declaredVersion } = version.inputs as ModelVersionInputs & { __provider?: string };
    expect(readVersion.inputs).toEqual(declaredVersion);
    const { deployment } = {
        deployment: (extra: Partial<DeploymentInputs>) => ({
            endpoint: endpoint.id,
            modelVersion: version.id,
            displayName: "blue",
            minReplicaCount: 1,
            ...extra,
        }),
    };
    const d = await created(h.deployment, deployment({ disableContainerLogging: false, autoscalingMetricSpecs: [] }));
    const readDeployment = await h.deployment.read(d.id, d.outs);
    const { __provider: _p, ...declared } = d.inputs as DeploymentInputs & { __provider?: string };
    expect(readDeployment.inputs).toEqual(declared);
});

test("operations are waited on with operations:wait, which returns as soon as they end", async () => {
    h.emulator.setDurations({ vertexCreateEndpoint: 300, vertexUploadModel: 300, vertexDeployModel: 300 });
    const { deployment } = await deployable();
    await created(h.deployment, deployment());
    const paths = h.emulator
        .requests()
        .map((r) => `${r.method} ${r.path.replace(/operations\/[0-9]+/, "operations/N")}`);
    expect(paths.filter((p) => p.endsWith(":wait")).length).toBeGreaterThanOrEqual(3);
    expect(paths.some((p) => p.startsWith("GET") && p.includes("/operations/"))).toBe(false);
});

test("deployments created in parallel on one endpoint: one at a time, the first takes all traffic", async () => {
    h.emulator.setDurations({ vertexDeployModel: 100 });
    const { endpoint, deployment } = await deployable();
    const [a, b, c] = await Promise.all(
        ["a", "b", "c"].map((name) => created(h.deployment, deployment({ displayName: name }))),
    );
    const live = (await rest("GET", endpoint.id)).body as { trafficSplit: Record<string, number> };
    const shares = [a, b, c].map((d) => live.trafficSplit[d.outs.deployedModelId] ?? 0).sort();
    expect(shares).toEqual([0, 0, 100]);
});

test("an autonamed endpoint and model: names drawn once at create, kept by diff and refresh", async () => {
    const checked = await checkedInputs(
        h.endpoint,
        {},
        { region: REGION, displayName: "x", autonamePrefix: "Census_Serving" },
    );
    expect(checked.name).toBeUndefined();
    const endpoint = await h.endpoint.create(checked);
    expect(endpoint.outs?.name).toMatch(/^census-serving-[a-z0-9]{7}$/);
    expect(endpoint.id).toBe(`${L}/endpoints/${endpoint.outs?.name}`);
    expect(await h.endpoint.diff(endpoint.id, endpoint.outs!, checked)).toMatchObject({ changes: false });
    const model = await created(h.model, { region: REGION, displayName: "m", autonamePrefix: "9-census" });
    expect(model.outs.name).toMatch(/^r9-census-[a-z0-9]{7}$/);
});

describe("adoption and conflicts", () => {
    test("an endpoint that exists: refused without adopt, taken over (patching labels) with it", async () => {
        expect((await rest("POST", `${L}/endpoints?endpointId=census`, { displayName: "census" })).status).toBe(200);
        await expect(created(h.endpoint, endpointInputs({ labels: { team: "ml" } }))).rejects.toThrow(
            `Vertex AI endpoint ${L}/endpoints/census already exists. Set \`adopt: true\` to manage the existing endpoint, or choose another name.`,
        );
        h.emulator.clearRequests();
        const adopted = await created(h.endpoint, endpointInputs({ labels: { team: "ml" }, adopt: true }));
        expect(vertexCalls(h)).toEqual([
            `POST /v1/${L}/endpoints`,
            `PATCH /v1/${L}/endpoints/census?updateMask=labels`,
        ]);
        expect(adopted.outs.fullName).toBe(`${L}/endpoints/census`);
    });

    test("a model that exists: refused without adopt; adopted, its next version is added to it", async () => {
        await created(h.modelVersion, {
            model: `${L}/models/census`,
            artifactUri: "gs://bucket-a/1/",
            container: { imageUri: IMAGE },
        });
        await expect(created(h.model, { region: REGION, name: "census", displayName: "census" })).rejects.toThrow(
            /already exists\. Set `adopt: true`/,
        );
        await created(h.model, { region: REGION, name: "census", displayName: "Census", adopt: true });
        const second = await created(h.modelVersion, {
            model: `${L}/models/census`,
            artifactUri: "gs://bucket-a/2/",
            container: { imageUri: IMAGE },
        });
        expect(second.outs.versionId).toBe("2");
        expect((await rest("GET", `${L}/models/census`)).body.displayName).toBe("Census");
    });
});

describe("model versions", () => {
    const version = (extra: Partial<ModelVersionInputs> = {}): ModelVersionInputs => ({
        model: `${L}/models/census`,
        artifactUri: "gs://models/census/1/",
        container: { imageUri: IMAGE },
        ...extra,
    });

    test("aliases move with mergeVersionAliases; labels and description with one PATCH of the version", async () => {
        const v1 = await created(h.modelVersion, version({ versionAliases: ["blue"] }));
        h.emulator.clearRequests();
        const changed = await updated(
            h.modelVersion,
            v1.id,
            v1.outs,
            version({ versionAliases: ["green", "default"], labels: { stage: "prod" }, versionDescription: "v1" }),
        );
        expect(changed.diff).toMatchObject({ changes: true, replaces: [] });
        expect(vertexCalls(h)).toEqual([
            `PATCH /v1/${L}/models/census@1?updateMask=versionDescription,labels`,
            `POST /v1/${L}/models/census@1:mergeVersionAliases`,
        ]);
        expect(h.emulator.requests().find((r) => r.path.endsWith(":mergeVersionAliases"))?.body).toEqual({
            versionAliases: ["green", "default", "-blue"],
        });
        expect((await h.modelVersion.read(v1.id, changed.outs)).inputs).toMatchObject({
            versionAliases: ["green", "default"],
            labels: { stage: "prod" },
            versionDescription: "v1",
        });
    });

    test("new artifacts or a new image are a new version (replace); deleting the only version deletes the model", async () => {
        const v1 = await created(h.modelVersion, version());
        const diff = await h.modelVersion.diff(
            v1.id,
            v1.outs,
            await checkedInputs(h.modelVersion, v1.outs, version({ artifactUri: "gs://models/census/2/" })),
        );
        expect(diff.replaces).toEqual(["artifactUri"]);
        const v2 = await created(h.modelVersion, version({ artifactUri: "gs://models/census/2/" }));
        h.emulator.clearRequests();
        await h.modelVersion.delete(v1.id, v1.outs);
        await h.modelVersion.delete(v2.id, v2.outs);
        expect(vertexCalls(h)).toEqual([
            `DELETE /v1/${L}/models/census@1:deleteVersion`,
            `DELETE /v1/${L}/models/census`,
        ]);
    });
});

describe("deletion", () => {
    test("an endpoint with deployed models nobody manages: refused naming them; forceDelete undeploys them", async () => {
        const { endpoint, deployment } = await deployable();
        const d = await created(h.deployment, deployment());
        await expect(h.endpoint.delete(endpoint.id, endpoint.outs)).rejects.toThrow(
            new RegExp(
                `still serves 1 deployed model\\(s\\) no Deployment of this stack manages \\(${d.outs.deployedModelId} "blue"\\).*forceDelete: true`,
            ),
        );
        await h.endpoint.delete(endpoint.id, { ...endpoint.outs, forceDelete: true });
        expect((await rest("GET", endpoint.id)).status).toBe(404);
    });

    test("a deployment already undeployed, an endpoint already deleted: nothing to do", async () => {
        const { endpoint, deployment } = await deployable();
        const d = await created(h.deployment, deployment());
        await h.deployment.delete(d.id, d.outs);
        await h.deployment.delete(d.id, d.outs);
        expect(await h.deployment.read(d.id, d.outs)).toEqual({});
        await h.endpoint.delete(endpoint.id, endpoint.outs);
        await h.endpoint.delete(endpoint.id, endpoint.outs);
    });
});

describe("check failures name the property, the value and the fix", () => {
    test.each<[string, () => Promise<unknown>, string]>([
        [
            "endpoint ID",
            () => checkedInputs(h.endpoint, {}, endpointInputs({ name: "Census_1" })),
            'endpoint ID "Census_1" must be a lowercase letter',
        ],
        [
            "region",
            () => checkedInputs(h.endpoint, {}, endpointInputs({ region: "mars-east1" })),
            'region "mars-east1" does not serve Vertex AI online prediction',
        ],
        [
            "replicas",
            () =>
                checkedInputs(
                    h.deployment,
                    {},
                    {
                        endpoint: `${L}/endpoints/e`,
                        modelVersion: `${L}/models/m@1`,
                        displayName: "d",
                        minReplicaCount: 3,
                        maxReplicaCount: 2,
                    },
                ),
            "maxReplicaCount 2 is below minReplicaCount 3",
        ],
        [
            "accelerator",
            () =>
                checkedInputs(
                    h.deployment,
                    {},
                    {
                        endpoint: `${L}/endpoints/e`,
                        modelVersion: `${L}/models/m@1`,
                        displayName: "d",
                        minReplicaCount: 1,
                        machineType: "e2-standard-4",
                        acceleratorType: "NVIDIA_TESLA_T4",
                    },
                ),
            'machine type "e2-standard-4" takes no accelerator',
        ],
        [
            "regions of model and endpoint",
            () =>
                checkedInputs(
                    h.deployment,
                    {},
                    {
                        endpoint: `${L}/endpoints/e`,
                        modelVersion: `projects/p/locations/europe-west4/models/m@1`,
                        displayName: "d",
                        minReplicaCount: 1,
                    },
                ),
            "Vertex AI serves a model only from an endpoint of its own region",
        ],
        [
            "prebuilt container",
            () =>
                checkedInputs(
                    h.modelVersion,
                    {},
                    {
                        model: `${L}/models/m`,
                        artifactUri: "gs://bucket-a/m/",
                        container: { imageUri: "us-docker.pkg.dev/vertex-ai/prediction/sklearn-cpu.9-9:latest" },
                    },
                ),
            "sklearn 9.9 has no prebuilt prediction container",
        ],
        [
            "traffic sum",
            () =>
                checkedInputs(
                    h.trafficSplit,
                    {},
                    {
                        endpoint: `${L}/endpoints/e`,
                        percentages: { blue: 90, green: 20 },
                        deployedModelIds: { blue: "1", green: "2" },
                    },
                ),
            "the percentages sum to 110 (blue: 90, green: 20); they must sum to 100",
        ],
    ])("%s", async (_what, check, message) => {
        const failure = await check().then(
            () => "",
            (err: Error) => err.message,
        );
        expect(
            JSON.parse(failure.replace(/^check failed: /, ""))
                .map((f: { reason: string }) => f.reason)
                .join("\n"),
        ).toContain(message);
    });
});

describe("adopting a deployment", () => {
    test("a deployed model of the same displayName is taken over; replicas that differ are mutated, nothing redeployed", async () => {
        const { endpoint, version, deployment } = await deployable();
        const existing = await rest("POST", `${endpoint.id}:deployModel`, {
            deployedModel: {
                model: version.id,
                displayName: "blue",
                dedicatedResources: { machineSpec: { machineType: "n1-standard-2" }, minReplicaCount: 1 },
            },
            trafficSplit: { "0": 100 },
        });
        expect(existing.status).toBe(200);
        h.emulator.clearRequests();
        const adopted = await created(
            h.deployment,
            deployment({ adopt: true, minReplicaCount: 2, maxReplicaCount: 2 }),
        );
        expect(vertexCalls(h)).toEqual([`POST /v1/${L}/endpoints/census:mutateDeployedModel`]);
        const dm = (existing.body.response as { deployedModel: { id: string } }).deployedModel;
        expect(adopted.outs.deployedModelId).toBe(dm.id);
        expect(adopted.id).toBe(`${endpoint.id}/deployedModels/${dm.id}`);
    });

    test("one that differs in an immutable field is refused, naming it", async () => {
        const { endpoint, version, deployment } = await deployable();
        await rest("POST", `${endpoint.id}:deployModel`, {
            deployedModel: {
                model: version.id,
                displayName: "blue",
                dedicatedResources: { machineSpec: { machineType: "n1-standard-4" }, minReplicaCount: 1 },
            },
            trafficSplit: { "0": 100 },
        });
        await expect(created(h.deployment, deployment({ adopt: true, machineType: "n1-standard-2" }))).rejects.toThrow(
            /cannot be adopted: machineType: declared "n1-standard-2", existing "n1-standard-4"/,
        );
    });
});
