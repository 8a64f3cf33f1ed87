// The ledger file shared by provider processes of one machine: every change under the lock is seen by the others,
// a lock left by a crashed process is broken, and an unusable directory degrades to this process's own counts.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ProjectCoordinator } from "../../provider/host/coordinator";
import { FileLedger, MemoryLedger } from "../../provider/host/quotaLedger";
import { FakeClock, settle } from "../helpers/fakeClock";

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "quota-ledger-"))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test("two ledgers on one directory (two processes) see each other's holds; a stale lock is broken", () => {
    const a = new FileLedger(dir);
    const b = new FileLedger(dir);
    a.update("svc|p|*|requests", (s) => s.holds.push({ owner: `${process.pid}.a`, id: 1, since: 5 }));
    expect(b.update("svc|p|*|requests", (s) => s.holds.map((h) => h.owner))).toEqual([`${process.pid}.a`]);
    expect(b.update("svc|p|*|operations", (s) => s.holds.length)).toBe(0); // one file per bucket
    const lock = `${a.fileOf("svc|p|*|requests")}.lock`;
    fs.mkdirSync(lock);
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(lock, old, old);
    expect(a.update("svc|p|*|requests", (s) => s.holds.length)).toBe(1);
    expect(fs.existsSync(lock)).toBe(false);
});

test("an unusable directory: one warning, and pacing goes on from this process's memory", () => {
    const file = path.join(dir, "a-file");
    fs.writeFileSync(file, "");
    const warnings: string[] = [];
    const ledger = new FileLedger(path.join(file, "sub"), (w) => warnings.push(w));
    expect(ledger.update("k", (s) => s.holds.push({ owner: "1.x", id: 1, since: 0 }))).toBe(1);
    expect(ledger.update("k", (s) => s.holds.length)).toBe(1);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/quota ledger in .* unusable/);
});

test("operation slots on a shared ledger: the project's limit holds across processes, and they take turns", async () => {
    const clock = new FakeClock();
    const ledger = new MemoryLedger({ shared: true });
    const limits = { requestsPerWindow: 0, windowMs: 1000, concurrentOperations: 2 };
    const processes = [0, 1].map(() => new ProjectCoordinator("p", limits, clock, { ledger }));
    const started: string[] = [];
    let running = 0;
    let peak = 0;
    const runs = processes.flatMap((coordinator, p) =>
        [0, 1, 2].map((i) =>
            coordinator.withSlot(`op ${p}.${i}`, 60_000, async () => {
                started.push(`${clock.now()}: ${p}.${i}`);
                peak = Math.max(peak, ++running);
                await clock.sleep(500);
                running--;
            }),
        ),
    );
    await settle();
    await clock.runAll();
    await Promise.all(runs);
    expect(peak).toBe(2);
    // The first process came first and took both; when they end, the waiting process gets one of the two freed slots
    // (it waited longest) and the first its third; then the second process has the project to itself.
    expect(started.sort()).toEqual(["0: 0.0", "0: 0.1", "1000: 1.1", "1000: 1.2", "500: 0.2", "500: 1.0"]);
});
