// An emulator clock for tests of busy versions and models: how long something stays busy is decided by the requests
// the emulator has answered, never by how fast a loaded machine runs.

import type { EmulatorHandle, OperationDurations, RecordedRequest } from "../../emulator";

/** Longer than any test: an operation given this duration ends only when the busy spell is ended (see below). */
export const BUSY_MS = 60 * 60_000;

/**
 * Real time, until a test gives an operation BUSY_MS and says after which request its busy spell must be over
 * (`endWhen`): once the emulator's request log satisfies that, the clock jumps BUSY_MS ahead for good, so the
 * operation is done at the very next request. The jump is latched: clearing the request log does not undo it.
 */
export class BusySpellClock {
    private skewMs = 0;
    private ends: ((log: RecordedRequest[]) => boolean) | undefined;
    private durationsAfter: Partial<OperationDurations> = {};
    private emulator: EmulatorHandle | undefined;

    /** The clock to give startEmulator. */
    readonly now = (): number => {
        if (this.ends && this.emulator && this.ends(this.emulator.requests())) {
            this.skewMs += BUSY_MS;
            this.ends = undefined;
            this.emulator.setDurations(this.durationsAfter);
        }
        return Date.now() + this.skewMs;
    };

    /** The emulator whose request log decides (the clock exists before the emulator it is given to). */
    watch(emulator: EmulatorHandle): void {
        this.emulator = emulator;
    }

    /**
     * Ends the current busy spell once `ends(log)` holds (checked before each request the emulator serves); operations
     * started from then on take `durationsAfter` (e.g. 0 for a kind that was given BUSY_MS).
     */
    endWhen(ends: (log: RecordedRequest[]) => boolean, durationsAfter: Partial<OperationDurations> = {}): void {
        this.ends = ends;
        this.durationsAfter = durationsAfter;
    }

    /** Between tests: no spell pending. */
    clear(): void {
        this.ends = undefined;
    }
}

/** Index of the first `method` request refused with 400 (a FAILED_PRECONDITION: busy, default, ...), or -1. */
export function firstRefusal(log: RecordedRequest[], method: string, path?: RegExp): number {
    return log.findIndex((r) => r.method === method && r.status === 400 && (!path || path.test(r.path)));
}

/** How many `method` requests of `path` were answered after the log entry at `index`. */
export function countAfter(log: RecordedRequest[], index: number, method: string, path: RegExp): number {
    return log.slice(index + 1).filter((r) => r.method === method && path.test(r.path)).length;
}
