// Vertex ID, display name, label and alias rules (reference §2.2, §3.1, §3.2), one row per case.

import { checkAliases, checkDisplayName, checkId, checkLabels, type IdKind } from "../../../emulator/vertex/ids";
import { refusal } from "../../helpers/vertexRefusal";

describe("caller-chosen IDs", () => {
    test.each<[IdKind, string, boolean]>([
        ["endpointId", "churn", true],
        ["endpointId", "churn-model-1", true],
        ["endpointId", "a", true],
        ["endpointId", `a${"b".repeat(62)}`, true],
        ["endpointId", `a${"b".repeat(63)}`, false],
        ["endpointId", "churn-", false],
        ["endpointId", "Bad_ID", false],
        ["endpointId", "123456789", true],
        ["endpointId", "1234567890", false],
        ["endpointId", "0123", false],
        ["endpointId", "-a", false],
        ["modelId", "my_model-1", true],
        ["modelId", "_x", true],
        ["modelId", "1model", false],
        ["modelId", "-model", false],
        ["modelId", "Model", false],
        ["modelId", `m${"x".repeat(62)}`, true],
        ["modelId", `m${"x".repeat(63)}`, false],
        ["deployedModelId", "1", true],
        ["deployedModelId", "1234567890", true],
        ["deployedModelId", "12345678901", false],
        ["deployedModelId", "a1", false],
    ])("%s %j valid: %s", (kind, value, valid) => {
        if (valid) expect(checkId(kind, value)).toBe(value);
        else expect(refusal(() => checkId(kind, value))).toMatchObject({ status: "INVALID_ARGUMENT" });
    });

    test("the refusal names the field and the value", () => {
        const r = refusal(() => checkId("endpointId", "0123"));
        expect(r.field).toBe("endpoint_id");
        expect(r.message).toContain('Invalid endpoint_id "0123"');
        expect(r.message).toContain("without a leading zero");
    });
});

describe("display names", () => {
    test.each<[unknown, string | undefined]>([
        ["churn", undefined],
        ["é".repeat(128), undefined],
        ["é".repeat(129), "has 129 characters; it can have at most 128"],
        ["", "display_name is required"],
        [undefined, "display_name is required"],
    ])("%j", (value, error) => {
        if (error === undefined) expect(checkDisplayName("display_name", value)).toBe(value);
        else expect(refusal(() => checkDisplayName("display_name", value)).message).toContain(error);
    });
});

describe("labels", () => {
    test.each<[Record<string, string>, string | undefined]>([
        [{ team: "ml", "cost-center": "a_1" }, undefined],
        [{ équipe: "données" }, undefined],
        [{ Team: "ml" }, 'Invalid label key "Team"'],
        [{ "1team": "ml" }, 'Invalid label key "1team"'],
        [{ team: "ML" }, 'Invalid value for label "team"'],
        [{ team: "x".repeat(65) }, 'Invalid value for label "team"'],
        [Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, "v"])), "At most 64 labels"],
    ])("%j", (labels, error) => {
        if (error === undefined) expect(() => checkLabels("labels", labels)).not.toThrow();
        else expect(refusal(() => checkLabels("labels", labels)).message).toContain(error);
    });
});

describe("version aliases", () => {
    test.each<[string[], boolean, string | undefined]>([
        [["prod", "blue-2"], false, undefined],
        [["v1"], false, undefined],
        [["-prod"], true, undefined],
        [["-prod"], false, 'Invalid alias "-prod"'],
        [["1"], false, 'Invalid alias "1"'],
        [["x"], false, 'Invalid alias "x"'],
        [["under_score"], false, 'Invalid alias "under_score"'],
        [["prod", "prod"], false, 'Alias "prod" is listed twice'],
    ])("%j (removal allowed: %s)", (aliases, allowRemoval, error) => {
        if (error === undefined) expect(() => checkAliases("version_aliases", aliases, allowRemoval)).not.toThrow();
        else expect(refusal(() => checkAliases("version_aliases", aliases, allowRemoval)).message).toContain(error);
    });
});
