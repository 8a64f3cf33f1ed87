// Endpoint.trafficSplit rules (reference §2.1, §2.3, §2.4; PROTO-EP, PROTO-EPS): a split names only models
// deployed on the endpoint, each percentage is 0..100, and a non-empty split sums to 100. Pure functions.

import type { ApiError } from "../core/errors";
import { vertexInvalidField, vertexPrecondition } from "./errors";

/** deployedModelId -> percentage of the endpoint's traffic. */
export type TrafficSplit = Readonly<Record<string, number>>;

/** The key a deployModel split uses for the model being deployed (PROTO-EPS DeployModelRequest.traffic_split). */
export const NEW_DEPLOYMENT_KEY = "0";

function sum(split: TrafficSplit): number {
    return Object.values(split).reduce((a, b) => a + b, 0);
}

function isEmpty(split: TrafficSplit | undefined): boolean {
    return split === undefined || Object.keys(split).length === 0;
}

/** Keys in a stable (numeric, then lexical) order, so routing and rendering never depend on insertion order. */
export function orderedIds(split: TrafficSplit): string[] {
    return Object.keys(split).sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
}

function copy(split: TrafficSplit): Record<string, number> {
    const out: Record<string, number> = {};
    for (const id of orderedIds(split)) out[id] = split[id];
    return out;
}

/**
 * Check a split against the deployed model IDs it may name. `allowed` holds the IDs (plus "0" on deploy).
 * Errors name the field, the offending key or total, and what would be valid.
 */
export function checkSplit(field: string, split: TrafficSplit, allowed: readonly string[], endpoint: string): void {
    for (const [id, percent] of Object.entries(split)) {
        if (!allowed.includes(id)) {
            const valid = allowed.length === 0 ? "none are deployed" : `deployed: ${allowed.join(", ")}`;
            throw vertexInvalidField(
                field,
                `Traffic split names deployed model "${id}", which is not deployed on endpoint ${endpoint} (${valid}).`,
            );
        }
        if (!Number.isInteger(percent) || percent < 0 || percent > 100) {
            throw vertexInvalidField(
                field,
                `Traffic percentage for deployed model "${id}" is ${percent}; it must be an integer from 0 to 100.`,
            );
        }
    }
    const total = sum(split);
    if (!isEmpty(split) && total !== 100) {
        throw vertexInvalidField(field, `Traffic split must sum to 100, but the given percentages sum to ${total}.`);
    }
}

/**
 * The endpoint's split after deploying `newId`. An empty or absent request split leaves the split as it is
 * (so the new model gets 0 %, and a first deployment leaves the endpoint without traffic: BEHAVIOUR.md);
 * a non-empty one replaces it, with key "0" standing for the new model.
 */
export function splitAfterDeploy(
    current: TrafficSplit,
    requested: TrafficSplit | undefined,
    deployedBefore: readonly string[],
    newId: string,
    endpoint: string,
): TrafficSplit {
    if (requested === undefined || isEmpty(requested)) return copy(current);
    checkSplit("traffic_split", requested, [...deployedBefore, NEW_DEPLOYMENT_KEY], endpoint);
    const out: Record<string, number> = {};
    for (const [id, percent] of Object.entries(requested)) out[id === NEW_DEPLOYMENT_KEY ? newId : id] = percent;
    return copy(out);
}

/** Why an undeploy is refused: the model still has traffic and the request's split does not take it away. */
export function undeployWithTraffic(endpoint: string, id: string, percent: number): ApiError {
    return vertexPrecondition(
        `Deployed model ${id} has ${percent}% of the traffic of endpoint ${endpoint}, and a model with traffic ` +
            "cannot be undeployed. Give a traffic_split that moves its traffic to the other deployed models, " +
            "or update the endpoint's traffic split first.",
    );
}

/**
 * The endpoint's split after undeploying `removedId` (PROTO-EPS UndeployModelRequest): a given split
 * overwrites the endpoint's and may give the removed model 0 %; without one the model must already have 0 %.
 * Undeploying the last model always empties the split.
 */
export function splitAfterUndeploy(
    current: TrafficSplit,
    requested: TrafficSplit | undefined,
    deployedBefore: readonly string[],
    removedId: string,
    endpoint: string,
): TrafficSplit {
    const remaining = deployedBefore.filter((id) => id !== removedId);
    if (remaining.length === 0) return {};
    const base = requested === undefined || isEmpty(requested) ? current : requested;
    if (base !== current) checkSplit("traffic_split", base, deployedBefore, endpoint);
    const left = base[removedId] ?? 0;
    if (left > 0) throw undeployWithTraffic(endpoint, removedId, left);
    const out: Record<string, number> = {};
    for (const [id, percent] of Object.entries(base)) if (id !== removedId) out[id] = percent;
    return copy(out);
}

/** A split set by PATCH (updateMask traffic_split): names deployed models only; sums to 100 or is empty. */
export function splitAfterPatch(
    requested: TrafficSplit | undefined,
    deployed: readonly string[],
    endpoint: string,
): TrafficSplit {
    const split = requested ?? {};
    checkSplit("endpoint.traffic_split", split, deployed, endpoint);
    return copy(split);
}

/**
 * The deployed model a request is routed to: `draw` is uniform in [0, 1) (a seeded PRNG), walked over the
 * split's percentages in `order` (default: ID order). Predict passes the endpoint's deployment order, so the same
 * draws pick the same deployments whatever IDs the server generated. Undefined when the split is empty.
 */
export function routeByTraffic(
    split: TrafficSplit,
    draw: number,
    order: readonly string[] = orderedIds(split),
): string | undefined {
    const ids = [...order.filter((id) => id in split), ...orderedIds(split).filter((id) => !order.includes(id))].filter(
        (id) => (split[id] ?? 0) > 0,
    );
    if (ids.length === 0) return undefined;
    let point = draw * sum(split);
    for (const id of ids) {
        point -= split[id];
        if (point < 0) return id;
    }
    return ids[ids.length - 1];
}
