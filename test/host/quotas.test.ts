// The providers within Google's quotas, against the emulator enforcing them (at a short window): no request is
// refused, refusals caused by another client are waited out, and waiting costs no wasted calls.

import type { RecordedRequest } from "../../emulator";
import type { VersionInputs } from "../../provider/fields/ml/types";
import { BUSY_MS, BusySpellClock, countAfter, firstRefusal } from "../helpers/busySpell";
import {
    createModel,
    createVersion,
    PROJECT,
    type Harness,
    startHarness,
    updateVersion,
    versionInputs as minimalVersion,
} from "../../harness/providerHarness";

jest.setTimeout(120_000);

const versionInputs = (model: string, name: string, extra: Partial<VersionInputs> = {}) =>
    minimalVersion(model, name, { autoScaling: { minNodes: 1 }, ...extra });
const refusals = (log: RecordedRequest[]) => log.filter((r) => r.status === 429 || r.status === 403);

let h: Harness | undefined;
afterEach(async () => {
    await h?.stop();
    h = undefined;
});

test("a burst of creates, updates and deletes stays within both quotas: nothing refused, each operation read once by the shared watcher", async () => {
    h = await startHarness(
        {
            quotas: { requestsPerWindow: 40, windowMs: 1000, concurrentOperations: 3 },
            durations: { createVersion: 200, updateVersion: 100, deleteVersion: 100 },
        },
        {
            "aiplatform:quotaRequestsPerWindow": "36",
            "aiplatform:quotaWindowMs": "1000",
            "aiplatform:concurrentOperations": "3",
            "aiplatform:watchIntervalMs": "",
        },
    );
    const harness = h;
    await createModel(harness, { name: "a" });
    await createModel(harness, { name: "b" });
    const names = Array.from({ length: 12 }, (_, i) => [i % 2 ? "a" : "b", `v${i}`] as const);
    const created = await Promise.all(names.map(([m, v]) => createVersion(harness, versionInputs(m, v))));
    expect(created.map((c) => c.outs.state)).toEqual(new Array(12).fill("READY"));
    await Promise.all(
        created.map((c, i) =>
            updateVersion(
                harness,
                c.id,
                c.outs,
                versionInputs(names[i][0], names[i][1], { autoScaling: { minNodes: 2 } }),
            ),
        ),
    );
    await Promise.all(created.map((c) => harness.version.delete(c.id, c.outs)));
    const log = harness.emulator.requests();
    expect(refusals(log)).toEqual([]);
    expect(harness.emulator.snapshot().namespaces.global?.versions).toEqual([]);
    // The watcher reads each operation once, after it left the list of unfinished ones; lists carry the filter.
    const operationGets = log.filter((r) => r.method === "GET" && /\/operations\/[^/]+$/.test(r.path));
    const operations = log.filter(
        (r) =>
            r.status === 200 &&
            (r.method === "PATCH" || r.method === "DELETE" || (r.method === "POST" && r.path.endsWith("/versions"))),
    );
    expect(operationGets.length).toBeLessThanOrEqual(operations.length);
    const lists = log.filter((r) => r.method === "GET" && r.path.endsWith("/operations"));
    expect(lists.length).toBeGreaterThan(0);
    expect(lists.every((r) => r.query.filter === "done=false")).toBe(true);
});

test("another client holding the concurrent-operations quota: its 403s are waited out, not counted as attempts", async () => {
    h = await startHarness(
        { quotas: { concurrentOperations: 2 }, durations: { createVersion: 150 } },
        { "aiplatform:retryMaxAttempts": "2", "aiplatform:retryInitialDelayMs": "20" },
    );
    const harness = h;
    await createModel(harness, { name: "m" });
    // The provider believes it may run 10 at once; the project allows 2.
    const created = await Promise.all(
        [0, 1, 2, 3, 4, 5].map((i) => createVersion(harness, versionInputs("m", `v${i}`))),
    );
    expect(created.map((c) => c.outs.state)).toEqual(new Array(6).fill("READY"));
    const refused = refusals(harness.emulator.requests());
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((r) => r.status === 403)).toBe(true);
});

test("another client's operations fill the slots: none is started into them (the list of operations shows them), none refused", async () => {
    h = await startHarness(
        { quotas: { concurrentOperations: 10 }, durations: { createVersion: 800 } },
        { "aiplatform:watchIntervalMs": "100" },
    );
    const harness = h;
    await createModel(harness, { name: "theirs" });
    await createModel(harness, { name: "m" });
    // Another client (gcloud, another machine's stack) holds all 10 slots, with no ledger in common.
    for (let i = 0; i < 10; i++) {
        const started = await fetch(`${harness.emulator.url}/v1/projects/${PROJECT}/models/theirs/versions`, {
            method: "POST",
            headers: { authorization: "Bearer t", "content-type": "application/json" },
            body: JSON.stringify({
                name: `o${i}`,
                deploymentUri: "gs://b/o",
                runtimeVersion: "2.11",
                pythonVersion: "3.7",
            }),
        });
        expect(started.status).toBe(200);
    }
    harness.emulator.clearRequests();
    const created = await Promise.all([0, 1, 2].map((i) => createVersion(harness, versionInputs("m", `v${i}`))));
    expect(created.map((c) => c.outs.state)).toEqual(["READY", "READY", "READY"]);
    expect(refusals(harness.emulator.requests())).toEqual([]);
});

test("a 429 that keeps coming (another client spends the request quota) is retried past retryMaxAttempts", async () => {
    h = await startHarness({}, { "aiplatform:retryMaxAttempts": "2", "aiplatform:retryInitialDelayMs": "10" });
    h.emulator.injectFault({ method: "POST", path: "/models$", kind: "status", status: 429, times: 5 });
    await createModel(h, { name: "m" });
    expect(h.emulator.requests().map((r) => r.status)).toEqual([429, 429, 429, 429, 429, 200]);
});

test("deleting the default version with its siblings: no refused DELETE is re-sent while the siblings go", async () => {
    const clock = new BusySpellClock();
    h = await startHarness(
        { durations: { createVersion: 10 }, clock: clock.now },
        { "aiplatform:pollInitialIntervalMs": "20", "aiplatform:pollMaxIntervalMs": "50" },
    );
    const harness = h;
    clock.watch(harness.emulator);
    await createModel(harness, { name: "m" });
    const versions = [];
    for (const name of ["v0", "v1", "v2", "v3"]) versions.push(await createVersion(harness, versionInputs("m", name)));
    harness.emulator.clearRequests();
    // The siblings stay DELETING until the default's DELETE has been refused and it has looked at them three times,
    // however the machine orders or delays the parallel requests; the default's own DELETE then takes 400 ms.
    harness.emulator.setDurations({ deleteVersion: BUSY_MS });
    const V0 = /\/versions\/v0$/;
    clock.endWhen(
        (log) => {
            const refused = firstRefusal(log, "DELETE", V0);
            const siblingsDeleting = log.filter((r) => r.method === "DELETE" && r.status === 200 && !V0.test(r.path));
            return refused >= 0 && siblingsDeleting.length === 3 && countAfter(log, refused, "GET", /\/versions$/) >= 3;
        },
        { deleteVersion: 400 },
    );
    // The default (v0) first, as `pulumi destroy` may order them.
    await Promise.all(versions.map((v) => harness.version.delete(v.id, v.outs)));
    const defaultDeletes = harness.emulator
        .requests()
        .filter((r) => r.method === "DELETE" && r.path.endsWith("/versions/v0"))
        .map((r) => r.status);
    expect(defaultDeletes).toEqual([400, 200]); // one refusal, then the DELETE that works
    expect(harness.emulator.snapshot().namespaces.global?.versions).toEqual([]);
});

test("the default waits for siblings still queued for an operation slot, instead of handing the default to one", async () => {
    // Found by the 64-version e2e test: `destroy` with many versions queued the siblings behind the 10 slots, the
    // default's grace period ran out, and the default was handed to a sibling whose DELETE went out meanwhile.
    h = await startHarness(
        { durations: { createVersion: 10, deleteVersion: 300 } },
        { "aiplatform:concurrentOperations": "2", "aiplatform:defaultHandoffGraceMs": "50" },
    );
    const harness = h;
    await createModel(harness, { name: "m" });
    const versions = [];
    for (let i = 0; i < 7; i++) versions.push(await createVersion(harness, versionInputs("m", `v${i}`)));
    harness.emulator.clearRequests();
    await Promise.all(versions.map((v) => harness.version.delete(v.id, v.outs)));
    expect(harness.emulator.requests().filter((r) => r.path.endsWith(":setDefault"))).toEqual([]);
    expect(harness.emulator.snapshot().namespaces.global?.versions).toEqual([]);
});
