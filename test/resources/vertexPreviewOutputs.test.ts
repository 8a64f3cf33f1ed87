// What a preview of the Vertex AI resources shows (Pulumi's mocks in preview mode answer as the engine does for a
// dynamic resource: the checked inputs as its state, the old id for a resource kept, no id for one being created).
// An unknown input shows as a change: these rows pin that an unchanged program's resources send fully known inputs
// (the id-derived ones included), and that a canary's percentages are known while its deployment is still to be
// created. (The real engine also reads an output the state lacks, e.g. an unset Model description, as unknown;
// these mocks do not, so ModelVersion's use of the Model's declared fields was checked under the real CLI.)

import * as pulumi from "@pulumi/pulumi";

const registered: pulumi.runtime.MockResourceArgs[] = [];
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"; // the engine's marker of an unknown value

function idOf(args: pulumi.runtime.MockResourceArgs): string {
    const inputs = args.inputs as Record<string, string>;
    const kind = args.type.slice(args.type.lastIndexOf(":") + 1);
    if (kind === "Endpoint") return `projects/p/locations/us-central1/endpoints/${args.name}`;
    if (kind === "Model") return `projects/p/locations/us-central1/models/${args.name}`;
    if (kind === "ModelVersion") return `${inputs.model}@1`;
    if (kind === "Deployment") return `${inputs.endpoint}/deployedModels/${args.name.length}00`;
    return `${inputs.endpoint}/trafficSplit`;
}

beforeAll(async () => {
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                registered.push(args);
                // Resources whose logical name starts with "new" are being created: no id yet.
                return { id: args.name.startsWith("new") ? "" : idOf(args), state: args.inputs };
            },
            call: () => ({}),
        },
        "proj",
        "stack",
        true,
    );
});

async function seen<T>(output: pulumi.Output<T>): Promise<{ known: boolean; value?: T }> {
    const known = await (output as unknown as { isKnown: Promise<boolean> }).isKnown;
    if (!known) return { known };
    return { known, value: await new Promise<T>((resolve) => output.apply(resolve)) };
}

const unknownInputs = (name: string, kind: string) => {
    const inputs = registered.find((r) => r.name === name && r.type.endsWith(`:${kind}`))?.inputs ?? {};
    return Object.entries(inputs)
        .filter(([, v]) => JSON.stringify(v)?.includes(UNKNOWN))
        .map(([k]) => k);
};

test("an unchanged program's resources send only known inputs, the id-derived ones included", async () => {
    const vertex = await import("../../provider/vertex");
    const endpoint = new vertex.Endpoint("census", { region: "us-central1" });
    const model = new vertex.Model("census", { region: "us-central1" });
    const blue = new vertex.ModelVersion("blue", {
        model,
        artifactUri: "gs://models/blue/",
        container: { imageUri: vertex.prebuiltContainers.sklearn("1.3") },
    });
    const serving = new vertex.Deployment("blue", { endpoint, modelVersion: blue });
    const split = new vertex.TrafficSplit("census", { endpoint, split: [{ deployment: serving, percent: 100 }] });
    await seen(split.percentages);
    for (const [name, kind] of [
        ["census", "Endpoint"],
        ["census", "Model"],
        ["blue", "ModelVersion"],
        ["blue", "Deployment"],
        ["census", "TrafficSplit"],
    ]) {
        expect([name, kind, unknownInputs(name, kind)]).toEqual([name, kind, []]);
    }
    expect(await seen(endpoint.name)).toEqual({ known: true, value: "census" });
    expect(await seen(blue.versionId)).toEqual({ known: true, value: "1" });
    expect(await seen(serving.deployedModelId)).toEqual({ known: true, value: "400" });
});

test("a canary being created: its percentages are known (the diff shows blue: 100 => 90), its ID is not", async () => {
    const vertex = await import("../../provider/vertex");
    const endpoint = "projects/p/locations/us-central1/endpoints/census";
    const modelVersion = "projects/p/locations/us-central1/models/census@1";
    const blue = new vertex.Deployment("kept-blue", { endpoint, modelVersion, displayName: "blue" });
    const green = new vertex.Deployment("new-green", { endpoint, modelVersion, displayName: "green" });
    const split = new vertex.TrafficSplit("canary", {
        endpoint,
        split: [
            { deployment: blue, percent: 90 },
            { deployment: green, percent: 10 },
        ],
    });
    expect(await seen(split.percentages)).toEqual({ known: true, value: { blue: 90, green: 10 } });
    expect((await seen(split.deployedModelIds)).known).toBe(false);
    expect(await seen(blue.deployedModelId)).toEqual({ known: true, value: "900" });
});
