// Several processes on one project, on a fake clock against one in-process emulator enforcing the request quota with
// Google's refusal (429 RESOURCE_EXHAUSTED + RetryInfo): each "process" is a ProjectCoordinator of its own (its own
// owner in the ledger), sending GETs the way MlApiClient does (pace, send, report the answer, retry a refusal).

import { ALL_APIS } from "../../emulator/apis";
import { Emulator } from "../../emulator/core/emulator";
import { quotaRefusalOf, retryInfoDelayMs } from "../../provider/host/apiError";
import { type AttemptAnswer, ProjectCoordinator } from "../../provider/host/coordinator";
import { MemoryLedger, type QuotaLedger } from "../../provider/host/quotaLedger";
import type { MlApiClient } from "../../provider/host/apiClient";
import { OperationWatcher } from "../../provider/host/ml/operationWatcher";
import type { Operation } from "../../provider/host/operations";
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

describe("processes sharing one project's concurrent operations, learning from the server's answers only", () => {
    const SLOTS = 10;
    const CREATE_MS = 2000;
    const LIST_EVERY_MS = 100;

    /**
     * The HTTP client of one process, over the in-process emulator: every attempt paced by the coordinator and its
     * answer reported, a refused one retried as MlApiClient does (a concurrent-operations refusal waits for a census
     * with room, `roomAfterRefusal`, bounded by a 1 s backoff; a 429 by its RetryInfo).
     */
    function clientOf(emulator: Emulator, coordinator: ProjectCoordinator, run: Run) {
        return {
            baseUrl: () => "in-process/",
            async request<T>(
                method: string,
                path: string,
                options: { query?: Record<string, string | undefined>; body?: unknown } = {},
            ) {
                const query = new URLSearchParams(
                    Object.entries(options.query ?? {}).filter((e): e is [string, string] => e[1] !== undefined),
                ).toString();
                for (;;) {
                    const answered = await coordinator.pace();
                    const answer = callCore(emulator, method, `/${path}${query ? `?${query}` : ""}`, options.body);
                    run.sent++;
                    const refusedBy = quotaRefusalOf(answer.status, answer.body);
                    const retryDelayMs = refusedBy ? retryInfoDelayMs(answer.body) : undefined;
                    answered(refusedBy ? { refusedBy, retryDelayMs } : undefined);
                    if (!refusedBy) {
                        expect(answer.status).toBe(200);
                        return answer.body as T;
                    }
                    run.refused++;
                    await coordinator.roomAfterRefusal(retryDelayMs ?? 1000);
                }
            },
        };
    }

    /**
     * One process: `count` version creates at once, each as VersionProvider.create does through MlApi: in one of the
     * coordinator's slots, the POST (retried as above), then its operation waited for by the project's operation
     * watcher, whose list every 100 ms is also the coordinator's census.
     */
    async function createAll(emulator: Emulator, coordinator: ProjectCoordinator, clock: FakeClock, model: string) {
        const run: Run = { sent: 0, refused: 0, finishedAt: 0 };
        const client = clientOf(emulator, coordinator, run);
        const watcher = new OperationWatcher(
            client as unknown as MlApiClient,
            P,
            undefined,
            clock,
            () => LIST_EVERY_MS,
            coordinator,
        );
        await Promise.all(
            Array.from({ length: 20 }, (_, i) => {
                coordinator.expectOperationsCensus();
                const created = coordinator.withSlot(`v${i}`, 600_000, async () => {
                    const op = await client.request<Operation>("POST", `v1/projects/${P}/models/${model}/versions`, {
                        body: {
                            name: `v${i}`,
                            deploymentUri: `gs://b/${model}/v${i}/`,
                            runtimeVersion: "2.11",
                            pythonVersion: "3.7",
                        },
                    });
                    await watcher.wait(op, 600_000, `creation of v${i}`);
                });
                watcher.count();
                return created;
            }),
        );
        run.finishedAt = clock.now();
        watcher.stop();
        return run;
    }

    test.each([
        // Measured: two processes 0 of 246 refused, 1.05 x bound, fairness 1.03; three 0 of 468, 1.04, 1.22 (ticks
        // at fixed offsets: the first process always looks first). Before the census: 21 of 861 and 54 of 1314
        // (4.1 %) refused, 1.29 and 1.53 x bound, fairness 1.02 and 1.71.
        [2, { refused: 0.01, wall: 1.1, fairness: 1.1 }],
        [3, { refused: 0.01, wall: 1.1, fairness: 1.25 }],
    ])(
        "%i processes of 20 creates each: all created; few refused, close to the slots' bound, fair",
        async (n, measured) => {
            const clock = new FakeClock();
            const emulator = new Emulator({
                apis: ALL_APIS,
                quotas: { requestsPerWindow: 0, windowMs: 6000, concurrentOperations: SLOTS },
                durations: { createVersion: CREATE_MS },
                clock: () => clock.now(),
            });
            const models = Array.from({ length: n }, (_, p) => `m${p}`);
            for (const name of models)
                expect(callCore(emulator, "POST", `/v1/projects/${P}/models`, { name }).status).toBe(200);
            // The processes start a few ms apart, so that their lists do not all land at the same instant.
            const runs = models.map(async (model, p) => {
                await clock.sleep(p * 37);
                const limits = { ...PROVIDER, requestsPerWindow: 0, windowMs: 6000, watchIntervalMs: LIST_EVERY_MS };
                return createAll(emulator, new ProjectCoordinator(P, limits, clock), clock, model);
            });
            await clock.runAll(100_000);
            const done = await Promise.all(runs);
            const sent = done.reduce((s, r) => s + r.sent, 0);
            const refused = done.reduce((s, r) => s + r.refused, 0);
            const wall = Math.max(...done.map((r) => r.finishedAt));
            const bound = (n * 20 * CREATE_MS) / SLOTS;
            const fairness = wall / Math.min(...done.map((r) => r.finishedAt));
            for (const model of models) {
                const listed = callCore(emulator, "GET", `/v1/projects/${P}/models/${model}/versions`).body as {
                    versions: unknown[];
                };
                expect(listed.versions).toHaveLength(20);
            }
            expect(refused / sent).toBeLessThanOrEqual(measured.refused);
            expect(wall / bound).toBeLessThanOrEqual(measured.wall);
            expect(fairness).toBeLessThanOrEqual(measured.fairness);
        },
    );
});

test.each([
    ["nothing is heard of the lister: they start after ten of its intervals, 2 s at least", false, 2000],
    ["the lister says it cannot list (no permission): they start at once", true, 0],
])("operations expecting a first census, %s, by the allowance alone", async (_, unavailable, startsAt) => {
    const clock = new FakeClock();
    const coordinator = new ProjectCoordinator(P, { ...PROVIDER, watchIntervalMs: 100 }, clock);
    coordinator.expectOperationsCensus();
    const startedAt: number[] = [];
    const ops = Array.from({ length: 3 }, () =>
        coordinator.withSlot("op", 10_000, async () => void startedAt.push(clock.now())),
    );
    if (unavailable) coordinator.operationsCensusUnavailable();
    await clock.runAll();
    await Promise.all(ops);
    expect(startedAt).toEqual([startsAt, startsAt, startsAt]);
});

test("after a quiet spell the census is stale: the next start waits for a fresh one, not for the old one's count", async () => {
    const clock = new FakeClock();
    const coordinator = new ProjectCoordinator(P, { ...PROVIDER, watchIntervalMs: 100 }, clock);
    coordinator.observeOperations("list", { running: 0, mine: 0 });
    await coordinator.withSlot("first", 10_000, async () => undefined);
    await clock.advance(5000); // nothing listed meanwhile (the watcher stops when nothing of ours needs a slot)
    coordinator.expectOperationsCensus();
    let startedAt: number | undefined;
    const op = coordinator.withSlot("after", 10_000, async () => void (startedAt = clock.now()));
    await clock.advance(150);
    expect(startedAt).toBeUndefined();
    coordinator.observeOperations("list", { running: 0, mine: 0 });
    await clock.advance(1);
    await op;
    expect(startedAt).toBe(5150);
});

test("a census showing others' operations: only the free slots are taken, half of them per look", async () => {
    const clock = new FakeClock();
    const coordinator = new ProjectCoordinator(P, { ...PROVIDER, watchIntervalMs: 100 }, clock);
    coordinator.expectOperationsCensus();
    let running = 0;
    const ops = Array.from({ length: 10 }, () =>
        coordinator.withSlot("op", 10_000, async () => {
            running++;
            await clock.sleep(10_000);
        }),
    );
    coordinator.observeOperations("list", { running: 6, mine: 0 }); // 4 free: 2 now
    await clock.advance(1);
    expect(running).toBe(2);
    coordinator.observeOperations("list", { running: 8, mine: 2 }); // 2 free: 1 more
    await clock.advance(1);
    expect(running).toBe(3);
    coordinator.observeOperations("list", { running: 10, mine: 3 }); // none free
    await clock.advance(1);
    expect(running).toBe(3);
    await clock.runAll();
    await Promise.all(ops);
});
