import { pollAgain, pollDone, pollUntil } from "../../provider/host/polling";
import { FakeClock } from "../helpers/fakeClock";

describe("pollUntil: the one polling loop (operations, stable states, default handoff)", () => {
    test("polls first at once, then on the schedule, until done", async () => {
        const clock = new FakeClock();
        const seenAt: number[] = [];
        const result = pollUntil(
            { deadline: 10_000, schedule: (n) => 100 * (n + 1), clock, onTimeout: () => new Error("late") },
            async (n) => {
                seenAt.push(clock.now());
                return n === 3 ? pollDone("ok") : pollAgain();
            },
        );
        await clock.runAll();
        await expect(result).resolves.toBe("ok");
        expect(seenAt).toEqual([0, 100, 300, 600]);
    });

    test("a poll's own delay overrides the schedule", async () => {
        const clock = new FakeClock();
        const result = pollUntil(
            { deadline: 10_000, schedule: () => 1000, clock, onTimeout: () => new Error("late") },
            async (n) => (n === 2 ? pollDone(n) : pollAgain(n === 0 ? 0 : 7)),
        );
        await clock.runAll();
        await expect(result).resolves.toBe(2);
        expect(clock.sleeps).toEqual([0, 7]);
    });

    test("never sleeps past the deadline, and fails with the caller's error once it has passed", async () => {
        const clock = new FakeClock();
        let polls = 0;
        const result = pollUntil(
            { deadline: 250, schedule: () => 100, clock, onTimeout: () => new Error(`gave up after ${polls} polls`) },
            async () => {
                polls++;
                return pollAgain();
            },
        );
        const settled = result.catch((e: Error) => e);
        await clock.runAll();
        expect((await settled).message).toBe("gave up after 4 polls");
        expect(clock.sleeps).toEqual([100, 100, 50]);
    });
});
