// What this process allows itself of a quota it shares with clients it cannot see: additive increase,
// multiplicative decrease (AIMD, as TCP shares a link). Every process that backs off by half on a refusal and grows
// back slowly converges to an equal share of the server's limit without talking to the others (docs/quota.md).

export class AdaptiveLimit {
    private current: number;
    /** When the last cut happened: a refusal of something sent before it answers the old pace, not the new one. */
    private cutAt = -Infinity;

    constructor(
        private ceiling: number,
        /** How slowly it grows back: each success adds `ceiling / (recoveryRounds × value)`. */
        private readonly recoveryRounds: number,
        private readonly floorOf: (ceiling: number) => number,
    ) {
        this.current = ceiling;
    }

    /** The allowance now, between the floor and the configured ceiling. */
    get value(): number {
        return this.current;
    }

    /** A new configured ceiling; an allowance that was not cut follows it. */
    setCeiling(ceiling: number): void {
        this.current = this.current >= this.ceiling ? ceiling : Math.min(this.current, ceiling);
        this.ceiling = ceiling;
    }

    /** The server refused something sent at `sentAt`: halve, once per round trip. */
    refused(sentAt: number, now: number): void {
        if (sentAt < this.cutAt) return;
        this.current = Math.max(this.floorOf(this.ceiling), this.current / 2);
        this.cutAt = now;
    }

    /**
     * A success: grows by `ceiling / (recoveryRounds × value)`, i.e. by `ceiling / recoveryRounds` for each
     * allowance's worth of successes (from half to full in about `recoveryRounds / 2` windows of full use).
     */
    succeeded(): void {
        if (this.current >= this.ceiling) return;
        this.current = Math.min(this.ceiling, this.current + this.ceiling / (this.recoveryRounds * this.current));
    }
}
