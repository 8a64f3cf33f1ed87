import { modelFieldRules } from "../../provider/fields/ml/modelFields";
import { buildPatchRequest } from "../../provider/plan/updateMask";
import { versionFieldRules } from "../../provider/fields/ml/versionFields";

describe("buildPatchRequest", () => {
    test.each([
        [
            "nested path",
            ["autoScaling.minNodes"],
            { autoScaling: { minNodes: 3, maxNodes: 9 } },
            "autoScaling.minNodes",
            { autoScaling: { minNodes: 3 } },
        ],
        [
            "several paths keep order",
            ["autoScaling.minNodes", "description", "labels"],
            { autoScaling: { minNodes: 2 }, description: "d", labels: { a: "b" }, deploymentUri: "gs://x/y/" },
            "autoScaling.minNodes,description,labels",
            { autoScaling: { minNodes: 2 }, description: "d", labels: { a: "b" } },
        ],
        ["cleared description is sent empty", ["description"], {}, "description", { description: "" }],
        ["cleared labels are sent empty", ["labels"], {}, "labels", { labels: {} }],
        [
            "cleared request logging is omitted (mask clears it)",
            ["requestLoggingConfig"],
            {},
            "requestLoggingConfig",
            {},
        ],
        [
            "whole object path",
            ["requestLoggingConfig"],
            { requestLoggingConfig: { bigqueryTableName: "p.d.t", samplingPercentage: 0.1 } },
            "requestLoggingConfig",
            { requestLoggingConfig: { bigqueryTableName: "p.d.t", samplingPercentage: 0.1 } },
        ],
    ] as const)("%s", (_title, mask, news, expectedMask, expectedBody) => {
        const request = buildPatchRequest(versionFieldRules, mask, news);
        expect(request.updateMask).toBe(expectedMask);
        expect(request.body).toEqual(expectedBody);
    });

    test.each([
        ["Model", modelFieldRules],
        ["Version", versionFieldRules],
    ] as const)("%s: cleared description and labels are sent empty, as the table says", (_kind, rules) => {
        expect(buildPatchRequest(rules, ["description", "labels"], {}).body).toEqual({
            description: "",
            labels: {},
        });
    });

    test("carries the etag for optimistic concurrency", () => {
        expect(
            buildPatchRequest(versionFieldRules, ["description"], { description: "d" }, "BlXqEgx9VQg=").body,
        ).toEqual({
            description: "d",
            etag: "BlXqEgx9VQg=",
        });
    });
});
