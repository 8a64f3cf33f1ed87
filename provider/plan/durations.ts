// Pulumi's `customTimeouts` values are Go duration strings ("30m", "1h30m", "90s", "1.5h"), as the engine parses
// them (time.ParseDuration). The resource classes turn them into per-step operation deadlines.

const UNIT_SECONDS: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** Seconds in a Go duration string, or undefined when it is not one (or not positive). */
export function durationSeconds(value: string): number | undefined {
    const text = value.trim();
    if (!/^(\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)((\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h))*$/.test(text)) {
        return undefined;
    }
    let total = 0;
    for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g)) {
        total += Number(amount) * UNIT_SECONDS[unit];
    }
    return total > 0 ? total : undefined;
}

export type TimeoutStep = "create" | "update" | "delete";

/** Deadlines per step in seconds, from a resource's `customTimeouts` option. */
export type StepTimeouts = Partial<Record<TimeoutStep, number>>;
