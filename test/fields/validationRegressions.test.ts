// Validation bugs found trying the provider as a new user would (issue 10), each pinned.

import { validateModelInputs } from "../../provider/fields/ml/modelFields";
import { validateVersionInputs } from "../../provider/fields/ml/versionRules";
import { isValidBucketName, PROJECT_ID_PATTERN } from "../../provider/fields/names";
import { validContainerVersion, validModel, validVersion } from "../fixtures/inputs";

describe("label keys may start with a caseless letter, as the API accepts", () => {
    test.each(["日本", "日本_team", "ä", "team"])("%j is accepted", (key) => {
        expect(validateModelInputs({ ...validModel, labels: { [key]: "x" } })).toEqual([]);
    });
    test.each(["Team", "1team", "_x", "-x", "", "a".repeat(64)])("%j is refused, naming the key", (key) => {
        const failures = validateModelInputs({ ...validModel, labels: { [key]: "x" } });
        expect(failures.map((f) => f.reason).join("\n")).toContain(JSON.stringify(key));
    });
});

describe("project ids", () => {
    test.each(["my-project", "example.com:my-project", "sub.example.co.uk:proj-123", "123456789012"])(
        "%j is valid",
        (project) => expect(PROJECT_ID_PATTERN.test(project)).toBe(true),
    );
    test.each(["..", ".", "%2e%2e", "a/b", "my project", "My-Project", "proj:", ":proj", "example..com:proj", "ab"])(
        "%j is refused",
        (project) => expect(PROJECT_ID_PATTERN.test(project)).toBe(false),
    );
});

describe("custom containers need N1 machines", () => {
    test("container + MLS1 on the global endpoint is refused at preview", () => {
        const failures = validateVersionInputs({
            ...validContainerVersion,
            endpoint: "global",
            machineType: "mls1-c1-m2",
        });
        expect(failures).toContainEqual({
            property: "machineType",
            reason: expect.stringMatching(
                /custom containers need a Compute Engine \(N1\) machine type, found "mls1-c1-m2"/,
            ),
        });
    });

    test("the N1-on-global hint does not suggest mls1-c1-m2 for a container version", () => {
        const failures = validateVersionInputs({ ...validContainerVersion, endpoint: "global" });
        const hint = failures.find((f) => f.property === "machineType")?.reason ?? "";
        expect(hint).toMatch(/only available on regional endpoints/);
        expect(hint).not.toMatch(/mls1/);
    });

    test("...but still does for a model-file version", () => {
        const failures = validateVersionInputs({ ...validVersion, machineType: "n1-standard-2" });
        expect(failures.find((f) => f.property === "machineType")?.reason).toMatch(/or use "mls1-c1-m2"/);
    });
});

describe("gs:// URIs: the message names the real problem", () => {
    test("a one-letter bucket is a bucket-name problem, not a path problem", () => {
        const [failure] = validateVersionInputs({ ...validVersion, deploymentUri: "gs://b/m/" });
        expect(failure?.reason).toMatch(/"b" is not a valid Cloud Storage bucket name \(3-63 characters/);
        expect(failure?.reason).not.toMatch(/\.\.|spaces/);
    });
    test.each([
        ["gs://my-bucket/a/../b/", /"\." or "\.\." segments/],
        ["gs://my-bucket/a b/", /spaces/],
        ["s3://my-bucket/m/", /must be a Cloud Storage URI starting with "gs:\/\/"/],
        ["gs://My_Bucket/m/", /"My_Bucket" is not a valid Cloud Storage bucket name/],
    ])("%s", (uri, reason) => {
        expect(validateVersionInputs({ ...validVersion, deploymentUri: uri })[0]?.reason).toMatch(reason);
    });
    test.each([
        ["abc", true],
        ["a.b.c", true],
        ["my_bucket-1", true],
        ["ab", false],
        ["a".repeat(64), false],
        [`${"a".repeat(63)}.${"b".repeat(63)}`, true],
        ["192.168.1.1", false],
        ["-abc", false],
        ["a..b", false],
    ])("bucket %j valid: %p", (bucket, valid) => expect(isValidBucketName(bucket)).toBe(valid));
});

describe("runtime versions come from the published list", () => {
    test.each(["1.15", "2.1", "2.11", "1.0"])("%s is accepted", (runtimeVersion) => {
        const pythonVersion = runtimeVersion.startsWith("2") || runtimeVersion === "1.15" ? "3.7" : "2.7";
        expect(validateVersionInputs({ ...validVersion, runtimeVersion, pythonVersion })).toEqual([]);
    });
    test.each(["banana", "2.0", "2.99", "3.1", "latest"])("%s is refused", (runtimeVersion) => {
        expect(validateVersionInputs({ ...validVersion, runtimeVersion })).toContainEqual({
            property: "runtimeVersion",
            reason: expect.stringMatching(/is not an AI Platform Prediction runtime version/),
        });
    });
});
