// Several processes on one project, on a fake clock against one in-process emulator enforcing the request quota with
// Google's refusal (429 RESOURCE_EXHAUSTED + RetryInfo): each "process" is a ProjectCoordinator of its own (its own
// owner in the ledger), sending GETs the way MlApiClient does (pace, send, report the answer, retry a refusal).

import { ALL_APIS } from "../../emulator/apis";
import { Emulator } from "../../emulator/core/emulator";
import { quotaRefusalOf, retryInfoDelayMs } from "../../provider/host/apiError";
import { type AttemptAnswer, ProjectCoordinator } from "../../provider/host/coordinator";
import { MemoryLedger, type QuotaLedger } from "../../provider/host/quotaLedger";
import { callCore } from "../helpers/emulatorCore";
import { FakeClock } from "../helpers/fakeClock";

// Fake time, but thousands of fake sleeps, each settled on the real event loop: slow on a loaded machine.
jest.setTimeout(60_000);

const P = "shared-project";
/** Google's shape at a short window: 300 per window on the server, 285 paced by each provider process. */
const SERVER = { requestsPerWindow: 30, windowMs: 1000 };
const PROVIDER = { requestsPerWindow: 28, windowMs: 1000, concurrentOperations: 10 };

interface Run {
    sent: number;
    refused: number;
    finishedAt: number;
}

function emulatorOn(clock: FakeClock): Emulator {
    return new Emulator({ apis: ALL_APIS, quotas: { ...SERVER, concurrentOperations: 0 }, clock: () => clock.now() });
}

/** `count` requests at once through `coordinator`, each retried on refusal until it is admitted. */
async function sendAll(emulator: Emulator, coordinator: ProjectCoordinator, clock: FakeClock, count: number) {
    const run: Run = { sent: 0, refused: 0, finishedAt: 0 };
    await Promise.all(
        Array.from({ length: count }, async () => {
            for (;;) {
                const answered = await coordinator.pace();
                const { status, body } = callCore(emulator, "GET", `/v1/projects/${P}/models`);
                run.sent++;
                const refusedBy = quotaRefusalOf(status, body);
                answered(refusedBy ? { refusedBy, retryDelayMs: retryInfoDelayMs(body) } : undefined);
                if (!refusedBy) return;
                run.refused++;
            }
        }),
    );
    run.finishedAt = clock.now();
    return run;
}

/** Runs `processes` coordinators of `count` requests each at once; returns each one's figures. */
async function together(processes: number, count: number, ledger: () => QuotaLedger): Promise<Run[]> {
    const clock = new FakeClock();
    const emulator = emulatorOn(clock);
    const runs = Array.from({ length: processes }, () =>
        sendAll(emulator, new ProjectCoordinator(P, PROVIDER, clock, { ledger: ledger() }), clock, count),
    );
    await clock.runAll(100_000);
    return Promise.all(runs);
}

/** The quota's own bound for `total` requests: the first window's worth at once, then one window per window's worth. */
/** One request through `coordinator`, letting the fake clock run while it waits for its turn. */
async function oneRequest(coordinator: ProjectCoordinator, clock: FakeClock, answer?: AttemptAnswer): Promise<void> {
    const turn = coordinator.pace();
    await clock.advance(100);
    (await turn)(answer);
}

const boundMs = (total: number) => Math.ceil(total / SERVER.requestsPerWindow - 1) * SERVER.windowMs;

test("a cold start into a window another client just spent: one refusal, its RetryInfo waited out, then no more", async () => {
    const clock = new FakeClock();
    const emulator = emulatorOn(clock);
    // Another client (e.g. a script calling the API in a loop) spends the whole window in its last 100 ms.
    await clock.advance(900);
    for (let i = 0; i < 30; i++) {
        expect(callCore(emulator, "GET", `/v1/projects/${P}/models`).status).toBe(200);
        if (i % 3 === 2) await clock.advance(10);
    }
    const coordinator = new ProjectCoordinator(P, PROVIDER, clock);
    const run = sendAll(emulator, coordinator, clock, 40);
    await clock.runAll(100_000);
    const { sent, refused, finishedAt } = await run;
    expect(refused).toBe(1); // the first request learns when the window frees up; nobody else knocks before that
    expect(sent).toBe(41);
    expect(coordinator.allowance.requestsPerWindow).toBeLessThan(PROVIDER.requestsPerWindow); // halved, growing back
    expect(finishedAt).toBeLessThan(1000 + 900 + 2 * SERVER.windowMs);
});

test("a server that says when to retry: nothing of this process is sent before then, and its pace halves", async () => {
    const clock = new FakeClock();
    const coordinator = new ProjectCoordinator(P, PROVIDER, clock);
    (await coordinator.pace())({ refusedBy: "requests", retryDelayMs: 700 }); // at t=0
    expect(coordinator.allowance.requestsPerWindow).toBe(14);
    const sentAt: number[] = [];
    const turns = [0, 1].map(() => coordinator.pace().then((answered) => (sentAt.push(clock.now()), answered())));
    await clock.advance(699);
    expect(sentAt).toEqual([]);
    await clock.runAll();
    await Promise.all(turns);
    expect(sentAt[0]).toBe(700);
    expect(sentAt[1] - sentAt[0]).toBeGreaterThanOrEqual(Math.floor(1000 / 14)); // the halved even pace
    // Each success grows the allowance by ceiling / (4 × allowance): back to full after about two windows' worth.
    for (let i = 0; i < 40; i++) await oneRequest(coordinator, clock);
    expect(coordinator.allowance.requestsPerWindow).toBe(PROVIDER.requestsPerWindow);
});

test("a concurrent-operations refusal halves the slots this process allows itself; finished operations grow them back", async () => {
    const clock = new FakeClock();
    const coordinator = new ProjectCoordinator(P, PROVIDER, clock);
    (await coordinator.pace())({ refusedBy: "operations" });
    expect(coordinator.allowance.concurrentOperations).toBe(5);
    await oneRequest(coordinator, clock, { refusedBy: "operations" }); // sent after the cut: it cuts again
    expect(coordinator.allowance.concurrentOperations).toBe(2.5);
    // Each finished operation adds 10 / (10 × allowance): about 47 to grow from 2.5 back to 10.
    for (let i = 0; i < 40; i++) await coordinator.withSlot("op", 1000, async () => undefined);
    expect(coordinator.allowance.concurrentOperations).toBeLessThan(10);
    for (let i = 0; i < 10; i++) await coordinator.withSlot("op", 1000, async () => undefined);
    expect(coordinator.allowance.concurrentOperations).toBe(10);
});

describe.each([
    ["the server's answers only", () => new MemoryLedger()],
    ["a ledger shared on one machine", undefined],
] as const)("processes sharing one project, learning from %s", (_, ownLedger) => {
    test.each([2, 3])(
        "%i processes of 60 requests each: all admitted, few refused, close to the quota's bound, fair",
        async (n) => {
            const shared = new MemoryLedger({ shared: true });
            const runs = await together(n, 60, ownLedger ?? (() => shared));
            const sent = runs.reduce((s, r) => s + r.sent, 0);
            const refused = runs.reduce((s, r) => s + r.refused, 0);
            const wall = Math.max(...runs.map((r) => r.finishedAt));
            const fairness = wall / Math.min(...runs.map((r) => r.finishedAt));
            expect(sent - refused).toBe(n * 60);
            if (ownLedger) {
                expect(refused / sent).toBeLessThan(0.1);
            } else {
                expect(refused).toBe(0);
            }
            expect(wall).toBeLessThanOrEqual(1.5 * boundMs(n * 60) + SERVER.windowMs);
            expect(fairness).toBeLessThanOrEqual(1.25);
        },
    );
});
