// The Vertex routes and the machinery the emulator core shares with ml v1: quotas (429 RESOURCE_EXHAUSTED with an
// ErrorInfo and a RetryInfo, per project and region), fault injection, model and model@version PATCH, the predict
// payload limit and the serving methods the emulator does not serve. In-process core, fake clock (no waiting).

import { ALL_APIS } from "../../../emulator/apis";
import { Emulator } from "../../../emulator/core/emulator";
import type { QuotaLimits } from "../../../emulator/types";
import { callCore } from "../../helpers/emulatorCore";

const L = "/v1/projects/p/locations/us-central1";
const N = "projects/p/locations/us-central1";
const IMAGE = "us-docker.pkg.dev/vertex-ai/prediction/sklearn-cpu.1-3:latest";
const DEDICATED = { machineSpec: { machineType: "n1-standard-2" }, minReplicaCount: 1 };
const NUMBER = "123";

let now = 0;
let emulator: Emulator;

function start(quotas: Partial<QuotaLimits> = {}): void {
    now = Date.UTC(2026, 0, 1);
    emulator = new Emulator({ apis: ALL_APIS, quotas, clock: () => now, projectNumber: NUMBER });
}

afterEach(() => emulator.shutdown());

const call = (method: string, path: string, body?: unknown) => callCore(emulator, method, path, body);

function upload(modelId: string, version?: string): void {
    const request = version === undefined ? { modelId } : { parentModel: `${N}/models/${modelId}` };
    const res = call("POST", `${L}/models:upload`, {
        ...request,
        model: {
            displayName: modelId,
            artifactUri: "gs://b/m/",
            containerSpec: { imageUri: IMAGE },
            ...(version ? { versionAliases: [version] } : {}),
        },
    });
    expect(res.status).toBe(200);
}

/** An endpoint `e` with version 1 of model `m` deployed (ID "1") and all the traffic. */
function servingEndpoint(): void {
    upload("m");
    expect(call("POST", `${L}/endpoints?endpointId=e`, { displayName: "e" }).status).toBe(200);
    const deployed = call("POST", `${L}/endpoints/e:deployModel`, {
        deployedModel: { id: "1", model: `${N}/models/m`, dedicatedResources: DEDICATED },
        trafficSplit: { "0": 100 },
    });
    expect(deployed.body).toMatchObject({ done: true, response: { deployedModel: { id: "1" } } });
}

describe("quotas", () => {
    type Request = (location: string) => { status: number; body: { error?: unknown } };
    test.each<[string, Partial<QuotaLimits>, Request, string, string]>([
        [
            "resource management requests",
            { vertexRequestsPerMinute: 2 },
            (l) => call("GET", `/v1/projects/p/locations/${l}/endpoints`),
            "resource_management_requests",
            "ResourceManagementRequestsPerMinutePerProjectPerRegion",
        ],
        [
            "long-running operation submissions",
            { vertexOperationsPerMinute: 2, vertexRequestsPerMinute: 0 },
            (l) => call("POST", `/v1/projects/p/locations/${l}/endpoints`, { displayName: "x" }),
            "job_submission_requests",
            "JobSubmissionRequestsPerMinutePerProjectPerRegion",
        ],
        [
            "online predictions",
            { vertexPredictionsPerMinute: 2, vertexRequestsPerMinute: 0 },
            (l) => call("POST", `/v1/projects/p/locations/${l}/endpoints/e:predict`, { instances: [[1]] }),
            "online_prediction_requests",
            "OnlinePredictionRequestsPerMinutePerProjectPerRegion",
        ],
    ])(
        "%s: the one past the limit gets 429 with ErrorInfo and RetryInfo and is not counted",
        (_, quotas, request, metric, limit) => {
            start(quotas);
            if (metric === "online_prediction_requests") servingEndpoint();
            expect(request("us-central1").status).toBe(200);
            now += 10_000;
            expect(request("us-central1").status).toBe(200);
            now += 20_000;
            const before = JSON.stringify(emulator.snapshot());
            expect(request("us-central1")).toEqual({
                status: 429,
                body: {
                    error: {
                        code: 429,
                        status: "RESOURCE_EXHAUSTED",
                        message:
                            `Quota exceeded for quota metric '${metric}' and limit '${limit}' of service 'aiplatform.googleapis.com' ` +
                            `for consumer 'project_number:${NUMBER}' in region us-central1. Retry after a minute, or ask for more quota.`,
                        details: [
                            {
                                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                                reason: "RATE_LIMIT_EXCEEDED",
                                domain: "googleapis.com",
                                metadata: expect.objectContaining({
                                    consumer: `projects/${NUMBER}`,
                                    quota_metric: `aiplatform.googleapis.com/${metric}`,
                                    quota_limit: limit,
                                    quota_limit_value: "2",
                                    quota_location: "us-central1",
                                }),
                            },
                            // the first of the two leaves the one-minute window 30 s from now
                            { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "30s" },
                        ],
                    },
                },
            });
            // a refused call changes nothing (a refused create creates no endpoint)
            expect(JSON.stringify(emulator.snapshot())).toBe(before);
            // another region has its own window
            expect(request("europe-west4").status).not.toBe(429);
            // the first request leaves the window a minute after it came; the refused one never counted
            now += 30_000;
            expect(request("us-central1").status).toBe(200);
            expect(request("us-central1").status).toBe(429);
        },
    );
});

describe("faults on Vertex routes", () => {
    test("a status fault answers in Google's shape, changes nothing and is used up", () => {
        start();
        servingEndpoint();
        upload("m", "v2");
        emulator.injectFault({ kind: "status", status: 503, method: "POST", path: ":deployModel$" });
        const body = {
            deployedModel: { id: "2", model: `${N}/models/m@2`, dedicatedResources: DEDICATED },
            trafficSplit: { "0": 50, "1": 50 },
        };
        const refused = call("POST", `${L}/endpoints/e:deployModel`, body);
        expect(refused).toMatchObject({ status: 503, body: { error: { code: 503, status: "UNAVAILABLE" } } });
        expect(call("GET", `${L}/endpoints/e`).body.trafficSplit).toEqual({ "1": 100 });
        expect(call("POST", `${L}/endpoints/e:deployModel`, body).body).toMatchObject({ done: true });
        expect(call("GET", `${L}/endpoints/e`).body.trafficSplit).toEqual({ "1": 50, "2": 50 });
    });

    test("an operationFailed fault ends the deploy with its error; the endpoint keeps its models and split", () => {
        start();
        servingEndpoint();
        emulator.injectFault({ kind: "operationFailed", code: 8, message: "out of capacity", path: ":deployModel$" });
        const op = call("POST", `${L}/endpoints/e:deployModel`, {
            deployedModel: { id: "2", model: `${N}/models/m`, dedicatedResources: DEDICATED },
            trafficSplit: { "0": 100, "1": 0 },
        });
        expect(op.body).toMatchObject({ done: true, error: { code: 8, message: "out of capacity" } });
        const endpoint = call("GET", `${L}/endpoints/e`).body;
        expect(endpoint.deployedModels.map((d: { id: string }) => d.id)).toEqual(["1"]);
        expect(endpoint.trafficSplit).toEqual({ "1": 100 });
    });

    test("an operationHang fault keeps the upload running until it is cancelled; the version then goes", () => {
        start();
        upload("m");
        emulator.injectFault({ kind: "operationHang", path: "models:upload$" });
        const op = call("POST", `${L}/models:upload`, {
            parentModel: `${N}/models/m`,
            model: { displayName: "m", artifactUri: "gs://b/m2/", containerSpec: { imageUri: IMAGE } },
        }).body;
        expect(op.done).toBeUndefined();
        now += 3_600_000;
        expect(call("GET", `/v1/${op.name as string}`).body.done).toBeUndefined();
        expect(call("POST", `/v1/${op.name as string}:cancel`, {}).status).toBe(200);
        expect(call("GET", `/v1/${op.name as string}`).body).toMatchObject({ done: true, error: { code: 1 } });
        expect(
            call("GET", `${L}/models/m:listVersions`).body.models.map((v: { versionId: string }) => v.versionId),
        ).toEqual(["1"]);
    });
});

describe("model PATCH", () => {
    test("the model's fields, or one version's (model@version), each under its own mask", () => {
        start();
        upload("m");
        upload("m", "v2");
        const model = call("PATCH", `${L}/models/m?updateMask=display_name,description,labels`, {
            displayName: "renamed",
            description: "d",
            labels: { team: "ml" },
        });
        expect(model.body).toMatchObject({ displayName: "renamed", description: "d", labels: { team: "ml" } });
        const version = call("PATCH", `${L}/models/m@v2?updateMask=version_description,labels`, {
            versionDescription: "second",
            labels: { stage: "canary" },
        });
        expect(version.status).toBe(200);
        const two = call("GET", `${L}/models/m@2`).body;
        const one = call("GET", `${L}/models/m@1`).body;
        expect(two).toMatchObject({ displayName: "renamed", versionDescription: "second" });
        expect(two.labels).toEqual({ team: "ml", stage: "canary" });
        expect(one.versionDescription).toBeUndefined();
        expect(one.labels).toEqual({ team: "ml" });
    });

    test.each<[string, string, unknown, number, string]>([
        [
            "a version field on the model",
            "m?updateMask=version_description",
            { versionDescription: "x" },
            400,
            "INVALID_ARGUMENT",
        ],
        ["a model field on a version", "m@1?updateMask=display_name", { displayName: "x" }, 400, "INVALID_ARGUMENT"],
        ["no mask", "m", { description: "x" }, 400, "INVALID_ARGUMENT"],
        ["a stale etag", "m?updateMask=description", { description: "x", etag: "stale" }, 409, "ABORTED"],
        ["an unknown version", "m@7?updateMask=version_description", { versionDescription: "x" }, 404, "NOT_FOUND"],
    ])("refused: %s", (_, path, body, status, canonical) => {
        start();
        upload("m");
        const before = JSON.stringify(emulator.snapshot());
        const res = call("PATCH", `${L}/models/${path}`, body);
        expect({ status: res.status, canonical: res.body.error.status }).toEqual({ status, canonical });
        expect(JSON.stringify(emulator.snapshot())).toBe(before);
    });
});

describe("predict limits and methods not served", () => {
    test("a predict body over 1.5 MB is refused before routing", () => {
        start();
        servingEndpoint();
        const big = { instances: ["x".repeat(1_572_864)] };
        const res = call("POST", `${L}/endpoints/e:predict`, big);
        expect(res).toMatchObject({
            status: 400,
            body: {
                error: {
                    status: "INVALID_ARGUMENT",
                    message: "Request payload size exceeds the limit: 1572864 bytes.",
                },
            },
        });
        expect(call("POST", `${L}/endpoints/e:predict`, { instances: ["x".repeat(1_500_000)] }).status).toBe(200);
    });

    test.each(["rawPredict", "explain", "streamRawPredict"])(
        ":%s answers 501 UNIMPLEMENTED, naming :predict",
        (method) => {
            start();
            servingEndpoint();
            const res = call("POST", `${L}/endpoints/e:${method}`, { instances: [[1]] });
            expect(res).toMatchObject({
                status: 501,
                body: {
                    error: { status: "UNIMPLEMENTED", message: expect.stringContaining(`does not serve :${method}`) },
                },
            });
        },
    );
});

describe("regional hosts", () => {
    test.each<[string, string, number, string | undefined]>([
        ["us-central1-aiplatform.googleapis.com", `${L}/endpoints`, 200, undefined],
        ["127.0.0.1:8080", "/v1/projects/p/locations/europe-west4/endpoints", 200, undefined],
        ["aiplatform.googleapis.com", "/v1/projects/p/locations/europe-west4/endpoints", 200, undefined],
        ["europe-west4-aiplatform.googleapis.com", `${L}/endpoints`, 400, "parent"],
        ["europe-west4-aiplatform.googleapis.com", `${L}/endpoints/e`, 400, "name"],
        ["europe-west4-prediction-aiplatform.googleapis.com", `${L}/endpoints/e:predict`, 400, "name"],
    ])("Host %s, %s -> %d", (host, path, status, field) => {
        start();
        const outcome = emulator.handleApi({
            method: path.endsWith(":predict") ? "POST" : "GET",
            path,
            query: new URLSearchParams(),
            headers: { authorization: "Bearer t", host },
            bodyText: path.endsWith(":predict") ? JSON.stringify({ instances: [[1]] }) : "",
        });
        if (outcome.kind !== "respond") throw new Error("dropped");
        if (field === undefined) {
            expect(outcome.status).toBe(status);
            return;
        }
        const description =
            "The provided location ID doesn't match the endpoint. The valid location ID is `europe-west4`.";
        expect({ status: outcome.status, body: outcome.body }).toEqual({
            status,
            body: {
                error: {
                    code: 400,
                    status: "INVALID_ARGUMENT",
                    message: `List of found errors:\t1.Field: ${field}; Message: ${description}\t`,
                    details: [
                        {
                            "@type": "type.googleapis.com/google.rpc.BadRequest",
                            fieldViolations: [{ field, description }],
                        },
                    ],
                },
            },
        });
    });
});
