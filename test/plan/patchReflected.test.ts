import { buildPatchRequest, patchIsReflected } from "../../provider/plan/updateMask";
import { versionFieldRules } from "../../provider/fields/ml/versionFields";

describe("patchIsReflected: the live resource already shows every masked value", () => {
    test.each<[string, string[], object, object, boolean]>([
        ["same description", ["description"], { description: "d" }, { description: "d", etag: "x" }, true],
        ["other description", ["description"], { description: "d" }, { description: "e" }, false],
        ["cleared description (absent live)", ["description"], {}, {}, true],
        [
            "labels equal, any key order",
            ["labels"],
            { labels: { a: "1", b: "2" } },
            { labels: { b: "2", a: "1" } },
            true,
        ],
        ["labels differ", ["labels"], { labels: { a: "1" } }, { labels: { a: "2" } }, false],
        ["cleared labels (absent live)", ["labels"], {}, {}, true],
        [
            "minNodes 0 omitted by proto3",
            ["autoScaling.minNodes"],
            { autoScaling: { minNodes: 0 } },
            { autoScaling: {} },
            true,
        ],
        [
            "minNodes differs",
            ["autoScaling.minNodes"],
            { autoScaling: { minNodes: 2 } },
            { autoScaling: { minNodes: 1 } },
            false,
        ],
        [
            "fields outside the mask are ignored",
            ["description"],
            { description: "d", labels: { a: "1" } },
            { description: "d" },
            true,
        ],
        [
            "etag in the mask is ignored",
            ["description", "etag"],
            { description: "d" },
            { description: "d", etag: "new" },
            true,
        ],
    ])("%s", (_title, mask, news, live, expected) => {
        expect(patchIsReflected(buildPatchRequest(versionFieldRules, mask, news, "old-etag"), live)).toBe(expected);
    });
});
