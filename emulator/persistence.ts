// Optional state file: loaded on start, saved after mutations. Writes go to a temp file in the same
// directory and are renamed over the target, so a crash never leaves a torn file; temp files left
// by a crash are removed on start. Saves are compact JSON and coalesced: a burst of mutations in
// one event-loop turn costs one write (Emulator.persist schedules, Emulator.flush writes).

import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { PersistedState } from "./store";

export function loadState(file: string): PersistedState | undefined {
    removeTempFiles(file);
    let text: string;
    try {
        text = readFileSync(file, "utf8");
    } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw e;
    }
    const parsed = JSON.parse(text) as PersistedState;
    if (parsed.formatVersion !== 1)
        throw new Error(`${file}: unsupported state format ${String(parsed.formatVersion)}`);
    return parsed;
}

export function saveState(file: string, state: PersistedState): void {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(state));
    renameSync(tmp, file);
}

/** `state.json.<pid>.tmp` files: what a process killed between write and rename leaves behind. */
function removeTempFiles(file: string): void {
    const prefix = `${basename(file)}.`;
    let names: string[];
    try {
        names = readdirSync(dirname(file));
    } catch {
        return;
    }
    for (const name of names) {
        if (name.startsWith(prefix) && /^\d+\.tmp$/.test(name.slice(prefix.length))) {
            rmSync(join(dirname(file), name), { force: true });
        }
    }
}
