// Optional state file: loaded on start, rewritten after every mutation. Writes go to a temp file in
// the same directory and are renamed over the target, so a crash never leaves a torn file.

import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { PersistedState } from "./store";

export function loadState(file: string): PersistedState | undefined {
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
    writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`);
    renameSync(tmp, file);
}
