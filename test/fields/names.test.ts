import { autoname, RESOURCE_NAME_PATTERN, sanitizeNamePrefix } from "../../provider/fields/names";
import { parseModelName } from "../../provider/fields/ml/resourceNames";

describe("autoname", () => {
    test("is <sanitized logical name>_<7 random chars> and a valid resource name", () => {
        const name = autoname("my-model");
        expect(name).toMatch(/^my_model_[a-z0-9]{7}$/);
        expect(RESOURCE_NAME_PATTERN.test(name)).toBe(true);
    });

    test("uses the random source for every suffix character", () => {
        expect(autoname("m", () => 0)).toBe("m_aaaaaaa");
        expect(autoname("m", () => 35)).toBe("m_9999999");
    });

    test.each([
        ["my-model", "my_model"],
        ["1st", "r1st"],
        ["a.b/c", "a_b_c"],
        ["x".repeat(200), "x".repeat(120)],
    ])("sanitizes %p to %p", (logical, prefix) => {
        expect(sanitizeNamePrefix(logical)).toBe(prefix);
    });
});

test.each([
    ["m", { model: "m" }],
    ["projects/p1/models/m", { project: "p1", model: "m" }],
])("parseModelName(%p)", (name, expected) => {
    expect(parseModelName(name)).toEqual(expected);
});
