// Responses lost after the server applied the change, and Google's deprecation refusal on versions:
// each was a product bug found trying the provider as a new user would (issue 10).

import { createModel, createVersion, type Harness, startHarness, updateVersion } from "../helpers/providerHarness";
import type { VersionInputs } from "../../provider/spec/types";

jest.setTimeout(60_000);

let h: Harness;
beforeAll(async () => {
    h = await startHarness({}, { "aiplatform:retryInitialDelayMs": "20", "aiplatform:pollInitialIntervalMs": "20" });
});
afterAll(() => h.stop());
beforeEach(() => h.emulator.reset());

const versionInputs = (extra: Partial<VersionInputs> = {}): VersionInputs => ({
    model: "m",
    name: "v",
    deploymentUri: "gs://demo-bucket/m/v/",
    runtimeVersion: "2.11",
    pythonVersion: "3.7",
    ...extra,
});
const requests = (method: string, path: RegExp) =>
    h.emulator.requests().filter((r) => r.method === method && path.test(r.path));

test("a model DELETE whose response was lost is the deletion in progress: destroy succeeds", async () => {
    h.emulator.setDurations({ deleteModel: 200 });
    const { id, outs } = await createModel(h, { name: "m" });
    h.emulator.injectFault({ method: "DELETE", path: "/models/m$", kind: "lostResponse" });
    await h.model.delete!(id, outs);
    expect(requests("DELETE", /\/models\/m$/).map((r) => r.status)).toEqual([200, 400]);
    expect(h.emulator.snapshot().namespaces.global?.models).toEqual([]);
});

test("a model DELETE refused for another reason still fails", async () => {
    const { id, outs } = await createModel(h, { name: "m" });
    h.emulator.injectFault({ method: "DELETE", path: "/models/m$", kind: "status", status: 400, message: "nope" });
    await expect(h.model.delete!(id, outs)).rejects.toThrow(/nope/);
});

test("a version PATCH whose response was lost is recognised as applied: no second PATCH", async () => {
    await createModel(h, { name: "m" });
    const v = await createVersion(h, versionInputs());
    h.emulator.setDurations({ updateVersion: 100 });
    h.emulator.injectFault({ method: "PATCH", path: "/versions/v$", kind: "lostResponse" });
    h.emulator.clearRequests();
    const { outs } = await updateVersion(h, v.id, v.outs, versionInputs({ description: "new", labels: { a: "b" } }));
    expect(outs).toMatchObject({ description: "new", labels: { a: "b" }, state: "READY" });
    // The lost one (applied) and its retry (refused: UPDATING); then only reads until the update settles.
    expect(requests("PATCH", /\/versions\/v$/).map((r) => r.status)).toEqual([200, 400]);
    expect(
        h.emulator
            .snapshot()
            .namespaces.global?.operations.filter(
                (o) => (o as { metadata: { operationType: string } }).metadata.operationType === "UPDATE_VERSION",
            ),
    ).toHaveLength(1);
});

test("a version busy with someone else's different change still gets our PATCH afterwards", async () => {
    await createModel(h, { name: "m" });
    const v = await createVersion(h, versionInputs());
    h.emulator.setDurations({ updateVersion: 100 });
    // Someone else's update is running: our PATCH is refused, we wait, then send ours on the fresh etag.
    const other = await fetch(`${h.emulator.url}/v1/${v.id}?updateMask=description`, {
        method: "PATCH",
        headers: { authorization: "Bearer t", "content-type": "application/json" },
        body: JSON.stringify({ description: "theirs" }),
    });
    expect(other.status).toBe(200);
    const { outs } = await updateVersion(h, v.id, v.outs, versionInputs({ labels: { a: "b" } }));
    expect(outs).toMatchObject({ labels: { a: "b" } });
    const live = (await (
        await fetch(`${h.emulator.url}/v1/${v.id}`, { headers: { authorization: "Bearer t" } })
    ).json()) as object;
    expect(live).toMatchObject({ labels: { a: "b" }, description: "theirs" });
    expect(requests("PATCH", /\/versions\/v$/).map((r) => r.status)).toEqual([200, 400, 200]);
});

test("Google's deprecation refusal of a version create is explained like a model's", async () => {
    await createModel(h, { name: "m" });
    h.emulator.injectFault({
        method: "POST",
        path: "/versions$",
        kind: "status",
        status: 400,
        message: "Cloud AI Platform has been deprecated. Please use Vertex AI",
    });
    await expect(createVersion(h, versionInputs())).rejects.toThrow(
        /^Version "v" of model "m": Google refused to create it in project demo-project: "Cloud AI Platform has been deprecated\. Please use Vertex AI"\. AI Platform Prediction is deprecated .*`adopt: true`/,
    );
});
