// Benchmark section "shared quota" (issue 21): several provider processes on one project, against one emulator at
// Google's quota shape (300 requests per window, 10 concurrent version creates/deletes) with the window at a tenth
// (6 s), operations taking create 2 s, delete 1 s. Each process is a real child process (its own coordinator, as
// each `pulumi up` runs its own provider), started together.
//   shared stacks=3 N=3x60: three stacks each create 60 versions at once, then delete them at once.
//     bound     = what the quotas impose on all their requests together, a time no client could beat: the larger
//                 of the concurrency bound (the operations' total duration spread over the 10 slots: 180 creates of
//                 2 s and 180 deletes of 1 s = 54 s) and the request-rate bound (the one create and one delete each
//                 version needs at least, 300 per window, and the last delete's duration);
//     wall      = from the common start until the last stack finished;
//     refused_pct = requests refused by a quota (429, or the concurrent-operations 403) over all requests answered
//                 (every one of them: the emulator's log keeps only the newest 2000, so it is read as it goes);
//     fairness  = the slowest stack's wall time over the fastest's.
//   sequential N=200: another process spends the window (285 paced reads), and as it ends an `up` of 200 versions
//     starts; refused_pct over everything the emulator answered from then on.
// Both with the machine's shared ledger (the default) and without it (`aiplatform:quotaLedgerDir off`: each process
// learns from the server's answers only), so the ledger's effect is measured rather than assumed.

import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as readline from "node:readline";
import { type EmulatorHandle, type RecordedRequest, startEmulator } from "../emulator";
import type { WorkerResult, WorkerTask } from "./sharedQuotaWorker";

const WINDOW_MS = 6000;
const REQUESTS_PER_WINDOW = 300;
const SLOTS = 10;
const CREATE_MS = 2000;
const DELETE_MS = 1000;
const PROJECT = "shared-project";

const isQuotaRefusal = (r: RecordedRequest) => r.status === 429 || r.status === 403;

function configFor(emulator: EmulatorHandle, ledgerDir: string): Record<string, string> {
    return {
        "aiplatform:project": PROJECT,
        "aiplatform:endpointOverride": emulator.url,
        "aiplatform:quotaWindowMs": String(WINDOW_MS),
        "aiplatform:quotaLedgerDir": ledgerDir,
        "aiplatform:pollInitialIntervalMs": "500",
        "aiplatform:pollMaxIntervalMs": "5000",
        "aiplatform:retryInitialDelayMs": "1000",
        "aiplatform:defaultHandoffGraceMs": "10000",
    };
}

interface Worker {
    readonly child: ChildProcess;
    readonly ready: Promise<void>;
    readonly result: Promise<WorkerResult>;
}

function startWorker(task: WorkerTask): Worker {
    const child = spawn(
        process.execPath,
        ["-r", "ts-node/register/transpile-only", path.join(__dirname, "sharedQuotaWorker.ts"), JSON.stringify(task)],
        { stdio: ["pipe", "pipe", "inherit"] },
    );
    const lines = readline.createInterface({ input: child.stdout });
    let markReady: () => void = () => {};
    const ready = new Promise<void>((resolve) => (markReady = resolve));
    const result = new Promise<WorkerResult>((resolve, reject) => {
        lines.on("line", (line) => {
            if (line === "ready") markReady();
            else if (line.startsWith("{")) resolve(JSON.parse(line) as WorkerResult);
        });
        child.on("exit", (code) => reject(new Error(`worker ${task.name} exited with ${code} before its result`)));
    });
    return { child, ready, result };
}

/**
 * The least wall time the quotas allow for creating `versions` versions and deleting them, by any client: the
 * operations' total duration spread over all slots, or the time the request quota needs to admit the one create and
 * one delete per version (the 301st request a window after the 1st) plus the last delete, whichever is longer.
 * (Each model's default goes after its siblings, which a schedule can hide behind other models' deletes: not counted,
 * so the bound stays one nobody can beat.)
 */
function quotaBoundMs(versions: number): number {
    const concurrencyBound = (versions * CREATE_MS + versions * DELETE_MS) / SLOTS;
    const rateBound = Math.floor((2 * versions - 1) / REQUESTS_PER_WINDOW) * WINDOW_MS + DELETE_MS;
    return Math.max(concurrencyBound, rateBound);
}

/**
 * Every request the emulator answers from now until `stop`: its log keeps only the newest 2000 entries and a run here
 * sends more, so it is read every 500 ms and merged by sequence number.
 */
function collectRequests(emulator: EmulatorHandle): { stop: () => RecordedRequest[] } {
    const seen = new Map<number, RecordedRequest>();
    const collect = () => emulator.requests().forEach((r) => seen.set(r.seq, r));
    emulator.clearRequests();
    const timer = setInterval(collect, 500);
    return {
        stop: () => {
            clearInterval(timer);
            collect();
            return [...seen.values()].sort((a, b) => a.seq - b.seq);
        },
    };
}

const go = (workers: Worker[]) => workers.forEach((w) => w.child.stdin!.write("go\n"));

async function sharedStacks(ledgerDir: string): Promise<string> {
    const stacks = 3;
    const n = 60;
    const emulator = await startEmulator({
        quotas: { windowMs: WINDOW_MS },
        durations: { createVersion: CREATE_MS, deleteVersion: DELETE_MS, deleteModel: 100 },
    });
    try {
        const workers = Array.from({ length: stacks }, (_, i) =>
            startWorker({
                config: configFor(emulator, ledgerDir),
                kind: "stack",
                name: `s${i}`,
                versions: n,
                reads: 0,
                destroy: true,
            }),
        );
        await Promise.all(workers.map((w) => w.ready));
        // The models' creates are the setup: a window later they are out of the server's count.
        await new Promise((resolve) => setTimeout(resolve, WINDOW_MS));
        const collector = collectRequests(emulator);
        const started = Date.now();
        go(workers);
        const results = await Promise.all(workers.map((w) => w.result));
        const log = collector.stop();
        const total = stacks * n;
        const bound = quotaBoundMs(total);
        const wall = Math.max(...results.map((r) => started + r.wallMs)) - started;
        const refusedPct = (100 * log.filter(isQuotaRefusal).length) / log.length;
        const failed = results.reduce((sum, r) => sum + r.failed, 0);
        const fairness = Math.max(...results.map((r) => r.wallMs)) / Math.min(...results.map((r) => r.wallMs));
        return (
            `shared stacks=${stacks} N=${stacks}x${n}: wall/bound=${(wall / bound).toFixed(2)} ` +
            `refused_pct=${refusedPct.toFixed(1)} failed=${failed} fairness=${fairness.toFixed(2)}` +
            `\t(bound ${bound} ms, wall ${wall} ms, ${log.length} requests, ` +
            `${log.filter((r) => r.status === 429).length} x 429, ${log.filter((r) => r.status === 403).length} x 403)`
        );
    } finally {
        await emulator.stop();
    }
}

async function sequential(ledgerDir: string): Promise<string> {
    const n = 200;
    const emulator = await startEmulator({
        quotas: { windowMs: WINDOW_MS },
        durations: { createVersion: CREATE_MS, deleteVersion: DELETE_MS, deleteModel: 100 },
    });
    try {
        const config = configFor(emulator, ledgerDir);
        const spender = startWorker({ config, kind: "spend", name: "before", versions: 0, reads: 285, destroy: false });
        const up = startWorker({ config, kind: "stack", name: "up", versions: n, reads: 0, destroy: false });
        await Promise.all([spender.ready, up.ready]);
        await new Promise((resolve) => setTimeout(resolve, WINDOW_MS));
        go([spender]);
        const spent = await spender.result;
        const collector = collectRequests(emulator);
        go([up]);
        const result = await up.result;
        const log = collector.stop();
        const refused = log.filter(isQuotaRefusal).length;
        return (
            `sequential N=${n}: refused_pct=${((100 * refused) / log.length).toFixed(1)}` +
            `\t(${log.length} requests, ${refused} refused, failed=${result.failed + spent.failed}, up took ${result.wallMs} ms)`
        );
    } finally {
        await emulator.stop();
    }
}

/** Prints the section; `lines` are the figures' lines (the first two are the issue's exact format, ledger on). */
export async function sharedQuota(): Promise<void> {
    console.log(
        `## Shared quota: provider processes of one project at once (quotas: ${REQUESTS_PER_WINDOW} requests per ` +
            `${WINDOW_MS} ms, ${SLOTS} concurrent; operations: create ${CREATE_MS} ms, delete ${DELETE_MS} ms)\n`,
    );
    const ledgerDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-quota-ledger-"));
    try {
        const lines = [await sharedStacks(ledgerDir), await sequential(ledgerDir)];
        console.log("With the machine's shared ledger (default):");
        lines.forEach((line) => console.log(line.split("\t")[0]));
        lines.forEach((line) => console.log(`  ${line.split("\t")[1]}`));
        console.log("\nWithout it (aiplatform:quotaLedgerDir off: the server's answers only):");
        for (const line of [await sharedStacks("off"), await sequential("off")]) {
            console.log(`  ${line.split("\t")[0]}  ${line.split("\t")[1]}`);
        }
        console.log();
    } finally {
        fs.rmSync(ledgerDir, { recursive: true, force: true });
    }
}

if (require.main === module) {
    sharedQuota().catch((err) => {
        console.error(err);
        process.exit(1);
    });
}
