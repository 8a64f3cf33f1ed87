// A manual clock for deterministic tests of waits: sleeping advances time instantly, in order of wake-up.

import type { Clock } from "../../provider/host/polling";

export class FakeClock implements Clock {
    private time = 0;
    private sleepers: { until: number; wake: () => void }[] = [];
    readonly sleeps: number[] = [];

    now(): number {
        return this.time;
    }

    sleep(ms: number, signal?: AbortSignal): Promise<void> {
        this.sleeps.push(ms);
        return new Promise((resolve) => {
            if (signal?.aborted) return resolve();
            // Woken by time or by the signal, the sleeper leaves no listener behind: callers reuse one signal for
            // many sleeps (a bucket's "an answer arrived"), which would otherwise collect a listener per sleep.
            const wake = () => {
                this.sleepers = this.sleepers.filter((s) => s !== sleeper);
                signal?.removeEventListener("abort", wake);
                resolve();
            };
            const sleeper = { until: this.time + Math.max(0, ms), wake };
            this.sleepers.push(sleeper);
            signal?.addEventListener("abort", wake);
        });
    }

    /** Moves time to `ms` from now, waking every sleeper due by then in order and letting its work run. */
    async advance(ms: number): Promise<void> {
        const target = this.time + ms;
        for (;;) {
            await settle();
            const due = this.sleepers.filter((s) => s.until <= target).sort((a, b) => a.until - b.until)[0];
            if (!due) break;
            this.sleepers = this.sleepers.filter((s) => s !== due);
            this.time = Math.max(this.time, due.until);
            due.wake();
        }
        this.time = target;
        await settle();
    }

    /** Runs until no sleeper is left (bounded, so a test that loops forever fails instead of hanging). */
    async runAll(maxSteps = 10_000): Promise<void> {
        for (let i = 0; i < maxSteps; i++) {
            await settle();
            const next = [...this.sleepers].sort((a, b) => a.until - b.until)[0];
            if (!next) return;
            await this.advance(next.until - this.time);
        }
        throw new Error("FakeClock.runAll: still sleeping after maxSteps");
    }

    get pendingSleepers(): number {
        return this.sleepers.length;
    }
}

/** Lets pending promise callbacks run (several microtask turns and one macrotask turn). */
export async function settle(): Promise<void> {
    for (let i = 0; i < 5; i++) await Promise.resolve();
    await new Promise((resolve) => setImmediate(resolve));
}
