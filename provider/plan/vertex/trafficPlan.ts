// Pure traffic planning for Vertex AI endpoints: where a deployment's share goes when it is undeployed. The API
// refuses to undeploy a deployed model that still has traffic unless the request's split takes it away, and an
// endpoint must never be left serving nothing while it has deployed models.

/**
 * The split after `removed` leaves: its share handed to the remaining deployed models in proportion to theirs
 * (all to the first remaining one when none has any), rounded by largest remainder so the sum stays 100.
 * Undefined when no split needs to be sent: `removed` has no traffic, or no other model is deployed (undeploying
 * the last model empties the split by itself).
 */
export function splitWithout(
    split: Readonly<Record<string, number>>,
    deployedIds: readonly string[],
    removed: string,
): Record<string, number> | undefined {
    const share = split[removed] ?? 0;
    const remaining = deployedIds.filter((id) => id !== removed);
    if (share === 0 || remaining.length === 0) return undefined;
    const total = remaining.reduce((sum, id) => sum + (split[id] ?? 0), 0);
    const weights = remaining.map((id) => (total === 0 ? (id === remaining[0] ? 1 : 0) : (split[id] ?? 0) / total));
    const exact = weights.map((w) => w * 100);
    const floors = exact.map(Math.floor);
    let left = 100 - floors.reduce((a, b) => a + b, 0);
    const order = exact.map((e, i) => ({ i, rest: e - floors[i] })).sort((a, b) => b.rest - a.rest || a.i - b.i);
    for (const { i } of order) {
        if (left === 0) break;
        floors[i] += 1;
        left -= 1;
    }
    return Object.fromEntries(remaining.map((id, i) => [id, floors[i]]));
}

/** True when the endpoint sends traffic anywhere (a split that sums to more than 0). */
export function hasTraffic(split: Readonly<Record<string, number>> | undefined): boolean {
    return Object.values(split ?? {}).some((percent) => percent > 0);
}
