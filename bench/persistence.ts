// Benchmark (prints figures; asserts nothing): the emulator's state file at a large state.
//   npm run bench:persistence                # 24 MB of state
//   npm run bench:persistence -- --mb 4      # another size
// Builds a state of about N MB (models with 20 versions each, ~2 KB descriptions; every version keeps its finished
// CREATE_VERSION operation), loads it from a state file, then times 40 mutating requests one by one: how long the
// event loop is blocked per mutation, its persistence included. Then one compaction of the whole state (a new
// snapshot) as the emulator runs it, in the background: its wall time, the time it blocks the event loop in all,
// and the longest single block (its start, a slice, or putting the snapshot in place).
// Prints one machine-readable line:
//   persistence state_mb=24 load_ms=… save_ms_median=… save_ms_p95=… compaction_ms=… compaction_blocked_ms=…
//   compaction_slices=… compaction_slice_max_ms=…

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Emulator, type ApiHttpRequest } from "../emulator/core/emulator";
import { DEFAULT_STATE_FILE_TUNING, type StateFileTuning } from "../emulator/core/persistence";
import { NO_QUOTAS } from "../emulator/apis";
import { ALL_APIS } from "../emulator/apis";
import { MODELS, VERSIONS } from "../emulator/ml/records";
import { OPERATIONS } from "../emulator/core/operations";

const HEADERS = { authorization: "Bearer bench" };
const DESCRIPTION = "d".repeat(2000);

function request(method: string, path: string, body?: unknown): ApiHttpRequest {
    return {
        method,
        path,
        query: new URLSearchParams(),
        headers: HEADERS,
        bodyText: body === undefined ? "" : JSON.stringify(body),
    };
}

function call(e: Emulator, method: string, path: string, body?: unknown): void {
    const outcome = e.handleApi(request(method, path, body));
    if (outcome.kind !== "respond" || outcome.status !== 200)
        throw new Error(`${method} ${path}: ${JSON.stringify(outcome)}`);
}

function versionBody(name: string): unknown {
    return {
        name,
        deploymentUri: `gs://bench-bucket/${name}/`,
        runtimeVersion: "2.11",
        pythonVersion: "3.7",
        description: DESCRIPTION,
        labels: { team: "bench", env: "prod" },
    };
}

/** An in-memory emulator holding about `mb` MB of state, written out as a state file (the format-1 document). */
function buildStateFile(file: string, mb: number): void {
    const e = new Emulator({ apis: ALL_APIS, quotas: NO_QUOTAS });
    let size = 0;
    for (let m = 0; size < mb * 1e6; m++) {
        call(e, "POST", "/v1/projects/bench/models", { name: `m${m}`, description: DESCRIPTION });
        for (let v = 0; v < 20; v++) {
            call(e, "POST", `/v1/projects/bench/models/m${m}/versions`, versionBody(`v${v}`));
        }
        if (m % 10 === 9) size = Buffer.byteLength(JSON.stringify(document(e)));
    }
    e.engine.advance();
    fs.writeFileSync(file, JSON.stringify(document(e)));
}

function document(e: Emulator): unknown {
    const namespaces: Record<string, unknown> = {};
    for (const name of e.store.namespaceNames()) {
        const ns = e.store.ns(name);
        namespaces[name] = {
            models: [...ns.of(MODELS).values()],
            versions: [...ns.of(VERSIONS).values()],
            operations: [...ns.of(OPERATIONS).values()],
        };
    }
    return { formatVersion: 1, operationSeq: e.store.operationSeq, namespaces };
}

function percentile(sorted: number[], p: number): number {
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;

/** The default scheduling, timing every block of the event loop a compaction causes. */
function timedTuning(blocks: number[]): Partial<StateFileTuning> {
    const timed = (fn: () => void) => () => {
        const t0 = process.hrtime.bigint();
        fn();
        blocks.push(ms(t0));
    };
    return {
        schedule: (slice) => DEFAULT_STATE_FILE_TUNING.schedule(timed(slice)),
        syncInBackground: (file, done) =>
            DEFAULT_STATE_FILE_TUNING.syncInBackground(file, (error) => timed(() => done(error))()),
    };
}

export async function benchPersistence(mb: number): Promise<string> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-persistence-"));
    const file = path.join(dir, "state.json");
    try {
        buildStateFile(file, mb);
        const stateMb = fs.statSync(file).size / 1e6;
        const blocks: number[] = [];
        let t0 = process.hrtime.bigint();
        const e = new Emulator({
            apis: ALL_APIS,
            stateFile: file,
            quotas: NO_QUOTAS,
            stateFileTuning: timedTuning(blocks),
        });
        const loadMs = ms(t0);
        const samples: number[] = [];
        for (let i = 0; i < 40; i++) {
            t0 = process.hrtime.bigint();
            // Alternately a small change (a model) and a larger one (a version and its operation).
            if (i % 2 === 0) call(e, "POST", "/v1/projects/bench/models", { name: `new${i}` });
            else call(e, "POST", "/v1/projects/bench/models/m0/versions", versionBody(`new${i}`));
            e.flush();
            samples.push(ms(t0));
        }
        samples.sort((a, b) => a - b);
        const stateFile = e.stateFile;
        if (!stateFile) throw new Error("no state file");
        t0 = process.hrtime.bigint();
        stateFile.compact();
        blocks.push(ms(t0));
        while (stateFile.compacting) await new Promise((resolve) => setImmediate(resolve));
        const compactionMs = ms(t0);
        e.shutdown();
        const f = (n: number) => n.toFixed(1);
        return (
            `persistence state_mb=${stateMb.toFixed(0)} load_ms=${f(loadMs)} save_ms_median=${f(percentile(samples, 50))} ` +
            `save_ms_p95=${f(percentile(samples, 95))} compaction_ms=${f(compactionMs)} ` +
            `compaction_blocked_ms=${f(blocks.reduce((a, b) => a + b, 0))} compaction_slices=${blocks.length} ` +
            `compaction_slice_max_ms=${f(Math.max(...blocks))}`
        );
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

if (require.main === module) {
    const i = process.argv.indexOf("--mb");
    const mb = i > 0 ? Number(process.argv[i + 1]) : 24;
    benchPersistence(mb).then(
        (line) => console.log(line),
        (err: unknown) => {
            console.error(err);
            process.exit(1);
        },
    );
}
