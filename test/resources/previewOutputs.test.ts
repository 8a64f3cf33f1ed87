// The outputs an update cannot change stay known in its preview (issue 19, item 1). Pulumi's mocks in preview mode
// answer as the engine does for a dynamic resource: the checked inputs as its state (a dynamic provider's update
// does not run in a preview), with the old id for a resource that is updated and no id for one being created.

import * as pulumi from "@pulumi/pulumi";

const registered: pulumi.runtime.MockResourceArgs[] = [];
const MODEL = "pulumi-nodejs:dynamic/aiplatform:Model";

beforeAll(async () => {
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                registered.push(args);
                // Resources whose logical name starts with "existing" are in the state: kept, so their id is known.
                if (!args.name.startsWith("existing")) return { id: "", state: args.inputs };
                const drawn = args.name.replace(/-/g, "_");
                const id =
                    args.type === MODEL
                        ? `projects/demo-project/models/${drawn}_abc1234`
                        : `projects/demo-project/models/${args.inputs.model}/versions/${drawn}_def5678`;
                return { id, state: args.inputs };
            },
            call: () => ({}),
        },
        "proj",
        "stack",
        true,
    );
});

/** Whether an output is known, and its value when it is (what the engine would show in the preview). */
async function seen<T>(output: pulumi.Output<T>): Promise<{ known: boolean; value?: T }> {
    const known = await (output as unknown as { isKnown: Promise<boolean> }).isKnown;
    if (!known) return { known };
    return { known, value: await new Promise<T>((resolve) => output.apply(resolve)) };
}

const versionArgs = { deploymentUri: "gs://b/m/", runtimeVersion: "2.11", pythonVersion: "3.7" };

test("an updated autonamed model's name and full name are known, so its versions' `model` input is unchanged", async () => {
    const { Model, Version } = await import("../../provider");
    const model = new Model("existing-model", { labels: { team: "changed" } });
    const version = new Version("existing-v", { model, ...versionArgs });
    expect(await seen(model.name)).toEqual({ known: true, value: "existing_model_abc1234" });
    expect(await seen(model.fullName)).toEqual({
        known: true,
        value: "projects/demo-project/models/existing_model_abc1234",
    });
    expect(await seen(version.name)).toEqual({ known: true, value: "existing_v_def5678" });
    expect(await seen(version.fullName)).toEqual({
        known: true,
        value: "projects/demo-project/models/existing_model_abc1234/versions/existing_v_def5678",
    });
    const versionInputs = registered.find((r) => r.name === "existing-v")?.inputs;
    expect(versionInputs?.model).toBe("existing_model_abc1234");
});

test("a model being created has no name yet in the preview (its autoname is drawn by create)", async () => {
    const { Model, Version } = await import("../../provider");
    const model = new Model("fresh-model", {});
    const version = new Version("fresh-v", { model, ...versionArgs });
    expect((await seen(model.name)).known).toBe(false);
    expect((await seen(model.fullName)).known).toBe(false);
    expect((await seen(version.name)).known).toBe(false);
});

test("a declared name is the declared input, known even in a create's preview", async () => {
    const { Model } = await import("../../provider");
    const model = new Model("named-model", { name: "census" });
    expect(await seen(model.name)).toEqual({ known: true, value: "census" });
    expect((await seen(model.fullName)).known).toBe(false);
});
