// Benchmark (prints figures; asserts nothing): the providers against the emulator with fixed operation durations.
//   npm run bench                 # everything
//   npm run bench -- --quick      # shorter duration sweep, N up to 10
// Sections: requests per lifecycle step vs the API's minimum; delay between an operation finishing and the
// client noticing (ours vs gcloud's own waiter); wall time to create N versions; serialized size and cold start.

import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { RecordedRequest } from "../emulator";
import { modelProvider, versionProvider } from "../provider/resources/serializedProvider";
import type { VersionInputs } from "../provider/spec/types";
import { createModel, createVersion, Harness, startHarness, updateVersion } from "../test/helpers/providerHarness";

const quick = process.argv.includes("--quick");
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

const isPoll = (r: RecordedRequest) => r.method === "GET" && r.path.includes("/operations/");
const count = (log: RecordedRequest[]) => ({
    mutating: log.filter((r) => r.method !== "GET").length,
    polls: log.filter(isPoll).length,
    reads: log.filter((r) => r.method === "GET" && !isPoll(r)).length,
});

async function requestsPerStep(): Promise<void> {
    console.log(
        "## Requests per lifecycle step (operation durations: create 300 ms, update/delete 200 ms; default polling)\n",
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
        await h.model.delete!(m.id, m.outs);
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
    await step("no-op update (diff only)", 0, "nothing", () => h.version.diff!(updated.id, updated.outs, updated.outs));
    await step("delete version (not default)", 1, "versions.delete", () => h.version.delete!(updated.id, updated.outs));
    await step("delete model (after its versions)", 2, "delete v2, models.delete", async () => {
        await h.version.delete!(`projects/${PROJECT}/models/bench/versions/v2`, {
            model: "bench",
            name: "v2",
            fullName: "",
        });
        await h.model.delete!(model.id, model.outs);
    });
    await h.stop();
    table(["step", "mutating requests", "minimum mutating", "operation polls", "other reads"], rows);
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

/** ms between the operation's end and the first poll that saw it done, from the emulator's request log. */
function noticeDelay(log: RecordedRequest[], durationMs: number): number {
    const create = log.find((r) => r.method === "POST" && r.path.endsWith("/versions"));
    const polls = log.filter(isPoll);
    if (!create || polls.length === 0) {
        return NaN;
    }
    const done = Date.parse(create.time) + durationMs;
    const firstAfter = polls.find((p) => Date.parse(p.time) >= done) ?? polls[polls.length - 1];
    return Date.parse(firstAfter.time) - done;
}

async function noticeDelays(): Promise<void> {
    // Not multiples of 5 s: those would line up with gcloud's fixed 5 s polling grid and flatter it.
    const durations = quick ? [1200, 3700] : [1200, 3700, 7300, 16100, 31700];
    console.log("## Delay between an operation finishing and the client noticing (versions.create)\n");
    const gcloud = fs.existsSync("/usr/bin/gcloud") ? "/usr/bin/gcloud" : undefined;
    const rows: (string | number)[][] = [];
    const h = await startHarness(
        {},
        { "aiplatform:pollInitialIntervalMs": "500", "aiplatform:pollMaxIntervalMs": "5000" },
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
    for (const [i, duration] of durations.entries()) {
        h.emulator.setDurations({ createVersion: duration });
        h.emulator.clearRequests();
        await createVersion(h, versionArgs("notice", `ours${i}`));
        const ours = noticeDelay(h.emulator.requests(), duration);
        const oursPolls = h.emulator.requests().filter(isPoll).length;
        let theirs: number | string = "gcloud not installed";
        let theirPolls: number | string = "";
        if (gcloud) {
            h.emulator.clearRequests();
            const result = await run(
                gcloud,
                [
                    "ai-platform",
                    "versions",
                    "create",
                    `gcloud${i}`,
                    "--model",
                    "notice",
                    "--region",
                    "global",
                    "--origin",
                    "gs://demo-bucket/m/",
                    "--runtime-version",
                    "2.11",
                    "--python-version",
                    "3.7",
                    "--quiet",
                ],
                env,
            );
            theirs =
                result.code === 0
                    ? noticeDelay(h.emulator.requests(), duration)
                    : `failed: ${result.out.split("\n")[0]}`;
            theirPolls = h.emulator.requests().filter(isPoll).length;
        }
        rows.push([`${duration / 1000} s`, ours, oursPolls, theirs, theirPolls]);
    }
    await h.stop();
    fs.rmSync(gcloudDir, { recursive: true, force: true });
    table(["operation duration", "ours: delay (ms)", "ours: polls", "gcloud: delay (ms)", "gcloud: polls"], rows);
    console.log(
        "Ours: first poll after 500 ms, x1.5 per poll, capped at 5 s. gcloud: immediate first poll, then every 5 s.\n",
    );
}

async function createMany(): Promise<void> {
    const counts = quick ? [1, 10] : [1, 10, 50];
    const durationMs = 1000;
    console.log(
        `## Wall time to create N versions (each operation takes ${durationMs} ms; 10 at a time, the API's concurrency quota)\n`,
    );
    const h: Harness = await startHarness(
        { durations: { createVersion: durationMs } },
        { "aiplatform:pollInitialIntervalMs": "500", "aiplatform:pollMaxIntervalMs": "5000" },
    );
    const rows: (string | number)[][] = [];
    for (const n of counts) {
        h.emulator.reset();
        await createModel(h, { name: "many" });
        const started = Date.now();
        const names = Array.from({ length: n }, (_, i) => `v${i}`);
        for (let i = 0; i < names.length; i += 10) {
            await Promise.all(names.slice(i, i + 10).map((name) => createVersion(h, versionArgs("many", name))));
        }
        const wall = Date.now() - started;
        const ideal = Math.ceil(n / 10) * durationMs;
        rows.push([n, wall, n * durationMs, ideal, `${(wall / ideal).toFixed(2)}x`]);
    }
    await h.stop();
    table(["N", "wall (ms)", "sum of operation time (ms)", "lower bound at 10 concurrent (ms)", "wall / bound"], rows);
}

async function serializedProviders(): Promise<void> {
    console.log("## Serialized provider per resource, and cold start\n");
    const rows: (string | number)[][] = [];
    for (const [kind, provider] of [
        ["Model", modelProvider],
        ["Version", versionProvider],
    ] as const) {
        const { text } = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
        const file = path.join(os.tmpdir(), `bench-provider-${kind}.js`);
        fs.writeFileSync(file, text);
        // A fresh process, as the provider host: load the serialized text, configure, run check once.
        const script = `
            const t0 = process.hrtime.bigint();
            const p = require("require-from-string")(require("fs").readFileSync(${JSON.stringify(file)}, "utf8")).handler();
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

async function main(): Promise<void> {
    console.log(
        `# pulumi-aiplatform-prediction benchmark (${new Date().toISOString()}, ${os.cpus().length} CPUs, node ${process.version})\n`,
    );
    await requestsPerStep();
    await noticeDelays();
    await createMany();
    await serializedProviders();
}

main().catch((err) => {
    console.error(err);
    process.exit(1);
});
