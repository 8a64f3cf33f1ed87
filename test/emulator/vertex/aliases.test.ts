// Model version aliases: `default` on the first version, held by exactly one version, moved by merges,
// uploads and deletes (reference §3.2).

import {
    aliasesAfterDelete,
    aliasesAfterMerge,
    aliasesAfterUpload,
    resolveVersion,
    type AliasTable,
} from "../../../emulator/vertex/aliases";
import { refusal } from "../../helpers/vertexRefusal";

const M = "projects/1/locations/us-central1/models/m";

describe("upload", () => {
    test.each<[string, AliasTable, string, string[], AliasTable]>([
        ["the first version gets default", {}, "1", ["v1"], { "1": ["default", "v1"] }],
        ["the first version listing default keeps one copy", {}, "1", ["default"], { "1": ["default"] }],
        ["a later version does not take default", { "1": ["default"] }, "2", ["v2"], { "1": ["default"], "2": ["v2"] }],
        [
            "a later version listing default takes it",
            { "1": ["default", "v1"] },
            "2",
            ["default"],
            { "1": ["v1"], "2": ["default"] },
        ],
        [
            "an alias held elsewhere moves",
            { "1": ["default", "prod"] },
            "2",
            ["prod"],
            { "1": ["default"], "2": ["prod"] },
        ],
    ])("%s", (_name, table, version, requested, expected) => {
        expect(aliasesAfterUpload(table, version, requested)).toEqual(expected);
    });
});

describe("mergeVersionAliases", () => {
    const table: AliasTable = { "1": ["default", "prod"], "2": ["canary"] };
    test.each<[string, string, string[], AliasTable]>([
        ["adding default moves it", "2", ["default"], { "1": ["prod"], "2": ["canary", "default"] }],
        ["removing an alias", "2", ["-canary"], { "1": ["default", "prod"], "2": [] }],
        ["adding and removing the same alias cancel out", "2", ["blue", "-blue"], table],
        ["moving prod and dropping canary", "2", ["prod", "-canary"], { "1": ["default"], "2": ["prod"] }],
        ["removing an alias the version does not hold is a no-op", "2", ["-prod"], table],
    ])("%s", (_name, version, requested, expected) => {
        expect(aliasesAfterMerge(table, version, requested, M)).toEqual(expected);
    });

    test.each<[string, string, string[], string, string]>([
        ["removing default from its holder", "1", ["-default"], "FAILED_PRECONDITION", 'Cannot remove alias "default"'],
        ["an empty request", "1", [], "INVALID_ARGUMENT", "at least one alias"],
        ["a numeric alias", "1", ["12"], "INVALID_ARGUMENT", 'Invalid alias "12"'],
    ])("refuses %s", (_name, version, requested, status, message) => {
        const r = refusal(() => aliasesAfterMerge(table, version, requested, M));
        expect(r.status).toBe(status);
        expect(r.message).toContain(message);
    });

    test("exactly one version holds default after any merge", () => {
        const after = aliasesAfterMerge(aliasesAfterMerge(table, "2", ["default"], M), "1", ["default"], M);
        expect(Object.values(after).filter((held) => held.includes("default"))).toHaveLength(1);
        expect(after["1"]).toContain("default");
    });
});

describe("deleteVersion", () => {
    test.each<[string, AliasTable, string, string[], AliasTable]>([
        [
            "deleting the default holder moves default to the newest version",
            { "1": ["default"], "2": ["x"], "3": [] },
            "1",
            ["1", "2", "3"],
            { "2": ["x"], "3": ["default"] },
        ],
        [
            "deleting another version leaves default",
            { "1": ["default"], "2": ["x"] },
            "2",
            ["1", "2"],
            { "1": ["default"] },
        ],
    ])("%s", (_name, table, version, order, expected) => {
        expect(aliasesAfterDelete(table, version, order)).toEqual(expected);
    });
});

describe("resolving @version and @alias", () => {
    const table: AliasTable = { "1": ["default"], "2": ["canary"] };
    test.each<[string | undefined, string | undefined]>([
        [undefined, "1"],
        ["2", "2"],
        ["canary", "2"],
        ["default", "1"],
        ["3", undefined],
        ["gone", undefined],
    ])("@%s -> %s", (suffix, expected) => {
        expect(resolveVersion(table, suffix)).toBe(expected);
    });
});
