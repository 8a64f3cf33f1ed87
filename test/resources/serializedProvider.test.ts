// Serializes the providers exactly as Pulumi does and loads them back exactly as the provider host does
// (require-from-string + handler()), then runs methods through the loaded copy.

import * as pulumi from "@pulumi/pulumi";
import { modelProvider, versionProvider } from "../../provider/resources/serializedProvider";
import { validVersion } from "../fixtures/inputs";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const requireFromString: (code: string) => {
    handler(): pulumi.dynamic.ResourceProvider;
} = require("require-from-string");

const SECRET_TOKEN = "ya29.not-a-real-token-but-secret";
const config = { get: (key: string) => ({ "aiplatform:project": "demo-project" })[key], require: (key: string) => key };

describe.each([
    ["Model", modelProvider],
    ["Version", versionProvider],
])("%s provider", (_kind, provider) => {
    let text: string;
    let containsSecrets: boolean;

    beforeAll(async () => {
        process.env.GOOGLE_OAUTH_ACCESS_TOKEN = SECRET_TOKEN;
        ({ text, containsSecrets } = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true }));
    });
    afterAll(() => {
        delete process.env.GOOGLE_OAUTH_ACCESS_TOKEN;
    });

    test("stays under the 8 KB budget", () => {
        expect(Buffer.byteLength(text)).toBeLessThan(8 * 1024);
    });

    test("captures no credential, environment value or machine path", () => {
        expect(containsSecrets).toBe(false);
        expect(text).not.toContain(SECRET_TOKEN);
        expect(text).not.toContain(process.cwd());
        expect(text).not.toMatch(/process\.env\./);
        expect(text).not.toMatch(/private_key|client_secret|access_token/i);
    });

    test("loads as the provider host loads it and runs check", async () => {
        const loaded = requireFromString(text).handler();
        await loaded.configure?.({ config });
        const news =
            _kind === "Model"
                ? { autonamePrefix: "census" }
                : { ...validVersion, name: undefined, project: undefined, autonamePrefix: "blue" };
        const result = await loaded.check?.({}, news);
        expect(result?.failures).toEqual([]);
        expect(result?.inputs.name).toMatch(_kind === "Model" ? /^census_[a-z0-9]{7}$/ : /^blue_[a-z0-9]{7}$/);
        // The project comes from stack configuration, delivered through configure().
        expect(result?.inputs.project).toBe("demo-project");
    });
});
