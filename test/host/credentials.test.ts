import { createTokenSource, EMULATOR_TOKEN } from "../../provider/host/credentials";

describe("createTokenSource", () => {
    test("GOOGLE_OAUTH_ACCESS_TOKEN wins", async () => {
        await expect(createTokenSource(undefined, { GOOGLE_OAUTH_ACCESS_TOKEN: "tok" })()).resolves.toBe("tok");
    });

    // Regression: without credentials, ADC probed the GCE metadata server (a non-loopback address) even when
    // the endpoint was a local emulator.
    test("a loopback endpoint gets a placeholder and never consults Application Default Credentials", async () => {
        const env = { GOOGLE_APPLICATION_CREDENTIALS: "/nonexistent/key.json" };
        await expect(createTokenSource("http://127.0.0.1:9999", env)()).resolves.toBe(EMULATOR_TOKEN);
    });

    test("a real endpoint without credentials explains how to get them", async () => {
        const saved = process.env.GOOGLE_APPLICATION_CREDENTIALS;
        process.env.GOOGLE_APPLICATION_CREDENTIALS = "/nonexistent/key.json"; // fails fast, before any metadata probe
        try {
            await expect(createTokenSource(undefined, {})()).rejects.toThrow(/gcloud auth application-default login/);
        } finally {
            if (saved === undefined) delete process.env.GOOGLE_APPLICATION_CREDENTIALS;
            else process.env.GOOGLE_APPLICATION_CREDENTIALS = saved;
        }
    });
});
