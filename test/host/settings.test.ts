import { isLoopbackUrl } from "../../provider/host/endpoints";
import { endpointBaseUrl } from "../../provider/host/ml/mlEndpoints";
import { readSettings } from "../../provider/host/settings";

const config = (values: Record<string, string>) => ({
    get: (key: string) => values[key],
    require: (key: string) => values[key],
});

describe("readSettings", () => {
    test("project: aiplatform:project, then gcp:project, then the environment", () => {
        expect(readSettings(config({ "aiplatform:project": "a", "gcp:project": "g" }), {}).project).toBe("a");
        expect(readSettings(config({ "gcp:project": "g" }), { GOOGLE_CLOUD_PROJECT: "e" }).project).toBe("g");
        expect(readSettings(config({}), { GOOGLE_CLOUD_PROJECT: "e" }).project).toBe("e");
        expect(readSettings(config({}), {}).project).toBeUndefined();
    });

    test("endpoint override: config wins over the environment", () => {
        expect(
            readSettings(config({ "aiplatform:endpointOverride": "http://127.0.0.1:1" }), {
                AIPLATFORM_ENDPOINT_OVERRIDE: "http://127.0.0.1:2",
            }).endpointOverride,
        ).toBe("http://127.0.0.1:1");
        expect(readSettings(config({}), { AIPLATFORM_ENDPOINT_OVERRIDE: "http://127.0.0.1:2" }).endpointOverride).toBe(
            "http://127.0.0.1:2",
        );
    });

    test("timeouts and polling are configurable", () => {
        const s = readSettings(
            config({
                "aiplatform:operationTimeoutSeconds": "60",
                "aiplatform:pollInitialIntervalMs": "10",
                "aiplatform:pollMaxIntervalMs": "100",
            }),
            {},
        );
        expect(s.operationTimeoutMs).toBe(60_000);
        expect(s.poll).toMatchObject({ initialMs: 10, maxMs: 100 });
    });

    test("defaults never poll slower than gcloud (5 s)", () => {
        const s = readSettings(undefined, {});
        expect(s.poll.maxMs).toBeLessThanOrEqual(5000);
        expect(s.operationTimeoutMs).toBe(30 * 60 * 1000);
    });

    test("a malformed number names the key and the fix", () => {
        expect(() => readSettings(config({ "aiplatform:operationTimeoutSeconds": "ten" }), {})).toThrow(
            /aiplatform:operationTimeoutSeconds.*"ten".*pulumi config set/,
        );
    });
});

describe("endpointBaseUrl", () => {
    test.each([
        [{}, "global", "https://ml.googleapis.com"],
        [{}, undefined, "https://ml.googleapis.com"],
        [{}, "us-central1", "https://us-central1-ml.googleapis.com"],
        [{ endpointOverride: "http://127.0.0.1:9/" }, "global", "http://127.0.0.1:9"],
        [{ endpointOverride: "http://127.0.0.1:9/" }, "europe-west4", "http://127.0.0.1:9/europe-west4"],
        [
            { endpointOverride: "http://x/", regionalEndpointOverride: "http://{region}.proxy/" },
            "asia-east1",
            "http://asia-east1.proxy",
        ],
    ])("%p %p -> %p", (settings, endpoint, expected) => {
        expect(endpointBaseUrl(settings, endpoint)).toBe(expected);
    });

    test.each([
        ["http://127.0.0.1:8080/", true],
        ["http://localhost:1", true],
        ["https://ml.googleapis.com", false],
        [undefined, false],
    ])("isLoopbackUrl(%p) = %p", (url, expected) => {
        expect(isLoopbackUrl(url)).toBe(expected);
    });
});
