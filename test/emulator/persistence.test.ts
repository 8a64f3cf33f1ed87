// The state file (emulator/core/persistence.ts): snapshot + journal. A reload gives back exactly the state that was saved,
// whatever happened in between (random call sequences, compactions cut anywhere, crashes); a torn last journal line is
// dropped, a corrupt one in the middle fails loudly; what an interrupted run leaves behind is cleaned up on start.
// Compaction slices and its background fsync run only when a test says so (no timers, no sleeps).

import fc from "fast-check";
import {
    appendFileSync,
    existsSync,
    mkdirSync,
    mkdtempSync,
    readFileSync,
    readdirSync,
    rmSync,
    writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Emulator, type EmulatorCoreOptions } from "../../emulator/core/emulator";
import { StateFile, type StateFileTuning } from "../../emulator/core/persistence";
import { NO_QUOTAS } from "../../emulator/apis";
import { Store } from "../../emulator/core/store";
import { recordKindsOf } from "../../emulator/core/emulator";
import { callCore } from "../helpers/emulatorCore";
import { ALL_APIS } from "../../emulator/apis";
import { MODELS } from "../../emulator/ml/records";
import { OPERATIONS } from "../../emulator/core/operations";
import { OutOfBandNotFound } from "../../emulator/core/outOfBand";
import { VERTEX_NAMESPACE } from "../../emulator/vertex/records";

const SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : 20261122;
const DURATIONS = {
    createVersion: 1000,
    updateVersion: 1000,
    deleteVersion: 1000,
    updateModel: 500,
    deleteModel: 500,
    // Vertex: some operations pending across saves and restarts, some done at once.
    vertexCreateEndpoint: 0,
    vertexDeleteEndpoint: 500,
    vertexDeployModel: 1000,
    vertexUndeployModel: 500,
    vertexMutateDeployedModel: 1000,
    vertexUploadModel: 500,
    vertexDeleteModel: 500,
    vertexDeleteVersion: 0,
};
const VERSION = { deploymentUri: "gs://bucket/model/", runtimeVersion: "2.11", pythonVersion: "3.7" };

/** Compaction slices and background syncs wait in a queue until the test runs them. */
class ManualIo {
    private tasks: (() => void)[] = [];

    tuning(overrides: Partial<StateFileTuning> = {}): Partial<StateFileTuning> {
        return {
            minCompactionBytes: 4000,
            sliceBytes: 600,
            schedule: (slice) => this.tasks.push(slice),
            syncInBackground: (_path, done) => this.tasks.push(() => done(null)),
            ...overrides,
        };
    }

    get pending(): number {
        return this.tasks.length;
    }

    run(count: number): void {
        for (let i = 0; i < count; i++) this.tasks.shift()?.();
    }

    runAll(): void {
        for (let i = 0; this.tasks.length > 0; i++) {
            if (i > 100_000) throw new Error("ManualIo: tasks keep coming");
            this.run(1);
        }
    }

    /** Tasks of an emulator that is gone (killed or stopped) must not run. */
    drop(): void {
        this.tasks = [];
    }
}

class Harness {
    readonly dir = mkdtempSync(join(tmpdir(), "mlemu-persist-"));
    readonly file = join(this.dir, "state.json");
    readonly io = new ManualIo();
    now = Date.UTC(2026, 0, 1);
    emulator: Emulator;

    constructor(private readonly tuning: Partial<StateFileTuning> = {}) {
        this.emulator = this.start();
    }

    start(extra: Partial<EmulatorCoreOptions> = {}): Emulator {
        return new Emulator({
            apis: ALL_APIS,
            stateFile: this.file,
            stateFileTuning: this.io.tuning(this.tuning),
            clock: () => this.now,
            durations: DURATIONS,
            quotas: NO_QUOTAS,
            ...extra,
        });
    }

    api(method: string, pathAndQuery: string, body?: unknown): number {
        return callCore(this.emulator, method, pathAndQuery, body).status;
    }

    /** Creates models m0, m1, ... (300-byte descriptions) until the journal outgrows its bound and a compaction starts. */
    fillUntilCompacting(): void {
        for (let i = 0; !this.emulator.stateFile?.compacting; i++) {
            expect(i).toBeLessThan(100);
            this.api("POST", "/v1/projects/p/models", { name: `m${i}`, description: "d".repeat(300) });
        }
    }

    /** A kill -9: nothing more is written; the files stay as they are. */
    kill(): void {
        this.emulator.engine.stopTimers();
        this.emulator.stateFile?.closeAsIfKilled();
        this.io.drop();
    }

    restartAfterKill(): Emulator {
        this.kill();
        this.emulator = this.start();
        return this.emulator;
    }

    files(): string[] {
        return readdirSync(this.dir).sort();
    }

    cleanup(): void {
        this.kill();
        rmSync(this.dir, { recursive: true, force: true });
    }
}

/** Runs a test against a fresh harness (its own directory), removed afterwards whatever happens. */
function withHarness(...args: [(h: Harness) => void] | [Partial<StateFileTuning>, (h: Harness) => void]): void {
    const [tuning, run] = args.length === 1 ? [{}, args[0]] : args;
    const h = new Harness(tuning);
    try {
        run(h);
    } finally {
        h.cleanup();
    }
}

/** Every record kind of every API served: the equivalence below covers each of them. */
const RECORD_KINDS = recordKindsOf(ALL_APIS).map((kind) => kind.name);

/** Everything the store holds (not only what the API shows), empty namespaces aside (they are not persisted). */
function dump(store: Store): unknown {
    const namespaces: Record<string, unknown> = {};
    for (const name of store.namespaceNames()) {
        const ns = store.ns(name);
        const kinds = Object.fromEntries(
            RECORD_KINDS.map((kind) => [kind, [...ns.records(kind).values()].sort((a, b) => cmp(a.name, b.name))]),
        );
        if (RECORD_KINDS.some((kind) => ns.records(kind).size > 0)) namespaces[name] = kinds;
    }
    return JSON.parse(JSON.stringify({ operationSeq: store.operationSeq, namespaces })) as unknown;
}

function cmp(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

function loadInto(file: string): { store: Store; report: ReturnType<StateFile["load"]> } {
    const store = new Store(recordKindsOf(ALL_APIS));
    const report = new StateFile(file, store).load();
    return { store, report };
}

function journalLines(file: string): string[] {
    return readFileSync(file, "utf8").split("\n").slice(0, -1);
}

// ---- restart equivalence ------------------------------------------------------------------------------------------

type Action =
    | { kind: "api"; method: string; path: string; body?: unknown }
    | { kind: "cancel"; pick: number }
    | { kind: "outOfBandPatch"; target: string; description: string }
    | { kind: "outOfBandDelete"; target: string }
    /** Time passes and the operation timers fire; their save (scheduled for the end of the turn) may not run yet. */
    | { kind: "wait"; ms: number; saved: boolean }
    | { kind: "io"; tasks: number }
    | { kind: "reset" }
    | { kind: "kill" }
    | { kind: "stop" };

const prefix = fc.constantFrom("", "", "", "/us-central1");
const modelId = fc.constantFrom("m1", "m2");
const versionId = fc.constantFrom("v1", "v2");
const text = fc.string({ maxLength: 300 });

// Vertex AI (one region): endpoints with deployed models and traffic, models with versions and aliases, their
// operations. One row per call; IDs are few, so calls meet the records earlier ones made.
const V = "/v1/projects/p/locations/us-central1";
const VN = "projects/p/locations/us-central1";
const endpointId = fc.constantFrom("e1", "e2");
const vModel = fc.constantFrom("vm1", "vm2");
const vVersion = fc.constantFrom("", "@1", "@2", "@prod");
const deployedId = fc.constantFrom("1", "2", "3");
const split = fc.constantFrom(undefined, {}, { "0": 100 }, { "0": 50, "1": 50 }, { "1": 100 }, { "1": 0, "2": 100 });
const IMAGE = "us-docker.pkg.dev/vertex-ai/prediction/sklearn-cpu.1-3:latest";
const DEDICATED = { machineSpec: { machineType: "n1-standard-2" }, minReplicaCount: 1 };
const vertexCall = (method: string, path: string, body?: unknown) => ({
    kind: "api" as const,
    method,
    path: `${V}${path}`,
    ...(body === undefined ? {} : { body }),
});

const deploy = fc.tuple(endpointId, vModel, vVersion, deployedId, split).map(([e, m, v, id, trafficSplit]) =>
    vertexCall("POST", `/endpoints/${e}:deployModel`, {
        deployedModel: { id, model: `${VN}/models/${m}${v}`, dedicatedResources: DEDICATED },
        ...(trafficSplit ? { trafficSplit } : {}),
    }),
);

/** Deploys are drawn twice as often: most other calls need something deployed. */
const VERTEX_ACTIONS: fc.Arbitrary<Action>[] = [
    fc
        .tuple(endpointId, text)
        .map(([e, description]) =>
            vertexCall("POST", `/endpoints?endpointId=${e}`, { displayName: e, description, labels: { team: "a" } }),
        ),
    fc.tuple(vModel, fc.boolean(), fc.constantFrom([], ["prod"], ["canary"]), text).map(([m, first, aliases, d]) =>
        vertexCall("POST", "/models:upload", {
            ...(first ? { modelId: m } : { parentModel: `${VN}/models/${m}` }),
            model: {
                displayName: m,
                versionDescription: d,
                artifactUri: `gs://bucket/${m}/`,
                containerSpec: { imageUri: IMAGE },
                versionAliases: aliases,
            },
        }),
    ),
    deploy,
    deploy,
    fc.tuple(endpointId, deployedId, split).map(([e, id, trafficSplit]) =>
        vertexCall("POST", `/endpoints/${e}:undeployModel`, {
            deployedModelId: id,
            ...(trafficSplit ? { trafficSplit } : {}),
        }),
    ),
    fc
        .tuple(endpointId, split, text)
        .map(([e, trafficSplit, description]) =>
            vertexCall("PATCH", `/endpoints/${e}?updateMask=traffic_split,description`, { trafficSplit, description }),
        ),
    fc.tuple(endpointId, deployedId, fc.integer({ min: 1, max: 3 })).map(([e, id, min]) =>
        vertexCall("POST", `/endpoints/${e}:mutateDeployedModel`, {
            deployedModel: { id, dedicatedResources: { minReplicaCount: min, maxReplicaCount: 3 } },
            updateMask: "dedicatedResources.minReplicaCount,dedicatedResources.maxReplicaCount",
        }),
    ),
    fc
        .tuple(vModel, fc.constantFrom("@1", "@2"), fc.constantFrom(["prod"], ["default"], ["-canary"]))
        .map(([m, v, versionAliases]) =>
            vertexCall("POST", `/models/${m}${v}:mergeVersionAliases`, { versionAliases }),
        ),
    fc
        .tuple(vModel, fc.constantFrom("", "@1"), text)
        .map(([m, v, d]) =>
            v === ""
                ? vertexCall("PATCH", `/models/${m}?updateMask=description`, { description: d })
                : vertexCall("PATCH", `/models/${m}${v}?updateMask=version_description`, { versionDescription: d }),
        ),
    fc.tuple(endpointId).map(([e]) => vertexCall("DELETE", `/endpoints/${e}`)),
    fc.tuple(vModel).map(([m]) => vertexCall("DELETE", `/models/${m}`)),
    fc.tuple(vModel, vVersion).map(([m, v]) => vertexCall("DELETE", `/models/${m}${v}:deleteVersion`)),
    fc.tuple(endpointId, fc.option(deployedId, { nil: undefined }), text).map(([e, id, description]) => ({
        kind: "outOfBandPatch" as const,
        target: `${VN}/endpoints/${e}${id ? `/deployedModels/${id}` : ""}`,
        description,
    })),
    fc.tuple(endpointId, fc.option(deployedId, { nil: undefined })).map(([e, id]) => ({
        kind: "outOfBandDelete" as const,
        target: `${VN}/endpoints/${e}${id ? `/deployedModels/${id}` : ""}`,
    })),
    fc.tuple(vModel, vVersion, text).map(([m, v, description]) => ({
        kind: "outOfBandPatch" as const,
        target: `${VN}/models/${m}${v}`,
        description,
    })),
];

const action: fc.Arbitrary<Action> = fc.oneof(
    {
        weight: 3,
        arbitrary: fc.tuple(prefix, modelId, text).map(([p, m, description]) => ({
            kind: "api" as const,
            method: "POST",
            path: `${p}/v1/projects/p/models`,
            body: { name: m, description, labels: { team: "a" } },
        })),
    },
    {
        weight: 5,
        arbitrary: fc.tuple(prefix, modelId, versionId, text).map(([p, m, v, description]) => ({
            kind: "api" as const,
            method: "POST",
            path: `${p}/v1/projects/p/models/${m}/versions`,
            body: { name: v, description, ...VERSION },
        })),
    },
    fc.tuple(prefix, modelId, versionId, text).map(([p, m, v, description]) => ({
        kind: "api" as const,
        method: "PATCH",
        path: `${p}/v1/projects/p/models/${m}/versions/${v}?updateMask=description`,
        body: { description },
    })),
    fc.tuple(prefix, modelId, versionId).map(([p, m, v]) => ({
        kind: "api" as const,
        method: "POST",
        path: `${p}/v1/projects/p/models/${m}/versions/${v}:setDefault`,
        body: {},
    })),
    fc.tuple(prefix, modelId, text).map(([p, m, description]) => ({
        kind: "api" as const,
        method: "PATCH",
        path: `${p}/v1/projects/p/models/${m}?updateMask=description,labels`,
        body: { description, labels: { env: "x" } },
    })),
    fc.tuple(prefix, modelId, versionId).map(([p, m, v]) => ({
        kind: "api" as const,
        method: "PATCH",
        path: `${p}/v1/projects/p/models/${m}?updateMask=defaultVersion.name`,
        body: { defaultVersion: { name: v } },
    })),
    fc.tuple(prefix, modelId, versionId).map(([p, m, v]) => ({
        kind: "api" as const,
        method: "DELETE",
        path: `${p}/v1/projects/p/models/${m}/versions/${v}`,
    })),
    fc
        .tuple(prefix, modelId)
        .map(([p, m]) => ({ kind: "api" as const, method: "DELETE", path: `${p}/v1/projects/p/models/${m}` })),
    ...VERTEX_ACTIONS,
    fc.nat().map((pick) => ({ kind: "cancel" as const, pick })),
    fc.tuple(modelId, fc.option(versionId, { nil: undefined }), text).map(([m, v, description]) => ({
        kind: "outOfBandPatch" as const,
        target: `projects/p/models/${m}${v ? `/versions/${v}` : ""}`,
        description,
    })),
    fc.tuple(modelId, fc.option(versionId, { nil: undefined })).map(([m, v]) => ({
        kind: "outOfBandDelete" as const,
        target: `projects/p/models/${m}${v ? `/versions/${v}` : ""}`,
    })),
    {
        weight: 4,
        arbitrary: fc
            .tuple(fc.constantFrom(0, 500, 1000, 5000), fc.boolean())
            .map(([ms, saved]) => ({ kind: "wait" as const, ms, saved })),
    },
    { weight: 6, arbitrary: fc.integer({ min: 1, max: 8 }).map((tasks) => ({ kind: "io" as const, tasks })) },
    { weight: 1, arbitrary: fc.constant({ kind: "reset" as const }) },
    { weight: 2, arbitrary: fc.constant({ kind: "kill" as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: "stop" as const }) },
);

/** Runs one action; returns what the files must hold now (the store when nothing is waiting to be saved). */
/** Most runs start with models and ready versions to work on; the random actions may delete them. */
const PREAMBLE: Action[] = [
    ...["m1", "m2"].map((m) => ({
        kind: "api" as const,
        method: "POST",
        path: "/v1/projects/p/models",
        body: { name: m },
    })),
    ...["v1", "v2"].map((v) => ({
        kind: "api" as const,
        method: "POST",
        path: "/v1/projects/p/models/m1/versions",
        body: { name: v, ...VERSION },
    })),
    ...["e1", "e2"].map((e) => vertexCall("POST", `/endpoints?endpointId=${e}`, { displayName: e })),
    ...[
        { modelId: "vm1", model: { versionAliases: ["prod"] } },
        { parentModel: `${VN}/models/vm1`, model: {} },
        { modelId: "vm2", model: {} },
    ].map(({ model, ...request }) =>
        vertexCall("POST", "/models:upload", {
            ...request,
            model: { displayName: "vm", artifactUri: "gs://bucket/vm/", containerSpec: { imageUri: IMAGE }, ...model },
        }),
    ),
    { kind: "wait", ms: 1000, saved: true },
    vertexCall("POST", "/endpoints/e1:deployModel", {
        deployedModel: { id: "1", model: `${VN}/models/vm1@1`, dedicatedResources: DEDICATED },
        trafficSplit: { "0": 100 },
    }),
    { kind: "wait", ms: 1000, saved: true },
];

function perform(h: Harness, a: Action, saved: unknown): unknown {
    act(h, a, saved);
    return h.emulator.store.hasChanges ? saved : dump(h.emulator.store);
}

function ignoreNotFound(change: () => void): void {
    try {
        change();
    } catch (error) {
        if (!(error instanceof OutOfBandNotFound)) throw error;
    }
}

function act(h: Harness, a: Action, saved: unknown): void {
    const e = h.emulator;
    switch (a.kind) {
        case "api":
            expect(h.api(a.method, a.path, a.body)).toBeLessThan(500);
            return;
        case "cancel": {
            const ops = e.store.namespaceNames().flatMap((n) => [...e.store.ns(n).of(OPERATIONS).values()]);
            const op = ops.sort((x, y) => x.seq - y.seq)[a.pick % Math.max(1, ops.length)];
            // ml's regional namespaces are a path prefix; Vertex names carry their location
            const prefix = op?.namespace === "global" || op?.namespace === VERTEX_NAMESPACE ? "" : `/${op?.namespace}`;
            if (op) h.api("POST", `${prefix}/v1/${op.name}:cancel`, {});
            return;
        }
        case "outOfBandPatch":
            // A name that is not there is refused, changing nothing.
            ignoreNotFound(() => e.outOfBandPatch(a.target, { description: a.description }));
            return;
        case "outOfBandDelete":
            ignoreNotFound(() => e.outOfBandDelete(a.target));
            return;
        case "wait":
            h.now += a.ms;
            e.engine.advance();
            if (a.saved) e.flush();
            return;
        case "io":
            h.io.run(a.tasks);
            return;
        case "reset":
            e.reset();
            return;
        case "kill":
            // Unsaved changes are lost; everything saved is back (read before the new emulator completes anything).
            h.kill();
            expect(dump(loadInto(h.file).store)).toEqual(saved);
            h.emulator = h.start();
            return;
        case "stop": {
            const before = dump(e.store);
            e.shutdown();
            h.io.drop();
            // A clean stop saves everything and leaves the snapshot alone (if anything was ever saved), no journal.
            expect(h.files().filter((name) => name !== "state.json")).toEqual([]);
            h.emulator = h.start();
            expect(dump(h.emulator.store)).toEqual(before);
            return;
        }
    }
}

describe("restart equivalence", () => {
    test("random mutations, compactions cut anywhere, kills and stops: a reload gives the same state", () => {
        fc.assert(
            // Half the runs compact often (a 4000-byte bound), half never: a compaction rewrites every record, which
            // could hide a change the journal missed.
            fc.property(
                fc.constantFrom(4000, 1 << 30),
                fc.constantFrom(300, 3000),
                fc.array(action, { minLength: 10, maxLength: 60, size: "max" }),
                (bound, sliceBytes, actions) => {
                    const h = new Harness({ minCompactionBytes: bound, sliceBytes });
                    try {
                        let saved = dump(h.emulator.store);
                        for (const a of [
                            ...PREAMBLE,
                            ...actions,
                            { kind: "kill" as const },
                            { kind: "io" as const, tasks: 1000 },
                        ]) {
                            saved = perform(h, a, saved);
                        }
                        perform(h, { kind: "stop" }, saved);
                    } finally {
                        h.cleanup();
                    }
                },
            ),
            { seed: SEED, numRuns: 150 },
        );
    });

    test("compactions happen, and the journal stays bounded", () => {
        withHarness((h) => {
            const size = (name: string) => (existsSync(join(h.dir, name)) ? readFileSync(join(h.dir, name)).length : 0);
            for (let i = 0; i < 300; i++) {
                expect(h.api("POST", "/v1/projects/p/models", { name: `m${i}`, description: "d".repeat(100) })).toBe(
                    200,
                );
                h.io.runAll();
                // Past the bound (the larger of 4000 bytes and the snapshot) by one line at most.
                const journals = h.files().filter((f) => f.includes(".journal."));
                const journalBytes = journals.reduce((sum, name) => sum + size(name), 0);
                expect(journalBytes).toBeLessThan(Math.max(4000, size("state.json")) + 400);
            }
            const snapshot = JSON.parse(readFileSync(h.file, "utf8")) as { generation: number };
            // 300 models of about 300 bytes: compacted each time the journal outgrew the snapshot.
            expect(snapshot.generation).toBeGreaterThan(2);
            h.restartAfterKill();
            expect(h.emulator.store.ns("global").of(MODELS).size).toBe(300);
        });
    });
});

// ---- crashes ------------------------------------------------------------------------------------------------------

describe("crash recovery", () => {
    test("a torn last journal line is dropped (and cut off), the lines before it are kept", () => {
        withHarness((h) => {
            h.api("POST", "/v1/projects/p/models", { name: "m1" });
            h.api("POST", "/v1/projects/p/models", { name: "m2" });
            const journal = `${h.file}.journal.0`;
            const intact = readFileSync(journal);
            // The third save, cut short: half a line, no newline.
            h.api("POST", "/v1/projects/p/models", { name: "m3" });
            const third = readFileSync(journal).subarray(intact.length);
            h.kill();
            writeFileSync(journal, Buffer.concat([intact, third.subarray(0, third.length >> 1)]));

            const { store, report } = loadInto(h.file);
            expect([...store.ns("global").of(MODELS).keys()]).toEqual(["projects/p/models/m1", "projects/p/models/m2"]);
            expect(report).toMatchObject({ replayedLines: 2, droppedTail: { file: journal, line: 3 } });
            expect(readFileSync(journal)).toEqual(intact);
            // Appending after the repair gives a clean journal.
            h.emulator = h.start();
            h.api("POST", "/v1/projects/p/models", { name: "m4" });
            h.kill();
            expect(loadInto(h.file).report).toEqual({ removed: [], replayedLines: 3 });
        });
    });

    test("a complete last line whose checksum does not match is a torn write too (garbage left by a power loss)", () => {
        withHarness((h) => {
            h.api("POST", "/v1/projects/p/models", { name: "m1" });
            h.kill();
            appendFileSync(`${h.file}.journal.0`, `12 0123456789abcdef ${"\0".repeat(12)}\n`);
            const { store, report } = loadInto(h.file);
            expect(store.ns("global").of(MODELS).size).toBe(1);
            expect(report.droppedTail).toMatchObject({ line: 2 });
        });
    });

    test("a journal corrupt in the middle fails loudly, naming the file and line, and is left untouched", () => {
        withHarness((h) => {
            for (const name of ["m1", "m2", "m3"]) h.api("POST", "/v1/projects/p/models", { name });
            h.kill();
            const journal = `${h.file}.journal.0`;
            const lines = journalLines(journal);
            lines[1] = lines[1].replace('models/m2"', 'models/mX"');
            writeFileSync(journal, `${lines.join("\n")}\n`);
            const before = readFileSync(journal);
            expect(() => h.start()).toThrow(
                new RegExp(`${journal.replace(/[.]/g, "\\.")}:2: corrupt journal record \\(checksum mismatch\\)`),
            );
            expect(readFileSync(journal)).toEqual(before);
        });
    });

    test("a journal missing between the snapshot and a later journal fails loudly", () => {
        withHarness({ minCompactionBytes: 0 }, (h) => {
            h.api("POST", "/v1/projects/p/models", { name: "m1" });
            // Rotated to journal 1 at that save; the compaction has not written its snapshot yet.
            h.api("POST", "/v1/projects/p/models", { name: "m2" });
            h.kill();
            expect(h.files()).toEqual([
                `state.json.${process.pid}.tmp`,
                "state.json.journal.0",
                "state.json.journal.1",
            ]);
            rmSync(`${h.file}.journal.0`);
            expect(() => h.start()).toThrow(
                /state\.json\.journal\.1: journal generation 1 does not follow snapshot generation 0/,
            );
        });
    });

    test("killed during a compaction, before its snapshot is in place: temp file removed, both journals replayed", () => {
        withHarness((h) => {
            h.fillUntilCompacting();
            h.io.run(2); // part of the snapshot written
            h.api("DELETE", "/v1/projects/p/models/m0");
            h.api("POST", "/v1/projects/p/models", { name: "late" });
            h.io.run(1);
            h.emulator.flush();
            const before = dump(h.emulator.store);
            h.kill();
            expect(h.files()).toEqual([
                `state.json.${process.pid}.tmp`,
                "state.json.journal.0",
                "state.json.journal.1",
            ]);

            h.emulator = h.start();
            expect(dump(h.emulator.store)).toEqual(before);
            // Nothing renamed yet, so no snapshot; the next compaction continues from journal 1.
            expect(h.files()).toEqual(["state.json.journal.0", "state.json.journal.1"]);
            h.emulator.shutdown();
            expect(h.files()).toEqual(["state.json"]);
            expect(dump(loadInto(h.file).store)).toEqual(before);
        });
    });

    test("killed after the snapshot rename, before the old journal is deleted: no change replayed twice or lost", () => {
        withHarness((h) => {
            h.fillUntilCompacting();
            // The old journal as it was when the compaction started, kept aside.
            const oldJournal = readFileSync(`${h.file}.journal.0`);
            // Changes during the compaction: in journal 1 and (some) in the snapshot as well.
            h.emulator.outOfBandDelete("projects/p/models/m0");
            h.io.runAll();
            expect(h.emulator.stateFile?.compacting).toBe(false);
            h.emulator.outOfBandPatch("projects/p/models/m1", { description: "after the compaction" });
            const before = dump(h.emulator.store);
            h.kill();
            // The crash window: the new snapshot is in place and the old journal is still there.
            writeFileSync(`${h.file}.journal.0`, oldJournal);
            expect(h.files()).toEqual(["state.json", "state.json.journal.0", "state.json.journal.1"]);

            const { store, report } = loadInto(h.file);
            expect(report.removed).toEqual([`${h.file}.journal.0`]);
            expect(dump(store)).toEqual(before);
            expect(h.files()).toEqual(["state.json", "state.json.journal.1"]);
            expect(store.ns("global").of(MODELS).has("projects/p/models/m0")).toBe(false);
            expect(store.ns("global").of(MODELS).get("projects/p/models/m1")?.fields.description).toBe(
                "after the compaction",
            );
        });
    });

    test("a timer's change still waiting for its save is journaled before a compaction slice can copy it", () => {
        withHarness({ minCompactionBytes: 4000, sliceBytes: 300 }, (h) => {
            h.api("POST", "/v1/projects/p/models", { name: "m" });
            h.api("POST", "/v1/projects/p/models/m/versions", { name: "v1", ...VERSION });
            h.fillUntilCompacting();
            h.io.run(1); // the snapshot's first slice: model m as it is now (no default version)
            // The create finishes on its timer (m gets its default); the timer's save has not run yet.
            h.now += 1000;
            h.emulator.engine.advance();
            const after = dump(h.emulator.store);
            h.io.runAll(); // the other slices (v1 READY, its operation done) and the snapshot put in place
            expect(h.emulator.stateFile?.compacting).toBe(false);
            h.kill();
            expect(dump(loadInto(h.file).store)).toEqual(after);
        });
    });

    test("temp files of an interrupted compaction are removed on start; other files are left alone", () => {
        withHarness((h) => {
            h.api("POST", "/v1/projects/p/models", { name: "m1" });
            h.kill();
            writeFileSync(`${h.file}.4242.tmp`, '{"formatVersion":2,"generation":1,"names');
            writeFileSync(join(h.dir, "state.json.bak"), "keep");
            writeFileSync(join(h.dir, "other.json.1.tmp"), "keep");
            h.emulator = h.start();
            expect(h.files()).toEqual(["other.json.1.tmp", "state.json.bak", "state.json.journal.0"]);
            expect(h.emulator.store.ns("global").of(MODELS).size).toBe(1);
        });
    });

    test("a save that cannot be written fails the request and is written by the next save", () => {
        withHarness((h) => {
            // The journal cannot be opened (a directory in its place).
            mkdirSync(`${h.file}.journal.0`);
            expect(() => h.api("POST", "/v1/projects/p/models", { name: "m1" })).toThrow(/EISDIR/);
            rmSync(`${h.file}.journal.0`, { recursive: true });
            h.api("POST", "/v1/projects/p/models", { name: "m2" });
            const before = dump(h.emulator.store);
            h.restartAfterKill();
            expect(dump(h.emulator.store)).toEqual(before);
            expect(h.emulator.store.ns("global").of(MODELS).size).toBe(2);
        });
    });

    test("a compaction that fails is abandoned with a warning; the journals still hold everything", () => {
        const h = new Harness();
        const warnings = jest.spyOn(process, "emitWarning").mockImplementation(() => undefined);
        try {
            // The snapshot cannot be written (a directory where its temp file goes).
            mkdirSync(`${h.file}.${process.pid}.tmp`);
            for (let i = 0; i < 12; i++)
                h.api("POST", "/v1/projects/p/models", { name: `m${i}`, description: "d".repeat(300) });
            expect(warnings).toHaveBeenCalledWith(
                expect.stringMatching(/state file compaction of .*state\.json failed/),
            );
            expect(h.emulator.stateFile?.compacting).toBe(false);
            rmSync(`${h.file}.${process.pid}.tmp`, { recursive: true });
            const before = dump(h.emulator.store);
            h.restartAfterKill();
            expect(dump(h.emulator.store)).toEqual(before);
        } finally {
            warnings.mockRestore();
            h.cleanup();
        }
    });
});

// ---- formats ------------------------------------------------------------------------------------------------------

describe("formats", () => {
    test("a format-1 state file (one JSON document, earlier releases) loads, and is rewritten as format 2 on stop", () => {
        withHarness((h) => {
            h.kill();
            const model = { name: "projects/p/models/old", fields: { description: "from format 1" }, etag: "AAAA" };
            writeFileSync(
                h.file,
                JSON.stringify({
                    formatVersion: 1,
                    operationSeq: 7,
                    namespaces: { global: { models: [model], versions: [], operations: [] } },
                }),
            );
            h.emulator = h.start();
            expect(h.emulator.store.ns("global").of(MODELS).get(model.name)).toEqual(model);
            expect(h.emulator.store.operationSeq).toBe(7);
            h.api("POST", "/v1/projects/p/models", { name: "new" });
            h.emulator.shutdown();
            const doc = JSON.parse(readFileSync(h.file, "utf8")) as Record<string, unknown>;
            expect(doc).toMatchObject({ formatVersion: 2, generation: 1, operationSeq: 7 });
            expect(h.files()).toEqual(["state.json"]);
        });
    });

    test("a snapshot that is not JSON is refused, naming the file", () => {
        withHarness((h) => {
            h.kill();
            writeFileSync(h.file, '{"formatVersion":2,"gen');
            expect(() => h.start()).toThrow(`${h.file}: not a readable state file`);
        });
    });

    test("an unknown format version is refused, naming the file", () => {
        withHarness((h) => {
            h.kill();
            writeFileSync(h.file, JSON.stringify({ formatVersion: 3, operationSeq: 0, namespaces: {} }));
            expect(() => h.start()).toThrow(`${h.file}: unsupported state format 3`);
        });
    });

    test("one request is one journal line, whatever it changes (a torn line never leaves half a request)", () => {
        withHarness({ minCompactionBytes: 1 << 20 }, (h) => {
            h.api("POST", "/v1/projects/p/models", { name: "m" });
            h.api("POST", "/v1/projects/p/models/m/versions", { name: "v1", ...VERSION });
            h.api("POST", "/v1/projects/p/models/m/versions", { name: "v2", ...VERSION });
            h.now += 1000;
            h.api("GET", "/v1/projects/p/models"); // completes both creates: one line
            expect(h.api("POST", "/v1/projects/p/models/m/versions/v2:setDefault", {})).toBe(200);
            const lines = journalLines(`${h.file}.journal.0`);
            expect(lines).toHaveLength(5);
            const last = JSON.parse(lines[4].replace(/^\d+ [0-9a-f]{16} /, "")) as {
                put: { kind: string; record: { name: string } }[];
            };
            // setDefault: the model and both versions (their etags change), in one line.
            expect(last.put.map((p) => p.record.name).sort()).toEqual([
                "projects/p/models/m",
                "projects/p/models/m/versions/v1",
                "projects/p/models/m/versions/v2",
            ]);
            expect(existsSync(h.file)).toBe(false);
        });
    });
});
