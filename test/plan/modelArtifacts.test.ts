// What a ModelDeployment's model files must be, without reading them: the API's limits per machine type, and how
// prefixes, folders, deploymentUris and bucket names are formed and refused.

import {
    checkBucketName,
    checkModelLimits,
    defaultPrefix,
    deploymentUriFor,
    machineTypeForLimits,
    MAX_MODEL_FILES,
    MLS1_MAX_MODEL_BYTES,
    modelFolder,
    N1_MAX_MODEL_BYTES,
    normalizePrefix,
} from "../../provider/plan/ml/modelArtifacts";

const WHO = 'ModelDeployment "t"';
const mls1 = { machineType: "mls1-c1-m2", known: true };
const n1 = { machineType: "n1-standard-4", known: true };

describe("limits", () => {
    test.each([
        // [machine type, endpoint, expected machine type, known]
        ["n1-standard-4", null, "n1-standard-4", true],
        ["mls1-c4-m2", "us-central1", "mls1-c4-m2", true],
        [undefined, "us-central1", "n1-standard-2", true],
        [undefined, "global", "mls1-c1-m2", true],
        [undefined, undefined, "mls1-c1-m2", true],
        [undefined, null, "mls1-c1-m2", false],
        [null, "us-central1", "mls1-c1-m2", false],
        [null, null, "mls1-c1-m2", false],
    ] as const)("machineTypeForLimits(%p, %p) is %s (known: %p)", (machineType, endpoint, expected, known) => {
        expect(machineTypeForLimits(machineType, endpoint)).toEqual({ machineType: expected, known });
    });

    test.each([
        [MAX_MODEL_FILES, 1, mls1, undefined],
        [MAX_MODEL_FILES + 1, 1, n1, /holds 1001 files; AI Platform accepts at most 1000 files/],
        [1, MLS1_MAX_MODEL_BYTES, mls1, undefined],
        [
            1,
            MLS1_MAX_MODEL_BYTES + 1,
            mls1,
            /is 500\.0 MB \(524,288,001 bytes\); machine type mls1-c1-m2 \(MLS1\) accepts at most 500\.0 MB \(524,288,000 bytes\)\. .*N1 machine type/,
        ],
        [1, MLS1_MAX_MODEL_BYTES + 1, n1, undefined],
        [1, N1_MAX_MODEL_BYTES, n1, undefined],
        [
            1,
            N1_MAX_MODEL_BYTES + 1,
            n1,
            /machine type n1-standard-4 \(N1\) accepts at most 10\.00 GB \(10,737,418,240 bytes\)\. Shrink the model\.$/,
        ],
        [
            1,
            600 * 1024 ** 2,
            { machineType: "mls1-c1-m2", known: false },
            /not known at preview.*set version\.machineType to a plain "n1-\.\.\." string/,
        ],
    ])("checkModelLimits(%d files, %d bytes, %o)", (fileCount, totalBytes, limits, error) => {
        const check = () => checkModelLimits({ path: "/models/m", fileCount, totalBytes }, limits, WHO);
        if (error) {
            expect(check).toThrow(error);
            expect(check).toThrow(/^ModelDeployment "t": model (directory )?\/models\/m /);
        } else {
            expect(check).not.toThrow();
        }
    });
});

describe("names", () => {
    test.each([
        ["models/census", "models/census"],
        ["/models/census/", "models/census"],
        ["", ""],
        ["census.v2_a-b", "census.v2_a-b"],
    ])("normalizePrefix(%p) is %p", (prefix, expected) => {
        expect(normalizePrefix(prefix, WHO)).toBe(expected);
    });

    test.each(["a//b", "a/../b", "./a", "my model", "a?b", "a#b", "a\\b"])("normalizePrefix refuses %p", (prefix) => {
        expect(() => normalizePrefix(prefix, WHO)).toThrow(
            `prefix ${JSON.stringify(prefix)} is not a usable Cloud Storage folder`,
        );
    });

    test.each([
        ["census", "census"],
        ["census model/v2", "census-model-v2"],
        ["..", "model"],
    ])("defaultPrefix(%p) is %p", (name, expected) => {
        expect(defaultPrefix(name)).toBe(expected);
        expect(() => normalizePrefix(defaultPrefix(name), WHO)).not.toThrow();
    });

    test("modelFolder and deploymentUriFor", () => {
        expect(modelFolder("m", "0123456789abcdef")).toBe("m/0123456789abcdef");
        expect(modelFolder("", "0123456789abcdef")).toBe("0123456789abcdef");
        expect(deploymentUriFor("b", "m/0123456789abcdef")).toBe("gs://b/m/0123456789abcdef/");
    });

    test.each(["gs://my-bucket", "my-bucket/dir", "My_Bucket", "b"])("checkBucketName refuses %p", (bucket) => {
        expect(() => checkBucketName(bucket, WHO)).toThrow("is not a Cloud Storage bucket name");
    });

    test("checkBucketName accepts a bare bucket name", () => {
        expect(() => checkBucketName("demo-project-aiplatform", WHO)).not.toThrow();
    });

    // Regression: checkBucketName had its own pattern, which let 64-222 characters through without dots (Cloud
    // Storage allows more than 63 only in dotted names, each part at most 63); it now uses the Version's rule.
    test.each([64, 100, 222])("checkBucketName refuses a %i-character name without dots", (length) => {
        expect(() => checkBucketName("b".repeat(length), WHO)).toThrow("is not a Cloud Storage bucket name");
    });

    test("checkBucketName accepts a long dotted name (each part at most 63)", () => {
        expect(() => checkBucketName(`${"a".repeat(63)}.${"b".repeat(63)}.example.com`, WHO)).not.toThrow();
    });
});
