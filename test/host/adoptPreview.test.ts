// Issue 19, item 7: `adopt: true` said at preview. The engine shows every create of a dynamic resource as
// `+ create`; check looks a declared name up, so a mismatch fails the preview (not only `up`) and a match is
// announced as a warning on the provider's stderr, which the CLI prints.

import { createModel, createVersion, type Harness, startHarness } from "../../harness/providerHarness";
import { UNKNOWN_SENTINEL } from "../../provider/fields/unknowns";
import type { VersionInputs } from "../../provider/fields/ml/types";

/** What the engine sends as olds for a resource not in the state yet. */
const noOlds = {} as VersionInputs;

let h: Harness;
let warnings: string[];
const stderr = console.error;
beforeAll(async () => {
    h = await startHarness();
    await createModel(h, { name: "census", regions: ["us-central1"] });
    await createVersion(h, {
        model: "census",
        name: "v1",
        deploymentUri: "gs://demo-bucket/census/v1/",
        runtimeVersion: "2.11",
        pythonVersion: "3.7",
    });
});
afterAll(() => h.stop());
beforeEach(() => {
    warnings = [];
    console.error = (message: string) => warnings.push(message);
});
afterEach(() => {
    console.error = stderr;
});

const version = {
    model: "census",
    deploymentUri: "gs://demo-bucket/census/v1/",
    runtimeVersion: "2.11",
    pythonVersion: "3.7",
};

test("an existing model that matches: no failure, and a warning that up takes it over", async () => {
    const result = await h.model.check({}, { name: "census", adopt: true, labels: { team: "ml" } });
    expect(result.failures).toEqual([]);
    expect(warnings).toEqual([
        expect.stringMatching(/Model "census" exists and declares adopt: true: `pulumi up` takes it over/),
    ]);
});

test("an existing model whose immutable fields differ: the preview fails with up's message", async () => {
    const result = await h.model.check({}, { name: "census", adopt: true, regions: ["europe-west1"] });
    expect(result.failures).toEqual([
        {
            property: "adopt",
            reason: expect.stringMatching(
                /exists with different immutable fields, so it cannot be adopted: regions: declared \["europe-west1"\], existing \["us-central1"\]/,
            ),
        },
    ]);
});

test("a version: matching is announced, a different deploymentUri fails", async () => {
    expect((await h.version.check(noOlds, { ...version, name: "v1", adopt: true })).failures).toEqual([]);
    expect(warnings).toEqual([expect.stringMatching(/Version "v1" of model "census" exists and declares adopt: true/)]);
    const differs = await h.version.check(noOlds, {
        ...version,
        name: "v1",
        adopt: true,
        deploymentUri: "gs://demo-bucket/census/v2/",
    });
    expect(differs.failures?.[0]?.reason).toMatch(
        /deploymentUri: declared "gs:\/\/demo-bucket\/census\/v2\/", existing "gs:\/\/demo-bucket\/census\/v1\/"/,
    );
});

test("nothing is said, and nothing read, when there is nothing to adopt or nothing to look up", async () => {
    const before = h.emulator.requests().length;
    expect((await h.model.check({}, { name: "census", labels: {} })).failures).toEqual([]); // no adopt
    expect((await h.model.check({ name: "census" }, { name: "census", adopt: true })).failures).toEqual([]); // exists in state
    expect((await h.model.check({}, { adopt: true, autonamePrefix: "fresh" })).failures).toEqual([]); // autonamed
    expect(
        (await h.version.check(noOlds, { ...version, model: UNKNOWN_SENTINEL, name: "v1", adopt: true })).failures,
    ).toEqual([]);
    expect(h.emulator.requests().length).toBe(before);
    expect((await h.model.check({}, { name: "absent", adopt: true })).failures).toEqual([]); // looked up: none
    expect(warnings).toEqual([]);
});
