// The one polling primitive of the provider: a deadline, a schedule of delays, and an injectable clock. Operation
// waits, stable-state waits and the default-version handoff all poll through it, so tests can run them on a fake
// clock and every wait has the same deadline semantics.

/** Time and sleeping, injectable so tests never wait for real. */
export interface Clock {
    now(): number;
    /** Resolves after `ms`, or as soon as `signal` aborts (so a long guard timer never outlives its purpose). */
    sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: Clock = {
    now: () => Date.now(),
    sleep: (ms, signal) =>
        new Promise((resolve) => {
            if (signal?.aborted) return resolve();
            const timer = setTimeout(done, Math.max(0, ms));
            function done(): void {
                clearTimeout(timer);
                signal?.removeEventListener("abort", done);
                resolve();
            }
            signal?.addEventListener("abort", done);
        }),
};

/** What one poll found: a final value, or "not yet" with an optional delay that overrides the schedule. */
export type PollResult<T> =
    { readonly done: true; readonly value: T } | { readonly done: false; readonly delayMs?: number };

export const pollDone = <T>(value: T): PollResult<T> => ({ done: true, value });
export const pollAgain = (delayMs?: number): PollResult<never> => ({ done: false, delayMs });

export interface PollOptions {
    /** Absolute deadline, in the clock's ms. */
    readonly deadline: number;
    /** Delay before poll number `poll + 1`, given the 0-based number of the poll that just said "not yet". */
    readonly schedule: (poll: number) => number;
    readonly clock: Clock;
    /** The error thrown when the deadline passes before a poll says done. */
    readonly onTimeout: () => Error;
}

/**
 * Runs `poll` (first immediately) until it reports done, sleeping per the schedule in between, never past the
 * deadline. A poll that starts before the deadline always completes; the deadline is checked between polls.
 */
export async function pollUntil<T>(options: PollOptions, poll: (poll: number) => Promise<PollResult<T>>): Promise<T> {
    const { clock } = options;
    for (let n = 0; ; n++) {
        const result = await poll(n);
        if (result.done) {
            return result.value;
        }
        const remaining = options.deadline - clock.now();
        if (remaining <= 0) {
            throw options.onTimeout();
        }
        await clock.sleep(Math.min(remaining, result.delayMs ?? options.schedule(n)));
    }
}
