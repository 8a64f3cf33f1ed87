// Benchmark (prints figures; asserts nothing): the providers against the emulator with fixed operation durations.
//   npm run bench                 # everything
//   npm run bench -- --quick      # shorter duration sweep, N up to 10
//   npm run bench -- --only state # one section: requests, notice, scale, shared, vertex, serialized, state, persistence
// Sections: requests per lifecycle step vs the API's minimum; delay between an operation finishing and the
// client noticing (ours vs gcloud's own waiter, 5 samples each); "scale": N versions created and deleted at once
// against the emulator enforcing Google's quotas; "shared quota": several provider processes of one project at once
// (bench/sharedQuota.ts, its own file); "vertex": 50 Vertex AI deployments created, mutated and deleted under Vertex's
// quotas (bench/vertex.ts); serialized size and cold start; the emulator's state file at
// 24 MB (bench/persistence.ts, also `npm run bench:persistence`). The emulator enforces its quotas in every section
// (Google's numbers; the scale section at a tenth of the window).

import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { type RecordedRequest } from "../emulator";
import type { VersionInputs } from "../provider/fields/ml/types";
import { installedCopy } from "../harness/installedCopy";
import { createModel, createVersion, startHarness, updateVersion } from "../harness/providerHarness";
import { benchPersistence } from "./persistence";
import { sharedQuota } from "./sharedQuota";
import { median, quantile } from "./stats";
import { vertexBench } from "./vertex";

const quick = process.argv.includes("--quick");
const onlyAt = process.argv.indexOf("--only");
/** Whether a section runs: all of them, or the one named by `--only`. */
const runs = (section: string) => onlyAt < 0 || process.argv[onlyAt + 1] === section;
const PROJECT = "demo-project";

const versionArgs = (model: string, name: string, extra: Partial<VersionInputs> = {}): VersionInputs => ({
    model,
    name,
    deploymentUri: `gs://demo-bucket/${model}/${name}/`,
    runtimeVersion: "2.11",
    pythonVersion: "3.7",
    autoScaling: { minNodes: 1 },
    ...extra,
});

function table(headers: string[], rows: (string | number)[][]): void {
    const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
    const line = (cells: (string | number)[]) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(" | ")} |`;
    console.log(line(headers));
    console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
    rows.forEach((r) => console.log(line(r)));
    console.log();
}

/** operations.get and operations.list (the watcher's). */
const isPoll = (r: RecordedRequest) => r.method === "GET" && /\/operations(\/|$)/.test(r.path);
const count = (log: RecordedRequest[]) => ({
    mutating: log.filter((r) => r.method !== "GET").length,
    polls: log.filter(isPoll).length,
    reads: log.filter((r) => r.method === "GET" && !isPoll(r)).length,
});

async function requestsPerStep(): Promise<void> {
    console.log(
        "## Requests per lifecycle step (operation durations: create 300 ms, update/delete 200 ms; default settings)\n",
    );
    const h = await startHarness(
        {
            durations: {
                createVersion: 300,
                updateVersion: 200,
                deleteVersion: 200,
                updateModel: 100,
                deleteModel: 100,
            },
        },
        {
            "aiplatform:pollInitialIntervalMs": "500",
            "aiplatform:pollMaxIntervalMs": "5000",
            "aiplatform:quotaRequestsPerWindow": "",
            "aiplatform:watchIntervalMs": "",
        },
    );
    const rows: (string | number)[][] = [];
    const step = async (name: string, minimum: number, minimumText: string, run: () => Promise<unknown>) => {
        h.emulator.clearRequests();
        await run();
        const c = count(h.emulator.requests());
        const refused = h.emulator.requests().filter((r) => r.method !== "GET" && r.status >= 400).length;
        rows.push([
            name,
            refused ? `${c.mutating} (${refused} refused)` : c.mutating,
            `${minimum} (${minimumText})`,
            c.polls,
            c.reads,
        ]);
    };
    const model = await createModel(h, { name: "bench" }).then(async (m) => {
        await h.model.delete(m.id, m.outs);
        return m;
    });
    await step("create model", 1, "models.create", () => createModel(h, { name: "bench" }));
    let v1: Awaited<ReturnType<typeof createVersion>> | undefined;
    await step(
        "create version",
        1,
        "versions.create",
        async () => (v1 = await createVersion(h, versionArgs("bench", "v1"))),
    );
    let updated = v1!;
    const updateTo = (minNodes: number) => async () => {
        const news = versionArgs("bench", "v1", {
            autoScaling: { minNodes },
            description: `d${minNodes}`,
            labels: { a: `b${minNodes}` },
            requestLoggingConfig: { bigqueryTableName: "demo-project.logs.t", samplingPercentage: minNodes / 10 },
        });
        const result = await updateVersion(h, updated.id, updated.outs, news);
        updated = { id: updated.id, outs: result.outs };
    };
    await step("update minNodes + description + labels + logging", 1, "one versions.patch", updateTo(3));
    await step("create version + requestLogging + isDefault", 3, "create, patch, setDefault", () =>
        createVersion(
            h,
            versionArgs("bench", "v2", {
                isDefault: true,
                requestLoggingConfig: { bigqueryTableName: "demo-project.logs.t" },
            }),
        ),
    );
    // v1 lost the default above, which changed its etag on the server: the PATCH with the etag in state is
    // refused (409 ABORTED), the provider re-reads and re-applies only its masked fields.
    await step("the same update, etag stale (another version took the default)", 1, "one versions.patch", updateTo(4));
    await step("no-op update (diff only)", 0, "nothing", () => h.version.diff(updated.id, updated.outs, updated.outs));
    await step("delete version (not default)", 1, "versions.delete", () => h.version.delete(updated.id, updated.outs));
    await step("delete model (after its versions)", 2, "delete v2, models.delete", async () => {
        await h.version.delete(`projects/${PROJECT}/models/bench/versions/v2`, {
            model: "bench",
            name: "v2",
            fullName: "",
        });
        await h.model.delete(model.id, model.outs);
    });
    await h.stop();
    table(["step", "mutating requests", "minimum mutating", "operation polls (list + get)", "other reads"], rows);
    console.log("Reads: create reads the version back once for its outputs; update reads once after the PATCH; delete");
    console.log("of a model lists its versions first (to refuse or force-delete them). diff never calls the API.\n");
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string }> {
    return new Promise((resolve) => {
        execFile(file, args, { env, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
            resolve({ code: error ? 1 : 0, out: stdout + stderr }),
        );
    });
}

const at = (r: RecordedRequest) => Date.parse(r.time);

/**
 * ms between an operation's end (its start request's time + its duration) and the first operations.get of it
 * that came after: the moment the client learnt the result. `id` is the operation id's prefix (create_M_V).
 */
function noticeDelay(
    log: RecordedRequest[],
    start: RecordedRequest | undefined,
    id: string,
    durationMs: number,
): number {
    if (!start) return NaN;
    const done = at(start) + durationMs;
    const read = log.find((r) => r.method === "GET" && r.path.includes(`/operations/${id}-`) && at(r) >= done);
    return read ? at(read) - done : NaN;
}

const createPost = (log: RecordedRequest[], model: string, name: string) =>
    log.find(
        (r) =>
            r.method === "POST" &&
            r.path.endsWith(`/models/${model}/versions`) &&
            (r.body as { name?: string } | null)?.name === name,
    );

async function noticeDelays(): Promise<void> {
    // Not multiples of 5 s: those would line up with gcloud's fixed 5 s polling grid and flatter it.
    const durations = quick ? [1200, 3700] : [1200, 3700, 7300, 16100, 31700];
    const samples = 5;
    console.log(
        `## Delay between an operation finishing and the client noticing (versions.create, ${samples} samples)\n`,
    );
    const gcloud = fs.existsSync("/usr/bin/gcloud") ? "/usr/bin/gcloud" : undefined;
    const rows: (string | number)[][] = [];
    // Google's quotas at Google's window, and the provider's defaults (a watcher tick every 1053 ms).
    const h = await startHarness(
        { quotas: {} },
        { "aiplatform:quotaRequestsPerWindow": "", "aiplatform:watchIntervalMs": "" },
    );
    const gcloudDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-gcloud-"));
    const tokenFile = path.join(gcloudDir, "token");
    fs.writeFileSync(tokenFile, "bench-token\n");
    const env = {
        ...process.env,
        CLOUDSDK_API_ENDPOINT_OVERRIDES_ML: `${h.emulator.url}/`,
        CLOUDSDK_AUTH_ACCESS_TOKEN_FILE: tokenFile,
        CLOUDSDK_CORE_PROJECT: PROJECT,
        CLOUDSDK_CONFIG: path.join(gcloudDir, "config"),
        CLOUDSDK_CORE_DISABLE_PROMPTS: "1",
        CLOUDSDK_CORE_DISABLE_USAGE_REPORTING: "true",
        CLOUDSDK_COMPONENT_MANAGER_DISABLE_UPDATE_CHECK: "true",
        CLOUDSDK_SURVEY_DISABLE_PROMPTS: "true",
    };
    await createModel(h, { name: "notice" });
    // Samples start 317 ms apart, so they fall at different phases of either client's polling.
    const stagger = (k: number) => new Promise((resolve) => setTimeout(resolve, k * 317));
    for (const [i, duration] of durations.entries()) {
        h.emulator.setDurations({ createVersion: duration });
        h.emulator.clearRequests();
        const ours = Array.from({ length: samples }, (_, k) => `ours${i}_${k}`);
        await Promise.all(
            ours.map(async (name, k) => {
                await stagger(k);
                await createVersion(h, versionArgs("notice", name));
            }),
        );
        let log = h.emulator.requests();
        const ourDelays = ours.map((name) =>
            noticeDelay(log, createPost(log, "notice", name), `create_notice_${name}`, duration),
        );
        const ourRequests = log.filter((r) => r.method === "GET" && r.path.includes("/operations")).length;
        let theirs: number | string = "gcloud not installed";
        let theirRequests: number | string = "";
        if (gcloud) {
            h.emulator.clearRequests();
            const names = Array.from({ length: samples }, (_, k) => `gcloud${i}_${k}`);
            const results = await Promise.all(
                names.map(async (name, k) => {
                    await stagger(k);
                    return run(
                        gcloud,
                        ["ai-platform", "versions", "create", name, "--model", "notice", "--region", "global"].concat(
                            ["--origin", "gs://demo-bucket/m/", "--runtime-version", "2.11", "--python-version", "3.7"],
                            ["--quiet"],
                        ),
                        env,
                    );
                }),
            );
            log = h.emulator.requests();
            const failed = results.find((r) => r.code !== 0);
            theirs = failed
                ? `failed: ${failed.out.split("\n")[0]}`
                : median(
                      names.map((name) =>
                          noticeDelay(log, createPost(log, "notice", name), `create_notice_${name}`, duration),
                      ),
                  );
            theirRequests = log.filter(isPoll).length;
        }
        rows.push([
            `${duration / 1000} s`,
            median(ourDelays),
            quantile(ourDelays, 0.9),
            ourRequests,
            theirs,
            theirRequests,
        ]);
    }
    await h.stop();
    fs.rmSync(gcloudDir, { recursive: true, force: true });
    table(
        [
            "operation duration",
            "ours: median delay (ms)",
            "ours: p90 (ms)",
            `ours: watcher requests (${samples} ops)`,
            "gcloud: median delay (ms)",
            `gcloud: polls (${samples} ops)`,
        ],
        rows,
    );
    console.log(
        "Ours: one shared watcher lists the project's unfinished operations every 1053 ms (a fifth of the request\n" +
            "quota) and reads each finished operation once. gcloud: each command polls its own operation every 5 s.\n",
    );
}

/**
 * "scale": N versions (20 per model) created at once, then all deleted at once, as `pulumi up` / `destroy` with a
 * high --parallel do, against the emulator enforcing Google's quotas at a tenth of the window (300 requests per
 * 6 s, 10 concurrent creates/deletes). The lower bound is the larger of the concurrency bound (creates in rounds of
 * 10, then deletes in rounds of 10 with each model's default version last) and the request-rate bound (one create
 * and one delete per version at 300 per window).
 */
async function scale(): Promise<void> {
    const counts = quick ? [10, 50] : [10, 50, 200];
    const windowMs = 6000;
    const requestsPerWindow = 300;
    const slots = 10;
    const createMs = 2000;
    const deleteMs = 1000;
    console.log(
        `## Scale: N versions created, then deleted, all at once (quotas: ${requestsPerWindow} requests per ${windowMs} ms, ` +
            `${slots} concurrent; operations: create ${createMs} ms, delete ${deleteMs} ms)\n`,
    );
    const h = await startHarness(
        { quotas: { windowMs }, durations: { createVersion: createMs, deleteVersion: deleteMs, deleteModel: 100 } },
        {
            "aiplatform:quotaWindowMs": String(windowMs),
            "aiplatform:quotaRequestsPerWindow": "",
            "aiplatform:watchIntervalMs": "",
            "aiplatform:pollInitialIntervalMs": "500",
            "aiplatform:pollMaxIntervalMs": "5000",
            "aiplatform:retryInitialDelayMs": "1000",
            "aiplatform:defaultHandoffGraceMs": "10000",
        },
    );
    const rows: (string | number)[][] = [];
    const lines: string[] = [];
    for (const n of counts) {
        h.emulator.reset();
        const models = Math.ceil(n / 20);
        for (let m = 0; m < models; m++) await createModel(h, { name: `scale${m}` });
        const names = Array.from({ length: n }, (_, i) => [`scale${i % models}`, `v${i}`] as const);
        h.emulator.clearRequests();
        const started = Date.now();
        const created = await Promise.allSettled(names.map(([m, v]) => createVersion(h, versionArgs(m, v))));
        const deleted = await Promise.allSettled(
            created.map((c) =>
                c.status === "fulfilled" ? h.version.delete(c.value.id, c.value.outs) : Promise.resolve(),
            ),
        );
        const wall = Date.now() - started;
        const log = h.emulator.requests();
        const failed = [...created, ...deleted].filter((r) => r.status === "rejected").length;
        const concurrencyBound =
            Math.ceil(n / slots) * createMs + (Math.ceil((n - models) / slots) + Math.ceil(models / slots)) * deleteMs;
        const rateBound = Math.floor((2 * n - 1) / requestsPerWindow) * windowMs;
        const bound = Math.max(concurrencyBound, rateBound);
        let peak = 0;
        for (let a = 0, b = 0; b < log.length; b++) {
            while (at(log[b]) - at(log[a]) >= windowMs) a++;
            peak = Math.max(peak, b - a + 1);
        }
        const delays = names.flatMap(([m, v]) => {
            const del = log.find(
                (r) => r.method === "DELETE" && r.path.endsWith(`/${m}/versions/${v}`) && r.status === 200,
            );
            return [
                noticeDelay(log, createPost(log, m, v), `create_${m}_${v}`, createMs),
                noticeDelay(log, del, `delete_${m}_${v}`, deleteMs),
            ];
        });
        const noticed = delays.filter((d) => !Number.isNaN(d));
        const http429 = log.filter((r) => r.status === 429).length;
        const http403 = log.filter((r) => r.status === 403).length;
        const ratio = (wall / bound).toFixed(2);
        rows.push([
            n,
            models,
            wall,
            concurrencyBound,
            rateBound,
            ratio,
            `${peak}/${requestsPerWindow}`,
            log.length,
            http429,
            http403,
            failed,
            `${median(noticed)} (${noticed.length})`,
            quantile(noticed, 0.9),
        ]);
        lines.push(
            `scale N=${n}: wall/bound=${ratio} peak_requests_per_window=${peak}/${requestsPerWindow} http_429=${http429} ` +
                `failed=${failed} notice_median_ms=${median(noticed)}`,
        );
    }
    await h.stop();
    table(
        [
            "N",
            "models",
            "wall (ms)",
            "concurrency bound (ms)",
            "request-rate bound (ms)",
            "wall / bound",
            "peak requests per window",
            "requests",
            "429s",
            "403s",
            "failed",
            "notice median (ms) (samples)",
            "notice p90 (ms)",
        ],
        rows,
    );
    lines.forEach((line) => console.log(line));
    console.log();
}

/** The providers' serialized text as a user's state holds it: from the package installed under node_modules. */
async function installedProviderTexts(): Promise<{ kind: string; text: string; nodeModules: string }[]> {
    const root = installedCopy("bench-installed");
    const texts = [];
    for (const kind of ["Model", "Version"]) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- the installed copy, by path, as a program loads it
        const provider: unknown = require(path.join(root, `dist/provider/resources/${kind.toLowerCase()}Provider.js`));
        const { text } = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
        texts.push({ kind, text, nodeModules: path.dirname(root) });
    }
    return texts;
}

async function serializedProviders(): Promise<void> {
    console.log("## Serialized provider per resource (as installed from the package), and cold start\n");
    const rows: (string | number)[][] = [];
    for (const { kind, text, nodeModules } of await installedProviderTexts()) {
        const file = path.join(os.tmpdir(), `bench-provider-${kind}.js`);
        fs.writeFileSync(file, text);
        // A fresh process, as the provider host: load the serialized text, configure, run check once.
        const script = `
            const t0 = process.hrtime.bigint();
            const p = require("require-from-string")(require("fs").readFileSync(${JSON.stringify(file)}, "utf8"), { prependPaths: [${JSON.stringify(nodeModules)}] }).handler();
            p.configure({ config: { get: (k) => (k === "aiplatform:project" ? "p1" : undefined), require: (k) => k } })
              .then(() => p.check({}, { autonamePrefix: "m", model: "m", deploymentUri: "gs://bucket-1/m/", runtimeVersion: "2.11", pythonVersion: "3.7" }))
              .then(() => console.log(Number(process.hrtime.bigint() - t0) / 1e6));`;
        const samples: number[] = [];
        for (let i = 0; i < 5; i++) {
            const result = await run(process.execPath, ["-e", script], { ...process.env, NODE_PATH: "" });
            samples.push(Number(result.out.trim().split("\n").pop()));
        }
        samples.sort((a, b) => a - b);
        rows.push([kind, Buffer.byteLength(text), samples[2].toFixed(0), samples[0].toFixed(0)]);
        fs.rmSync(file, { force: true });
    }
    table(["resource", "serialized bytes", "cold start to first check, median of 5 (ms)", "min (ms)"], rows);
}

/**
 * `state: provider_bytes=<n> version_state_bytes=<n>`: the larger serialized provider (Model's or Version's, as
 * installed), and one Version's entry in the checkpoint as the engine writes it (inputs and outputs, each with
 * `__provider`; URNs, dependencies and property dependencies; 4-space JSON as in the state file), for the README's
 * Version after a create against the emulator.
 */
async function stateSizes(): Promise<void> {
    const texts = await installedProviderTexts();
    const providerText = texts.find((t) => t.kind === "Version")!.text;
    const h = await startHarness();
    try {
        await createModel(h, { name: "census" });
        const inputs = versionArgs("census", "blue_a1b2c3d", {
            autoScaling: { minNodes: 1 },
            framework: "SCIKIT_LEARN",
            requestLoggingConfig: { bigqueryTableName: "my-project.prediction_logs.census", samplingPercentage: 0.1 },
            isDefault: true,
        });
        const checked = (await h.version.check(inputs, { ...inputs, autonamePrefix: "blue" })).inputs as object;
        const created = await createVersion(h, inputs);
        const stack = "urn:pulumi:dev::census::pulumi:pulumi:Stack::census-dev";
        const modelUrn = "urn:pulumi:dev::census::pulumi-nodejs:dynamic/aiplatform:Model::census";
        const entry = {
            urn: "urn:pulumi:dev::census::pulumi-nodejs:dynamic/aiplatform:Version::blue",
            custom: true,
            id: created.id,
            type: "pulumi-nodejs:dynamic/aiplatform:Version",
            inputs: { ...checked, __provider: providerText },
            outputs: { ...created.outs, __provider: providerText },
            parent: stack,
            dependencies: [modelUrn],
            provider:
                "urn:pulumi:dev::census::pulumi:providers:pulumi-nodejs::default::04da6b54-80e4-46f7-96ec-b56ff0331ba9",
            propertyDependencies: Object.fromEntries(
                Object.keys(checked).map((k) => [k, k === "model" ? [modelUrn] : []]),
            ),
            created: "2026-01-01T00:00:00.000000000Z",
            modified: "2026-01-01T00:00:00.000000000Z",
        };
        const providerBytes = Math.max(...texts.map((t) => Buffer.byteLength(t.text)));
        const versionStateBytes = Buffer.byteLength(JSON.stringify(entry, null, 4));
        console.log(`state: provider_bytes=${providerBytes} version_state_bytes=${versionStateBytes}\n`);
    } finally {
        await h.stop();
    }
}

async function main(): Promise<void> {
    console.log(
        `# pulumi-aiplatform-prediction benchmark (${new Date().toISOString()}, ${os.cpus().length} CPUs, node ${process.version})\n`,
    );
    if (runs("requests")) await requestsPerStep();
    if (runs("notice")) await noticeDelays();
    if (runs("scale")) await scale();
    if (runs("shared")) await sharedQuota();
    if (runs("vertex")) await vertexBench();
    if (runs("serialized")) await serializedProviders();
    if (runs("state")) await stateSizes();
    if (runs("persistence")) {
        console.log("## Emulator state file (blocked time per mutation, compaction)\n");
        console.log(`${await benchPersistence(quick ? 4 : 24)}\n`);
    }
}

main().catch((err) => {
    console.error(err);
    process.exit(1);
});
