// Update masks, etags, locations, resource types and delete refusals (reference §2, §3, §5).

import {
    checkEtag,
    checkResourcesType,
    checkSameLocation,
    endpointHasDeployments,
    modelIsDeployed,
    onlyVersion,
    parseUpdateMask,
    type UpdateKind,
} from "../../../emulator/vertex/rules";
import { refusal } from "../../helpers/vertexRefusal";

describe("update masks", () => {
    test.each<[UpdateKind, string, string[]]>([
        ["endpoint", "display_name,traffic_split", ["displayName", "trafficSplit"]],
        ["endpoint", "predict_request_response_logging_config", ["predictRequestResponseLoggingConfig"]],
        ["endpoint", "displayName, labels", ["displayName", "labels"]],
        ["model", "display_name,description,labels", ["displayName", "description", "labels"]],
        ["modelVersion", "version_description", ["versionDescription"]],
        [
            "deployedModel",
            "dedicatedResources.minReplicaCount,dedicated_resources.max_replica_count",
            ["dedicatedResources.minReplicaCount", "dedicatedResources.maxReplicaCount"],
        ],
    ])("%s %j", (kind, mask, expected) => {
        expect(parseUpdateMask(kind, mask)).toEqual(expected);
    });

    test.each<[UpdateKind, string | undefined, string]>([
        ["endpoint", undefined, "update_mask is required"],
        ["endpoint", "", "update_mask is required"],
        ["endpoint", "network", 'Field "network" is immutable after creation'],
        ["endpoint", "deployed_models", 'Field "deployed_models" cannot be updated'],
        ["model", "version_description", 'Field "version_description" cannot be updated'],
        ["modelVersion", "display_name", 'Field "display_name" cannot be updated'],
        ["deployedModel", "dedicatedResources.machineSpec", "cannot be updated"],
    ])("%s refuses %j", (kind, mask, message) => {
        const r = refusal(() => parseUpdateMask(kind, mask));
        expect(r).toMatchObject({ status: "INVALID_ARGUMENT", field: "update_mask" });
        expect(r.message).toContain(message);
    });
});

describe("etags", () => {
    test.each<[unknown, boolean]>([
        [undefined, true],
        ["", true],
        ["AAA=", true],
        ["BBB=", false],
    ])("given %j against AAA= passes: %s", (given, passes) => {
        if (passes) expect(() => checkEtag("Endpoint", "e", given, "AAA=")).not.toThrow();
        else
            expect(refusal(() => checkEtag("Endpoint", "e", given, "AAA="))).toMatchObject({
                status: "ABORTED",
                message: expect.stringContaining("Specified Endpoint etag: BBB= does not match server etag: AAA="),
            });
    });
});

test("a model and an endpoint in different locations are refused", () => {
    expect(() => checkSameLocation("m", "us-central1", "e", "us-central1")).not.toThrow();
    const r = refusal(() => checkSameLocation("m", "us-central1", "e", "europe-west4"));
    expect(r).toMatchObject({ status: "INVALID_ARGUMENT", field: "deployed_model.model" });
    expect(r.message).toContain("must be in the same location");
});

describe("deployment resource types", () => {
    const DEDICATED = ["DEDICATED_RESOURCES"] as const;
    test("dedicated resources on a custom model", () => {
        expect(checkResourcesType({ dedicated: true, automatic: false, shared: false }, DEDICATED, "m")).toBe(
            "DEDICATED_RESOURCES",
        );
    });
    test.each<[string, { dedicated: boolean; automatic: boolean; shared: boolean }, string]>([
        [
            "automatic resources on a custom model",
            { dedicated: false, automatic: true, shared: false },
            "'automatic_resources' is not supported for Model m",
        ],
        ["no resources", { dedicated: false, automatic: false, shared: false }, "needs dedicated_resources"],
        ["two kinds", { dedicated: true, automatic: true, shared: false }, "Only one of"],
    ])("refuses %s", (_name, given, message) => {
        expect(refusal(() => checkResourcesType(given, DEDICATED, "m"))).toMatchObject({
            status: "INVALID_ARGUMENT",
            message: expect.stringContaining(message),
        });
    });
});

test.each([
    [endpointHasDeployments("e", ["1", "2"]), /Endpoint e has deployed models \(1, 2\); undeploy them/],
    [
        modelIsDeployed("m@1", ["e"]),
        /The Model "m@1" is deployed or being deployed at the following Endpoint\(s\): e\. Please undeploy the model before retry\./,
    ],
    [onlyVersion("m", "1"), /Version 1 is the only version of Model m .*delete the model instead/],
])("delete refusals are FAILED_PRECONDITION: %p", (error, message) => {
    expect(error.status).toBe("FAILED_PRECONDITION");
    expect(error.httpStatus).toBe(400);
    expect(error.message).toMatch(message);
});
