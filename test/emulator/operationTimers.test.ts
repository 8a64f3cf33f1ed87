// Operations finish on the emulator's own timers, with nobody polling, even when a timer fires before the clock
// says the operation is due. Node starts a timer from the event loop's cached time, which lags the clock() that set
// dueAtMs by as long as the loop's turn took: on a loaded machine a 150 ms timer fired "early", found nothing due,
// and the operation stayed pending for ever (versionStates.test.ts's state-file test hung for 30 s in a fresh-clone
// CI run). Deterministic: jest fakes setTimeout only, the emulator's clock is a variable the test moves.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Emulator } from "../../emulator/core/emulator";
import { callCore } from "../helpers/emulatorCore";
import { BASIC_VERSION } from "../helpers/emulatorSuite";
import { readStateFiles } from "../helpers/stateFiles";
import { ALL_APIS } from "../../emulator/apis";

const P = "/v1/projects/timer-project";
const CREATE_MS = 150;
let now = 1_000_000;
let dir: string;

beforeEach(() => {
    // Only setTimeout/clearTimeout are fake: the state file's flush (setImmediate) and Date stay real.
    jest.useFakeTimers({
        doNotFake: [
            "Date",
            "hrtime",
            "nextTick",
            "performance",
            "queueMicrotask",
            "setImmediate",
            "clearImmediate",
            "setInterval",
            "clearInterval",
        ],
    });
    dir = mkdtempSync(join(tmpdir(), "mlemu-optimer-"));
});

afterEach(() => {
    jest.useRealTimers();
    rmSync(dir, { recursive: true, force: true });
});

test.each([
    ["fires on time", 0],
    ["fires before the clock says the operation is due", 40],
])("a version create nobody polls finishes when its timer %s", async (_when, earlyMs) => {
    const file = join(dir, "state.json");
    const emu = new Emulator({
        apis: ALL_APIS,
        stateFile: file,
        durations: { createVersion: CREATE_MS },
        clock: () => now,
    });
    try {
        expect(callCore(emu, "POST", `${P}/models`, { name: "m1" }).status).toBe(200);
        expect(callCore(emu, "POST", `${P}/models/m1/versions`, { name: "v1", ...BASIC_VERSION }).status).toBe(200);
        // The timer fires when the clock reads `earlyMs` short of the due time (the lag of a loaded event loop) ...
        now += CREATE_MS - earlyMs;
        jest.advanceTimersByTime(CREATE_MS);
        // ... and time goes on; no request reaches the emulator from here on, only its timers can finish it.
        now += earlyMs;
        jest.advanceTimersByTime(CREATE_MS);
        await new Promise((resolve) => setImmediate(resolve)); // the journal is appended once per event-loop turn
        const state = readStateFiles(file).namespaces.global;
        expect(state.operations.map((o) => o.done)).toEqual([true]);
        expect(state.versions.map((v) => v.state)).toEqual(["READY"]);
    } finally {
        emu.shutdown();
    }
});
