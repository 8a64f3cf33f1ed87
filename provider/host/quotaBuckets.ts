// The two kinds of quota a coordinator lives within, each one bucket of a ledger (quotaLedger.ts):
// - RequestBucket: requests per sliding window (ml: 300 per minute per project; Vertex: 600 per minute per project
//   and region, and 60 LRO submissions), sent at an even pace (no burst of a whole window) under what this process
//   allows itself (AdaptiveLimit: halved on a 429, grown back with successes), never before the server's "retry
//   after", and counted in the ledger together with the sends of every process sharing it.
// - SlotGate: operations in flight (ml: 10 version creates/deletes per project), queued in arrival order, with the
//   same ledger and adaptive allowance (halved on the concurrent-operations refusal), and what the server's list of
//   the project's unfinished operations says (the census): the operations of everyone else, seen or not in a ledger,
//   are not started into, and a refused start is retried when the list shows a slot free instead of blindly.
// Between processes sharing a ledger, tickets decide who goes next: the process that has waited longest among those
// able to go, so every process gets its turn (round robin). See docs/quota.md.

import { AdaptiveLimit } from "./adaptiveLimit";
import type { Clock } from "./polling";
import { type BucketState, type Hold, ownerAlive, type QuotaLedger, TICKET_TTL_MS } from "./quotaLedger";

/** Thrown to everyone still queued when the coordinator shuts down, and when a queue wait outlives its bound. */
export class CoordinatorWaitError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "CoordinatorWaitError";
    }
}

/** How often a process waiting on a shared ledger looks again (others' sends and releases wake nobody here). */
export const LEDGER_POLL_MS = 50;
/** At most this share of the allowance goes out at once; the rest at an even pace over the window. */
export const BURST_SHARE = 0.05;
/** A request in flight of a live process counts for at most this long (the client's attempt timeout is 60 s). */
const STUCK_REQUEST_MS = 120_000;

/** What the server answered to one attempt, as far as quotas are concerned. */
export interface AttemptAnswer {
    /** The quota that refused it: the request rate (429), or the concurrent operations (403). */
    readonly refusedBy?: "requests" | "operations";
    /** The server's "retry after" (RetryInfo.retryDelay or Retry-After), in ms. */
    readonly retryDelayMs?: number;
}

/** Called when an attempt's answer (or failure) arrived. */
export type Answered = (answer?: AttemptAnswer) => void;

export interface BucketContext {
    readonly ledger: QuotaLedger;
    /** This coordinator in the ledger. */
    readonly owner: string;
    readonly clock: Clock;
    /** Why nothing may start any more (shutdown), if so. */
    readonly closedReason: () => string | undefined;
}

type Verdict = { readonly id: number } | { readonly waitMs: number };

/** Drops what belongs to processes that went away, and tickets nobody refreshed. */
function prune(state: BucketState, context: BucketContext, now: number, expired: (h: Hold) => boolean): void {
    const alive = new Map<string, boolean>([[context.owner, true]]);
    const isAlive = (owner: string) => {
        let known = alive.get(owner);
        if (known === undefined) alive.set(owner, (known = ownerAlive(owner)));
        return known;
    };
    state.holds = state.holds.filter((h) => !expired(h) && isAlive(h.owner));
    state.tickets = state.tickets.filter((t) => t.seen + TICKET_TTL_MS > now && isAlive(t.owner));
}

/**
 * Takes one unit of `capacity` if there is room for it after one unit for each process that has waited longer while
 * able to go (its capacity exceeds what is used): with room to spare nobody waits for anybody, and when the last
 * units are scarce the processes take turns, longest waiting first. Else undefined (the ticket stays, refreshed).
 */
function takeTurn(state: BucketState, context: BucketContext, now: number, capacity: number): Verdict | undefined {
    const me = context.owner;
    let mine = state.tickets.find((t) => t.owner === me);
    if (!mine) state.tickets.push((mine = { owner: me, since: now, seen: now, capacity }));
    mine.seen = now;
    mine.capacity = capacity;
    const used = state.holds.length;
    const order = state.tickets.indexOf(mine);
    const ahead = state.tickets.filter(
        (t, i) => t !== mine && t.capacity > used && (t.since < mine.since || (t.since === mine.since && i < order)),
    ).length;
    if (used + ahead >= capacity) return undefined;
    state.tickets = state.tickets.filter((t) => t !== mine);
    const id = (state.holds.reduce((max, h) => Math.max(max, h.id), 0) % 1e9) + 1;
    state.holds.push({ owner: me, id, since: now });
    return { id };
}

/** Whether anyone but this owner appears in the bucket (then waits must re-read it: nobody else wakes us). */
const hasOthers = (state: BucketState, me: string) =>
    state.holds.some((h) => h.owner !== me) || state.tickets.some((t) => t.owner !== me);

export interface RateLimits {
    /** Requests per window (0 = unpaced). */
    readonly perWindow: number;
    readonly windowMs: number;
    /** The share of `perWindow` that may go out at once (default BURST_SHARE); the rest at an even pace. */
    readonly burstShare?: number;
}

export class RequestBucket {
    private chain: Promise<void> = Promise.resolve();
    /** Aborted when one of this process's requests is answered, to wake a turn waiting for one. */
    private ended = new AbortController();
    readonly allowance: AdaptiveLimit;
    private tokens: number | undefined;
    private refilledAt = 0;

    constructor(
        /** The ledger key, e.g. `ml.googleapis.com|my-project|*|requests`. */
        readonly key: string,
        private limits: RateLimits,
        private readonly context: BucketContext,
    ) {
        // Back from half to full in about two windows of full use; never below a twentieth.
        this.allowance = new AdaptiveLimit(limits.perWindow, 4, (c) => Math.max(1, Math.ceil(c / 20)));
    }

    setLimits(limits: RateLimits): void {
        this.limits = limits;
        this.allowance.setCeiling(limits.perWindow);
    }

    /** Resolves when one more request may be sent (first come, first served), with the function to call on its answer. */
    pace(): Promise<Answered> {
        const turn = this.chain.then(() => this.takeRequestTurn());
        // A failed turn (shutdown) must not block the ones behind it.
        this.chain = turn.then(
            () => undefined,
            () => undefined,
        );
        return turn;
    }

    private async takeRequestTurn(): Promise<Answered> {
        const { clock, ledger } = this.context;
        for (;;) {
            const closed = this.context.closedReason();
            if (closed) throw new CoordinatorWaitError(`${closed}; request not sent`);
            const { perWindow, windowMs } = this.limits;
            if (perWindow === 0) return () => {};
            const now = clock.now();
            const paceWait = this.evenPaceWait(now);
            if (paceWait > 0) {
                await clock.sleep(paceWait);
                continue;
            }
            const capacity = Math.max(1, Math.floor(this.allowance.value));
            const verdict = ledger.update(this.key, (state): Verdict => {
                prune(state, this.context, now, (h) =>
                    h.end === undefined ? h.since + STUCK_REQUEST_MS <= now : h.end + windowMs <= now,
                );
                if (state.holdUntil > now) return { waitMs: state.holdUntil - now };
                const taken = takeTurn(state, this.context, now, capacity);
                if (taken) return taken;
                // Full: until the first answered request leaves the window (or one in flight is answered).
                const expiries = state.holds
                    .filter((h) => h.end !== undefined)
                    .map((h) => (h.end as number) + windowMs);
                let waitMs =
                    state.holds.length >= capacity ? Math.min(now + windowMs, ...expiries) - now : LEDGER_POLL_MS;
                if (ledger.shared && hasOthers(state, this.context.owner)) waitMs = Math.min(waitMs, LEDGER_POLL_MS);
                return { waitMs: Math.max(1, waitMs) };
            });
            if ("id" in verdict) {
                this.tokens = (this.tokens as number) - 1;
                return this.answeredFn(verdict.id, now);
            }
            await clock.sleep(verdict.waitMs, this.ended.signal);
        }
    }

    /** Token bucket: `allowance` per window, at most `burstShare` of it at once (one at least). */
    private evenPaceWait(now: number): number {
        const rate = this.allowance.value / this.limits.windowMs;
        const depth = Math.max(1, Math.floor(this.allowance.value * (this.limits.burstShare ?? BURST_SHARE)));
        this.tokens = Math.min(depth, this.tokens === undefined ? depth : this.tokens + (now - this.refilledAt) * rate);
        this.refilledAt = now;
        return this.tokens >= 1 ? 0 : Math.ceil((1 - this.tokens) / rate);
    }

    private answeredFn(id: number, sentAt: number): Answered {
        return (answer) => {
            const { clock, ledger, owner } = this.context;
            const at = clock.now();
            const refused = answer?.refusedBy === "requests";
            ledger.update(this.key, (state) => {
                const hold = state.holds.find((h) => h.owner === owner && h.id === id);
                if (hold) hold.end = at;
                // "Not before": for every process of the ledger (the quota is the project's, not ours).
                if (refused && answer?.retryDelayMs)
                    state.holdUntil = Math.max(state.holdUntil, at + answer.retryDelayMs);
            });
            if (refused) this.allowance.refused(sentAt, at);
            else this.allowance.succeeded();
            this.ended.abort();
            this.ended = new AbortController();
        };
    }
}

interface SlotWaiter {
    readonly grant: (release: () => void) => void;
    readonly refuse: (err: Error) => void;
}

/** What one list of the project's unfinished operations said (ml: an operation watcher's list, per endpoint). */
export interface OperationsCensus {
    /** Unfinished operations the concurrent-operations quota counts, of every client of the project. */
    readonly running: number;
    /** How many of them are this process's own. */
    readonly mine: number;
}

/**
 * A census counts for this many of the lister's intervals, and at least this long (a list under load may take longer
 * than a short interval); older, the gate goes by its allowance alone.
 */
const CENSUS_FRESH_INTERVALS = 3;
const CENSUS_FRESH_MIN_MS = 1000;
/**
 * How long a start with no fresh census (the first, or the first after a quiet spell) waits for one at most (a lister
 * that cannot list says so at once).
 */
const CENSUS_WAIT_INTERVALS = 10;
const CENSUS_WAIT_MIN_MS = 2000;

export class SlotGate {
    private readonly queue: SlotWaiter[] = [];
    private inFlight = 0;
    readonly allowance: AdaptiveLimit;
    private polling = false;
    /** The newest census of each lister (an endpoint's watcher), with when it was taken and its interval. */
    private readonly censuses = new Map<string, OperationsCensus & { readonly at: number; readonly freshMs: number }>();
    /** Refused starts waiting for a census with a free slot, oldest first. */
    private readonly roomWaiters: Array<() => void> = [];
    /** Starts the newest census still allows before the next one (half of its free slots). */
    private censusBudget = 0;
    /** Until when nothing starts without a fresh census (a process does not start blind into others' slots). */
    private censusDueBy: number | undefined;
    /** False once the lister said it cannot list, until a census arrives after all. */
    private listable = true;

    constructor(
        readonly key: string,
        private limit: number,
        private readonly context: BucketContext,
        private readonly describe: (limit: number) => string,
    ) {
        // Slots are few and operations long: one more slot per allowance's worth of finished operations.
        this.allowance = new AdaptiveLimit(limit, 10, () => 1);
    }

    setLimit(limit: number): void {
        this.limit = limit;
        this.allowance.setCeiling(limit);
        this.grant();
    }

    get operations(): { inFlight: number; queued: number } {
        return { inFlight: this.inFlight, queued: this.queue.length };
    }

    /**
     * A list of the project's unfinished operations by `lister`, taken every `intervalMs` while wanted: wakes as many
     * refused starts as it shows free slots (each is sent again), then grants queued operations the room left.
     */
    observe(lister: string, census: OperationsCensus, intervalMs: number): void {
        const now = this.context.clock.now();
        const freshMs = Math.max(CENSUS_FRESH_MIN_MS, CENSUS_FRESH_INTERVALS * intervalMs);
        this.censuses.set(lister, { ...census, at: now, freshMs });
        this.listable = true;
        this.censusDueBy = undefined;
        const seen = this.census(now);
        if (seen && this.limit > 0) {
            // Every client of the project sees the same free slots at about the same time (and one that starts
            // with us sees none of ours yet): take half of them per look, so that two that look at once do not both
            // send into the same slots. Alone, this process takes them all within a few looks.
            const free = Math.max(0, this.limit - seen.running);
            this.censusBudget = Math.ceil(free / 2);
            // A refused start goes again only within what this process allows itself (lowered by refusals: a
            // server whose limit is lower than configured is learnt as before, not probed at every look).
            let allowed = Math.floor(this.allowance.value) - seen.mine;
            while (this.censusBudget > 0 && allowed-- > 0 && this.roomWaiters.length > 0) {
                this.censusBudget--;
                this.roomWaiters.shift()?.();
            }
        }
        this.grant();
    }

    /**
     * A lister will report (its next list within `intervalMs`): with no fresh census (the first start, or the first
     * after a quiet spell), operations wait for one, until the lister says it cannot list or ten intervals (2 s at
     * least) have passed, instead of starting into slots nobody has looked at lately.
     */
    expectCensus(intervalMs: number): void {
        const now = this.context.clock.now();
        if (!this.listable || this.census(now) || (this.censusDueBy !== undefined && now < this.censusDueBy)) return;
        this.censusDueBy = now + Math.max(CENSUS_WAIT_MIN_MS, CENSUS_WAIT_INTERVALS * intervalMs);
    }

    /** The lister cannot list (e.g. no permission to): no census will come; the allowance alone decides. */
    censusUnavailable(): void {
        this.listable = false;
        this.censusDueBy = undefined;
        this.censuses.clear();
        this.grant();
    }

    /** Whether a census helps now: operations of this process hold slots or wait for one. */
    get wantsCensus(): boolean {
        return this.inFlight + this.queue.length > 0;
    }

    /** The fresh censuses together, or undefined when none is fresh (nobody lists, or the list is not allowed). */
    private census(now: number): OperationsCensus | undefined {
        let running = 0;
        let mine = 0;
        let fresh = false;
        for (const c of this.censuses.values()) {
            if (c.at + c.freshMs < now) continue;
            fresh = true;
            running += c.running;
            mine += c.mine;
        }
        return fresh ? { running, mine } : undefined;
    }

    /** Whether a fresh census tells this gate what the server holds. */
    get informed(): boolean {
        return this.census(this.context.clock.now()) !== undefined;
    }

    /**
     * After a concurrent-operations refusal: resolves when a census shows a slot free for this start (first refused,
     * first woken), or after `maxMs` at the latest (nobody lists, or the list never shows room: retry anyway).
     */
    awaitRoom(maxMs: number): Promise<void> {
        const { clock } = this.context;
        const guard = new AbortController();
        const wake = () => guard.abort();
        this.roomWaiters.push(wake);
        return clock.sleep(maxMs, guard.signal).then(() => {
            const waiting = this.roomWaiters.indexOf(wake);
            if (waiting >= 0) this.roomWaiters.splice(waiting, 1);
        });
    }

    /** Resolves with the slot's release function; queued in arrival order, the wait bounded by `maxQueueMs`. */
    acquire(what: string, maxQueueMs: number): Promise<() => void> {
        const closed = this.context.closedReason();
        if (closed) return Promise.reject(new CoordinatorWaitError(`${closed}; ${what} not started`));
        const { clock } = this.context;
        return new Promise<() => void>((resolve, reject) => {
            const queuedAt = clock.now();
            const guard = new AbortController();
            const waiter: SlotWaiter = {
                grant: (release) => {
                    guard.abort();
                    resolve(release);
                },
                refuse: (err) => {
                    guard.abort();
                    reject(err);
                },
            };
            this.queue.push(waiter);
            void clock.sleep(maxQueueMs, guard.signal).then(() => {
                if (guard.signal.aborted) return;
                this.queue.splice(this.queue.indexOf(waiter), 1);
                const waited = Math.round((clock.now() - queuedAt) / 1000);
                waiter.refuse(new CoordinatorWaitError(`${what} waited ${waited}s for ${this.describe(this.limit)}`));
            });
            this.grant();
        });
    }

    /** Grants queued waiters while there is room; on a shared ledger, looks again later if others hold the rest. */
    grant(): void {
        const { clock, ledger, owner } = this.context;
        while (this.queue.length > 0) {
            if (this.limit === 0) {
                this.inFlight++;
                this.queue.shift()?.grant(() => this.release(undefined));
                continue;
            }
            const allowed = Math.max(1, Math.min(this.limit, Math.floor(this.allowance.value)));
            if (this.inFlight >= allowed) return; // a release of ours wakes us
            const now = clock.now();
            const census = this.census(now);
            if (!census && this.censusDueBy !== undefined && now < this.censusDueBy) {
                this.pollLater(this.censusDueBy - now); // the census wakes us earlier
                return;
            }
            let others = false;
            let crowded = false;
            const taken = ledger.update(this.key, (state) => {
                prune(state, this.context, now, () => false);
                // The server's other operations that the ledger does not show (other machines, gcloud): not ours to
                // take. A slot the ledger gave someone counts once, whether or not the list shows it yet.
                const ledgerOthers = state.holds.filter((h) => h.owner !== owner).length;
                const outsiders = census ? Math.max(0, census.running - census.mine - ledgerOthers) : 0;
                const capacity = Math.min(allowed, this.limit - outsiders);
                const spent = census !== undefined && this.censusBudget <= 0;
                crowded = (state.holds.length >= capacity && outsiders > 0) || spent;
                const verdict = capacity > 0 && !spent ? takeTurn(state, this.context, now, capacity) : undefined;
                others = hasOthers(state, owner);
                return verdict;
            });
            if (!taken || !("id" in taken)) {
                // Held back by others: the next census (or release, or ledger read) looks again.
                if ((ledger.shared && others) || crowded) this.pollLater();
                return;
            }
            this.inFlight++;
            this.censusBudget--;
            this.queue.shift()?.grant(() => this.release(taken.id));
        }
    }

    private pollLater(ms = LEDGER_POLL_MS): void {
        if (this.polling) return;
        this.polling = true;
        void this.context.clock.sleep(ms).then(() => {
            this.polling = false;
            if (!this.context.closedReason()) this.grant();
        });
    }

    private release(id: number | undefined): void {
        this.inFlight--;
        if (id !== undefined) {
            const { ledger, owner } = this.context;
            ledger.update(this.key, (state) => {
                state.holds = state.holds.filter((h) => !(h.owner === owner && h.id === id));
            });
        }
        this.grant();
    }

    /** Refuses everything queued (shutdown). */
    refuseAll(reason: string): void {
        for (const waiter of this.queue.splice(0)) waiter.refuse(new CoordinatorWaitError(reason));
    }
}
