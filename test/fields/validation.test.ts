import { UNKNOWN_SENTINEL } from "../../provider/fields/unknowns";
import { validateModelInputs } from "../../provider/fields/ml/modelFields";
import { validateVersionInputs } from "../../provider/fields/ml/versionRules";
import type { ModelInputs, VersionInputs } from "../../provider/fields/ml/types";
import {
    invalidCases,
    validContainerVersion,
    validModel,
    validRegionalVersion,
    validVersion,
} from "../fixtures/inputs";
import { expectedReasons } from "../fixtures/invalidReasons";

const validate = (kind: "model" | "version", inputs: ModelInputs | VersionInputs) =>
    kind === "model" ? validateModelInputs(inputs) : validateVersionInputs(inputs as VersionInputs);

describe("valid inputs pass", () => {
    test.each([
        ["global model", "model", validModel],
        ["regional model", "model", { ...validModel, endpoint: "us-central1" }],
        ["global MLS1 version", "version", validVersion],
        [
            "regional N1 version with GPU",
            "version",
            { ...validRegionalVersion, acceleratorConfig: { count: "2", type: "NVIDIA_TESLA_T4" } },
        ],
        ["custom container version", "version", validContainerVersion],
        [
            "custom prediction routine",
            "version",
            {
                ...validVersion,
                framework: undefined,
                predictionClass: "predictor.MyPredictor",
                packageUris: ["gs://demo-bucket/pkg/p-0.1.tar.gz"],
                serviceAccount: "sa@demo-project.iam.gserviceaccount.com",
            },
        ],
        ["international label value", "model", { ...validModel, labels: { owner: "данные" } }],
        [
            "scikit-learn on runtime 1.15 with python 2.7",
            "version",
            { ...validVersion, framework: "SCIKIT_LEARN", runtimeVersion: "1.15", pythonVersion: "2.7" },
        ],
    ] as const)("%s", (_title, kind, inputs) => {
        expect(validate(kind, inputs)).toEqual([]);
    });
});

describe("invalid inputs are rejected with the property and a fix", () => {
    test.each(invalidCases.map((c) => [c.title, c] as const))("%s", (_title, c) => {
        expect(validate(c.kind, c.inputs)).toContainEqual({
            property: c.property,
            reason: expectedReasons[`${c.kind}: ${c.title}`],
        });
    });

    test("every case has a distinct title and its expected message", () => {
        const titles = invalidCases.map((c) => `${c.kind}: ${c.title}`);
        expect(new Set(titles).size).toBe(titles.length);
        expect(Object.keys(expectedReasons).sort()).toEqual([...titles].sort());
    });

    test("a failure quotes the offending value", () => {
        const [failure] = validateVersionInputs({ ...validVersion, machineType: "n1-standard-4" });
        expect(failure.reason).toContain("n1-standard-4");
        expect(failure.reason).toMatch(/regional endpoint/);
    });
});

describe("unknown values during preview are tolerated", () => {
    test.each([
        ["deploymentUri from an upload", { deploymentUri: UNKNOWN_SENTINEL }],
        ["model name from a Model resource", { model: UNKNOWN_SENTINEL }],
        ["machine type", { machineType: UNKNOWN_SENTINEL }],
        ["whole autoScaling object", { autoScaling: UNKNOWN_SENTINEL as never }],
        ["nested minNodes", { autoScaling: { minNodes: UNKNOWN_SENTINEL as never } }],
        ["label value", { labels: { team: UNKNOWN_SENTINEL } }],
        ["endpoint (N1 rule depends on it)", { endpoint: UNKNOWN_SENTINEL, machineType: "n1-standard-4" }],
    ])("%s", (_title, patch) => {
        expect(validateVersionInputs({ ...validVersion, ...(patch as Partial<VersionInputs>) })).toEqual([]);
    });

    test("a known invalid field is still reported next to an unknown one", () => {
        const failures = validateVersionInputs({ ...validVersion, deploymentUri: UNKNOWN_SENTINEL, name: "bad name" });
        expect(failures.map((f) => f.property)).toEqual(["name"]);
    });
});
