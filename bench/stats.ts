// Figures the benchmark sections share.

/** The q-quantile of xs (the element at floor(q × n) of the sorted values); NaN for none. */
export function quantile(xs: readonly number[], q: number): number {
    const sorted = [...xs].sort((a, b) => a - b);
    return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

export const median = (xs: readonly number[]) => quantile(xs, 0.5);
