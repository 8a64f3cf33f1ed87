// The one equality of field values (fields/values.ts), its dotted-path reader and its undefined clean-up. The API
// omits proto3 defaults from its answers, so a declared zero value and the absent value it reads back as are equal.

import { isProtoDefault, sameValue, valueAt, withoutUndefined } from "../../provider/fields/values";
import { planDiff } from "../../provider/plan/diffPlan";
import { validVersion } from "../fixtures/inputs";
import { versionFieldRules } from "../../provider/fields/ml/versionFields";
import type { VersionInputs } from "../../provider/fields/ml/types";

describe("sameValue", () => {
    test.each<[string, unknown, unknown, boolean]>([
        ["absent and null", undefined, null, true],
        ['absent and ""', undefined, "", true],
        ["absent and 0", undefined, 0, true],
        ["absent and false", undefined, false, true],
        ["absent and []", undefined, [], true],
        ["absent and {}", undefined, {}, true],
        ["absent and an object of defaults", undefined, { minNodes: 0, metrics: [] }, true],
        ["a zero nested value and its absence", { minNodes: 0 }, {}, true],
        ["0 and 1", 0, 1, false],
        ['"" and "x"', "", "x", false],
        ["false and true", false, true, false],
        ["an int64 number and the string the API returns", 3, "3", true],
        ["different numbers", 3, "4", false],
        ["equal nested objects", { a: { b: [1, "x"] } }, { a: { b: [1, "x"] } }, true],
        ["a nested difference", { a: { b: [1, "x"] } }, { a: { b: [1, "y"] } }, false],
        ["arrays of different length", [1], [1, 2], false],
        ["an array and an object", [1], { 0: 1 }, false],
        ["an object and a string", { a: 1 }, "[object Object]", false],
        ["a missing non-default key", { a: 1 }, {}, false],
    ])("%s", (_label, a, b, expected) => {
        expect(sameValue(a, b)).toBe(expected);
        expect(sameValue(b, a)).toBe(expected);
    });

    test.each([undefined, null, "", 0, false, [], {}, { a: 0, b: { c: "" } }])("%p is a proto3 default", (value) => {
        expect(isProtoDefault(value)).toBe(true);
    });

    test.each([1, "x", true, [0], { a: 1 }])("%p is not a proto3 default", (value) => {
        expect(isProtoDefault(value)).toBe(false);
    });
});

test("a declared zero value read back as absent plans no change", () => {
    const declared: VersionInputs = { ...validVersion, description: "", autoScaling: { minNodes: 0 }, labels: {} };
    const readBack: VersionInputs = { ...validVersion };
    delete readBack.description;
    delete readBack.autoScaling;
    delete readBack.labels;
    expect(planDiff(versionFieldRules, readBack, declared).changes).toBe(false);
    expect(planDiff(versionFieldRules, declared, readBack).changes).toBe(false);
});

describe("valueAt", () => {
    test.each<[string, unknown, string, unknown]>([
        ["a top-level key", { a: 1 }, "a", 1],
        ["a nested key", { a: { b: { c: "x" } } }, "a.b.c", "x"],
        ["a missing segment", { a: {} }, "a.b.c", undefined],
        ["through a scalar", { a: 1 }, "a.b", undefined],
        ["through null", { a: null }, "a.b", undefined],
        ["from undefined", undefined, "a", undefined],
    ])("%s", (_label, source, path, expected) => {
        expect(valueAt(source, path)).toEqual(expected);
    });
});

test("withoutUndefined drops only undefined values", () => {
    expect(withoutUndefined({ a: undefined, b: null, c: 0, d: "", e: false })).toEqual({
        b: null,
        c: 0,
        d: "",
        e: false,
    });
    expect(Object.keys(withoutUndefined({ a: undefined }))).toEqual([]);
});
