// No way around a name: every URL segment (project, model, version, endpoint) is validated at check, so an
// injection never reaches a server (the emulator's request log stays empty).

import { createModel, createVersion, type Harness, startHarness } from "../../harness/providerHarness";
import type { ModelInputs, VersionInputs } from "../../provider/fields/ml/types";
import { validModel, validVersion } from "../fixtures/inputs";

let h: Harness;
beforeAll(async () => {
    h = await startHarness();
});
afterAll(() => h.stop());
beforeEach(() => h.emulator.reset());

const CORPUS = [
    "..",
    ".",
    "%2e%2e",
    "%2F",
    "/",
    "a/b",
    "?",
    "a?x=1",
    "#",
    "a#b",
    " ",
    "a b",
    "a\tb",
    "a\nb",
    "a\u0000b",
    "a\u007fb",
    "x".repeat(300),
];

const model: ModelInputs = validModel;
const version: VersionInputs = validVersion;

type Case = [string, string, ModelInputs | undefined, VersionInputs | undefined, string | string[]];
const cases: Case[] = CORPUS.flatMap((value): Case[] => [
    ["model project", value, { ...model, project: value }, undefined, "project"],
    ["model name", value, { ...model, name: value }, undefined, "name"],
    ["model endpoint", value, { ...model, endpoint: value }, undefined, "endpoint"],
    ["version project", value, undefined, { ...version, project: value }, "project"],
    ["version model", value, undefined, { ...version, model: value }, "model"],
    // `model` given as a full name: its project segment is checked like any project.
    [
        "version model projects/<p>/models/m, p",
        value,
        undefined,
        { ...version, project: undefined, model: `projects/${value}/models/m` },
        // A value with "/" makes the whole string the model name, refused as such.
        ["project", "model"],
    ],
    ["version name", value, undefined, { ...version, name: value }, "name"],
    ["version endpoint", value, undefined, { ...version, endpoint: value }, "endpoint"],
]);

test.each(cases)(
    "%s = %j is refused at check, before any request",
    async (_title, _value, modelInputs, versionInputs, property) => {
        const result = modelInputs
            ? await h.model.check({}, modelInputs)
            : await h.version.check({} as VersionInputs, versionInputs as VersionInputs);
        const refused = result.failures?.map((f) => f.property) ?? [];
        expect([property].flat().some((p) => refused.includes(p))).toBe(true);
        expect(h.emulator.requests()).toEqual([]);
    },
);

test("a domain-scoped project id is valid end to end", async () => {
    const m = await createModel(h, { ...model, project: "example.com:demo-project" });
    expect(m.id).toBe("projects/example.com:demo-project/models/census");
    const v = await createVersion(h, { ...version, project: "example.com:demo-project" });
    expect(v.outs.state).toBe("READY");
    expect(h.emulator.requests()[0]?.path).toBe("/v1/projects/example.com:demo-project/models");
});
