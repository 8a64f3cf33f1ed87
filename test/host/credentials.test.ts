// Credentials as @pulumi/gcp users configure them, through google-auth-library, with fakes at the HTTP boundary
// (a local IAM Credentials API for impersonation) and real key material generated per run (no network).

import { generateKeyPairSync, createVerify } from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { createTokenSource, EMULATOR_TOKEN, readCredentialConfig } from "../../provider/host/credentials";

const config = (values: Record<string, string>): dynamic.Config => ({
    get: (key) => values[key],
    require: (key) => values[key],
});
const tokenFor = (values: Record<string, string>, env: Record<string, string> = {}, endpoint?: string) =>
    createTokenSource(endpoint, readCredentialConfig(config(values), env))();

const SOURCE_TOKEN = "ya29.source-token-not-for-logs";

describe("readCredentialConfig", () => {
    test.each([
        [
            "gcp:accessToken beats GOOGLE_OAUTH_ACCESS_TOKEN",
            { "gcp:accessToken": "a" },
            { GOOGLE_OAUTH_ACCESS_TOKEN: "b" },
            "accessToken",
            "a",
            "gcp:accessToken",
        ],
        [
            "GOOGLE_OAUTH_ACCESS_TOKEN without config",
            {},
            { GOOGLE_OAUTH_ACCESS_TOKEN: "b" },
            "accessToken",
            "b",
            "GOOGLE_OAUTH_ACCESS_TOKEN",
        ],
        [
            "gcp:credentials beats GOOGLE_CREDENTIALS",
            { "gcp:credentials": "/k.json" },
            { GOOGLE_CREDENTIALS: "/e.json" },
            "credentials",
            "/k.json",
            "gcp:credentials",
        ],
        [
            "GOOGLE_CREDENTIALS first",
            {},
            { GOOGLE_CLOUD_KEYFILE_JSON: "/b", GOOGLE_CREDENTIALS: "/a" },
            "credentials",
            "/a",
            "GOOGLE_CREDENTIALS",
        ],
        [
            "then GOOGLE_CLOUD_KEYFILE_JSON",
            {},
            { GOOGLE_CLOUD_KEYFILE_JSON: "/b", GCLOUD_KEYFILE_JSON: "/c" },
            "credentials",
            "/b",
            "GOOGLE_CLOUD_KEYFILE_JSON",
        ],
        ["then GCLOUD_KEYFILE_JSON", {}, { GCLOUD_KEYFILE_JSON: "/c" }, "credentials", "/c", "GCLOUD_KEYFILE_JSON"],
        [
            "gcp:impersonateServiceAccount",
            { "gcp:impersonateServiceAccount": "sa@p.iam.gserviceaccount.com" },
            {},
            "impersonateServiceAccount",
            "sa@p.iam.gserviceaccount.com",
            "gcp:impersonateServiceAccount",
        ],
        [
            "GOOGLE_IMPERSONATE_SERVICE_ACCOUNT",
            {},
            { GOOGLE_IMPERSONATE_SERVICE_ACCOUNT: "sa@p" },
            "impersonateServiceAccount",
            "sa@p",
            "GOOGLE_IMPERSONATE_SERVICE_ACCOUNT",
        ],
    ] as const)("%s", (_name, values, env, field, value, from) => {
        expect(readCredentialConfig(config(values), env)[field]).toEqual({ value, from });
    });

    test("delegates are a JSON list; anything else names the key and the expected form", () => {
        const ok = readCredentialConfig(config({ "gcp:impersonateServiceAccountDelegates": '["a@p", "b@p"]' }), {});
        expect(ok.delegates).toEqual(["projects/-/serviceAccounts/a@p", "projects/-/serviceAccounts/b@p"]);
        expect(() => readCredentialConfig(config({ "gcp:impersonateServiceAccountDelegates": "a@p" }), {})).toThrow(
            /gcp:impersonateServiceAccountDelegates must be a JSON list/,
        );
    });
});

describe("createTokenSource", () => {
    test("an access token (config or environment) is used as is, even for a loopback endpoint", async () => {
        await expect(tokenFor({ "gcp:accessToken": "tok" })).resolves.toBe("tok");
        await expect(tokenFor({}, { GOOGLE_OAUTH_ACCESS_TOKEN: "env-tok" }, "http://127.0.0.1:1")).resolves.toBe(
            "env-tok",
        );
    });

    // Regression: without credentials, ADC probed the GCE metadata server (a non-loopback address) even when
    // the endpoint was a local emulator.
    test("a loopback endpoint gets a placeholder and never consults key files or Application Default Credentials", async () => {
        const env = { GOOGLE_APPLICATION_CREDENTIALS: "/nonexistent/key.json" };
        await expect(tokenFor({ "gcp:credentials": "/nonexistent/key.json" }, env, "http://127.0.0.1:9")).resolves.toBe(
            EMULATOR_TOKEN,
        );
    });

    test("a real endpoint without credentials explains how to get them", async () => {
        const saved = process.env.GOOGLE_APPLICATION_CREDENTIALS;
        process.env.GOOGLE_APPLICATION_CREDENTIALS = "/nonexistent/key.json"; // fails fast, before any metadata probe
        try {
            await expect(tokenFor({})).rejects.toThrow(/gcloud auth application-default login.*gcp:credentials/);
        } finally {
            if (saved === undefined) delete process.env.GOOGLE_APPLICATION_CREDENTIALS;
            else process.env.GOOGLE_APPLICATION_CREDENTIALS = saved;
        }
    });

    describe("gcp:credentials", () => {
        const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
        // A non-default universe makes google-auth-library sign its own JWT (no token exchange over the network),
        // so the whole path from key material to bearer token runs here.
        const key = {
            type: "service_account",
            project_id: "demo-project",
            private_key_id: "k1",
            private_key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
            client_email: "deployer@demo-project.iam.gserviceaccount.com",
            client_id: "1",
            universe_domain: "universe.test",
        };
        const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), "aiplatform-key-"));
        const keyPath = path.join(keyDir, "key.json");
        fs.writeFileSync(keyPath, JSON.stringify(key));
        afterAll(() => fs.rmSync(keyDir, { recursive: true, force: true }));

        const claimsOf = (jwt: string) => {
            const [header, payload, signature] = jwt.split(".");
            const verifier = createVerify("RSA-SHA256");
            verifier.update(`${header}.${payload}`);
            expect(verifier.verify(publicKey, Buffer.from(signature, "base64url"))).toBe(true);
            return JSON.parse(Buffer.from(payload, "base64url").toString()) as { iss: string; scope?: string };
        };

        test.each([
            ["key content", () => JSON.stringify(key)],
            ["a path to the key file", () => keyPath],
        ])("as %s: the token is signed by that service account's key", async (_name, value) => {
            const token = await tokenFor({ "gcp:credentials": value() });
            const claims = claimsOf(token);
            expect(claims.iss).toBe(key.client_email);
            expect(claims.scope).toBe("https://www.googleapis.com/auth/cloud-platform");
        });

        test("content that is not JSON is refused naming the setting, never echoing the content", async () => {
            const secret = "not-json-but-secret-material";
            const failure = tokenFor({ "gcp:credentials": `{${secret}` });
            await expect(failure).rejects.toThrow(/gcp:credentials is not valid JSON/);
            await expect(failure).rejects.not.toThrow(new RegExp(secret));
        });

        test("a path that cannot be read is refused naming the variable and the path", async () => {
            await expect(tokenFor({}, { GOOGLE_CREDENTIALS: "/nonexistent/key.json" })).rejects.toThrow(
                /GOOGLE_CREDENTIALS names a file that cannot be read \(\/nonexistent\/key.json: ENOENT\)/,
            );
        });
    });

    describe("gcp:impersonateServiceAccount against a local IAM Credentials API", () => {
        let server: http.Server;
        let url: string;
        let received: { path: string; authorization?: string; body: Record<string, unknown> }[];
        let status: number;

        beforeAll(async () => {
            server = http.createServer((req, res) => {
                let text = "";
                req.on("data", (c: Buffer) => (text += c.toString()));
                req.on("end", () => {
                    received.push({
                        path: req.url ?? "",
                        authorization: req.headers.authorization,
                        body: JSON.parse(text),
                    });
                    res.writeHead(status, { "content-type": "application/json" });
                    res.end(
                        status === 200
                            ? JSON.stringify({
                                  accessToken: "ya29.impersonated",
                                  expireTime: new Date(Date.now() + 3600_000).toISOString(),
                              })
                            : JSON.stringify({
                                  error: {
                                      code: status,
                                      message: "Permission 'iam.serviceAccounts.getAccessToken' denied",
                                      status: "PERMISSION_DENIED",
                                  },
                              }),
                    );
                });
            });
            await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
            url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        });
        afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
        beforeEach(() => {
            received = [];
            status = 200;
        });

        const impersonating = () =>
            createTokenSource(
                undefined,
                readCredentialConfig(
                    config({
                        "gcp:accessToken": SOURCE_TOKEN,
                        "gcp:impersonateServiceAccount": "deployer@demo-project.iam.gserviceaccount.com",
                        "gcp:impersonateServiceAccountDelegates": '["middle@demo-project.iam.gserviceaccount.com"]',
                        "gcp:iamCredentialsCustomEndpoint": `${url}/`,
                    }),
                    {},
                ),
            );

        test("the source token buys a token for the service account, once (cached until it expires)", async () => {
            const source = impersonating();
            await expect(source()).resolves.toBe("ya29.impersonated");
            await expect(source()).resolves.toBe("ya29.impersonated");
            expect(received).toEqual([
                {
                    path: "/v1/projects/-/serviceAccounts/deployer@demo-project.iam.gserviceaccount.com:generateAccessToken",
                    authorization: `Bearer ${SOURCE_TOKEN}`,
                    body: {
                        delegates: ["projects/-/serviceAccounts/middle@demo-project.iam.gserviceaccount.com"],
                        scope: ["https://www.googleapis.com/auth/cloud-platform"],
                        lifetime: "3600s",
                    },
                },
            ]);
        });

        test("a refusal says what to grant and never shows the source token", async () => {
            status = 403;
            const failure = impersonating()();
            await expect(failure).rejects.toThrow(/impersonate deployer@demo-project.*serviceAccountTokenCreator/);
            await expect(failure).rejects.not.toThrow(new RegExp(SOURCE_TOKEN));
        });
    });
});
