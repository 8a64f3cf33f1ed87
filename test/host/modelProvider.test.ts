// The Model provider against the emulator.

import { type ModelOutputs } from "../../provider/fields/ml/types";
import { operationTimeoutMs } from "../../provider/host/checkRecipe";
import { createProvider } from "../../provider/host";
import { readSettings } from "../../provider/host/settings";
import {
    createModel,
    createVersion,
    fakeConfig,
    type Harness,
    mutating,
    PROJECT,
    startHarness,
} from "../../harness/providerHarness";
import { wireNames } from "../../provider/fields/wireNames";

let h: Harness;
beforeAll(async () => {
    h = await startHarness();
});
afterAll(() => h.stop());
beforeEach(() => h.emulator.reset());

const version = (model: string, name: string) => ({
    model,
    name,
    deploymentUri: "gs://demo-bucket/m/",
    runtimeVersion: "2.11",
    pythonVersion: "3.7",
});

test("create is synchronous and returns full name, etag and inputs", async () => {
    const { id, outs } = await createModel(h, {
        name: "census",
        description: "d",
        labels: { team: "ml" },
        onlinePredictionLogging: true,
    });
    expect(id).toBe(`projects/${PROJECT}/models/census`);
    expect(outs).toMatchObject({
        fullName: id,
        name: "census",
        project: PROJECT,
        endpoint: "global",
        description: "d",
        labels: { team: "ml" },
    });
    expect(outs.etag).toBeTruthy();
    // Defined before any version exists, so exporting it never makes Pulumi warn about an undefined output.
    expect(outs.defaultVersion).toBe("");
    expect(mutating(h)).toHaveLength(1);
});

test("an autonamed model: check leaves the name to create, which draws it once; diff, update and refresh keep it", async () => {
    // Preview runs check only: no name in the checked inputs, so the engine shows it as computed.
    const checked = await h.model.check({}, { autonamePrefix: "census-model" });
    expect(checked.inputs?.name).toBeUndefined();
    expect(checked.inputs?.autonamed).toBe(true);
    const again = await h.model.check(checked.inputs!, { autonamePrefix: "census-model" });
    expect(again.inputs).toEqual(checked.inputs);

    const created = await h.model.create(checked.inputs!);
    expect(created.outs?.name).toMatch(/^census_model_[a-z0-9]{7}$/);
    const outs = created.outs as ModelOutputs;

    // The next `up`: same declaration, no change; a description change is a PATCH of the same model.
    expect(await h.model.diff(created.id, outs, again.inputs!)).toMatchObject({ changes: false });
    const changed = { ...again.inputs!, description: "d2" };
    expect(await h.model.diff(created.id, outs, changed)).toMatchObject({ changes: true, replaces: [] });
    const updated = await h.model.update(created.id, outs, changed);
    expect(updated.outs?.name).toBe(outs.name);

    // Refresh reports the declared inputs (no drawn name), so the next diff shows no `- name`.
    const read = await h.model.read(created.id, updated.outs);
    expect(read.props?.name).toBe(outs.name);
    expect(read.inputs?.name).toBeUndefined();

    // A replacement is a fresh create: a fresh name, so it can be created before the old model is deleted.
    const replacement = await h.model.create(checked.inputs!);
    expect(replacement.outs?.name).toMatch(/^census_model_[a-z0-9]{7}$/);
    expect(replacement.outs?.name).not.toBe(outs.name);
});

test("a regional model lives in the regional namespace", async () => {
    await createModel(h, { name: "census", endpoint: "us-central1" });
    await createModel(h, { name: "census" }); // same name on the global endpoint: a separate namespace
    expect(
        h.emulator
            .requests()
            .filter((r) => r.method === "POST")
            .map((r) => r.namespace),
    ).toEqual(["us-central1", "global"]);
});

test("description and labels are one PATCH with both mask paths", async () => {
    const created = await createModel(h, { name: "census", description: "a" });
    h.emulator.clearRequests();
    const news = { ...created.outs, description: "b", labels: { env: "prod" } };
    const diff = await h.model.diff(created.id, created.outs, news);
    expect(diff).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    const { outs } = await h.model.update(created.id, created.outs, news);
    const sent = mutating(h);
    expect(sent).toHaveLength(1);
    expect(sent[0].query.updateMask).toBe("description,labels");
    expect(outs).toMatchObject({ description: "b", labels: { env: "prod" } });
});

test("deleting a model with unmanaged versions fails clearly; forceDelete removes them first", async () => {
    const created = await createModel(h, { name: "census" });
    await createVersion(h, version("census", "a"));
    await createVersion(h, version("census", "b"));
    await expect(h.model.delete(created.id, created.outs)).rejects.toThrow(
        /still has 2 version\(s\).*\(a, b\).*forceDelete: true/,
    );
    h.emulator.clearRequests();
    await h.model.delete(created.id, { ...created.outs, forceDelete: true });
    const deletes = h.emulator
        .requests()
        .filter((r) => r.method === "DELETE" && r.status === 200)
        .map((r) => r.path);
    expect(deletes.map((p) => p.split("/").slice(-2).join("/"))).toEqual(["versions/b", "versions/a", "models/census"]);
    expect(await h.model.read(created.id, created.outs)).toEqual({});
});

test("read after out-of-band change and deletion", async () => {
    const created = await createModel(h, { name: "census", description: "a" });
    h.emulator.outOfBand.patch(created.id, { description: "console" });
    expect((await h.model.read(created.id, created.outs)).props?.description).toBe("console");
    h.emulator.outOfBand.delete(created.id);
    expect(await h.model.read(created.id, created.outs)).toEqual({});
});

test("Google's deprecation refusal says ml v1 is shut down, never that adopt would help", async () => {
    h.emulator.injectFault({
        method: "POST",
        path: "/models$",
        kind: "status",
        status: 400,
        message: "Cloud AI Platform has been deprecated. Please use Vertex AI",
    });
    const refusal = createModel(h, { name: "census" });
    await expect(refusal).rejects.toThrow(
        /^Model "census": Google refused .*shut AI Platform Prediction \(ml v1\) down on 2025-01-31 and deleted its models, so nothing can be created or adopted there\. Run this program against the local emulator \(`pulumi config set aiplatform:endpointOverride <emulator URL>`\), or deploy the model on Vertex AI\.$/,
    );
    await expect(refusal).rejects.not.toThrow(/adopt: true/);
});

test("adopting an existing model patches its description instead of failing", async () => {
    await createModel(h, { name: "census", description: "old" });
    await expect(createModel(h, { name: "census" })).rejects.toThrow(/already exists.*adopt: true/);
    const adopted = await createModel(h, { name: "census", description: "new", adopt: true });
    expect(adopted.outs.description).toBe("new");
});

test.each([
    [
        "customTimeouts for the step wins",
        { customTimeouts: { create: 120 }, operationTimeoutSeconds: 60 },
        "create",
        120_000,
    ],
    [
        "another step's customTimeouts does not apply",
        { customTimeouts: { delete: 5 }, operationTimeoutSeconds: 60 },
        "create",
        60_000,
    ],
    ["then operationTimeoutSeconds", { operationTimeoutSeconds: 60 }, "update", 60_000],
    ["then aiplatform:operationTimeoutSeconds", {}, "delete", 30 * 60 * 1000],
] as const)("operation deadline: %s", (_name, inputs, step, ms) => {
    expect(operationTimeoutMs(inputs, readSettings(undefined, {}), step)).toBe(ms);
});

test("customTimeouts reach the provider through the wire (check keeps them, under their internal name)", async () => {
    const provider = createProvider("model");
    await provider.configure!({ config: fakeConfig(h.config) });
    const checked = await provider.check!({}, { name: "timed", [wireNames.customTimeouts]: { create: 120 } });
    expect(checked.failures ?? []).toEqual([]);
    expect(checked.inputs).toMatchObject({ [wireNames.customTimeouts]: { create: 120 } });
    expect(checked.inputs).not.toHaveProperty("customTimeouts");
});
