// The ml.googleapis.com v1 emulator over HTTP. projects.models.versions: create and the operation it returns; validation on create.

import { type Json } from "../helpers/emulatorProcess";
import {
    BASIC_VERSION,
    PROJECT,
    P,
    ETAG_RE,
    TS_RE,
    REGIONAL,
    useEmulator,
    emu,
    api,
    createModel,
    createVersion,
    getOp,
    modelWithVersions,
    expectError,
} from "../helpers/emulatorSuite";

useEmulator();

// ------------------------------------------------------------------------------------------ versions

describe("versions.create and the operation it returns", () => {
    test("create returns a running Operation of the documented shape", async () => {
        await createModel("m1", { labels: { team: "a" } });
        const before = Date.now();
        const op = await createVersion("m1", "v1", { labels: { v: "1" } });
        expect(op.name).toMatch(new RegExp(`^projects/${PROJECT}/operations/create_m1_v1-(\\d{13})$`));
        const millis = Number(/-(\d{13})$/.exec(op.name as string)?.[1]);
        expect(millis).toBeGreaterThanOrEqual(before);
        expect(millis).toBeLessThanOrEqual(Date.now());
        expect(op).not.toHaveProperty("done");
        expect(op).not.toHaveProperty("response");
        expect(op.metadata).toEqual({
            "@type": "type.googleapis.com/google.cloud.ml.v1.OperationMetadata",
            createTime: expect.stringMatching(TS_RE),
            startTime: expect.stringMatching(TS_RE),
            operationType: "CREATE_VERSION",
            modelName: `projects/${PROJECT}/models/m1`,
            version: {
                name: `projects/${PROJECT}/models/m1/versions/v1`,
                deploymentUri: "gs://bucket/model",
                createTime: expect.stringMatching(TS_RE),
                runtimeVersion: "2.11",
                machineType: "mls1-c1-m2",
                labels: { v: "1" },
                etag: expect.stringMatching(ETAG_RE),
                framework: "TENSORFLOW",
                pythonVersion: "3.7",
            },
            projectNumber: "123456789012",
            labels: { v: "1" },
        });
    });

    test("finished create: done + response Version (bare name) and the first version becomes default", async () => {
        await createModel("m1");
        const op = await createVersion("m1", "v1");
        const done = await getOp(op);
        expect(done.done).toBe(true);
        expect(done.metadata.endTime).toMatch(TS_RE);
        expect(done).not.toHaveProperty("error");
        expect(done.response).toMatchObject({
            "@type": "type.googleapis.com/google.cloud.ml.v1.Version",
            name: "v1",
            state: "READY",
            isDefault: true,
        });
        const v = (await api("GET", `${P}/models/m1/versions/v1`)).body;
        expect(v).toMatchObject({ name: `projects/${PROJECT}/models/m1/versions/v1`, state: "READY", isDefault: true });
        const m = (await api("GET", `${P}/models/m1`)).body;
        expect(m.defaultVersion).toEqual(v);
    });

    test("second version does not become default", async () => {
        await modelWithVersions("m1", ["v1", "v2"]);
        const v2 = (await api("GET", `${P}/models/m1/versions/v2`)).body;
        expect(v2).not.toHaveProperty("isDefault");
        expect((await api("GET", `${P}/models/m1`)).body.defaultVersion.name).toBe(
            `projects/${PROJECT}/models/m1/versions/v1`,
        );
    });

    test("server defaults: machine type per endpoint, framework, createTime; requestLoggingConfig dropped", async () => {
        await createModel("m1");
        await createModel("m1", {}, REGIONAL);
        await createVersion("m1", "v1", { requestLoggingConfig: { bigqueryTableName: "p.d.t" } });
        await createVersion("m1", "v1", {}, REGIONAL);
        const g = (await api("GET", `${P}/models/m1/versions/v1`)).body;
        const r = (await api("GET", `${REGIONAL}${P}/models/m1/versions/v1`)).body;
        expect(g).toMatchObject({
            machineType: "mls1-c1-m2",
            framework: "TENSORFLOW",
            createTime: expect.stringMatching(TS_RE),
        });
        expect(g).not.toHaveProperty("requestLoggingConfig");
        expect(r.machineType).toBe("n1-standard-2");
        const explicit = await createVersion("m1", "v2", { framework: "SCIKIT_LEARN" });
        expect(explicit.metadata.version.framework).toBe("SCIKIT_LEARN");
        const unspecified = await createVersion("m1", "v3", { framework: "FRAMEWORK_UNSPECIFIED" });
        expect(unspecified.metadata.version.framework).toBe("TENSORFLOW");
    });

    test("container versions get no framework and keep container/routes", async () => {
        await createModel("m1", {}, REGIONAL);
        const op = await api("POST", `${REGIONAL}${P}/models/m1/versions`, {
            name: "c1",
            machineType: "n1-standard-4",
            container: {
                image: "us-central1-docker.pkg.dev/p/r/img:1",
                ports: [{ containerPort: 8080 }],
                env: [{ name: "A", value: "b" }],
            },
            routes: { predict: "/p", health: "/h" },
        });
        expect(op.status).toBe(200);
        expect(op.body.metadata.version).not.toHaveProperty("framework");
        expect(op.body.metadata.version.container.image).toBe("us-central1-docker.pkg.dev/p/r/img:1");
        expect(op.body.metadata.version.routes).toEqual({ predict: "/p", health: "/h" });
    });

    test("duplicate version -> 409 ALREADY_EXISTS (a FAILED version still holds its name)", async () => {
        await createModel("m1");
        emu().injectFault({ kind: "operationFailed" });
        await getOp(await createVersion("m1", "v1"));
        const r = await api("POST", `${P}/models/m1/versions`, { name: "v1", ...BASIC_VERSION });
        expectError(
            r,
            409,
            "ALREADY_EXISTS",
            "Field: version.name Error: A version with the same name already exists.",
        );
    });

    test("create on a missing model -> 404", async () => {
        const r = await api("POST", `${P}/models/nope/versions`, { name: "v1", ...BASIC_VERSION });
        expectError(r, 404, "NOT_FOUND", /The model resource: "nope" was not found/);
    });

    test("version get/list: 404s, sorted list, empty {}", async () => {
        await createModel("m1");
        expect((await api("GET", `${P}/models/m1/versions`)).body).toEqual({});
        expectError(
            await api("GET", `${P}/models/m1/versions/nope`),
            404,
            "NOT_FOUND",
            "Field: name Error: The specified model version was not found.",
        );
        expectError(await api("GET", `${P}/models/nope/versions`), 404, "NOT_FOUND", /"nope" was not found/);
        for (const v of ["vc", "va", "vb"]) await createVersion("m1", v);
        const list = await api("GET", `${P}/models/m1/versions?pageSize=2`);
        expect(list.body.versions.map((v: Json) => v.name)).toEqual(
            ["va", "vb"].map((n) => `projects/${PROJECT}/models/m1/versions/${n}`),
        );
        const rest = await api("GET", `${P}/models/m1/versions?page_token=${list.body.nextPageToken as string}`);
        expect(rest.body.versions.map((v: Json) => v.name)).toEqual([`projects/${PROJECT}/models/m1/versions/vc`]);
    });
});

describe("version validation on create", () => {
    const cases: [string, string, Record<string, unknown>, number, string | RegExp][] = [
        ["missing deploymentUri", "", { deploymentUri: undefined }, 400, /^Field: version\.deployment_uri Error: /],
        ["missing runtimeVersion", "", { runtimeVersion: undefined }, 400, /^Field: version\.runtime_version Error: /],
        [
            "deploymentUri not gs://",
            "",
            { deploymentUri: "/tmp/model" },
            400,
            /^Field: version\.deployment_uri Error: .*gs:\/\//,
        ],
        [
            "unknown machine type",
            "",
            { machineType: "n2-standard-4" },
            400,
            /^Field: version\.machine_type Error: Unsupported machine type 'n2-standard-4'/,
        ],
        [
            "N1 on global",
            "",
            { machineType: "n1-standard-4" },
            400,
            "The specified machine type 'n1-standard-4' is only available on the regional endpoint.",
        ],
        [
            "MLS1 on regional",
            REGIONAL,
            { machineType: "mls1-c1-m2" },
            400,
            /'mls1-c1-m2' is only available on the global endpoint/,
        ],
        [
            "auto + manual scaling",
            REGIONAL,
            { autoScaling: { minNodes: 1 }, manualScaling: { nodes: 1 } },
            400,
            /manual_scaling/,
        ],
        ["manual scaling with 0 nodes", REGIONAL, { manualScaling: {} }, 400, /manual_scaling\.nodes/],
        ["minNodes > maxNodes", "", { autoScaling: { minNodes: 3, maxNodes: 2 } }, 400, /max_nodes/],
        ["negative minNodes", "", { autoScaling: { minNodes: -1 } }, 400, /min_nodes/],
        [
            "accelerator on MLS1",
            "",
            { acceleratorConfig: { count: "1", type: "NVIDIA_TESLA_T4" } },
            400,
            /accelerator_config/,
        ],
        ["routes without container", REGIONAL, { routes: { predict: "/p" } }, 400, /^Field: version\.routes Error: /],
        [
            "serviceAccount without container/predictionClass",
            "",
            { serviceAccount: "sa@p.iam.gserviceaccount.com" },
            400,
            /service_account/,
        ],
        [
            "predictionClass on N1",
            REGIONAL,
            { predictionClass: "m.C", packageUris: ["gs://b/p.tar.gz"] },
            400,
            /prediction_class/,
        ],
        [
            "predictionClass with runtime < 1.4",
            "",
            { predictionClass: "m.C", runtimeVersion: "1.2", pythonVersion: "2.7" },
            400,
            /prediction_class/,
        ],
        [
            "SCIKIT_LEARN with runtime < 1.4",
            "",
            { framework: "SCIKIT_LEARN", runtimeVersion: "1.2", pythonVersion: "2.7" },
            400,
            /version\.framework/,
        ],
        [
            "python 3.7 with runtime 1.14",
            "",
            { runtimeVersion: "1.14", pythonVersion: "3.7" },
            400,
            /runtime version '1\.14' with the Python version '3\.7'/,
        ],
        [
            "python 3.5 with runtime 1.15",
            "",
            { runtimeVersion: "1.15", pythonVersion: "3.5" },
            400,
            /Python version '3\.5'/,
        ],
        [
            "python 2.7 with runtime 2.1",
            "",
            { runtimeVersion: "2.1", pythonVersion: "2.7" },
            400,
            /Python version '2\.7'/,
        ],
        [
            "explanations on MLS1",
            "",
            { explanationConfig: { integratedGradientsAttribution: { numIntegralSteps: 25 } } },
            400,
            "Field: version.machine_type Error: Unsupported machine type 'mls1-c1-m2' for model explanation, must be Compute Engine machine types, see the full list in https://cloud.google.com/ml-engine/docs/machine-types#compute-engine-machine-types.",
        ],
        [
            "container with runtimeVersion",
            REGIONAL,
            { container: { image: "us-central1-docker.pkg.dev/p/r/i" }, machineType: "n1-standard-2" },
            400,
            /^Field: version\.runtime_version Error: /,
        ],
        [
            "container without machineType",
            REGIONAL,
            {
                container: { image: "us-central1-docker.pkg.dev/p/r/i" },
                runtimeVersion: undefined,
                pythonVersion: undefined,
            },
            400,
            /version\.machine_type/,
        ],
        [
            "container without image",
            REGIONAL,
            { container: {}, machineType: "n1-standard-2", runtimeVersion: undefined, pythonVersion: undefined },
            400,
            /version\.container\.image/,
        ],
        [
            "container image from another region",
            REGIONAL,
            {
                container: { image: "europe-west4-docker.pkg.dev/p/r/i" },
                machineType: "n1-standard-2",
                runtimeVersion: undefined,
                pythonVersion: undefined,
            },
            400,
            /version\.container\.image/,
        ],
        [
            "container env AIP_ prefix",
            REGIONAL,
            {
                container: { image: "us-central1-docker.pkg.dev/p/r/i", env: [{ name: "AIP_X", value: "1" }] },
                machineType: "n1-standard-2",
                runtimeVersion: undefined,
                pythonVersion: undefined,
            },
            400,
            /env\[0\]\.name/,
        ],
        [
            "container port out of range",
            REGIONAL,
            {
                container: { image: "us-central1-docker.pkg.dev/p/r/i", ports: [{ containerPort: 70000 }] },
                machineType: "n1-standard-2",
                runtimeVersion: undefined,
                pythonVersion: undefined,
            },
            400,
            /container_port/,
        ],
        [
            "container on global (MLS1)",
            "",
            {
                container: { image: "us-central1-docker.pkg.dev/p/r/i" },
                machineType: "mls1-c1-m2",
                runtimeVersion: undefined,
                pythonVersion: undefined,
            },
            400,
            /machine_type/,
        ],
    ];
    test.each(cases)("%s -> %d", async (_label, prefix, extra, code, message) => {
        await createModel("m1", {}, prefix);
        const body: Record<string, unknown> = { name: "v1", ...BASIC_VERSION, ...extra };
        for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
        const r = await api("POST", `${prefix}${P}/models/m1/versions`, body);
        expectError(r, code, "INVALID_ARGUMENT", message);
        // nothing was created
        expect((await api("GET", `${prefix}${P}/models/m1/versions/v1`)).status).toBe(404);
    });

    test("N1-on-global error carries no Field prefix and no details (as observed)", async () => {
        await createModel("m1");
        const r = await api("POST", `${P}/models/m1/versions`, {
            name: "v1",
            ...BASIC_VERSION,
            machineType: "n1-highmem-2",
        });
        expect(r.body.error).not.toHaveProperty("details");
    });

    test.each([
        ["python 3.7 / runtime 1.15", { runtimeVersion: "1.15", pythonVersion: "3.7" }, ""],
        ["python 2.7 / runtime 1.15", { runtimeVersion: "1.15", pythonVersion: "2.7" }, ""],
        ["python 3.5 / runtime 1.14", { runtimeVersion: "1.14", pythonVersion: "3.5" }, ""],
        ["no python version", { pythonVersion: undefined }, ""],
        ["XGBOOST on 2.11", { framework: "XGBOOST" }, ""],
        [
            "CPR on MLS1",
            {
                predictionClass: "m.C",
                packageUris: ["gs://b/p.tar.gz"],
                serviceAccount: "sa@p.iam.gserviceaccount.com",
            },
            "",
        ],
        [
            "explanations on N1",
            { machineType: "n1-standard-4", explanationConfig: { sampledShapleyAttribution: { numPaths: 5 } } },
            REGIONAL,
        ],
        ["manual scaling on N1", { machineType: "n1-standard-4", manualScaling: { nodes: 2 } }, REGIONAL],
        [
            "GPU on N1 (with manualScaling: GPUs cannot autoscale)",
            {
                machineType: "n1-standard-4",
                acceleratorConfig: { count: "1", type: "NVIDIA_TESLA_T4" },
                manualScaling: { nodes: 1 },
            },
            REGIONAL,
        ],
    ])("valid: %s", async (_label, extra, prefix) => {
        await createModel("m1", {}, prefix);
        const body: Record<string, unknown> = { name: "v1", ...BASIC_VERSION, ...extra };
        for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
        expect((await api("POST", `${prefix}${P}/models/m1/versions`, body)).status).toBe(200);
    });
});
