// Serializes the providers exactly as Pulumi does and loads them back exactly as the provider host does
// (require-from-string + handler()), then runs methods through the loaded copy: as a user's program stores them
// (the package installed under node_modules: a `require` of the package's export, under 1 KB), and as a symlinked
// checkout does (this repository's `file:.` dependency: the object by value, which must work the same).

import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import modelProvider from "../../provider/resources/modelProvider";
import versionProvider from "../../provider/resources/versionProvider";
import { validVersion } from "../fixtures/inputs";
import { wireNames } from "../../provider/fields/wireNames";
import { installedCopy } from "../../harness/installedCopy";

const requireFromString: (
    code: string,
    options?: { prependPaths: string[] },
) => {
    handler(): pulumi.dynamic.ResourceProvider;
} = require("require-from-string");

const SECRET_TOKEN = "ya29.not-a-real-token-but-secret";
const config = { get: (key: string) => ({ "aiplatform:project": "demo-project" })[key], require: (key: string) => key };

const installedRoot = installedCopy("serialized-provider-test");

describe.each([
    ["Model", "modelProvider"],
    ["Version", "versionProvider"],
])("%s provider, installed from the package", (_kind, file) => {
    const provider: unknown = require(path.join(installedRoot, "dist/provider/resources", `${file}.js`));

    test("is stored as a require of the package's export: at most 1 KB, loading the very same object", async () => {
        const { text, containsSecrets } = await pulumi.runtime.serializeFunction(() => provider, {
            allowSecrets: true,
        });
        expect(Buffer.byteLength(text)).toBeLessThanOrEqual(1024);
        expect(containsSecrets).toBe(false);
        expect(text).toContain(`require("pulumi-aiplatform-prediction/dist/provider/resources/${file}.js")`);
        expect(text).not.toContain(process.cwd());
        // As the provider host does, resolving from the program's node_modules.
        const loaded = requireFromString(text, { prependPaths: [path.dirname(installedRoot)] }).handler();
        // The same module of the same install (a distinct instance only because jest keeps its own registry).
        expect(loaded).toEqual(provider);
        await loaded.configure?.({ config });
        const news =
            _kind === "Model" ? { [wireNames.autonamePrefix]: "census" } : { ...validVersion, project: undefined };
        expect((await loaded.check?.({}, news))?.failures).toEqual([]);
    });
});

describe.each([
    ["Model", modelProvider],
    ["Version", versionProvider],
])("%s provider, from a symlinked checkout (by value)", (_kind, provider) => {
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
        // As the engine sends them: the resource class's internal input under its `__` wire name.
        const news =
            _kind === "Model"
                ? { [wireNames.autonamePrefix]: "census", __provider: text }
                : {
                      ...validVersion,
                      name: undefined,
                      project: undefined,
                      [wireNames.autonamePrefix]: "blue",
                      __provider: text,
                  };
        const result = await loaded.check?.({}, news);
        expect(result?.failures).toEqual([]);
        // The name is drawn by create (so preview shows it as computed); internal inputs stay under `__` names,
        // which Pulumi's display hides.
        expect(result?.inputs.name).toBeUndefined();
        expect(result?.inputs).toMatchObject({
            [wireNames.autonamePrefix]: _kind === "Model" ? "census" : "blue",
            [wireNames.autonamed]: true,
        });
        expect(Object.keys(result?.inputs ?? {}).filter((k) => /autonam/.test(k) && !k.startsWith("__"))).toEqual([]);
        // The project comes from stack configuration, delivered through configure().
        expect(result?.inputs.project).toBe("demo-project");
    });
});
