// Where an undeployed deployment's traffic goes: table of splits before and after.

import { hasTraffic, splitWithout } from "../../provider/plan/vertex/trafficPlan";

test.each<[string, Record<string, number>, string[], string, Record<string, number> | undefined]>([
    ["no traffic: nothing to send", { a: 100, b: 0 }, ["a", "b"], "b", undefined],
    ["the last deployed model: the API empties the split", { a: 100 }, ["a"], "a", undefined],
    ["all of it to the only other one", { a: 100, b: 0 }, ["a", "b"], "a", { b: 100 }],
    ["in proportion to the others' shares", { a: 50, b: 30, c: 20 }, ["a", "b", "c"], "a", { b: 60, c: 40 }],
    [
        "largest remainder keeps the sum at 100",
        { a: 40, b: 20, c: 20, d: 20 },
        ["a", "b", "c", "d"],
        "a",
        { b: 34, c: 33, d: 33 },
    ],
    [
        "others without traffic: the first remaining takes it",
        { a: 100, b: 0, c: 0 },
        ["a", "b", "c"],
        "a",
        { b: 100, c: 0 },
    ],
    ["deployed models missing from the split count as 0", { a: 70, b: 30 }, ["a", "b", "c"], "b", { a: 100, c: 0 }],
])("%s", (_what, split, deployed, removed, expected) => {
    const after = splitWithout(split, deployed, removed);
    expect(after).toEqual(expected);
    if (after) expect(Object.values(after).reduce((s, p) => s + p, 0)).toBe(100);
});

test.each<[Record<string, number> | undefined, boolean]>([
    [undefined, false],
    [{}, false],
    [{ a: 0 }, false],
    [{ a: 0, b: 100 }, true],
])("hasTraffic(%j) is %s", (split, expected) => {
    expect(hasTraffic(split)).toBe(expected);
});
