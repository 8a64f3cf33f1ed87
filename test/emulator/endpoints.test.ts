// The ml.googleapis.com v1 emulator over HTTP. Endpoint namespaces (global and regional hosts).

import { rawRequest } from "../helpers/emulatorProcess";
import { P, REGIONAL, useEmulator, emu, api, createModel, createVersion } from "../helpers/emulatorSuite";

useEmulator();

// ------------------------------------------------------------------------------------------ namespaces

describe("endpoint namespaces", () => {
    test("global and regional are separate; same model name on both", async () => {
        await createModel("m1", { description: "global" });
        await createModel("m1", { description: "regional" }, REGIONAL);
        expect((await api("GET", `${P}/models/m1`)).body.description).toBe("global");
        expect((await api("GET", `${REGIONAL}${P}/models/m1`)).body.description).toBe("regional");
        expect((await api("GET", `/europe-west4${P}/models/m1`)).status).toBe(404);
    });

    test("Host header {region}-ml.googleapis.com and {region}-<anything> select the region", async () => {
        await createModel("m1", {}, "/europe-west4");
        const byHost = await rawRequest(emu().port, "GET", `${P}/models/m1`, {
            host: "europe-west4-ml.googleapis.com",
        });
        expect(byHost.status).toBe(200);
        expect(byHost.body.regions).toEqual(["europe-west4"]);
        const byOther = await rawRequest(emu().port, "GET", `${P}/models/m1`, {
            host: `europe-west4-127.0.0.1:${emu().port}`,
        });
        expect(byOther.status).toBe(200);
        expect((await rawRequest(emu().port, "GET", `${P}/models/m1`, { host: "ml.googleapis.com" })).status).toBe(404);
    });

    test("proxy-style absolute-form targets (how gcloud reaches a regional endpoint)", async () => {
        await createModel("m1", {}, REGIONAL);
        const r = await rawRequest(
            emu().port,
            "GET",
            `http://us-central1-127.0.0.1:${emu().port}${P}/models/m1?alt=json`,
        );
        expect(r.status).toBe(200);
        const log = emu().requests().at(-1);
        expect(log).toMatchObject({ path: `${P}/models/m1`, namespace: "us-central1", query: { alt: "json" } });
    });

    test("operations are scoped to the namespace that created them", async () => {
        await createModel("m1", {}, REGIONAL);
        const op = await createVersion("m1", "v1", {}, REGIONAL);
        expect((await api("GET", `/v1/${op.name as string}`)).status).toBe(404);
        expect((await api("GET", `${REGIONAL}/v1/${op.name as string}`)).status).toBe(200);
        expect((await api("GET", `${P}/operations`)).body).toEqual({});
        expect((await api("GET", `${REGIONAL}${P}/operations`)).body.operations).toHaveLength(1);
        expect(
            emu()
                .requests()
                .map((r) => r.namespace),
        ).toEqual(["us-central1", "us-central1", "global", "us-central1", "global", "us-central1"]);
    });
});
