// The per-project coordinator on a fake clock: pacing under the request quota, gating of concurrent operations,
// queue order, the queue-wait bound, and shutdown.

import { CoordinatorWaitError, ProjectCoordinator, watchIntervalMs } from "../../provider/host/coordinator";
import { MemoryLedger } from "../../provider/host/quotaLedger";
import { FakeClock, settle } from "../helpers/fakeClock";

const limits = { requestsPerWindow: 3, windowMs: 1000, concurrentOperations: 2 };

function deferred(): { promise: Promise<void>; resolve: () => void } {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    return { promise, resolve };
}

describe("pacing", () => {
    test("at most N requests in any window, sent at an even pace (no burst of a whole window), first come first served", async () => {
        const clock = new FakeClock();
        const coordinator = new ProjectCoordinator("p", limits, clock);
        const sentAt: [number, number][] = [];
        // Each answer arrives at once: the request leaves the window a window after its send.
        const turns = [0, 1, 2, 3, 4, 5, 6].map((i) =>
            coordinator.pace().then((answered) => {
                sentAt.push([i, clock.now()]);
                answered();
            }),
        );
        await clock.advance(200);
        expect(sentAt).toEqual([[0, 0]]);
        await clock.runAll();
        await Promise.all(turns);
        // 3 per 1000 ms: one every 334 ms (rounded up), never 4 in a window.
        expect(sentAt).toEqual([
            [0, 0],
            [1, 334],
            [2, 668],
            [3, 1002],
            [4, 1336],
            [5, 1670],
            [6, 2004],
        ]);
    });

    test("spread-out requests are never delayed; 0 turns pacing off", async () => {
        const clock = new FakeClock();
        const paced = new ProjectCoordinator("p", limits, clock);
        for (let i = 0; i < 6; i++) {
            (await paced.pace())();
            await clock.advance(400);
        }
        expect(clock.sleeps).toEqual([]); // never waited
        const unpaced = new ProjectCoordinator("p", { ...limits, requestsPerWindow: 0 }, clock);
        await Promise.all(Array.from({ length: 1000 }, () => unpaced.pace()));
    });

    test("at Google's numbers a cold start sends at most 5 % of the window at once, then one every window/N", async () => {
        const clock = new FakeClock();
        const coordinator = new ProjectCoordinator(
            "p",
            { requestsPerWindow: 285, windowMs: 60_000, concurrentOperations: 10 },
            clock,
        );
        const sentAt: number[] = [];
        const turns = Array.from({ length: 20 }, () =>
            coordinator.pace().then((answered) => {
                sentAt.push(clock.now());
                answered();
            }),
        );
        await clock.runAll();
        await Promise.all(turns);
        expect(sentAt.filter((t) => t === 0)).toHaveLength(14); // floor(285 × 5 %)
        const gaps = sentAt.slice(14).map((t, i) => t - sentAt[13 + i]);
        expect(gaps.every((gap) => Math.abs(gap - 60_000 / 285) < 1)).toBe(true); // 210.5 ms on average
    });
});

test("a request counts from its send until a window after its answer: the server may have received it late", async () => {
    const clock = new FakeClock();
    const coordinator = new ProjectCoordinator("p", { ...limits, requestsPerWindow: 2 }, clock);
    const first = await coordinator.pace();
    await clock.advance(500); // the even pace: one per 500 ms
    (await coordinator.pace())(); // answered at t=500
    let thirdAt: number | undefined;
    const third = coordinator.pace().then((answered) => {
        thirdAt = clock.now();
        return answered; // still in flight
    });
    await clock.advance(1000); // the second left the window; the first is still in flight, and so is the third
    expect(thirdAt).toBe(1500);
    let fourthAt: number | undefined;
    const fourth = coordinator.pace().then(() => (fourthAt = clock.now()));
    await clock.advance(4000);
    expect(fourthAt).toBeUndefined(); // the first has not been answered: it may still reach the server
    first(); // answered at t=5500: it leaves the window at t=6500
    await clock.advance(999);
    expect(fourthAt).toBeUndefined();
    await clock.advance(1);
    expect(fourthAt).toBe(6500);
    (await third)();
    await fourth;
});

describe("gating operations", () => {
    test("at most N in flight; the rest queue and start in arrival order as slots free up", async () => {
        const clock = new FakeClock();
        const coordinator = new ProjectCoordinator("p", limits, clock);
        const gates = [0, 1, 2, 3, 4].map(() => deferred());
        const started: number[] = [];
        const runs = gates.map((gate, i) =>
            coordinator.withSlot(`op ${i}`, 60_000, async () => {
                started.push(i);
                await gate.promise;
                return i;
            }),
        );
        await settle();
        expect(started).toEqual([0, 1]);
        expect(coordinator.operations).toEqual({ inFlight: 2, queued: 3 });
        gates[1].resolve();
        await settle();
        expect(started).toEqual([0, 1, 2]);
        gates[0].resolve();
        gates[2].resolve();
        await settle();
        expect(started).toEqual([0, 1, 2, 3, 4]);
        gates[3].resolve();
        gates[4].resolve();
        await expect(Promise.all(runs)).resolves.toEqual([0, 1, 2, 3, 4]);
        expect(coordinator.operations).toEqual({ inFlight: 0, queued: 0 });
    });

    test("a failing operation frees its slot too", async () => {
        const clock = new FakeClock();
        const coordinator = new ProjectCoordinator("p", { ...limits, concurrentOperations: 1 }, clock);
        await expect(
            coordinator.withSlot("op", 1000, async () => {
                throw new Error("refused");
            }),
        ).rejects.toThrow("refused");
        await expect(coordinator.withSlot("next", 1000, async () => "ran")).resolves.toBe("ran");
    });

    test("the queue wait is bounded, the error says what was waited for, and the operation's own time starts when it runs", async () => {
        const clock = new FakeClock();
        const coordinator = new ProjectCoordinator("proj", { ...limits, concurrentOperations: 1 }, clock);
        const holder = deferred();
        const first = coordinator.withSlot("creation of a", 60_000, () => holder.promise);
        let secondStartedAt: number | undefined;
        const second = coordinator.withSlot("creation of b", 5000, async () => {
            secondStartedAt = clock.now();
        });
        const third = coordinator.withSlot("creation of c", 1000, async () => undefined).catch((e: Error) => e);
        await clock.advance(1000);
        const error = await third;
        expect(error).toBeInstanceOf(CoordinatorWaitError);
        expect((error as Error).message).toMatch(
            /^creation of c waited 1s for one of the 1 concurrent version create\/delete operations of project proj \(aiplatform:concurrentOperations\)/,
        );
        await clock.advance(2000);
        holder.resolve();
        await first;
        await second;
        expect(secondStartedAt).toBe(3000); // queued 3 s: its deadline (5 s) applies to the queue, not to its run
        expect(coordinator.operations).toEqual({ inFlight: 0, queued: 0 });
        expect(clock.pendingSleepers).toBe(0); // no guard timer outlives its purpose
    });
});

test("shutdown refuses queued operations and later requests", async () => {
    const clock = new FakeClock();
    const coordinator = new ProjectCoordinator("p", { ...limits, concurrentOperations: 1 }, clock);
    const holder = deferred();
    const running = coordinator.withSlot("a", 60_000, () => holder.promise);
    const queued = coordinator.withSlot("b", 60_000, async () => undefined).catch((e: Error) => e);
    await settle();
    coordinator.shutdown();
    expect(await queued).toBeInstanceOf(CoordinatorWaitError);
    await expect(coordinator.pace()).rejects.toThrow(/shutting down/);
    await expect(coordinator.withSlot("c", 1000, async () => undefined)).rejects.toThrow(/shutting down/);
    holder.resolve();
    await running; // what already runs finishes
});

test.each([
    [{ requestsPerWindow: 285, windowMs: 60_000, concurrentOperations: 10 }, 1053],
    [{ requestsPerWindow: 285, windowMs: 6000, concurrentOperations: 10 }, 105],
    [{ requestsPerWindow: 0, windowMs: 60_000, concurrentOperations: 10 }, 1000],
    [{ requestsPerWindow: 285, windowMs: 60_000, concurrentOperations: 10, watchIntervalMs: 250 }, 250],
])("the watcher spends a fifth of the request quota unless told otherwise: %j -> %i ms", (quota, expected) => {
    expect(watchIntervalMs(quota)).toBe(expected);
});

describe("Vertex AI's quotas, per project and region: buckets of the same coordinator", () => {
    const vertex = { perWindow: 6, windowMs: 1000 };

    test("each region paces on its own: a busy region never delays another, nor the project's ml requests", async () => {
        const clock = new FakeClock();
        const coordinator = new ProjectCoordinator("p", limits, clock);
        const usCentral = coordinator.requestBucket("us-central1", "requests", vertex);
        const europe = coordinator.requestBucket("europe-west4", "requests", vertex);
        expect(usCentral.key).toBe("ml.googleapis.com|p|us-central1|requests");
        expect(coordinator.requestBucket("us-central1", "requests", vertex)).toBe(usCentral); // one bucket per key
        const sentAt: Record<string, number[]> = { us: [], europe: [], ml: [] };
        const send = (what: string, buckets?: Parameters<ProjectCoordinator["pace"]>[0]) =>
            coordinator.pace(buckets).then((answered) => (sentAt[what].push(clock.now()), answered()));
        const turns = [
            ...Array.from({ length: 12 }, () => send("us", [usCentral])),
            ...Array.from({ length: 2 }, () => send("europe", [europe])),
            send("ml"),
        ];
        await clock.runAll();
        await Promise.all(turns);
        expect(sentAt.us).toHaveLength(12);
        expect(sentAt.us[11]).toBeGreaterThanOrEqual(1000); // 6 per window: the 7th waits for the window
        expect(sentAt.europe).toEqual([0, 167]); // its own even pace, not behind us-central1's queue
        expect(sentAt.ml).toEqual([0]);
    });

    test("a call counts against every bucket it names (an operation's start: requests and lroSubmissions)", async () => {
        const clock = new FakeClock();
        const coordinator = new ProjectCoordinator("p", limits, clock);
        const requests = coordinator.requestBucket("us-central1", "requests", vertex);
        const submissions = coordinator.requestBucket("us-central1", "lroSubmissions", {
            perWindow: 2,
            windowMs: 1000,
        });
        const sentAt: number[] = [];
        const turns = Array.from({ length: 3 }, () =>
            coordinator.pace([requests, submissions]).then((answered) => (sentAt.push(clock.now()), answered())),
        );
        await clock.runAll();
        await Promise.all(turns);
        expect(sentAt[2]).toBeGreaterThanOrEqual(1000); // the third submission waits for the submissions' window
    });

    test.each<[string, number | undefined, number[]]>([
        // 6 per second at the default share (5 %, one at least): one now, then one every 167 ms.
        ["an even pace by default", undefined, [0, 167, 334, 501, 668, 835]],
        // The Vertex operation-start bucket's share: the whole window at once, the seventh a window later.
        ["the whole window at once with burstShare 1", 1, [0, 0, 0, 0, 0, 0]],
    ])("%s", async (_what, burstShare, expected) => {
        const clock = new FakeClock();
        const coordinator = new ProjectCoordinator("p", limits, clock);
        const bucket = coordinator.requestBucket("us-central1", "lroSubmissions", {
            ...vertex,
            ...(burstShare !== undefined && { burstShare }),
        });
        const sentAt: number[] = [];
        const turns = Array.from({ length: 7 }, () =>
            coordinator.pace([bucket]).then((answered) => (sentAt.push(clock.now()), answered())),
        );
        await clock.runAll();
        await Promise.all(turns);
        expect(sentAt.slice(0, 6)).toEqual(expected);
        expect(sentAt[6]).toBeGreaterThanOrEqual(1000);
    });

    test("a refusal in one region halves that region's allowance only", async () => {
        const clock = new FakeClock();
        const coordinator = new ProjectCoordinator("p", { ...limits, requestsPerWindow: 30 }, clock);
        const usCentral = coordinator.requestBucket("us-central1", "requests", { perWindow: 600, windowMs: 60_000 });
        const europe = coordinator.requestBucket("europe-west4", "requests", { perWindow: 600, windowMs: 60_000 });
        (await coordinator.pace([usCentral]))({ refusedBy: "requests" });
        expect(usCentral.allowance.value).toBe(300);
        expect(europe.allowance.value).toBe(600);
        expect(coordinator.allowance.requestsPerWindow).toBe(30);
    });

    test("on a shared ledger, processes count one region's requests together and other regions apart", async () => {
        const clock = new FakeClock();
        const ledger = new MemoryLedger({ shared: true });
        const processes = [0, 1].map(() => new ProjectCoordinator("p", limits, clock, { ledger }));
        const sentAt: Record<string, number[]> = { "us-central1": [], "europe-west4": [] };
        const turns = processes.flatMap((coordinator, p) => {
            const region = p === 0 ? "us-central1" : "europe-west4";
            const own = coordinator.requestBucket(region, "requests", vertex);
            const shared = coordinator.requestBucket("us-central1", "requests", vertex);
            // Process 0 sends 4 in us-central1; process 1 sends 4 in us-central1 and 4 in europe-west4.
            return [
                ...Array.from({ length: 4 }, () =>
                    coordinator
                        .pace([shared])
                        .then((answered) => (sentAt["us-central1"].push(clock.now()), answered())),
                ),
                ...(p === 1
                    ? Array.from({ length: 4 }, () =>
                          coordinator.pace([own]).then((answered) => (sentAt[region].push(clock.now()), answered())),
                      )
                    : []),
            ];
        });
        await clock.runAll();
        await Promise.all(turns);
        const inFirstWindow = (times: number[]) => times.filter((t) => t < 1000).length;
        expect(sentAt["us-central1"]).toHaveLength(8);
        expect(inFirstWindow(sentAt["us-central1"])).toBe(6); // the two processes together, at the region's quota
        expect(inFirstWindow(sentAt["europe-west4"])).toBe(4); // counted apart
    });
});
