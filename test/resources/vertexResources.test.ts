// The Vertex AI resource classes under Pulumi's mocks: type tokens, the inputs each sends the engine (defaults,
// parents resolved from resources, the TrafficSplit's shares keyed by display name), the id-derived outputs, and
// the refusals made while the program is constructed.

import * as pulumi from "@pulumi/pulumi";
import { wireNames } from "../../provider/fields/wireNames";

const registered: pulumi.runtime.MockResourceArgs[] = [];
let deployedModels = 0;

/** The ids the providers give (vertexNames.ts): what the engine would hand back after create. */
function idOf(args: pulumi.runtime.MockResourceArgs): string {
    const inputs = args.inputs as Record<string, string>;
    const kind = args.type.slice(args.type.lastIndexOf(":") + 1);
    const autonamed = `${String(inputs[wireNames.autonamePrefix])}-abc1234`;
    switch (kind) {
        case "Endpoint":
            return `projects/demo-project/locations/${inputs.region}/endpoints/${inputs.name ?? autonamed}`;
        case "Model":
            return `projects/demo-project/locations/${inputs.region}/models/${inputs.name ?? autonamed}`;
        case "ModelVersion":
            return `${inputs.model}@${args.name === "green" ? 2 : 1}`;
        case "Deployment":
            deployedModels += 1;
            return `${inputs.endpoint}/deployedModels/${1000 + deployedModels}`;
        default:
            return `${inputs.endpoint}/trafficSplit`;
    }
}

beforeAll(async () => {
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                registered.push(args);
                return { id: idOf(args), state: { ...args.inputs } };
            },
            call: () => ({}),
        },
        "proj",
        "stack",
    );
});

const output = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply(resolve));
const inputsOf = (name: string, kind: string) =>
    registered.find((r) => r.name === name && r.type.endsWith(`:${kind}`))?.inputs as Record<string, unknown>;

async function storyProgram() {
    const vertex = await import("../../provider/vertex");
    const endpoint = new vertex.Endpoint("census", {
        region: "us-central1",
        description: "Census income classifier",
        labels: { team: "ml" },
        requestResponseLogging: { samplingRate: 0.1, bigqueryTable: "bq://my-project.logs.census" },
    });
    const model = new vertex.Model("census", {
        region: "us-central1",
        name: "census",
        description: "registry entry",
        labels: { team: "ml" },
    });
    const container = { imageUri: vertex.prebuiltContainers.sklearn("1.3") };
    const blue = new vertex.ModelVersion("blue", { model, artifactUri: "gs://models/census/blue/", container });
    const green = new vertex.ModelVersion("green", { model, artifactUri: "gs://models/census/green/", container });
    const blueServing = new vertex.Deployment("blue", {
        endpoint,
        modelVersion: blue,
        machineType: "n1-standard-2",
        minReplicaCount: 2,
        maxReplicaCount: 3,
    });
    const greenServing = new vertex.Deployment("green", {
        endpoint,
        modelVersion: green,
        displayName: "green-canary",
    });
    const split = new vertex.TrafficSplit("census", {
        endpoint,
        split: [
            { deployment: blueServing, percent: 90 },
            { deployment: greenServing, percent: 10 },
        ],
    });
    return { endpoint, model, blue, green, blueServing, greenServing, split };
}

describe("the issue's program", () => {
    let story: Awaited<ReturnType<typeof storyProgram>>;
    beforeAll(async () => {
        story = await storyProgram();
        await output(story.split.trafficSplit);
        await output(story.split.urn);
    });

    test("registers the five kinds under aiplatform/vertex type tokens", async () => {
        const types = await Promise.all(
            [story.endpoint, story.model, story.blue, story.blueServing, story.split].map((r) => output(r.urn)),
        );
        expect(types.map((urn) => urn.split("::")[2])).toEqual([
            "pulumi-nodejs:dynamic/aiplatform/vertex:Endpoint",
            "pulumi-nodejs:dynamic/aiplatform/vertex:Model",
            "pulumi-nodejs:dynamic/aiplatform/vertex:ModelVersion",
            "pulumi-nodejs:dynamic/aiplatform/vertex:Deployment",
            "pulumi-nodejs:dynamic/aiplatform/vertex:TrafficSplit",
        ]);
    });

    test("Endpoint and Model default displayName to the logical name; an autonamed endpoint's name is read from its id", async () => {
        expect(await output(story.endpoint.displayName)).toBe("census");
        expect(await output(story.model.displayName)).toBe("census");
        expect(await output(story.endpoint.fullName)).toBe(
            "projects/demo-project/locations/us-central1/endpoints/census-abc1234",
        );
        expect(await output(story.endpoint.name)).toBe("census-abc1234");
        expect(await output(story.model.name)).toBe("census");
    });

    test("a ModelVersion of a Model resource passes the model's full name, display name, description and labels", async () => {
        expect(await output(story.blue.model)).toBe("projects/demo-project/locations/us-central1/models/census");
        expect(inputsOf("blue", "ModelVersion")).toMatchObject({
            model: "projects/demo-project/locations/us-central1/models/census",
            [wireNames.modelDisplayName]: "census",
            [wireNames.modelDescription]: "registry entry",
            [wireNames.modelLabels]: { team: "ml" },
        });
        expect(await output(story.green.fullName)).toBe("projects/demo-project/locations/us-central1/models/census@2");
        expect(await output(story.green.versionId)).toBe("2");
    });

    test("Deployment defaults displayName to the logical name and minReplicaCount to 1, and reads its deployed-model ID from its id", async () => {
        expect(await output(story.blueServing.displayName)).toBe("blue");
        expect(await output(story.blueServing.minReplicaCount)).toBe(2);
        expect(await output(story.greenServing.displayName)).toBe("green-canary");
        expect(await output(story.greenServing.minReplicaCount)).toBe(1);
        expect(await output(story.blueServing.endpoint)).toBe(await output(story.endpoint.fullName));
        expect(await output(story.blueServing.modelVersion)).toBe(
            "projects/demo-project/locations/us-central1/models/census@1",
        );
        const id = await output(story.greenServing.fullName);
        expect(id).toMatch(/\/endpoints\/census-abc1234\/deployedModels\/[0-9]+$/);
        expect(await output(story.greenServing.deployedModelId)).toBe(id.slice(id.lastIndexOf("/") + 1));
    });

    test("TrafficSplit sends percentages and deployed-model IDs keyed by each deployment's displayName", async () => {
        const blueId = await output(story.blueServing.deployedModelId);
        const greenId = await output(story.greenServing.deployedModelId);
        expect(await output(story.split.percentages)).toEqual({ blue: 90, "green-canary": 10 });
        expect(await output(story.split.deployedModelIds)).toEqual({ blue: blueId, "green-canary": greenId });
        expect(await output(story.split.endpoint)).toBe(await output(story.endpoint.fullName));
    });

    test("only the named kinds (Endpoint, Model) carry the autoname prefix; every other key sent is declared", () => {
        expect(inputsOf("census", "Endpoint")[wireNames.autonamePrefix]).toBe("census");
        expect(inputsOf("census", "Model")[wireNames.autonamePrefix]).toBe("census");
        for (const [name, kind] of [
            ["blue", "ModelVersion"],
            ["blue", "Deployment"],
            ["census", "TrafficSplit"],
        ]) {
            expect(Object.keys(inputsOf(name, kind))).not.toContain(wireNames.autonamePrefix);
        }
        expect(
            Object.keys(inputsOf("census", "TrafficSplit"))
                .filter((k) => !k.startsWith("__"))
                .sort(),
        ).toEqual(["deployedModelIds", "endpoint", "percentages"]);
    });
});

test("a ModelVersion of a model given by name passes only that name; a Deployment takes names as they are", async () => {
    const vertex = await import("../../provider/vertex");
    const model = "projects/other/locations/europe-west4/models/fraud";
    const version = new vertex.ModelVersion("named-parent", {
        model,
        artifactUri: "gs://models/fraud/",
        container: { imageUri: "europe-docker.pkg.dev/my-project/serving/fraud:1" },
    });
    const endpoint = "projects/other/locations/europe-west4/endpoints/fraud";
    const serving = new vertex.Deployment("named-serving", { endpoint, modelVersion: `${model}@3` });
    await Promise.all([output(version.fullName), output(serving.fullName)]);
    const sent = inputsOf("named-parent", "ModelVersion");
    expect(sent.model).toBe(model);
    expect(Object.keys(sent).filter((k) => /^(__)?model/.test(k))).toEqual(["model"]);
    expect(inputsOf("named-serving", "Deployment")).toMatchObject({
        endpoint,
        modelVersion: `${model}@3`,
        displayName: "named-serving",
        minReplicaCount: 1,
    });
    expect(await output(serving.deployedModelId)).toMatch(/^[0-9]+$/);
});

test("customTimeouts reach a Vertex resource as seconds per step (the shared skeleton)", async () => {
    const vertex = await import("../../provider/vertex");
    const serving = new vertex.Deployment(
        "timed",
        {
            endpoint: "projects/p/locations/us-central1/endpoints/e",
            modelVersion: "projects/p/locations/us-central1/models/m@1",
        },
        { customTimeouts: { create: "45m" } },
    );
    await output(serving.fullName);
    expect(inputsOf("timed", "Deployment")[wireNames.customTimeouts]).toEqual({ create: 2700 });
});

describe("TrafficSplit refuses two shares under one displayName while the program is constructed", () => {
    const endpoint = "projects/p/locations/us-central1/endpoints/e";
    const modelVersion = "projects/p/locations/us-central1/models/m@1";

    test.each([
        ["two deployments declaring the same displayName", ["a", "b"], { a: "shared", b: "shared" }, "shared"],
        ["a deployment whose default displayName is another's declared one", ["c", "d"], { d: "dup-c" }, "dup-c"],
        ["the same deployment listed twice", ["e", "e"], {}, "dup-e"],
    ])("%s", async (_case, names, displayNames: Record<string, string>, repeated) => {
        const vertex = await import("../../provider/vertex");
        const made = new Map<string, InstanceType<typeof vertex.Deployment>>();
        const deployment = (n: string) =>
            made.get(n) ??
            made
                .set(n, new vertex.Deployment(`dup-${n}`, { endpoint, modelVersion, displayName: displayNames[n] }))
                .get(n)!;
        const split = names.map((n) => ({ deployment: deployment(n), percent: 50 }));
        const build = () => new vertex.TrafficSplit(`dup-${names.join("")}`, { endpoint, split });
        expect(build).toThrow(pulumi.RunError);
        expect(build).toThrow(
            `TrafficSplit "dup-${names.join("")}": split lists two deployments with the displayName "${repeated}"`,
        );
    });
});
