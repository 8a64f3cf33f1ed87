// The Clock contract both clocks keep (provider/host/polling.ts): sleep resolves after `ms` or as soon as its signal
// aborts, at once if it already has, and leaves no listener on the signal either way (the coordinator reuses one
// signal for many sleeps). FakeClock used to leave one abort listener per sleep that ended by time.

import { getEventListeners } from "node:events";
import { type Clock, realClock } from "../../provider/host/polling";
import { FakeClock } from "./fakeClock";

const clocks: [string, () => { clock: Clock; run: () => Promise<void> }][] = [
    [
        "FakeClock",
        () => {
            const clock = new FakeClock();
            return { clock, run: () => clock.runAll() };
        },
    ],
    ["realClock", () => ({ clock: realClock, run: async () => undefined })],
];

describe.each(clocks)("%s.sleep", (_, make) => {
    test("ended by time, many sleeps on one signal leave no abort listener behind", async () => {
        const { clock, run } = make();
        const signal = new AbortController().signal;
        const sleeps = Array.from({ length: 10 }, (_, i) => clock.sleep(i % 3, signal));
        await run();
        await Promise.all(sleeps);
        expect(getEventListeners(signal, "abort")).toHaveLength(0);
    });

    test("ended by the signal: resolves at once, and no listener is left", async () => {
        const { clock } = make();
        const guard = new AbortController();
        const sleep = clock.sleep(60_000, guard.signal);
        guard.abort();
        await sleep;
        expect(getEventListeners(guard.signal, "abort")).toHaveLength(0);
    });

    test("a signal that already aborted ends the sleep at once", async () => {
        const { clock } = make();
        const guard = new AbortController();
        guard.abort();
        await clock.sleep(60_000, guard.signal); // the test's own timeout catches a sleep that would last
        expect(getEventListeners(guard.signal, "abort")).toHaveLength(0);
    });
});

test("FakeClock: a sleeper ended by its signal is gone from the sleepers, and time does not wait for it", async () => {
    const clock = new FakeClock();
    const guard = new AbortController();
    const sleep = clock.sleep(1000, guard.signal);
    expect(clock.pendingSleepers).toBe(1);
    guard.abort();
    await sleep;
    expect(clock.pendingSleepers).toBe(0);
    await clock.runAll();
    expect(clock.now()).toBe(0);
});
