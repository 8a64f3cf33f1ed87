// Endpoint traffic split rules (reference §2.3, §2.4): deploy, undeploy, patch and routing, one row per rule.

import {
    routeByTraffic,
    splitAfterDeploy,
    splitAfterPatch,
    splitAfterUndeploy,
    type TrafficSplit,
} from "../../../emulator/vertex/traffic";
import { refusal } from "../../helpers/vertexRefusal";

const E = "projects/1/locations/us-central1/endpoints/e";

describe("deployModel traffic split", () => {
    test.each<[string, TrafficSplit, TrafficSplit | undefined, string[], TrafficSplit]>([
        ["first deploy with {0:100} gives the new model all traffic", {}, { "0": 100 }, [], { "9": 100 }],
        ["first deploy without a split leaves the endpoint without traffic", {}, undefined, [], {}],
        ["first deploy with an empty split leaves the endpoint without traffic", {}, {}, [], {}],
        [
            "a later deploy without a split keeps the split (new model at 0 %)",
            { "1": 100 },
            undefined,
            ["1"],
            { "1": 100 },
        ],
        ["a canary split replaces the split", { "1": 100 }, { "1": 90, "0": 10 }, ["1"], { "1": 90, "9": 10 }],
        [
            "a split may move everything to the new model",
            { "1": 100 },
            { "0": 100, "1": 0 },
            ["1"],
            { "1": 0, "9": 100 },
        ],
    ])("%s", (_name, current, requested, deployed, expected) => {
        expect(splitAfterDeploy(current, requested, deployed, "9", E)).toEqual(expected);
    });

    test.each<[string, TrafficSplit, string[], RegExp]>([
        [
            "a split that sums to 50",
            { "0": 50 },
            [],
            /Traffic split must sum to 100, but the given percentages sum to 50/,
        ],
        ["a split that sums to 110", { "1": 100, "0": 10 }, ["1"], /sum to 110/],
        [
            "a key that is not deployed",
            { "7": 50, "0": 50 },
            ["1"],
            /names deployed model "7", which is not deployed on endpoint .*deployed: 1/,
        ],
        ["a negative percentage", { "1": 110, "0": -10 }, ["1"], /"0" is -10; it must be an integer from 0 to 100/],
    ])("refuses %s with INVALID_ARGUMENT on traffic_split", (_name, requested, deployed, message) => {
        const r = refusal(() => splitAfterDeploy({}, requested, deployed, "9", E));
        expect(r).toMatchObject({ status: "INVALID_ARGUMENT", field: "traffic_split" });
        expect(r.message).toMatch(/^List of found errors:\t1\.Field: traffic_split; Message: /);
        expect(r.message).toMatch(message);
    });
});

describe("undeployModel traffic split", () => {
    test.each<[string, TrafficSplit, TrafficSplit | undefined, string[], string, TrafficSplit]>([
        ["the last model, even at 100 %, leaves an empty split", { "1": 100 }, undefined, ["1"], "1", {}],
        ["the last model with a split given still leaves it empty", { "1": 100 }, { "1": 100 }, ["1"], "1", {}],
        ["a model at 0 % goes without a split", { "1": 100, "2": 0 }, undefined, ["1", "2"], "2", { "1": 100 }],
        ["a model absent from the split goes without a split", { "1": 100 }, undefined, ["1", "2"], "2", { "1": 100 }],
        ["a split that takes the traffic away allows it", { "1": 100 }, { "2": 100 }, ["1", "2"], "1", { "2": 100 }],
        [
            "a split naming the removed model at 0 % allows it",
            { "1": 100 },
            { "1": 0, "2": 100 },
            ["1", "2"],
            "1",
            { "2": 100 },
        ],
    ])("%s", (_name, current, requested, deployed, removed, expected) => {
        expect(splitAfterUndeploy(current, requested, deployed, removed, E)).toEqual(expected);
    });

    test.each<[string, TrafficSplit, TrafficSplit | undefined, string, RegExp]>([
        [
            "a model with traffic and no split",
            { "1": 60, "2": 40 },
            undefined,
            "FAILED_PRECONDITION",
            /Deployed model 1 has 60% of the traffic/,
        ],
        [
            "a split that leaves it traffic",
            { "1": 100 },
            { "1": 50, "2": 50 },
            "FAILED_PRECONDITION",
            /Deployed model 1 has 50%/,
        ],
        ["a split not summing to 100", { "1": 100 }, { "2": 90 }, "INVALID_ARGUMENT", /sum to 90/],
        [
            "a split naming an unknown model",
            { "1": 100 },
            { "3": 100 },
            "INVALID_ARGUMENT",
            /"3", which is not deployed/,
        ],
    ])("refuses %s", (_name, current, requested, status, message) => {
        const r = refusal(() => splitAfterUndeploy(current, requested, ["1", "2"], "1", E));
        expect(r.status).toBe(status);
        expect(r.message).toMatch(message);
    });
});

describe("patch traffic split", () => {
    test.each<[string, TrafficSplit | undefined, TrafficSplit]>([
        ["an empty split (clear) is allowed", {}, {}],
        ["an absent split (mask only, --clear-traffic-split) clears it", undefined, {}],
        ["a split over deployed models summing to 100", { "2": 30, "1": 70 }, { "1": 70, "2": 30 }],
    ])("%s", (_name, requested, expected) => {
        expect(splitAfterPatch(requested, ["1", "2"], E)).toEqual(expected);
    });

    test.each<[string, TrafficSplit, RegExp]>([
        ["key 0 is only for deploys", { "0": 100 }, /"0", which is not deployed/],
        ["a sum of 99", { "1": 99 }, /sum to 99/],
    ])("refuses %s on endpoint.traffic_split", (_name, requested, message) => {
        const r = refusal(() => splitAfterPatch(requested, ["1", "2"], E));
        expect(r).toMatchObject({ status: "INVALID_ARGUMENT", field: "endpoint.traffic_split" });
        expect(r.message).toMatch(message);
    });
});

describe("routing by traffic", () => {
    test.each<[string, TrafficSplit, number, string | undefined]>([
        ["an empty split routes nowhere", {}, 0.5, undefined],
        ["a split of zeros routes nowhere", { "1": 0 }, 0.5, undefined],
        ["100 % goes to that model", { "1": 100, "2": 0 }, 0.999, "1"],
        ["draws below the first share go to the lower ID", { "10": 50, "9": 50 }, 0.49, "9"],
        ["draws above it go to the next ID", { "10": 50, "9": 50 }, 0.5, "10"],
    ])("%s", (_name, split, draw, expected) => {
        expect(routeByTraffic(split, draw)).toBe(expected);
    });

    test("shares follow the split over many evenly spread draws", () => {
        const counts: Record<string, number> = {};
        for (let i = 0; i < 1000; i++) {
            const id = routeByTraffic({ a: 90, b: 10 }, i / 1000) as string;
            counts[id] = (counts[id] ?? 0) + 1;
        }
        expect(counts).toEqual({ a: 900, b: 100 });
    });
});

test("routing follows the given deployment order, not the IDs, so server-generated IDs do not change the picks", () => {
    expect(routeByTraffic({ "9": 90, "10": 10 }, 0.05, ["10", "9"])).toBe("10");
    expect(routeByTraffic({ "9": 90, "10": 10 }, 0.05, ["9", "10"])).toBe("9");
});
