// Conformance: the real gcloud CLI against the emulator. gcloud is pointed at the emulator with
// CLOUDSDK_API_ENDPOINT_OVERRIDES_ML; for regional endpoints gcloud derives "{region}-127.0.0.1:PORT",
// which does not resolve, so those tests also make the emulator gcloud's HTTP proxy (the emulator
// accepts proxy-form requests and picks the region from the target host).
//
// Without gcloud the suite warns loudly and skips; with CI set it fails instead.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type EmulatorHandle, type RecordedRequest } from "../../emulator";
import { callApi, type Json } from "../helpers/emulatorProcess";
import { describeWithGcloud, gcloudEnv, runGcloud, succeeded, type GcloudResult } from "../helpers/gcloud";

jest.setTimeout(120000);

const PROJECT = "demo-project";
const P = `/v1/projects/${PROJECT}`;

describeWithGcloud("the gcloud conformance suite")("gcloud ai-platform against the emulator", () => {
    let emu: EmulatorHandle;
    let workDir: string;
    let baseEnv: NodeJS.ProcessEnv;
    /** How far the emulator's clock is ahead of real time (see finishWhenPolled). */
    let skewMs = 0;

    beforeAll(async () => {
        emu = await startEmulator({ port: 0, projectNumber: "123456789012", clock: () => Date.now() + skewMs });
        workDir = mkdtempSync(join(tmpdir(), "mlemu-gcloud-"));
        baseEnv = gcloudEnv(workDir, PROJECT, { CLOUDSDK_API_ENDPOINT_OVERRIDES_ML: `${emu.url}/` });
    });

    afterAll(async () => {
        await emu.stop();
        rmSync(workDir, { recursive: true, force: true });
    });

    beforeEach(() => {
        emu.reset();
        emu.setDurations({ createVersion: 0, updateVersion: 0, deleteVersion: 0, updateModel: 0, deleteModel: 0 });
    });

    /**
     * Moves the emulator's clock `ms` ahead once gcloud has polled an operation whose name contains `operation`: with
     * a duration of `ms`, the first poll always finds it running and a later one done, however slow the machine.
     */
    async function finishWhenPolled(operation: string, ms: number): Promise<void> {
        const deadline = Date.now() + 60_000; // bounds a hang only
        while (!emu.requests().some((r) => r.method === "GET" && r.path.includes(operation))) {
            if (Date.now() > deadline) throw new Error(`gcloud never polled ${operation}`);
            await new Promise((resolve) => setTimeout(resolve, 20));
        }
        skewMs += ms;
    }

    function gcloud(args: string[], opts: { regionalProxy?: boolean } = {}): Promise<GcloudResult> {
        const env: NodeJS.ProcessEnv = { ...baseEnv };
        if (opts.regionalProxy) {
            Object.assign(env, {
                CLOUDSDK_PROXY_TYPE: "http",
                CLOUDSDK_PROXY_ADDRESS: "127.0.0.1",
                CLOUDSDK_PROXY_PORT: String(emu.port),
            });
        }
        return runGcloud(env, ["ai-platform", ...args, "--format=json"]);
    }

    async function ok(args: string[], opts: { regionalProxy?: boolean } = {}): Promise<GcloudResult> {
        return succeeded(await gcloud(args, opts), args);
    }

    /** API requests only (admin calls are never logged), as [method path] strings. */
    function calls(log: RecordedRequest[] = emu.requests()): string[] {
        return log.map((r) => `${r.method} ${r.path}`);
    }

    const G = ["--region", "global"];
    const VERSION_FLAGS = ["--origin", "gs://bucket/model", "--runtime-version", "2.11", "--python-version", "3.7"];

    async function seedModel(name: string, regional = false): Promise<void> {
        const prefix = regional ? "/us-central1" : "";
        const r = await callApi(emu.url, "POST", `${prefix}${P}/models`, { name });
        expect(r.status).toBe(200);
    }

    async function seedVersion(model: string, version: string): Promise<void> {
        const r = await callApi(emu.url, "POST", `${P}/models/${model}/versions`, {
            name: version,
            deploymentUri: "gs://bucket/model",
            runtimeVersion: "2.11",
            pythonVersion: "3.7",
        });
        expect(r.status).toBe(200);
        expect((await callApi(emu.url, "GET", `/v1/${r.body.name as string}`)).body.done).toBe(true);
    }

    // ---------------------------------------------------------------------------------------- models

    test("models create / describe / list: what gcloud sends and what it shows", async () => {
        const created = await ok([
            "models",
            "create",
            "m1",
            "--regions",
            "us-central1",
            "--labels",
            "env=dev",
            "--description",
            "first",
            "--enable-logging",
        ]);
        expect(created.stderr).toContain(`Created ai platform model [projects/${PROJECT}/models/m1].`);
        const [create] = emu.requests();
        expect(create).toMatchObject({
            method: "POST",
            path: `${P}/models`,
            query: { alt: "json" },
            status: 200,
            namespace: "global",
        });
        // gcloud sends false booleans explicitly and the short name.
        expect(create?.body).toEqual({
            name: "m1",
            description: "first",
            labels: { env: "dev" },
            onlinePredictionLogging: true,
            onlinePredictionConsoleLogging: false,
            regions: ["us-central1"],
        });

        const described = await ok(["models", "describe", "m1", ...G]);
        expect(described.json).toEqual({
            name: `projects/${PROJECT}/models/m1`,
            description: "first",
            labels: { env: "dev" },
            onlinePredictionLogging: true,
            regions: ["us-central1"],
            // etag is a bytes field: the API sends standard base64, gcloud (apitools) decodes it and prints it URL-safe.
            etag: expect.stringMatching(/^[A-Za-z0-9_-]{11}=$/),
        });

        await seedModel("m0");
        const listed = await ok(["models", "list", ...G]);
        expect(listed.json.map((m: Json) => m.name)).toEqual([
            `projects/${PROJECT}/models/m0`,
            `projects/${PROJECT}/models/m1`,
        ]);
        expect(emu.requests().at(-1)?.query).toEqual({ alt: "json", pageSize: "100" });
    });

    test("models list follows nextPageToken across pages", async () => {
        emu.setQuotas({ maxModels: 0 }); // 105 models: more than Google's 100 per project (test/emulator/quotas.test.ts)
        for (let i = 0; i < 105; i++) await seedModel(`m${String(i).padStart(3, "0")}`);
        emu.setQuotas({ maxModels: 100 });
        emu.clearRequests();
        const listed = await ok(["models", "list", ...G]);
        expect(listed.json).toHaveLength(105);
        expect(listed.json[104].name).toBe(`projects/${PROJECT}/models/m104`);
        const log = emu.requests();
        expect(log).toHaveLength(2);
        expect(log[1]?.query.pageToken).toEqual(expect.any(String));
    });

    test("models list of nothing: empty body {} is an empty list", async () => {
        const listed = await ok(["models", "list", ...G]);
        expect(listed.json).toEqual([]);
    });

    test("errors are rendered the way gcloud renders Google errors", async () => {
        await seedModel("m1");
        const dup = await gcloud(["models", "create", "m1", "--regions", "us-central1"]);
        expect(dup.code).not.toBe(0);
        expect(dup.stderr).toContain(
            `Resource in projects [${PROJECT}] is the subject of a conflict: Field: model.name Error: A model with the same name already exists.`,
        );
        expect(dup.stderr).toContain("type.googleapis.com/google.rpc.BadRequest");

        const missing = await gcloud(["models", "describe", "nope", ...G]);
        expect(missing.code).not.toBe(0);
        expect(missing.stderr).toContain(`NOT_FOUND: Field: name Error: The model resource: "nope" was not found.`);

        const bad = await gcloud(["models", "create", "1bad", "--regions", "us-central1"]);
        expect(bad.code).not.toBe(0);
        expect(bad.stderr).toContain("INVALID_ARGUMENT: Field: model.name Error: A name should start with a letter");
    });

    test("models update: GET first, then PATCH with mask 'labels,description' (gcloud's order)", async () => {
        await seedModel("m1");
        emu.clearRequests();
        const r = await ok(["models", "update", "m1", ...G, "--description", "new", "--update-labels", "k=v"]);
        expect(r.stderr).toContain("Updated ai platform model [m1].");
        const log = emu.requests();
        expect(calls(log)).toEqual([
            `GET ${P}/models/m1`,
            `PATCH ${P}/models/m1`,
            expect.stringMatching(new RegExp(`^GET ${P}/operations/update_model_m1-\\d{13}$`)),
        ]);
        expect(log[1]?.query).toEqual({ alt: "json", updateMask: "labels,description" });
        expect(log[1]?.body).toEqual({ description: "new", labels: { k: "v" } });
        const described = await ok(["models", "describe", "m1", ...G]);
        expect(described.json).toMatchObject({ description: "new", labels: { k: "v" } });
    });

    test("models delete: refused while versions exist, then an operation gcloud waits for", async () => {
        await seedModel("m1");
        await seedVersion("m1", "v1");
        const refused = await gcloud(["models", "delete", "m1", ...G]);
        expect(refused.code).not.toBe(0);
        expect(refused.stderr).toContain(
            "FAILED_PRECONDITION: A model with versions cannot be deleted. Please delete the versions first.",
        );

        await ok(["versions", "delete", "v1", "--model", "m1", ...G]);
        emu.clearRequests();
        const deleted = await ok(["models", "delete", "m1", ...G]);
        expect(deleted.json).toEqual({ "@type": "type.googleapis.com/google.protobuf.Empty" });
        expect(calls()).toEqual([
            `DELETE ${P}/models/m1`,
            expect.stringMatching(new RegExp(`^GET ${P}/operations/delete_model_m1-\\d{13}$`)),
        ]);
        expect((await gcloud(["models", "describe", "m1", ...G])).code).not.toBe(0);
    });

    // ---------------------------------------------------------------------------------------- versions

    test("versions create --origin: body, waiting, printed response, describe/list", async () => {
        await seedModel("m1");
        emu.clearRequests();
        const created = await ok([
            "versions",
            "create",
            "v1",
            "--model",
            "m1",
            ...G,
            ...VERSION_FLAGS,
            "--framework",
            "tensorflow",
            "--machine-type",
            "mls1-c1-m2",
            "--labels",
            "team=ml",
            "--description",
            "d",
        ]);
        const [post] = emu.requests();
        expect(post).toMatchObject({ method: "POST", path: `${P}/models/m1/versions`, query: { alt: "json" } });
        expect(post?.body).toEqual({
            name: "v1",
            deploymentUri: "gs://bucket/model",
            runtimeVersion: "2.11",
            pythonVersion: "3.7",
            framework: "TENSORFLOW",
            machineType: "mls1-c1-m2",
            labels: { team: "ml" },
            description: "d",
        });
        // gcloud prints the operation's response: the Version with the bare name.
        expect(created.json).toMatchObject({
            "@type": "type.googleapis.com/google.cloud.ml.v1.Version",
            name: "v1",
            state: "READY",
            isDefault: true,
        });

        const described = await ok(["versions", "describe", "v1", "--model", "m1", ...G]);
        expect(described.json).toMatchObject({
            name: `projects/${PROJECT}/models/m1/versions/v1`,
            state: "READY",
            isDefault: true,
            machineType: "mls1-c1-m2",
            framework: "TENSORFLOW",
            labels: { team: "ml" },
        });
        const listed = await ok(["versions", "list", "--model", "m1", ...G]);
        expect(listed.json.map((v: Json) => v.name)).toEqual([`projects/${PROJECT}/models/m1/versions/v1`]);
        expect(emu.requests().at(-1)?.query).toEqual({ alt: "json", pageSize: "100" });
    });

    test("versions create --config YAML", async () => {
        await seedModel("m1");
        const cfg = join(workDir, "version.yaml");
        writeFileSync(
            cfg,
            [
                "deploymentUri: gs://bucket/model2",
                "runtimeVersion: '2.11'",
                "pythonVersion: '3.7'",
                "machineType: mls1-c4-m2",
                "description: from config",
                "labels:",
                "  team: ml",
                "autoScaling:",
                "  minNodes: 1",
                "  maxNodes: 3",
                "",
            ].join("\n"),
        );
        emu.clearRequests();
        await ok(["versions", "create", "v1", "--model", "m1", ...G, "--config", cfg]);
        expect(emu.requests()[0]?.body).toEqual({
            name: "v1",
            deploymentUri: "gs://bucket/model2",
            runtimeVersion: "2.11",
            pythonVersion: "3.7",
            machineType: "mls1-c4-m2",
            description: "from config",
            labels: { team: "ml" },
            autoScaling: { minNodes: 1, maxNodes: 3 },
        });
        const described = await ok(["versions", "describe", "v1", "--model", "m1", ...G]);
        expect(described.json).toMatchObject({
            autoScaling: { minNodes: 1, maxNodes: 3 },
            machineType: "mls1-c4-m2",
            state: "READY",
        });
    });

    test("gcloud polls a running create operation until it is done (sleep_ms=5000)", async () => {
        await seedModel("m1");
        emu.setDurations({ createVersion: 60_000 });
        emu.clearRequests();
        const [created] = await Promise.all([
            ok(["versions", "create", "v1", "--model", "m1", ...G, ...VERSION_FLAGS]),
            finishWhenPolled("/operations/create_m1_v1-", 60_000),
        ]);
        expect(created.json.state).toBe("READY");
        const polls = emu.requests().filter((r) => r.method === "GET" && r.path.includes("/operations/create_m1_v1-"));
        expect(polls.length).toBeGreaterThanOrEqual(2);
        // first poll is immediate (still running), the next one ~5 s later finds it done. Real time is the point
        // here: gcloud is another process, whose poll interval (sleep_ms=5000) no clock of ours can stand in for;
        // lower bounds only, so a slow machine cannot fail it.
        expect(Date.parse(polls[1]?.time) - Date.parse(polls[0]?.time)).toBeGreaterThanOrEqual(4500);
        expect(created.ms).toBeGreaterThanOrEqual(4500);
    });

    test("a failed create: gcloud exits non-zero with the operation error; version is FAILED", async () => {
        await seedModel("m1");
        emu.injectFault({ kind: "operationFailed", method: "POST", path: "/versions$" });
        const r = await gcloud(["versions", "create", "v1", "--model", "m1", ...G, ...VERSION_FLAGS]);
        expect(r.code).not.toBe(0);
        expect(r.stderr).toContain('Create Version failed. Bad model detected with error: "Failed to load model');
        const described = await ok(["versions", "describe", "v1", "--model", "m1", ...G]);
        expect(described.json).toMatchObject({
            state: "FAILED",
            errorMessage: expect.stringMatching(/^Create Version failed/),
        });
    });

    test("N1 machine type on the global endpoint is rejected with the observed message", async () => {
        await seedModel("m1");
        const r = await gcloud([
            "versions",
            "create",
            "v1",
            "--model",
            "m1",
            ...G,
            ...VERSION_FLAGS,
            "--machine-type",
            "n1-standard-4",
        ]);
        expect(r.code).not.toBe(0);
        expect(r.stderr).toContain(
            "INVALID_ARGUMENT: The specified machine type 'n1-standard-4' is only available on the regional endpoint.",
        );
    });

    test("versions update --config + --update-labels: GET, then PATCH with a sorted mask", async () => {
        await seedModel("m1");
        await seedVersion("m1", "v1");
        const cfg = join(workDir, "update.yaml");
        writeFileSync(
            cfg,
            [
                "description: updated via config",
                "autoScaling:",
                "  minNodes: 2",
                "  maxNodes: 4",
                "requestLoggingConfig:",
                "  bigqueryTableName: proj.ds.tbl",
                "  samplingPercentage: 0.5",
                "",
            ].join("\n"),
        );
        emu.clearRequests();
        const r = await ok([
            "versions",
            "update",
            "v1",
            "--model",
            "m1",
            ...G,
            "--config",
            cfg,
            "--update-labels",
            "x=y",
        ]);
        expect(r.stderr).toContain("Updated AI Platform version [v1].");
        const log = emu.requests();
        expect(calls(log)).toEqual([
            `GET ${P}/models/m1/versions/v1`,
            `PATCH ${P}/models/m1/versions/v1`,
            expect.stringMatching(new RegExp(`^GET ${P}/operations/update_m1_v1-\\d{13}$`)),
        ]);
        expect(log[1]?.query).toEqual({
            alt: "json",
            updateMask: "autoScaling.maxNodes,autoScaling.minNodes,description,labels,requestLoggingConfig",
        });
        expect(log[1]?.body).toEqual({
            description: "updated via config",
            labels: { x: "y" },
            autoScaling: { minNodes: 2, maxNodes: 4 },
            requestLoggingConfig: { bigqueryTableName: "proj.ds.tbl", samplingPercentage: 0.5 },
        });
        // unlike versions create, versions update prints nothing (an empty list with --format=json)
        expect(r.json).toEqual([]);
        const described = await ok(["versions", "describe", "v1", "--model", "m1", ...G]);
        expect(described.json).toMatchObject({
            description: "updated via config",
            labels: { x: "y" },
            requestLoggingConfig: { bigqueryTableName: "proj.ds.tbl", samplingPercentage: 0.5 },
        });
    });

    test("versions update --description alone sends mask 'description' (no GET needed for labels)", async () => {
        await seedModel("m1");
        await seedVersion("m1", "v1");
        emu.clearRequests();
        await ok(["versions", "update", "v1", "--model", "m1", ...G, "--description", "only"]);
        expect(calls()).toEqual([
            `PATCH ${P}/models/m1/versions/v1`,
            expect.stringMatching(new RegExp(`^GET ${P}/operations/update_m1_v1-\\d{13}$`)),
        ]);
        const patch = emu.requests().find((x) => x.method === "PATCH");
        expect(patch?.query.updateMask).toBe("description");
        expect(patch?.body).toEqual({ description: "only" });
    });

    test("versions set-default is synchronous and moves the default", async () => {
        await seedModel("m1");
        await seedVersion("m1", "v1");
        await seedVersion("m1", "v2");
        emu.clearRequests();
        const r = await ok(["versions", "set-default", "v2", "--model", "m1", ...G]);
        expect(calls()).toEqual([`POST ${P}/models/m1/versions/v2:setDefault`]);
        expect(emu.requests()[0]?.body).toEqual({});
        expect(r.json).toMatchObject({ name: `projects/${PROJECT}/models/m1/versions/v2`, isDefault: true });
        const m = await ok(["models", "describe", "m1", ...G]);
        expect(m.json.defaultVersion.name).toBe(`projects/${PROJECT}/models/m1/versions/v2`);
    });

    test("versions delete: default-with-siblings refused; otherwise an operation gcloud waits for", async () => {
        await seedModel("m1");
        await seedVersion("m1", "v1");
        await seedVersion("m1", "v2");
        const refused = await gcloud(["versions", "delete", "v1", "--model", "m1", ...G]);
        expect(refused.code).not.toBe(0);
        expect(refused.stderr).toContain("FAILED_PRECONDITION: Cannot delete version 'v1'");

        emu.setDurations({ deleteVersion: 60_000 });
        emu.clearRequests();
        const [deleted] = await Promise.all([
            ok(["versions", "delete", "v2", "--model", "m1", ...G]),
            finishWhenPolled("/operations/delete_m1_v2-", 60_000),
        ]);
        expect(deleted.json).toEqual({ "@type": "type.googleapis.com/google.protobuf.Empty" });
        const log = emu.requests();
        expect(log[0]).toMatchObject({ method: "DELETE", path: `${P}/models/m1/versions/v2`, body: null });
        expect(log.filter((x) => x.path.includes("/operations/delete_m1_v2-")).length).toBeGreaterThanOrEqual(2);
        const listed = await ok(["versions", "list", "--model", "m1", ...G]);
        expect(listed.json.map((v: Json) => v.name)).toEqual([`projects/${PROJECT}/models/m1/versions/v1`]);
    });

    // ---------------------------------------------------------------------------------------- operations

    test("operations list / describe (global endpoint when --region is omitted)", async () => {
        await seedModel("m1");
        await seedVersion("m1", "v1");
        emu.clearRequests();
        const listed = await ok(["operations", "list"]);
        expect(listed.json).toHaveLength(1);
        expect(listed.json[0]).toMatchObject({
            done: true,
            metadata: { operationType: "CREATE_VERSION", projectNumber: "123456789012" },
        });
        const id = (listed.json[0].name as string).split("/").pop() as string;
        const described = await ok(["operations", "describe", id]);
        expect(described.json).toEqual(listed.json[0]);
        expect(calls()).toEqual([`GET ${P}/operations`, `GET ${P}/operations/${id}`]);
        expect(emu.requests().every((r) => r.namespace === "global")).toBe(true);
    });

    // ---------------------------------------------------------------------------------------- regional

    test("regional endpoint via --region us-central1 (emulator as gcloud's proxy)", async () => {
        const created = await ok(["models", "create", "rm", "--region", "us-central1"], { regionalProxy: true });
        expect(created.stderr).toContain(`Using endpoint [http://us-central1-127.0.0.1:${emu.port}/]`);
        expect(emu.requests()[0]).toMatchObject({
            namespace: "us-central1",
            path: `${P}/models`,
            body: expect.objectContaining({ regions: ["us-central1"] }),
        });

        const v = await ok(["versions", "create", "v1", "--model", "rm", "--region", "us-central1", ...VERSION_FLAGS], {
            regionalProxy: true,
        });
        expect(v.json).toMatchObject({ machineType: "n1-standard-2", state: "READY" });
        await ok(
            [
                "versions",
                "create",
                "v2",
                "--model",
                "rm",
                "--region",
                "us-central1",
                ...VERSION_FLAGS,
                "--machine-type",
                "n1-highmem-4",
            ],
            {
                regionalProxy: true,
            },
        );
        const regional = await ok(["models", "list", "--region", "us-central1"], { regionalProxy: true });
        expect(regional.json.map((m: Json) => m.name)).toEqual([`projects/${PROJECT}/models/rm`]);
        // the global namespace does not see it, with or without the proxy
        expect((await ok(["models", "list", ...G])).json).toEqual([]);
        expect((await ok(["models", "list", ...G], { regionalProxy: true })).json).toEqual([]);
        const ops = await ok(["operations", "list", "--region", "us-central1"], { regionalProxy: true });
        expect(ops.json).toHaveLength(2);
        expect((await ok(["operations", "list"])).json).toEqual([]);
        const mls1 = await gcloud(
            [
                "versions",
                "create",
                "v3",
                "--model",
                "rm",
                "--region",
                "us-central1",
                ...VERSION_FLAGS,
                "--machine-type",
                "mls1-c1-m2",
            ],
            {
                regionalProxy: true,
            },
        );
        expect(mls1.code).not.toBe(0);
        expect(mls1.stderr).toContain("only available on the global endpoint");
    });

    // ---------------------------------------------------------------------------------------- transport faults

    test("gcloud retries a 503 and a dropped connection, but not a 429", async () => {
        await seedModel("m1");
        emu.clearRequests();
        emu.injectFault({ kind: "status", status: 503, method: "GET", path: "/models$" });
        const afterUnavailable = await ok(["models", "list", ...G]);
        expect(afterUnavailable.json).toHaveLength(1);
        expect(emu.requests().map((r) => [r.status, r.fault])).toEqual([
            [503, "status"],
            [200, undefined],
        ]);

        emu.clearRequests();
        emu.injectFault({ kind: "drop", method: "GET", path: "/models$" });
        const afterDrop = await ok(["models", "list", ...G]);
        expect(afterDrop.json).toHaveLength(1);
        expect(emu.requests().map((r) => [r.status, r.fault])).toEqual([
            [0, "drop"],
            [200, undefined],
        ]);

        emu.clearRequests();
        emu.injectFault({ kind: "status", status: 429, retryAfterSeconds: 1, method: "GET", path: "/models$" });
        const quota = await gcloud(["models", "list", ...G]);
        expect(quota.code).not.toBe(0);
        expect(quota.stderr).toContain("RESOURCE_EXHAUSTED: Quota exceeded");
        expect(emu.requests()).toHaveLength(1);
    });
});
