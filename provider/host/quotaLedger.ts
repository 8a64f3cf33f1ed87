// Where a quota bucket's bookkeeping lives: in this process only (MemoryLedger), or in a lock-protected file that
// every provider process of this machine and user reads and writes (FileLedger, `aiplatform:quotaLedgerDir`). The
// coordinator's algorithm is the same on both; the file only widens whose sends and operations it can see. See
// docs/quota.md.

import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** Something that counts against a bucket: a request (sent `since`, answered `end`) or an operation slot. */
export interface Hold {
    /** The process (and coordinator) that holds it: `<pid>.<random>`. */
    readonly owner: string;
    readonly id: number;
    readonly since: number;
    /** When its answer arrived (requests only); absent while in flight. */
    end?: number;
}

/** A process waiting for the bucket, with the capacity it may use: the oldest one able to go goes first. */
export interface Ticket {
    readonly owner: string;
    readonly since: number;
    /** Last time its owner looked: tickets not refreshed for TICKET_TTL_MS belong to a process that went away. */
    seen: number;
    capacity: number;
}

export interface BucketState {
    holds: Hold[];
    tickets: Ticket[];
    /** The server said "not before": nobody sends before this time. */
    holdUntil: number;
}

export interface QuotaLedger {
    /** Runs `change` on the bucket's state atomically (with respect to every process sharing the ledger). */
    update<T>(key: string, change: (state: BucketState) => T): T;
    /** True when other processes may share the buckets (so waits must re-read the state now and then). */
    readonly shared: boolean;
}

/** A ticket not refreshed for this long is dropped: its process exited or hangs. */
export const TICKET_TTL_MS = 2000;

const emptyState = (): BucketState => ({ holds: [], tickets: [], holdUntil: 0 });

/** One process's buckets, in memory. */
export class MemoryLedger implements QuotaLedger {
    private readonly buckets = new Map<string, BucketState>();
    readonly shared: boolean;

    /** `shared`: several coordinators of this process use it, as processes would use one file (tests). */
    constructor(options: { shared?: boolean } = {}) {
        this.shared = options.shared ?? false;
    }

    update<T>(key: string, change: (state: BucketState) => T): T {
        let state = this.buckets.get(key);
        if (!state) this.buckets.set(key, (state = emptyState()));
        return change(state);
    }
}

/** The default directory of the shared ledger: per user, in the system's temporary directory. */
export function defaultLedgerDir(): string {
    let user = "user";
    try {
        user = String(os.userInfo().uid >= 0 ? os.userInfo().uid : os.userInfo().username);
    } catch {
        // No user database entry (some containers): one directory for everybody on the machine.
    }
    return path.join(os.tmpdir(), `pulumi-aiplatform-quota-${user}`);
}

const LOCK_STALE_MS = 5000;
const LOCK_GIVE_UP_MS = 2000;
const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Buckets in files of one directory, one JSON file per bucket, each change under an exclusive lock (a directory
 * created next to the file: atomic on every local file system). A lock older than LOCK_STALE_MS is one a crashed
 * process left and is broken. Changes are tiny (parse, edit, write a few KB), so waiting for the lock blocks the event
 * loop for a millisecond at most in practice; if the lock cannot be had within LOCK_GIVE_UP_MS, or the directory
 * cannot be written, the change runs on this process's memory instead (pacing goes on, only less informed).
 */
export class FileLedger implements QuotaLedger {
    readonly shared = true;
    private readonly fallback = new MemoryLedger();
    private warned = false;

    constructor(
        readonly dir: string,
        private readonly warn: (message: string) => void = () => {},
    ) {}

    fileOf(key: string): string {
        const readable = key.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 80);
        const digest = createHash("sha256").update(key).digest("hex").slice(0, 12);
        return path.join(this.dir, `${readable}-${digest}.json`);
    }

    update<T>(key: string, change: (state: BucketState) => T): T {
        const file = this.fileOf(key);
        const lock = `${file}.lock`;
        try {
            fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
            this.lock(lock);
        } catch (err) {
            return this.degrade(key, change, err);
        }
        try {
            let state = emptyState();
            try {
                state = { ...state, ...(JSON.parse(fs.readFileSync(file, "utf8")) as Partial<BucketState>) };
            } catch {
                // Absent, or cut short by a crash: start empty (at worst one window is under-counted).
            }
            const result = change(state);
            const temporary = `${file}.${process.pid}.tmp`;
            fs.writeFileSync(temporary, JSON.stringify(state), { mode: 0o600 });
            fs.renameSync(temporary, file);
            return result;
        } finally {
            fs.rmSync(lock, { recursive: true, force: true });
        }
    }

    private lock(lock: string): void {
        const started = Date.now();
        for (;;) {
            try {
                fs.mkdirSync(lock);
                return;
            } catch (err) {
                if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
            }
            try {
                if (Date.now() - fs.statSync(lock).mtimeMs > LOCK_STALE_MS)
                    fs.rmSync(lock, { recursive: true, force: true });
            } catch {
                // Released meanwhile.
            }
            if (Date.now() - started > LOCK_GIVE_UP_MS)
                throw new Error(`lock ${lock} held for over ${LOCK_GIVE_UP_MS} ms`);
            Atomics.wait(pause, 0, 0, 1);
        }
    }

    private degrade<T>(key: string, change: (state: BucketState) => T, err: unknown): T {
        if (!this.warned) {
            this.warned = true;
            this.warn(
                `quota ledger in ${this.dir} unusable (${err instanceof Error ? err.message : String(err)}); ` +
                    "pacing continues from this process's own counts and the server's answers",
            );
        }
        return this.fallback.update(key, change);
    }
}

/** Owner ids: `<pid>.<random>`, so a ledger can tell whether the process holding something still exists. */
export function newOwner(): string {
    return `${process.pid}.${Math.random().toString(36).slice(2, 10)}`;
}

export function ownerAlive(owner: string): boolean {
    const pid = Number(owner.split(".")[0]);
    if (!Number.isInteger(pid) || pid <= 0) return false;
    if (pid === process.pid) return true;
    try {
        process.kill(pid, 0);
        return true;
    } catch (err) {
        return (err as NodeJS.ErrnoException).code === "EPERM";
    }
}
