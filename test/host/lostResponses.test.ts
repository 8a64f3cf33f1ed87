// Responses lost after the server applied the change, busy refusals, and Google's deprecation refusal on versions:
// each was a product bug found trying the provider as a new user would (issue 10), or by CI runs on a loaded machine.
// How long a version or model stays busy is decided by the requests answered (BusySpellClock), so the order
// "refused as busy -> re-read -> ..." the provider sees never depends on how fast the machine runs.

import type { RecordedRequest } from "../../emulator";
import { BUSY_MS, BusySpellClock, countAfter, firstRefusal } from "../helpers/busySpell";
import { createModel, createVersion, type Harness, startHarness, updateVersion } from "../../harness/providerHarness";
import type { VersionInputs } from "../../provider/fields/ml/types";

jest.setTimeout(60_000);

const clock = new BusySpellClock();
const NO_DURATIONS = { createVersion: 0, updateVersion: 0, deleteVersion: 0, updateModel: 0, deleteModel: 0 };

let h: Harness;
beforeAll(async () => {
    // Operations finish at the next request unless a test gives one BUSY_MS.
    h = await startHarness(
        { durations: NO_DURATIONS, clock: clock.now },
        { "aiplatform:retryInitialDelayMs": "20", "aiplatform:pollInitialIntervalMs": "20" },
    );
    clock.watch(h.emulator);
});
afterAll(() => h.stop());
beforeEach(() => {
    clock.clear();
    h.emulator.reset();
    h.emulator.setDurations(NO_DURATIONS);
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

/**
 * When a version's busy spell ends, relative to the provider's PATCH, and the PATCH statuses that follow: for our own
 * lost PATCH (first, applied) and for someone else's change (first, theirs).
 */
const busySpellEndings: [string, (log: RecordedRequest[]) => boolean, { ours: number[]; theirs: number[] }][] = [
    [
        "after the provider's re-read saw it busy (it waits for the version to settle)",
        (log) => {
            const refused = firstRefusal(log, "PATCH");
            return refused >= 0 && countAfter(log, refused, "GET", VERSION_PATH) >= 1;
        },
        { ours: [200, 400], theirs: [200, 400, 200] },
    ],
    // Regression (6e62fd1): on a loaded machine the spell ended between the refusal and the re-read, which found the
    // version READY and failed the update with the stale "busy" refusal.
    [
        "before the provider re-read it",
        (log) => firstRefusal(log, "PATCH") >= 0,
        { ours: [200, 400], theirs: [200, 400, 200] },
    ],
    // Not busy any more when our PATCH (or its retry) arrives: the etag it carries is stale, and the 409 is what tells
    // that our lost PATCH was applied (without the etag the retry would start a second update). Why the Version PATCH
    // keeps sending the etag from state, though a sibling taking the default makes it stale (one 409 and a re-read).
    [
        "before our PATCH arrived",
        (log) => log.some((r) => r.method === "PATCH" && VERSION_PATH.test(r.path)),
        { ours: [200, 409], theirs: [200, 409, 200] },
    ],
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
    clock.endWhen((log) => firstRefusal(log, "DELETE") >= 0);
    await h.model.delete(id, outs);
    expect(requests("DELETE", /\/models\/m$/).map((r) => r.status)).toEqual([200, 400]);
    expect(h.emulator.snapshot().namespaces.global?.models).toEqual([]);
});

test("a model DELETE refused for another reason still fails", async () => {
    const { id, outs } = await createModel(h, { name: "m" });
    h.emulator.injectFault({ method: "DELETE", path: "/models/m$", kind: "status", status: 400, message: "nope" });
    await expect(h.model.delete(id, outs)).rejects.toThrow(/nope/);
});

describe.each(busySpellEndings)("a version busy with an update that ends %s", (_, ends, statuses) => {
    test("our own PATCH whose response was lost is recognised as applied: no further PATCH", async () => {
        await createModel(h, { name: "m" });
        const v = await createVersion(h, versionInputs());
        h.emulator.setDurations({ updateVersion: BUSY_MS });
        h.emulator.injectFault({ method: "PATCH", path: "/versions/v$", kind: "lostResponse" });
        h.emulator.clearRequests();
        clock.endWhen(ends, { updateVersion: 0 }); // a second update, if one were sent, would not hang the test
        const { outs } = await updateVersion(
            h,
            v.id,
            v.outs,
            versionInputs({ description: "new", labels: { a: "b" } }),
        );
        expect(outs).toMatchObject({ description: "new", labels: { a: "b" }, state: "READY" });
        // The lost one (applied) and its retry (refused: UPDATING, or a stale etag); then only reads.
        expect(requests("PATCH", VERSION_PATH).map((r) => r.status)).toEqual(statuses.ours);
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
        clock.endWhen(ends);
        const { outs } = await updateVersion(h, v.id, v.outs, versionInputs({ labels: { a: "b" } }));
        expect(outs).toMatchObject({ labels: { a: "b" } });
        const live = (await (
            await fetch(`${h.emulator.url}/v1/${v.id}`, { headers: { authorization: "Bearer t" } })
        ).json()) as object;
        expect(live).toMatchObject({ labels: { a: "b" }, description: "theirs" });
        // Theirs, ours refused (UPDATING, or a stale etag), ours again on the fresh etag once theirs is done.
        expect(requests("PATCH", VERSION_PATH).map((r) => r.status)).toEqual(statuses.theirs);
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
        /^Version "v" of model "m": Google refused to create it in project demo-project: "Cloud AI Platform has been deprecated\. Please use Vertex AI"\. Google shut AI Platform Prediction \(ml v1\) down on 2025-01-31/,
    );
});
