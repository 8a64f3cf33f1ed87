// The resource classes under Pulumi's mocks: type tokens, inputs sent to the engine, autonaming input and outputs.

import * as pulumi from "@pulumi/pulumi";
import { sanitizeNamePrefix } from "../../provider/fields/names";
import { wireNames } from "../../provider/fields/wireNames";

const registered: pulumi.runtime.MockResourceArgs[] = [];

beforeAll(async () => {
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                registered.push(args);
                // The engine would run the provider's create; the mock mimics its autonaming.
                const name = args.inputs.name ?? `${sanitizeNamePrefix(args.inputs[wireNames.autonamePrefix])}_abc1234`;
                const computed =
                    args.type === "pulumi-nodejs:dynamic/aiplatform:Model"
                        ? {
                              fullName: `projects/demo-project/models/${name}`,
                              etag: "e1",
                              project: "demo-project",
                              endpoint: args.inputs.endpoint ?? "global",
                          }
                        : {
                              fullName: `projects/demo-project/models/${args.inputs.model}/versions/${name}`,
                              state: "READY",
                              etag: "e2",
                              isDefault: args.inputs.isDefault ?? false,
                          };
                return { id: computed.fullName, state: { ...args.inputs, name, ...computed } };
            },
            call: () => ({}),
        },
        "proj",
        "stack",
    );
});

const output = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply(resolve));

test("Model and Version register distinct type tokens, the autoname prefix and a small provider", async () => {
    const { Model, Version } = await import("../../provider");
    const model = new Model("census-model", { description: "d" });
    const version = new Version("blue", {
        model,
        deploymentUri: "gs://demo-bucket/m/",
        runtimeVersion: "2.11",
        pythonVersion: "3.7",
        isDefault: true,
    });
    await output(version.fullName);

    const modelArgs = registered.find((r) => r.name === "census-model");
    const versionArgs = registered.find((r) => r.name === "blue");
    expect(modelArgs?.type).toBe("pulumi-nodejs:dynamic/aiplatform:Model");
    expect(versionArgs?.type).toBe("pulumi-nodejs:dynamic/aiplatform:Version");
    // The logical name travels under a `__` key, which Pulumi's display hides from previews and diffs.
    expect(modelArgs?.inputs[wireNames.autonamePrefix]).toBe("census-model");
    expect(modelArgs?.inputs.name).toBeUndefined();
    // Every key the user did not declare is internal (`__`), for both resources.
    const declaredModel = ["description"];
    const declaredVersion = [
        "model",
        "project",
        "endpoint",
        "deploymentUri",
        "runtimeVersion",
        "pythonVersion",
        "isDefault",
    ];
    expect(Object.keys(modelArgs!.inputs).filter((k) => !k.startsWith("__") && !declaredModel.includes(k))).toEqual([]);
    expect(Object.keys(versionArgs!.inputs).filter((k) => !k.startsWith("__") && !declaredVersion.includes(k))).toEqual(
        [],
    );
    expect(String(modelArgs?.inputs.__provider).length).toBeLessThan(8 * 1024);
    // The version takes the model's name, project and endpoint from the Model resource.
    expect(versionArgs?.inputs).toMatchObject({
        model: "census_model_abc1234",
        project: "demo-project",
        endpoint: "global",
        isDefault: true,
    });

    expect(await output(model.fullName)).toBe("projects/demo-project/models/census_model_abc1234");
    expect(await output(model.etag)).toBe("e1");
    expect(await output(version.state)).toBe("READY");
    expect(await output(version.isDefault)).toBe(true);
    expect(await output(version.name)).toBe("blue_abc1234");
});

test("Version accepts a model given by name", async () => {
    const { Version } = await import("../../provider");
    const version = new Version("green", {
        model: "projects/other/models/m1",
        deploymentUri: "gs://demo-bucket/m/",
        runtimeVersion: "2.11",
        pythonVersion: "3.7",
    });
    await output(version.fullName);
    expect(registered.find((r) => r.name === "green")?.inputs.model).toBe("projects/other/models/m1");
});

test("customTimeouts become per-step operation deadlines (seconds) in an internal input", async () => {
    const { Model, Version } = await import("../../provider");
    const model = new Model("timed", { name: "timed" }, { customTimeouts: { create: "2m", delete: "1h30m" } });
    const version = new Version(
        "timed-v",
        { model, name: "v1", deploymentUri: "gs://demo-bucket/m/", runtimeVersion: "2.11", pythonVersion: "3.7" },
        { customTimeouts: { update: "90s" } },
    );
    await output(version.fullName);
    expect(registered.find((r) => r.name === "timed")?.inputs[wireNames.customTimeouts]).toEqual({
        create: 120,
        delete: 5400,
    });
    expect(registered.find((r) => r.name === "timed-v")?.inputs[wireNames.customTimeouts]).toEqual({ update: 90 });
    expect(registered.find((r) => r.name === "blue")?.inputs[wireNames.customTimeouts]).toBeUndefined();
});

test("a customTimeouts value that is not a duration fails the program naming the resource, step and value", async () => {
    const { Model } = await import("../../provider");
    expect(() => new Model("badly-timed", {}, { customTimeouts: { create: "10 minutes" } })).toThrow(pulumi.RunError);
    expect(() => new Model("badly-timed2", {}, { customTimeouts: { delete: "5d" } })).toThrow(
        /Model "badly-timed2": customTimeouts.delete "5d" is not a duration; use Go duration syntax/,
    );
});
