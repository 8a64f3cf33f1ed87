// Optional state file: a snapshot plus an append-only journal, so a mutation costs what it changed, not the size of
// the state. Design and crash guarantees: BEHAVIOUR.md, "Out-of-band controls and persistence".
//
// Files, for `--state-file state.json`:
//   state.json             the snapshot: {"formatVersion":2,"generation":G,"namespaces":{...},"operationSeq":N}, one
//                          line of JSON (format 1, the single file of earlier releases, reads as generation 0)
//   state.json.journal.G   what changed after snapshot G: one line per save, `<bytes> <checksum> <json>`, the json
//                          holding the full value of every record changed (or its deletion) and the operation counter
//   state.json.<pid>.tmp   a snapshot being written by a compaction; renamed over state.json once complete
// Load = snapshot, then every journal from its generation on, in order. A compaction starts a new journal (G+1),
// writes the new snapshot G+1 in slices across event-loop turns (records as they are when their slice runs), syncs it
// to disk off the event loop, renames it into place and only then deletes the older journals. Replaying journal G+1
// over that snapshot gives the current state whichever slice saw which value, because journal lines hold whole
// records and every change is journaled before a slice can see it (each slice saves pending changes first).

import { createHash } from "node:crypto";
import {
    close,
    closeSync,
    fsync,
    fsyncSync,
    mkdirSync,
    open,
    openSync,
    readFileSync,
    readdirSync,
    renameSync,
    rmSync,
    statSync,
    truncateSync,
    writeSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import type { ChangeSet, NamespaceState, StoredRecord, Store } from "./store";

export const STATE_FORMAT_VERSION = 2;

export interface StateFileTuning {
    /** A compaction starts once the journal is larger than the snapshot and larger than this (bytes). */
    minCompactionBytes: number;
    /** Snapshot text written per slice of a compaction: bounds how long one slice blocks the event loop. */
    sliceBytes: number;
    /** Runs a compaction slice later; default setImmediate. Tests pass their own to run slices by hand. */
    schedule: (slice: () => void) => void;
    /** Makes a written file durable, then calls back; default fsync on libuv's thread pool (not the event loop). */
    syncInBackground: (path: string, done: (error: Error | null) => void) => void;
}

export const DEFAULT_STATE_FILE_TUNING: Readonly<StateFileTuning> = {
    minCompactionBytes: 1 << 20,
    sliceBytes: 1 << 20,
    schedule: (slice) => {
        setImmediate(slice).unref();
    },
    syncInBackground: (path, done) => {
        open(path, "r", (openError, fd) => {
            if (openError) return done(openError);
            fsync(fd, (syncError) => close(fd, () => done(syncError)));
        });
    },
};

/** What load() found and repaired. */
export interface LoadReport {
    /** Temp files of an interrupted compaction and journals older than the snapshot, deleted. */
    removed: string[];
    /** Journal lines replayed. */
    replayedLines: number;
    /** An incomplete last journal line (a write cut short by a crash), dropped and cut off the file. */
    droppedTail?: { file: string; line: number; bytes: number };
}

/** One journal line: the changes of one save. */
interface JournalEntry {
    operationSeq: number;
    /** The store was cleared (reset) before the changes below. */
    clear?: true;
    put?: { ns: string; kind: string; record: StoredRecord }[];
    delete?: { ns: string; kind: string; name: string }[];
}

interface SnapshotDocument {
    formatVersion: number;
    generation?: number;
    operationSeq: number;
    namespaces: Record<string, Record<string, StoredRecord[]>>;
}

const NEWLINE = 0x0a;

function checksum(payload: Buffer): string {
    return createHash("sha256").update(payload).digest("hex").slice(0, 16);
}

function encodeLine(entry: JournalEntry): Buffer {
    const payload = Buffer.from(JSON.stringify(entry));
    return Buffer.concat([Buffer.from(`${payload.length} ${checksum(payload)} `), payload, Buffer.of(NEWLINE)]);
}

/** The entry of a complete journal line, or why the line is not one. */
function parseLine(line: Buffer): { reason: string } | { entry: JournalEntry } {
    const text = line.toString("latin1");
    const header = /^(\d+) ([0-9a-f]{16}) /.exec(text);
    if (!header) return { reason: "no '<bytes> <checksum> ' header" };
    const payload = line.subarray(header[0].length);
    if (payload.length !== Number(header[1]))
        return { reason: `${payload.length} bytes where the header says ${header[1]}` };
    if (checksum(payload) !== header[2]) return { reason: "checksum mismatch" };
    try {
        return { entry: JSON.parse(payload.toString("utf8")) as JournalEntry };
    } catch (e) {
        return { reason: `invalid JSON (${(e as Error).message})` };
    }
}

function writeAll(fd: number, data: Buffer | string): void {
    const buffer = typeof data === "string" ? Buffer.from(data) : data;
    let offset = 0;
    while (offset < buffer.length) offset += writeSync(fd, buffer, offset, buffer.length - offset);
}

function syncFile(path: string): void {
    const fd = openSync(path, "r");
    try {
        fsyncSync(fd);
    } finally {
        closeSync(fd);
    }
}

/** Makes a rename in `dir` durable; not possible on every platform (Windows), where it is skipped. */
function fsyncDirectory(dir: string): void {
    let fd: number | undefined;
    try {
        fd = openSync(dir, "r");
        fsyncSync(fd);
    } catch {
        // Best effort: the rename itself is atomic either way.
    } finally {
        if (fd !== undefined) closeSync(fd);
    }
}

/** The snapshot's JSON text, piece by piece; each record is read (and serialized) only when its piece is pulled. */
function* snapshotPieces(
    store: Store,
    generation: number,
    captured: { namespace: string; names: Record<string, string[]> }[],
): Generator<string> {
    yield `{"formatVersion":${STATE_FORMAT_VERSION},"generation":${generation},"namespaces":{`;
    for (const [i, { namespace, names }] of captured.entries()) {
        yield `${i > 0 ? "," : ""}${JSON.stringify(namespace)}:{`;
        for (const [k, kind] of store.kinds.entries()) {
            yield `${k > 0 ? "," : ""}"${kind}":[`;
            let first = true;
            for (const name of names[kind]) {
                // Deleted since the compaction started: its deletion is in the new journal.
                const record = store.existingNs(namespace)?.records(kind).get(name);
                if (!record) continue;
                yield `${first ? "" : ","}${JSON.stringify(record)}`;
                first = false;
            }
            yield "]";
        }
        yield "}";
    }
    // Read last: the counter as of the end of the compaction (journal lines carry it too).
    yield `},"operationSeq":${store.operationSeq}}`;
}

class Compaction {
    /** Open while the snapshot is being written; closed once all of it is. */
    private fd: number | undefined;
    private readonly pieces: Generator<string>;

    constructor(
        store: Store,
        readonly generation: number,
        readonly tmp: string,
        /** Journal bytes written before this compaction began (what the new snapshot makes obsolete). */
        readonly journalBytesBefore: number,
    ) {
        // Records added later are in the new journal; only the names of those present now are needed.
        const captured = store.namespaceNames().map((namespace) => {
            const ns = store.ns(namespace);
            const names: Record<string, string[]> = {};
            for (const kind of store.kinds) names[kind] = [...ns.records(kind).keys()];
            return { namespace, names };
        });
        this.pieces = snapshotPieces(store, generation, captured);
        mkdirSync(dirname(tmp), { recursive: true });
        this.fd = openSync(tmp, "w");
    }

    get written(): boolean {
        return this.fd === undefined;
    }

    /** Writes about `sliceBytes` more of the snapshot; true once all of it is written (not yet synced). */
    writeSlice(sliceBytes: number): boolean {
        if (this.fd === undefined) return true;
        let text = "";
        let done = false;
        while (text.length < sliceBytes) {
            const next = this.pieces.next();
            if (next.done) {
                done = true;
                break;
            }
            text += next.value;
        }
        writeAll(this.fd, text);
        if (done) {
            closeSync(this.fd);
            this.fd = undefined;
        }
        return done;
    }

    /** Closes the file and leaves it where it is (what a killed process does). */
    closeFile(): void {
        if (this.fd !== undefined) closeSync(this.fd);
        this.fd = undefined;
    }

    abandon(): void {
        this.closeFile();
        rmSync(this.tmp, { force: true });
    }
}

export class StateFile {
    private readonly tuning: StateFileTuning;
    /** Generation of the snapshot on disk (0: none yet, or a format-1 file). */
    private snapshotGeneration = 0;
    private snapshotBytes = 0;
    /** The journal appended to; above snapshotGeneration while a compaction runs or after one was interrupted. */
    private journalGeneration = 0;
    private journalFd: number | undefined;
    /** Bytes in the journals the snapshot does not include yet. */
    private journalBytes = 0;
    /** The journal size that starts the next compaction. */
    private compactAtBytes = 0;
    private compaction: Compaction | undefined;

    constructor(
        readonly file: string,
        private readonly store: Store,
        tuning: Partial<StateFileTuning> = {},
    ) {
        this.tuning = { ...DEFAULT_STATE_FILE_TUNING, ...tuning };
    }

    journalPath(generation: number): string {
        return `${this.file}.journal.${generation}`;
    }

    /**
     * Fills the (empty) store from the snapshot and journals, after removing what an interrupted run left behind.
     * With `repair: false` nothing on disk is touched (to inspect the files of a running emulator).
     */
    load({ repair = true }: { repair?: boolean } = {}): LoadReport {
        const report: LoadReport = { removed: repair ? this.removeTempFiles() : [], replayedLines: 0 };
        this.loadSnapshot();
        const generations = this.journalGenerations();
        for (const generation of generations.filter((g) => g < this.snapshotGeneration)) {
            // Made obsolete by a compaction whose snapshot was renamed into place just before the crash.
            if (!repair) continue;
            rmSync(this.journalPath(generation), { force: true });
            report.removed.push(this.journalPath(generation));
        }
        const live = generations.filter((g) => g >= this.snapshotGeneration);
        live.forEach((generation, i) => {
            if (generation !== this.snapshotGeneration + i) {
                throw new Error(
                    `${this.journalPath(generation)}: journal generation ${generation} does not follow snapshot ` +
                        `generation ${this.snapshotGeneration} of ${this.file} (journal ${this.snapshotGeneration + i} ` +
                        `is missing); refusing to load a state with a gap. Move the state files away to start empty.`,
                );
            }
            const replayed = this.replayJournal(generation, i === live.length - 1, repair, report);
            report.replayedLines += replayed;
        });
        this.journalGeneration = live.at(-1) ?? this.snapshotGeneration;
        this.compactAtBytes = this.compactionBound();
        // What was just loaded is on disk already.
        this.store.takeChanges();
        return report;
    }

    /** Appends what changed since the last save as one journal line; may start a compaction. */
    save(): void {
        if (!this.store.hasChanges) return;
        const changes = this.store.takeChanges();
        try {
            this.append(this.entryOf(changes));
        } catch (e) {
            this.store.putBackChanges(changes);
            throw e;
        }
        if (this.compaction || this.journalBytes <= this.compactAtBytes) return;
        try {
            this.startCompaction();
        } catch (e) {
            // The change is journaled; a compaction that cannot start is retried later.
            this.compactionFailed(e);
        }
    }

    get compacting(): boolean {
        return this.compaction !== undefined;
    }

    /** Starts a compaction in the background (slices on later event-loop turns) unless one is under way. */
    compact(): void {
        this.save();
        if (!this.compaction) this.startCompaction();
    }

    /** Runs a whole compaction now (finishing the one under way, or starting one), without yielding. */
    private compactSync(): void {
        const compaction = this.compaction ?? this.startCompaction();
        while (!compaction.written) compaction.writeSlice(this.tuning.sliceBytes);
        syncFile(compaction.tmp);
        this.install(compaction);
    }

    /** On stop: saves, and leaves the whole state in the snapshot with no journal (when anything was journaled). */
    close(): void {
        this.save();
        // A compaction under way ends with changes in its new journal: then one more makes the journal empty.
        while (this.compaction || this.journalBytes > 0) this.compactSync();
        this.closeJournal();
        const current = this.journalPath(this.journalGeneration);
        if (statSize(current) === 0) rmSync(current, { force: true });
    }

    /** Closes the journal without saving or compacting: what a killed process leaves behind (tests). */
    closeAsIfKilled(): void {
        this.compaction?.closeFile();
        this.compaction = undefined;
        this.closeJournal();
    }

    // ------------------------------------------------------------------ journal

    private entryOf(changes: ChangeSet): JournalEntry {
        const entry: JournalEntry = { operationSeq: this.store.operationSeq };
        if (changes.cleared) entry.clear = true;
        for (const { namespace, kind, name } of changes.keys.values()) {
            const record = this.store.existingNs(namespace)?.records(kind).get(name);
            if (record) (entry.put ??= []).push({ ns: namespace, kind, record });
            else (entry.delete ??= []).push({ ns: namespace, kind, name });
        }
        return entry;
    }

    private append(entry: JournalEntry): void {
        const line = encodeLine(entry);
        writeAll(this.openJournal(), line);
        this.journalBytes += line.length;
    }

    private openJournal(): number {
        if (this.journalFd === undefined) {
            mkdirSync(dirname(this.file), { recursive: true });
            this.journalFd = openSync(this.journalPath(this.journalGeneration), "a");
        }
        return this.journalFd;
    }

    private closeJournal(): void {
        if (this.journalFd === undefined) return;
        closeSync(this.journalFd);
        this.journalFd = undefined;
    }

    /** Applies one journal file; returns its line count. Only the last journal may end in an incomplete line. */
    private replayJournal(generation: number, last: boolean, repair: boolean, report: LoadReport): number {
        const path = this.journalPath(generation);
        const data = readFileSync(path);
        let start = 0;
        let lineNumber = 0;
        let applied = 0;
        while (start < data.length) {
            lineNumber++;
            const end = data.indexOf(NEWLINE, start);
            const parsed = end < 0 ? { reason: "no newline at the end" } : parseLine(data.subarray(start, end));
            if ("reason" in parsed) {
                const isTail = last && (end < 0 || end === data.length - 1);
                if (!isTail) {
                    throw new Error(
                        `${path}:${lineNumber}: corrupt journal record (${parsed.reason}) followed by more records: ` +
                            "not a write cut short by a crash. Refusing to load rather than drop data; restore or " +
                            "move the state files away.",
                    );
                }
                if (repair) truncateSync(path, start);
                report.droppedTail = { file: path, line: lineNumber, bytes: data.length - start };
                break;
            }
            this.apply(parsed.entry, path);
            applied++;
            start = end + 1;
        }
        this.journalBytes += start;
        return applied;
    }

    private apply(entry: JournalEntry, path: string): void {
        if (entry.clear) this.store.clear();
        this.store.operationSeq = entry.operationSeq;
        for (const { ns, kind, record } of entry.put ?? [])
            this.knownKind(kind, path)(this.store.ns(ns)).set(record.name, record);
        for (const { ns, kind, name } of entry.delete ?? []) {
            const map = this.knownKind(kind, path);
            const namespace = this.store.existingNs(ns);
            if (namespace) map(namespace).delete(name);
        }
    }

    /**
     * The records of `kind` in a namespace. A kind the running emulator does not serve (a state file written with
     * another API enabled) stops the load: going on would drop those records at the next compaction.
     */
    private knownKind(kind: string, file: string): (ns: NamespaceState) => Map<string, StoredRecord> {
        if (!this.store.kinds.includes(kind)) {
            throw new Error(
                `${file}: holds records of kind '${kind}', which no API of this emulator stores (kinds: ` +
                    `${this.store.kinds.join(", ")}); start it with the API that wrote them (--api).`,
            );
        }
        return (ns) => ns.records(kind);
    }

    private journalGenerations(): number[] {
        const prefix = `${basename(this.file)}.journal.`;
        return listDirectory(dirname(this.file))
            .filter((name) => name.startsWith(prefix) && /^\d+$/.test(name.slice(prefix.length)))
            .map((name) => Number(name.slice(prefix.length)))
            .sort((a, b) => a - b);
    }

    // ------------------------------------------------------------------ snapshot

    private loadSnapshot(): void {
        let data: Buffer;
        try {
            data = readFileSync(this.file);
        } catch (e) {
            if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
            throw e;
        }
        let doc: SnapshotDocument;
        try {
            doc = JSON.parse(data.toString("utf8")) as SnapshotDocument;
        } catch (e) {
            // The snapshot is only ever replaced by a rename of a complete, synced file: this is not a crash.
            throw new Error(`${this.file}: not a readable state file (${(e as Error).message})`);
        }
        if (doc.formatVersion !== 1 && doc.formatVersion !== STATE_FORMAT_VERSION)
            throw new Error(`${this.file}: unsupported state format ${String(doc.formatVersion)}`);
        this.snapshotGeneration = doc.generation ?? 0;
        this.snapshotBytes = data.length;
        this.store.operationSeq = doc.operationSeq;
        for (const [namespace, kinds] of Object.entries(doc.namespaces)) {
            const ns = this.store.ns(namespace);
            for (const [kind, records] of Object.entries(kinds)) {
                const map = this.knownKind(kind, this.file);
                for (const r of records) map(ns).set(r.name, r);
            }
        }
    }

    private compactionBound(): number {
        return Math.max(this.tuning.minCompactionBytes, this.snapshotBytes);
    }

    private startCompaction(): Compaction {
        // Everything so far is in the current journal; make it durable before a new one takes over. Both journals
        // exist from here on, so the generations on disk never have a gap.
        fsyncSync(this.openJournal());
        this.closeJournal();
        this.journalGeneration++;
        this.openJournal();
        const compaction = new Compaction(
            this.store,
            this.journalGeneration,
            `${this.file}.${process.pid}.tmp`,
            this.journalBytes,
        );
        this.compaction = compaction;
        this.tuning.schedule(() => this.runScheduledSlice(compaction));
        return compaction;
    }

    private runScheduledSlice(compaction: Compaction): void {
        if (this.compaction !== compaction) return; // finished by close, or abandoned
        try {
            // Nothing may reach the snapshot before it is journaled (see the header comment).
            this.save();
            if (!compaction.writeSlice(this.tuning.sliceBytes)) {
                this.tuning.schedule(() => this.runScheduledSlice(compaction));
                return;
            }
        } catch (e) {
            this.abandonCompaction(compaction, e);
            return;
        }
        this.tuning.syncInBackground(compaction.tmp, (error) => {
            if (this.compaction !== compaction) return; // finished synchronously meanwhile (close), or abandoned
            try {
                if (error) throw error;
                this.install(compaction);
            } catch (e) {
                this.abandonCompaction(compaction, e);
            }
        });
    }

    /** Puts a written and synced snapshot in place; the journals before it are then obsolete. */
    private install(compaction: Compaction): void {
        renameSync(compaction.tmp, this.file);
        fsyncDirectory(dirname(this.file));
        for (const generation of this.journalGenerations()) {
            if (generation < compaction.generation) rmSync(this.journalPath(generation), { force: true });
        }
        this.snapshotGeneration = compaction.generation;
        this.snapshotBytes = statSize(this.file);
        this.journalBytes -= compaction.journalBytesBefore;
        this.compactAtBytes = this.compactionBound();
        this.compaction = undefined;
    }

    /**
     * A compaction that failed (disk full, say) is dropped: the journals still hold everything. The next attempt
     * waits until the journal has grown by another bound, so a persistent failure does not repeat on every save.
     */
    private abandonCompaction(compaction: Compaction, error: unknown): void {
        try {
            compaction.abandon();
        } finally {
            this.compactionFailed(error);
        }
    }

    private compactionFailed(error: unknown): void {
        this.compaction = undefined;
        this.compactAtBytes = this.journalBytes + this.compactionBound();
        process.emitWarning(`state file compaction of ${this.file} failed: ${(error as Error).message}`);
    }

    /** `state.json.<pid>.tmp` files: what a process killed while writing a snapshot leaves behind. */
    private removeTempFiles(): string[] {
        const prefix = `${basename(this.file)}.`;
        const removed: string[] = [];
        for (const name of listDirectory(dirname(this.file))) {
            if (name.startsWith(prefix) && /^\d+\.tmp$/.test(name.slice(prefix.length))) {
                const path = join(dirname(this.file), name);
                rmSync(path, { force: true });
                removed.push(path);
            }
        }
        return removed;
    }
}

function listDirectory(dir: string): string[] {
    try {
        return readdirSync(dir);
    } catch {
        return [];
    }
}

function statSize(path: string): number {
    try {
        return statSync(path).size;
    } catch {
        return 0;
    }
}
