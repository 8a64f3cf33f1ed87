// The Version provider against the emulator: every method, with assertions on what reached the API.

import { ResourceInitError } from "../../provider/host/resourceErrors";
import { BUSY_MS, BusySpellClock, countAfter, firstRefusal } from "../helpers/busySpell";
import {
    calls,
    createModel,
    createVersion,
    type Harness,
    mutating,
    patientVersionProvider,
    PROJECT,
    startHarness,
    updateVersion,
} from "../../harness/providerHarness";
import type { VersionInputs, VersionOutputs } from "../../provider/fields/ml/types";

const clock = new BusySpellClock();
let h: Harness;
beforeAll(async () => {
    h = await startHarness({ clock: clock.now });
    clock.watch(h.emulator);
});
afterAll(() => h.stop());
beforeEach(() => {
    clock.clear();
    h.emulator.reset();
});

const base = (model: string, extra: Partial<VersionInputs> = {}): VersionInputs => ({
    model,
    deploymentUri: "gs://demo-bucket/census/v1/",
    runtimeVersion: "2.11",
    pythonVersion: "3.7",
    autoScaling: { minNodes: 1 },
    ...extra,
});

async function withModel(name = "census") {
    await createModel(h, { name });
    h.emulator.clearRequests();
    return name;
}

test("create waits for the operation, applies requestLoggingConfig by PATCH and reports outputs", async () => {
    const model = await withModel();
    const { id, outs } = await createVersion(
        h,
        base(model, {
            name: "v1",
            requestLoggingConfig: { bigqueryTableName: "demo-project.logs.census", samplingPercentage: 0.5 },
        }),
    );
    expect(id).toBe(`projects/${PROJECT}/models/census/versions/v1`);
    // The API made it the default (first version), but it does not declare isDefault: its output claims nothing.
    expect(outs.isDefault).toBeUndefined();
    expect(outs).toMatchObject({
        state: "READY",
        fullName: id,
        name: "v1",
        requestLoggingConfig: { samplingPercentage: 0.5 },
    });
    expect(outs.etag).toBeTruthy();
    expect(outs.createTime).toMatch(/Z$/);
    const sent = mutating(h);
    expect(sent.map((r) => r.method)).toEqual(["POST", "PATCH"]);
    // requestLoggingConfig is ignored by create, so it must not be in the create body...
    expect(sent[0].body).not.toHaveProperty("requestLoggingConfig");
    // ...and is applied with its own mask right after.
    expect(sent[1].query).toMatchObject({ updateMask: "requestLoggingConfig" });
});

test("an autonamed version gets <logical>_<7 chars> and isDefault moves the default with setDefault", async () => {
    const model = await withModel();
    const first = await createVersion(h, base(model, { name: "v1" }));
    const second = await createVersion(h, base(model, { autonamePrefix: "green", isDefault: true }));
    expect(second.outs.name).toMatch(/^green_[a-z0-9]{7}$/);
    expect(second.outs.isDefault).toBe(true);
    expect(calls(h).some((c) => /^POST .*versions\/green_[a-z0-9]{7}:setDefault$/.test(c))).toBe(true);
    // isDefault is reported only where declared: the first version (undeclared) never claims anything.
    expect(first.outs.isDefault).toBeUndefined();
    const refreshedFirst = await h.version.read(first.id, first.outs);
    expect(refreshedFirst.props?.isDefault).toBeUndefined();
});

test("isDefault: at most one version claims the default, and it is the real one", async () => {
    const model = await withModel();
    // The undeclared version is created first, so the API makes it the default: its output still claims nothing.
    const undeclared = await createVersion(h, base(model, { name: "a" }));
    expect(undeclared.outs.isDefault).toBeUndefined();
    const declared = await createVersion(h, base(model, { name: "b", isDefault: true }));
    expect(declared.outs.isDefault).toBe(true);
    // The default moved in the console: the declared version reports the truth, and the next update repairs it.
    h.emulator.outOfBand.patch(`projects/${PROJECT}/models/census`, { defaultVersion: "a" });
    const drifted = await h.version.read(declared.id, declared.outs);
    expect(drifted.props?.isDefault).toBe(false);
    expect(drifted.inputs?.isDefault).toBe(false);
    expect((await h.version.read(undeclared.id, undeclared.outs)).props?.isDefault).toBeUndefined();
    const repaired = await h.version.update(
        declared.id,
        drifted.props as VersionOutputs,
        base(model, { name: "b", isDefault: true }),
    );
    expect(repaired.outs?.isDefault).toBe(true);
    // Import (no props yet) shows the live default so the generated declaration keeps it.
    expect((await h.version.read(declared.id, undefined)).props?.isDefault).toBe(true);
    expect((await h.version.read(undeclared.id, undefined)).props?.isDefault).toBeUndefined();
});

test("an update of minNodes, description, labels and requestLoggingConfig is one PATCH with exactly those paths", async () => {
    const model = await withModel();
    const created = await createVersion(h, base(model, { name: "v1" }));
    h.emulator.clearRequests();
    const news = base(model, {
        name: "v1",
        autoScaling: { minNodes: 3 },
        description: "bigger",
        labels: { tier: "gold" },
        requestLoggingConfig: { bigqueryTableName: "demo-project.logs.census", samplingPercentage: 0.1 },
    });
    const { diff, outs } = await updateVersion(h, created.id, created.outs, news);
    expect(diff).toMatchObject({ changes: true, replaces: [] });
    const patches = mutating(h);
    expect(patches).toHaveLength(1);
    expect(patches[0].method).toBe("PATCH");
    expect(patches[0].query.updateMask.split(",").sort()).toEqual([
        "autoScaling.minNodes",
        "description",
        "labels",
        "requestLoggingConfig",
    ]);
    expect(patches[0].body).toMatchObject({
        autoScaling: { minNodes: 3 },
        description: "bigger",
        labels: { tier: "gold" },
        etag: created.outs.etag,
    });
    expect(outs).toMatchObject({ autoScaling: { minNodes: 3 }, description: "bigger", state: "READY" });
});

test("diff makes no network call", async () => {
    const model = await withModel();
    const created = await createVersion(h, base(model, { name: "v1" }));
    h.emulator.clearRequests();
    const d1 = await h.version.diff(created.id, created.outs, { ...created.outs, autoScaling: { minNodes: 2 } });
    const d2 = await h.version.diff(created.id, created.outs, {
        ...created.outs,
        deploymentUri: "gs://demo-bucket/other/",
    });
    expect(d1).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(d2).toEqual({ changes: true, replaces: ["deploymentUri"], deleteBeforeReplace: true });
    expect(h.emulator.requests()).toEqual([]);
});

test("a stale etag is re-read and the update is applied, not lost", async () => {
    const model = await withModel();
    const created = await createVersion(h, base(model, { name: "v1" }));
    h.emulator.outOfBand.patch(created.id, { labels: { owner: "console" } });
    h.emulator.clearRequests();
    const { outs } = await updateVersion(h, created.id, created.outs, base(model, { name: "v1", description: "mine" }));
    expect(outs.description).toBe("mine");
    const patches = h.emulator.requests().filter((r) => r.method === "PATCH");
    expect(patches.map((p) => p.status)).toEqual([409, 200]);
    // The console's label change survives: we only ever send our masked fields.
    expect(patches[1].query.updateMask).toBe("description");
});

test("read reports drift and out-of-band deletion", async () => {
    const model = await withModel();
    const created = await createVersion(h, base(model, { name: "v1", description: "declared" }));
    h.emulator.outOfBand.patch(created.id, { description: "edited in the console" });
    const drifted = await h.version.read(created.id, created.outs);
    expect(drifted.id).toBe(created.id);
    expect(drifted.props?.description).toBe("edited in the console");
    expect(drifted.inputs?.description).toBe("edited in the console");
    // Server defaults the user left unset stay unset, so refresh adds no noise.
    expect(drifted.inputs?.machineType).toBeUndefined();
    expect(drifted.inputs).not.toHaveProperty("etag");
    h.emulator.outOfBand.delete(created.id);
    expect(await h.version.read(created.id, created.outs)).toEqual({});
});

test("deleting every version in parallel succeeds, default last", async () => {
    const model = await withModel();
    const versions = [];
    for (const name of ["a", "b", "c"]) {
        versions.push(await createVersion(h, base(model, { name })));
    }
    h.emulator.clearRequests();
    const patient = await patientVersionProvider(h);
    await Promise.all(versions.map((v) => patient.delete(v.id, v.outs)));
    const deletes = h.emulator
        .requests()
        .filter((r) => r.method === "DELETE" && r.status === 200)
        .map((r) => r.path.split("/").pop());
    expect([...deletes].sort()).toEqual(["a", "b", "c"]);
    expect(deletes[deletes.length - 1]).toBe("a"); // "a" was the first, hence default, version
});

test("deleting an explicitly named default version with a surviving sibling hands the default over", async () => {
    const model = await withModel();
    const a = await createVersion(h, base(model, { name: "a" }));
    await createVersion(h, base(model, { name: "b" }));
    await h.version.delete(a.id, a.outs);
    expect(calls(h).some((c) => /versions\/b:setDefault$/.test(c))).toBe(true);
    const b = await h.version.read(`projects/${PROJECT}/models/census/versions/b`, undefined);
    expect(b.props?.isDefault).toBe(true);
});

test("a default handoff whose heir vanished (404 on setDefault) looks again and hands the default to a survivor", async () => {
    // Found by the 200-version load test: the newest READY sibling was deleted between our list and our setDefault.
    const model = await withModel();
    const a = await createVersion(h, base(model, { name: "a" }));
    await createVersion(h, base(model, { name: "b" }));
    await createVersion(h, base(model, { name: "c" }));
    h.emulator.clearRequests();
    // The first handoff attempt finds its heir gone, as when a parallel delete removed it after our list.
    h.emulator.injectFault({
        method: "POST",
        path: ":setDefault$",
        kind: "status",
        status: 404,
        code: 5,
        message: "Field: name Error: The specified model version was not found.",
    });
    await h.version.delete(a.id, a.outs);
    const setDefaults = h.emulator
        .requests()
        .filter((r) => r.path.endsWith(":setDefault"))
        .map((r) => r.status);
    expect(setDefaults).toEqual([404, 200]);
    expect(await h.version.read(`projects/${PROJECT}/models/census/versions/a`, undefined)).toEqual({});
    const survivors = await Promise.all(
        ["b", "c"].map((v) => h.version.read(`projects/${PROJECT}/models/census/versions/${v}`, undefined)),
    );
    expect(survivors.filter((v) => v.props?.isDefault === true)).toHaveLength(1);
});

test("an operation that ends FAILED surfaces the API message and operation name and leaves nothing behind", async () => {
    const model = await withModel();
    h.emulator.injectFault({
        method: "POST",
        path: "/versions$",
        kind: "operationFailed",
        message: "Bad model detected with error: Failed to load model",
    });
    const error = await createVersion(h, base(model, { name: "broken" })).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/Bad model detected/);
    expect((error as Error).message).toMatch(/operations\/create_census_broken-\d+/);
    expect(await h.version.read(`projects/${PROJECT}/models/census/versions/broken`, undefined)).toEqual({});
    // A fixed program then succeeds with the same name.
    await expect(createVersion(h, base(model, { name: "broken" }))).resolves.toMatchObject({
        outs: { state: "READY" },
    });
});

test("ALREADY_EXISTS without adopt is a clear error; with adopt the version is taken over", async () => {
    const model = await withModel();
    await createVersion(h, base(model, { name: "v1", description: "old" }));
    await expect(createVersion(h, base(model, { name: "v1" }))).rejects.toThrow(/already exists.*adopt: true/);
    const adopted = await createVersion(h, base(model, { name: "v1", description: "new", adopt: true }));
    expect(adopted.outs).toMatchObject({ description: "new", state: "READY" });
});

test("adoption refuses a version whose immutable fields differ, at preview and at create", async () => {
    const model = await withModel();
    await createVersion(h, base(model, { name: "v1" }));
    const declared = base(model, { name: "v1", runtimeVersion: "2.8", adopt: true });
    // check (preview) looks the version up (test/host/adoptPreview.test.ts) ...
    await expect(createVersion(h, declared)).rejects.toThrow(
        /check failed.*cannot be adopted: runtimeVersion: declared/,
    );
    // ... and create refuses it too, for a version made between the preview and the up.
    const { failures: _none, inputs } = await h.version.check({} as VersionInputs, { ...declared, adopt: false });
    await expect(h.version.create({ ...inputs!, adopt: true })).rejects.toThrow(
        /runtimeVersion: declared "2.8", existing "2.11"/,
    );
});

test("an operation that never finishes fails at the deadline naming the operation; the next update picks it up", async () => {
    const model = await withModel();
    h.emulator.injectFault({ method: "POST", path: "/versions$", kind: "operationHang" });
    const error = await createVersion(h, base(model, { name: "slow", operationTimeoutSeconds: 0.3 })).catch(
        (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ResourceInitError);
    const init = error as ResourceInitError;
    expect(init.message).toMatch(/operations\/create_census_slow-\d+.*did not finish within/);
    expect(init.id).toBe(`projects/${PROJECT}/models/census/versions/slow`);
    expect(init.properties).toMatchObject({ state: "CREATING" });
});

// Regression: the host passes `__provider` inside the inputs; strict validation rejected it, and it would
// otherwise have been sent in the create body.
test("engine-internal keys are neither validated nor sent", async () => {
    const model = await withModel();
    await createVersion(h, base(model, { name: "v1" }));
    for (const request of mutating(h)) {
        expect(JSON.stringify(request.body ?? {})).not.toContain("__provider");
    }
});

test("a PATCH refused for a lasting precondition is not retried", async () => {
    const model = await withModel();
    const created = await createVersion(h, base(model, { name: "v1" }));
    h.emulator.injectFault({
        method: "PATCH",
        kind: "status",
        status: 400,
        message: "Precondition that will not change",
    });
    h.emulator.clearRequests();
    await expect(
        updateVersion(h, created.id, created.outs, base(model, { name: "v1", description: "x" })),
    ).rejects.toThrow(/HTTP 400/);
    expect(h.emulator.requests().filter((r) => r.method === "PATCH")).toHaveLength(1);
});

test("a PATCH refused because the version is busy waits for it and succeeds", async () => {
    const model = await withModel();
    const created = await createVersion(h, base(model, { name: "v1" }));
    const durations = h.emulator.snapshot().durations;
    h.emulator.setDurations({ updateVersion: BUSY_MS });
    // Someone else's update is in flight: the version is UPDATING when our PATCH arrives, and stays so until we
    // have been refused and have seen it busy.
    const other = await fetch(`${h.emulator.url}/v1/${created.id}?updateMask=labels`, {
        method: "PATCH",
        headers: { authorization: "Bearer t", "content-type": "application/json" },
        body: JSON.stringify({ labels: { by: "other" } }),
    });
    expect(other.status).toBe(200);
    h.emulator.setDurations(durations);
    h.emulator.clearRequests();
    clock.endWhen((log) => {
        const refused = firstRefusal(log, "PATCH");
        return refused >= 0 && countAfter(log, refused, "GET", /\/versions\/v1$/) >= 1;
    });
    const { outs } = await updateVersion(h, created.id, created.outs, base(model, { name: "v1", description: "mine" }));
    expect(outs.description).toBe("mine");
    expect(
        h.emulator
            .requests()
            .filter((r) => r.method === "PATCH")
            .map((r) => r.status),
    ).toEqual([400, 200]);
});
