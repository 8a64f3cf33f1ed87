import { modelVersionFieldRules } from "../../provider/fields/vertex/modelVersionFields";
import { immutableMismatches, planDiff } from "../../provider/plan/diffPlan";
import { modelFieldRules } from "../../provider/fields/ml/modelFields";
import { versionFieldRules } from "../../provider/fields/ml/versionFields";
import type { ModelInputs, VersionInputs } from "../../provider/fields/ml/types";
import { UNKNOWN_SENTINEL } from "../../provider/fields/unknowns";
import { validModel, validRegionalVersion, validVersion } from "../fixtures/inputs";

type Expectation = { replaces: string[]; updateMask: string[]; changes: boolean };

describe("Version diff", () => {
    const cases: [string, VersionInputs, Partial<VersionInputs>, Expectation][] = [
        ["no change", validVersion, {}, { changes: false, replaces: [], updateMask: [] }],
        [
            "minNodes",
            validVersion,
            { autoScaling: { minNodes: 3 } },
            { changes: true, replaces: [], updateMask: ["autoScaling.minNodes"] },
        ],
        [
            "description",
            validVersion,
            { description: "new" },
            { changes: true, replaces: [], updateMask: ["description"] },
        ],
        ["labels", validVersion, { labels: { a: "b" } }, { changes: true, replaces: [], updateMask: ["labels"] }],
        [
            "request logging",
            validVersion,
            { requestLoggingConfig: { bigqueryTableName: "p.d.t", samplingPercentage: 0.5 } },
            { changes: true, replaces: [], updateMask: ["requestLoggingConfig"] },
        ],
        [
            "four patchable fields together",
            validVersion,
            {
                autoScaling: { minNodes: 2 },
                description: "x",
                labels: { a: "b" },
                requestLoggingConfig: { bigqueryTableName: "p.d.t" },
            },
            {
                changes: true,
                replaces: [],
                updateMask: ["autoScaling.minNodes", "description", "labels", "requestLoggingConfig"],
            },
        ],
        [
            "manual nodes on N1",
            validRegionalVersion,
            { manualScaling: { nodes: 5 } },
            { changes: true, replaces: [], updateMask: ["manualScaling.nodes"] },
        ],
        [
            "manual nodes on MLS1 replaces",
            { ...validVersion, autoScaling: undefined, manualScaling: { nodes: 1 } },
            { manualScaling: { nodes: 2 } },
            { changes: true, replaces: ["manualScaling"], updateMask: [] },
        ],
        [
            "deploymentUri",
            validVersion,
            { deploymentUri: "gs://demo-bucket/census/v2/" },
            { changes: true, replaces: ["deploymentUri"], updateMask: [] },
        ],
        [
            "runtimeVersion",
            validVersion,
            { runtimeVersion: "2.8" },
            { changes: true, replaces: ["runtimeVersion"], updateMask: [] },
        ],
        [
            "machineType",
            validVersion,
            { machineType: "mls1-c4-m2" },
            { changes: true, replaces: ["machineType"], updateMask: [] },
        ],
        [
            "maxNodes replaces",
            validVersion,
            { autoScaling: { minNodes: 1, maxNodes: 4 } },
            { changes: true, replaces: ["autoScaling"], updateMask: [] },
        ],
        [
            "auto to manual scaling",
            validRegionalVersion,
            { manualScaling: undefined, autoScaling: { minNodes: 1 } },
            { changes: true, replaces: ["manualScaling"], updateMask: [] },
        ],
        ["model", validVersion, { model: "other" }, { changes: true, replaces: ["model"], updateMask: [] }],
        [
            "patch and replace together: replace wins",
            validVersion,
            { description: "x", deploymentUri: "gs://demo-bucket/x/" },
            { changes: true, replaces: ["deploymentUri"], updateMask: [] },
        ],
        [
            "machineType left to the server default",
            validVersion,
            { machineType: undefined },
            { changes: false, replaces: [], updateMask: [] },
        ],
        ["isDefault false -> true", validVersion, { isDefault: true }, { changes: true, replaces: [], updateMask: [] }],
        [
            "isDefault true -> false is not a change",
            { ...validVersion, isDefault: true },
            { isDefault: false },
            { changes: false, replaces: [], updateMask: [] },
        ],
        ["adopt flag only", validVersion, { adopt: true }, { changes: true, replaces: [], updateMask: [] }],
        [
            "empty labels equal unset labels",
            { ...validVersion, labels: {} },
            { labels: undefined },
            { changes: false, replaces: [], updateMask: [] },
        ],
        [
            "accelerator count as string equals number",
            { ...validRegionalVersion, acceleratorConfig: { count: "1", type: "NVIDIA_TESLA_T4" } },
            { acceleratorConfig: { count: 1, type: "NVIDIA_TESLA_T4" } },
            { changes: false, replaces: [], updateMask: [] },
        ],
        [
            "unknown deploymentUri (preview) replaces",
            validVersion,
            { deploymentUri: UNKNOWN_SENTINEL },
            { changes: true, replaces: ["deploymentUri"], updateMask: [] },
        ],
        [
            "unknown description (preview) updates",
            validVersion,
            { description: UNKNOWN_SENTINEL },
            { changes: true, replaces: [], updateMask: ["description"] },
        ],
    ];
    test.each(cases)("%s", (_title, olds, patch, expected) => {
        const plan = planDiff(versionFieldRules, olds, { ...olds, ...patch });
        expect({ changes: plan.changes, replaces: plan.replaces, updateMask: plan.updateMask }).toEqual(expected);
    });

    test("explicit name: delete before replace; autoname: create before delete", () => {
        const change = { deploymentUri: "gs://demo-bucket/v2/" };
        expect(
            planDiff(versionFieldRules, validVersion, { ...validVersion, ...change, autonamed: false })
                .deleteBeforeReplace,
        ).toBe(true);
        expect(
            planDiff(versionFieldRules, validVersion, { ...validVersion, ...change, autonamed: true })
                .deleteBeforeReplace,
        ).toBe(false);
        expect(
            planDiff(versionFieldRules, validVersion, { ...validVersion, description: "x" }).deleteBeforeReplace,
        ).toBe(false);
    });
});

describe("Model diff", () => {
    test.each([
        ["description", { description: "x" }, [], ["description"]],
        ["labels", { labels: { a: "b" } }, [], ["labels"]],
        ["regions", { regions: ["europe-west1"] }, ["regions"], []],
        ["logging", { onlinePredictionLogging: true }, ["onlinePredictionLogging"], []],
        ["endpoint", { endpoint: "us-central1" }, ["endpoint"], []],
        ["forceDelete is control only", { forceDelete: true }, [], []],
    ] as const)("%s", (_title, patch, replaces, mask) => {
        const plan = planDiff(modelFieldRules, validModel, { ...validModel, ...(patch as Partial<ModelInputs>) });
        expect(plan.changes).toBe(true);
        expect(plan.replaces).toEqual(replaces);
        expect(plan.updateMask).toEqual(mask);
    });
});

describe("the table covers every input", () => {
    test("every Version input field has a rule", () => {
        const inputFields = Object.keys({
            ...validRegionalVersion,
            ...validVersion,
            acceleratorConfig: 1,
            packageUris: 1,
            predictionClass: 1,
            serviceAccount: 1,
            explanationConfig: 1,
            container: 1,
            routes: 1,
            requestLoggingConfig: 1,
            isDefault: 1,
            adopt: 1,
            operationTimeoutSeconds: 1,
            description: 1,
            labels: 1,
        });
        const top = new Set(versionFieldRules.map((r) => r.path.split(".")[0]));
        for (const field of inputFields) {
            expect(top).toContain(field);
        }
    });
});

describe("immutableMismatches (adoption)", () => {
    test.each([
        ["identical", {}, []],
        ["identity fields are not compared", { name: "other", model: "other" }, []],
        ["server default left unset", { machineType: undefined }, []],
        ["patchable fields are not compared", { description: "x", autoScaling: { minNodes: 7 } }, []],
        ["runtime differs", { runtimeVersion: "2.8" }, ['runtimeVersion: declared "2.8", existing "2.11"']],
        [
            "maxNodes differs",
            { autoScaling: { minNodes: 1, maxNodes: 3 } },
            ["autoScaling.maxNodes: declared 3, existing undefined"],
        ],
    ] as const)("%s", (_title, patch, expected) => {
        const declared = { ...validVersion, ...(patch as Partial<VersionInputs>) };
        expect(
            immutableMismatches(versionFieldRules, declared, validVersion, ["name", "model", "project", "endpoint"]),
        ).toEqual(expected);
    });

    test("an unset boolean equals the API's false", () => {
        expect(
            immutableMismatches(modelFieldRules, validModel, { ...validModel, onlinePredictionLogging: false }, [
                "name",
            ]),
        ).toEqual([]);
        expect(
            immutableMismatches(modelFieldRules, { ...validModel, onlinePredictionLogging: true }, validModel, [
                "name",
            ]),
        ).toEqual(["onlinePredictionLogging: declared true, existing undefined"]);
    });
});

// Regression (found under the real CLI by the Vertex e2e): a field that matters only at create (a ModelVersion's
// parent-model fields, the autoname prefix) made every resource preview as an update while its value was unknown.
test.each<[string, object]>([
    ["the parent model's description", { modelDescription: UNKNOWN_SENTINEL }],
    ["the parent model's labels", { modelLabels: UNKNOWN_SENTINEL }],
    ["the autoname prefix", { autonamePrefix: UNKNOWN_SENTINEL }],
])("an unknown value of %s (preview) is no change", (_what, patch) => {
    const version = {
        model: "projects/p/locations/us-central1/models/m",
        artifactUri: "gs://bucket-a/m/",
        container: { imageUri: "us-docker.pkg.dev/vertex-ai/prediction/sklearn-cpu.1-3:latest" },
        modelDescription: "d",
        modelLabels: { team: "ml" },
    };
    const plan = planDiff(modelVersionFieldRules, version, { ...version, ...patch });
    expect(plan.changes).toBe(false);
});
