// Failures that retrying cannot heal (a name that does not resolve, a configured endpoint where nothing listens, a
// failed TLS handshake) fail on the first attempt, naming the endpoint, the cause and the fix; failures that can heal
// (dropped or reset connections, a refused connection to Google's own endpoint) stay retried. A refused 401/403 names
// the credentials used, never the secret. Real sockets against the emulator; a recording clock, so nothing waits.

import * as net from "node:net";
import { type EmulatorHandle, NO_QUOTAS, startEmulator } from "../../emulator";
import { MlApiClient } from "../../provider/host/apiClient";
import { mlService } from "../../provider/host/ml/mlEndpoints";
import { ApiError } from "../../provider/host/apiError";
import { createTokenSource, readCredentialConfig } from "../../provider/host/credentials";
import type { Clock } from "../../provider/host/polling";
import { readSettings } from "../../provider/host/settings";
import { unhealableTransportFailure } from "../../provider/host/transportFailures";
import { fakeConfig } from "../../harness/providerHarness";

/** An error as Node's fetch throws it: "fetch failed", caused by the socket's error with its code. */
function fetchFailure(code: string, message: string): Error {
    const socketError = Object.assign(new Error(message), { code });
    return new TypeError("fetch failed", { cause: socketError });
}

describe("unhealableTransportFailure", () => {
    const override = "aiplatform:endpointOverride (or AIPLATFORM_ENDPOINT_OVERRIDE)";
    test.each([
        ["ENOTFOUND", "getaddrinfo ENOTFOUND ml.example.invalid", override, /does not resolve/],
        ["ENOTFOUND", "getaddrinfo ENOTFOUND ml.googleapis.com", undefined, /does not resolve/],
        ["ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:9", override, /connection refused: nothing listens/],
        ["ERR_SSL_WRONG_VERSION_NUMBER", "wrong version number", override, /TLS handshake .* failed/],
        ["EPROTO", "write EPROTO", undefined, /TLS handshake .* failed/],
        ["DEPTH_ZERO_SELF_SIGNED_CERT", "self-signed certificate", override, /TLS handshake/],
        ["CERT_HAS_EXPIRED", "certificate has expired", undefined, /TLS handshake/],
        ["UNABLE_TO_VERIFY_LEAF_SIGNATURE", "unable to verify the first certificate", override, /TLS handshake/],
        ["ERR_TLS_CERT_ALTNAME_INVALID", "Hostname/IP does not match certificate's altnames", undefined, /TLS/],
    ])("%s (%s, setting %s) is not retried", (code, message, setting, cause) => {
        const failure = unhealableTransportFailure(fetchFailure(code, message), "http://ml.example.invalid/", setting);
        expect(failure?.cause).toMatch(cause);
        expect(failure?.cause).toContain(message);
        expect(failure?.fix).toContain(setting ?? "aiplatform:endpointOverride");
    });

    test.each([
        ["ECONNREFUSED", "connect ECONNREFUSED 142.250.1.1:443", undefined], // Google's endpoint: an outage passes
        ["ECONNRESET", "read ECONNRESET", "aiplatform:endpointOverride"],
        ["ETIMEDOUT", "connect ETIMEDOUT", "aiplatform:endpointOverride"],
        ["EAI_AGAIN", "getaddrinfo EAI_AGAIN ml.googleapis.com", undefined], // the resolver is temporarily unavailable
        ["UND_ERR_SOCKET", "other side closed", "aiplatform:endpointOverride"],
    ])("%s (%s, setting %s) stays retried", (code, message, setting) => {
        expect(unhealableTransportFailure(fetchFailure(code, message), "https://ml.googleapis.com/", setting)).toBe(
            undefined,
        );
    });

    test("fetch's refusal of a blocked port (no code, message 'bad port') is not retried, at any endpoint", () => {
        const failure = unhealableTransportFailure(
            new TypeError("fetch failed", { cause: new Error("bad port") }),
            "http://127.0.0.1:1/",
            undefined,
        );
        expect(failure?.cause).toBe(
            "fetch refuses to connect to port 1 of 127.0.0.1:1 (bad port: the port is reserved for another protocol)",
        );
        expect(failure?.fix).toContain("serve the API on another port");
    });

    test("an error without a code (or an HTTP answer) is not classified", () => {
        expect(unhealableTransportFailure(new Error("boom"), "http://127.0.0.1:1/", "x")).toBe(undefined);
        expect(unhealableTransportFailure("not an error", "http://127.0.0.1:1/", "x")).toBe(undefined);
    });
});

describe("the API client against real sockets", () => {
    let emulator: EmulatorHandle;
    const sleeps: number[] = [];
    /** Real time, but sleeping returns at once and is recorded: a retry shows as a sleep. */
    const recordingClock: Clock = {
        now: () => Date.now(),
        sleep: async (ms) => void sleeps.push(ms),
    };
    const SECRET = "ya29.secret-token-never-in-messages";

    beforeAll(async () => {
        emulator = await startEmulator({ port: 0, quotas: NO_QUOTAS });
    });
    afterAll(() => emulator.stop());
    beforeEach(() => {
        sleeps.length = 0;
        emulator.clearFaults();
    });

    const clientFor = (endpointOverride: string, env: Record<string, string> = {}) => {
        const values = { "aiplatform:project": "p", "aiplatform:endpointOverride": endpointOverride };
        const settings = readSettings(fakeConfig(values), {});
        const tokens = createTokenSource(endpointOverride, readCredentialConfig(fakeConfig(values), env));
        return new MlApiClient(settings, mlService(settings), tokens, recordingClock);
    };

    async function closedPort(): Promise<number> {
        const server = net.createServer();
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        const port = (server.address() as net.AddressInfo).port;
        await new Promise((resolve) => server.close(resolve));
        return port;
    }

    async function failure(promise: Promise<unknown>): Promise<ApiError> {
        const err = await promise.then(
            () => undefined,
            (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(ApiError);
        return err as ApiError;
    }

    test.each([
        [
            "a refused connection to the configured endpoint",
            async () => `http://127.0.0.1:${await closedPort()}`,
            /connection refused: nothing listens at 127\.0\.0\.1:\d+ \(connect ECONNREFUSED/,
        ],
        [
            "a configured endpoint on a port fetch blocks (1)",
            () => Promise.resolve("http://127.0.0.1:1"),
            /fetch refuses to connect to port 1 of 127\.0\.0\.1:1 \(bad port/,
        ],
    ])("%s fails on the first attempt, naming the endpoint, the cause and the fix", async (_what, endpoint, cause) => {
        const url = await endpoint();
        const err = await failure(clientFor(url).request("GET", "v1/projects/p/models"));
        expect(err.message).toContain(`GET v1/projects/p/models failed: cannot reach ${url}/: `);
        expect(err.message).toMatch(cause);
        expect(err.message).toContain("Not retried (retrying cannot heal this)");
        expect(err.message).toContain("aiplatform:endpointOverride (or AIPLATFORM_ENDPOINT_OVERRIDE)");
        expect(err.attempts).toBe(1);
        expect(sleeps).toEqual([]);
    });

    test("a dropped connection is still retried, and the call succeeds", async () => {
        emulator.injectFault({ method: "GET", path: "/models$", kind: "drop", times: 2 });
        await expect(clientFor(emulator.url).requestWithAttempts("GET", "v1/projects/p/models")).resolves.toEqual({
            value: {},
            attempts: 3,
        });
        expect(sleeps).toHaveLength(2);
    });

    test.each([
        [401, "UNAUTHENTICATED", "Request had invalid authentication credentials."],
        [403, "PERMISSION_DENIED", "Permission 'ml.models.list' denied on resource."],
    ])("a %i names the credentials used (the setting), never the token", async (status, rpcStatus, message) => {
        emulator.injectFault({ method: "GET", path: "/models$", kind: "status", status, message });
        const client = clientFor(emulator.url, { GOOGLE_OAUTH_ACCESS_TOKEN: SECRET });
        const err = await failure(client.request("GET", "v1/projects/p/models"));
        expect(err.message).toBe(
            `GET v1/projects/p/models failed: HTTP ${status} ${rpcStatus}: ${message}; ` +
                "credentials used: the access token of GOOGLE_OAUTH_ACCESS_TOKEN",
        );
        expect(JSON.stringify({ message: err.message, stack: err.stack })).not.toContain(SECRET);
    });
});
