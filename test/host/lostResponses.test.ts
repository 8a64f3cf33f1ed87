// Responses lost after the server applied the change, busy refusals, and Google's deprecation refusal on versions:
// each was a product bug found trying the provider as a new user would (issue 10), or by CI runs on a loaded machine.
//
// Time here is the emulator's own clock, moved by the test: it stands still, so an operation given BUSY_MS keeps its
// version or model busy however slow the machine is, until the request after which the busy spell must be over has
// been answered; then it jumps past BUSY_MS. Which request that is, is the test's choice (`busySpellEnds`), so the
// order "refused as busy -> re-read -> ..." the provider sees never depends on how fast the machine runs.

import type { RecordedRequest } from "../../emulator";
import { createModel, createVersion, type Harness, startHarness, updateVersion } from "../helpers/providerHarness";
import type { VersionInputs } from "../../provider/spec/types";

jest.setTimeout(60_000);

/** Longer than any test: an operation given this duration only ends when the clock jumps. */
const BUSY_MS = 60 * 60_000;
const startedAt = Date.now();
let busySpellEnds: (log: RecordedRequest[]) => boolean = () => false;

let h: Harness;
beforeAll(async () => {
    h = await startHarness(
        {
            // Operations finish at the next request unless a test gives one BUSY_MS.
            durations: { createVersion: 0, updateVersion: 0, deleteVersion: 0, updateModel: 0, deleteModel: 0 },
            clock: () => startedAt + (busySpellEnds(h.emulator.requests()) ? BUSY_MS : 0),
        },
        { "aiplatform:retryInitialDelayMs": "20", "aiplatform:pollInitialIntervalMs": "20" },
    );
});
afterAll(() => h.stop());
beforeEach(() => {
    busySpellEnds = () => false;
    h.emulator.reset();
    h.emulator.setDurations({ createVersion: 0, updateVersion: 0, deleteVersion: 0, updateModel: 0, deleteModel: 0 });
});

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
const VERSION_PATH = /\/models\/m\/versions\/v$/;

/** Index of the first request refused as busy (400 FAILED_PRECONDITION "... in state ..."), or -1. */
const busyRefusal = (log: RecordedRequest[], method: string): number =>
    log.findIndex((r) => r.method === method && r.status === 400);

/** When a version's busy spell ends, relative to the provider's PATCH refused as busy. */
const busySpellEndings: [string, (log: RecordedRequest[]) => boolean][] = [
    [
        "after the provider's re-read saw it busy (it waits for the version to settle)",
        (log) => {
            const refused = busyRefusal(log, "PATCH");
            return refused >= 0 && log.slice(refused + 1).some((r) => r.method === "GET" && VERSION_PATH.test(r.path));
        },
    ],
    // Regression (6e62fd1): on a loaded machine the spell ended between the refusal and the re-read, which found the
    // version READY and failed the update with the stale "busy" refusal.
    ["before the provider re-read it", (log) => busyRefusal(log, "PATCH") >= 0],
];

const updateOperations = () =>
    h.emulator
        .snapshot()
        .namespaces.global?.operations.filter(
            (o) => (o as { metadata: { operationType: string } }).metadata.operationType === "UPDATE_VERSION",
        );

test("a model DELETE whose response was lost is the deletion in progress: destroy succeeds", async () => {
    const { id, outs } = await createModel(h, { name: "m" });
    h.emulator.setDurations({ deleteModel: BUSY_MS });
    h.emulator.injectFault({ method: "DELETE", path: "/models/m$", kind: "lostResponse" });
    // The retried DELETE is refused ("already being deleted") while the first one runs; it ends after that.
    busySpellEnds = (log) => busyRefusal(log, "DELETE") >= 0;
    await h.model.delete!(id, outs);
    expect(requests("DELETE", /\/models\/m$/).map((r) => r.status)).toEqual([200, 400]);
    expect(h.emulator.snapshot().namespaces.global?.models).toEqual([]);
});

test("a model DELETE refused for another reason still fails", async () => {
    const { id, outs } = await createModel(h, { name: "m" });
    h.emulator.injectFault({ method: "DELETE", path: "/models/m$", kind: "status", status: 400, message: "nope" });
    await expect(h.model.delete!(id, outs)).rejects.toThrow(/nope/);
});

describe.each(busySpellEndings)("a version busy with an update that ends %s", (_, ends) => {
    test("our own PATCH whose response was lost is recognised as applied: no further PATCH", async () => {
        await createModel(h, { name: "m" });
        const v = await createVersion(h, versionInputs());
        h.emulator.setDurations({ updateVersion: BUSY_MS });
        h.emulator.injectFault({ method: "PATCH", path: "/versions/v$", kind: "lostResponse" });
        h.emulator.clearRequests();
        busySpellEnds = ends;
        const { outs } = await updateVersion(
            h,
            v.id,
            v.outs,
            versionInputs({ description: "new", labels: { a: "b" } }),
        );
        expect(outs).toMatchObject({ description: "new", labels: { a: "b" }, state: "READY" });
        // The lost one (applied) and its retry (refused: UPDATING); then only reads.
        expect(requests("PATCH", VERSION_PATH).map((r) => r.status)).toEqual([200, 400]);
        expect(updateOperations()).toHaveLength(1);
    });

    test("someone else's different change is not ours: our PATCH is sent again on the fresh etag", async () => {
        await createModel(h, { name: "m" });
        const v = await createVersion(h, versionInputs());
        h.emulator.setDurations({ updateVersion: BUSY_MS });
        const other = await fetch(`${h.emulator.url}/v1/${v.id}?updateMask=description`, {
            method: "PATCH",
            headers: { authorization: "Bearer t", "content-type": "application/json" },
            body: JSON.stringify({ description: "theirs" }),
        });
        expect(other.status).toBe(200);
        h.emulator.setDurations({ updateVersion: 0 }); // our own update, once accepted, is done at the next request
        busySpellEnds = ends;
        const { outs } = await updateVersion(h, v.id, v.outs, versionInputs({ labels: { a: "b" } }));
        expect(outs).toMatchObject({ labels: { a: "b" } });
        const live = (await (
            await fetch(`${h.emulator.url}/v1/${v.id}`, { headers: { authorization: "Bearer t" } })
        ).json()) as object;
        expect(live).toMatchObject({ labels: { a: "b" }, description: "theirs" });
        // Theirs, ours refused (UPDATING), ours again once theirs is done.
        expect(requests("PATCH", VERSION_PATH).map((r) => r.status)).toEqual([200, 400, 200]);
        expect(updateOperations()).toHaveLength(2);
    });
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
