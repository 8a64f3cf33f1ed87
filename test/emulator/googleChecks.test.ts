// The emulator refuses what Google refuses (Version reference, seeds/004): explanation configs,
// runtime versions, GPUs and scaling, minNodes on N1, accelerator counts and types.

import { startEmulator, type EmulatorHandle } from "../../emulator";
import { callApi, type Json } from "../helpers/emulatorProcess";

const P = "/v1/projects/demo";
const R = "/us-central1";
const GLOBAL_VERSION = { deploymentUri: "gs://bucket/model/", runtimeVersion: "2.11", pythonVersion: "3.7" };
const N1_VERSION = { ...GLOBAL_VERSION, machineType: "n1-standard-4" };

let emu: EmulatorHandle;
beforeAll(async () => {
    emu = await startEmulator({ port: 0 });
});
afterAll(async () => {
    await emu.stop();
});
beforeEach(async () => {
    emu.reset();
    await api("POST", `${P}/models`, { name: "m" });
    await api("POST", `${R}${P}/models`, { name: "m" });
});

const api = (method: string, path: string, body?: unknown) => callApi(emu.url, method, path, body);

const GPU = { acceleratorConfig: { count: "1", type: "NVIDIA_TESLA_T4" } };

describe("versions.create refuses what Google refuses", () => {
    test.each<[string, string, Json, string | RegExp]>([
        [
            "two attribution methods",
            R,
            {
                ...N1_VERSION,
                explanationConfig: {
                    integratedGradientsAttribution: { numIntegralSteps: 50 },
                    xraiAttribution: { numIntegralSteps: 50 },
                },
            },
            /Exactly one attribution method/,
        ],
        ["no attribution method", R, { ...N1_VERSION, explanationConfig: {} }, /Exactly one attribution method/],
        [
            "unknown explanation key",
            R,
            { ...N1_VERSION, explanationConfig: { shapley: { numPaths: 5 } } },
            /Unknown name "shapley" at 'version.explanation_config'/,
        ],
        [
            "wrong explanation type",
            R,
            { ...N1_VERSION, explanationConfig: { sampledShapleyAttribution: { numPaths: "many" } } },
            /Invalid value at 'version.explanation_config.sampled_shapley_attribution.num_paths' \(TYPE_INT32\)/,
        ],
        [
            "negative explanation steps",
            R,
            { ...N1_VERSION, explanationConfig: { xraiAttribution: { numIntegralSteps: -1 } } },
            /num_integral_steps/,
        ],
        ["runtime 'banana'", "", { ...GLOBAL_VERSION, runtimeVersion: "banana" }, /runtime version 'banana'/],
        ["runtime '2.99'", "", { ...GLOBAL_VERSION, runtimeVersion: "2.99" }, /runtime version '2.99'/],
        ["runtime '2.0' (never offered)", "", { ...GLOBAL_VERSION, runtimeVersion: "2.0" }, /'2.0'/],
        ["GPUs with autoScaling", R, { ...N1_VERSION, ...GPU, autoScaling: { minNodes: 1 } }, /AutoScaling cannot/],
        ["GPUs with default (auto) scaling", R, { ...N1_VERSION, ...GPU }, /AutoScaling cannot be used with GPUs/],
        [
            "GPU count 0",
            R,
            { ...N1_VERSION, acceleratorConfig: { count: "0", type: "NVIDIA_TESLA_T4" }, manualScaling: { nodes: 1 } },
            /count must be greater than 0/,
        ],
        [
            "GPU count -2",
            R,
            { ...N1_VERSION, acceleratorConfig: { count: -2, type: "NVIDIA_TESLA_T4" }, manualScaling: { nodes: 1 } },
            /count must be greater than 0, but is -2/,
        ],
        [
            "TPU accelerator",
            R,
            { ...N1_VERSION, acceleratorConfig: { count: "1", type: "TPU_V2" }, manualScaling: { nodes: 1 } },
            /'TPU_V2' is not supported for online prediction/,
        ],
        [
            "unspecified accelerator type",
            R,
            { ...N1_VERSION, acceleratorConfig: { count: "1" }, manualScaling: { nodes: 1 } },
            /ACCELERATOR_TYPE_UNSPECIFIED/,
        ],
        ["minNodes 0 on N1", R, { ...N1_VERSION, autoScaling: { minNodes: 0 } }, /minNodes must be at least 1/],
    ])("%s -> 400", async (_title, prefix, body, message) => {
        const r = await api("POST", `${prefix}${P}/models/m/versions`, { name: "v", ...body });
        expect(r.status).toBe(400);
        expect(r.body.error.message).toMatch(message);
        expect(emu.snapshot().namespaces[prefix === "" ? "global" : "us-central1"]?.versions).toEqual([]);
    });

    test.each<[string, string, Json]>([
        ["one attribution method (snake_case)", R, { ...N1_VERSION, explanation_config: { xrai_attribution: {} } }],
        ["runtime 1.15", "", { ...GLOBAL_VERSION, runtimeVersion: "1.15" }],
        ["runtime 2.1", "", { ...GLOBAL_VERSION, runtimeVersion: "2.1" }],
        [
            "GPU with manualScaling (snake_case)",
            R,
            { ...N1_VERSION, accelerator_config: { count: 2, type: "NVIDIA_TESLA_T4" }, manual_scaling: { nodes: 1 } },
        ],
        ["minNodes 0 on MLS1", "", { ...GLOBAL_VERSION, autoScaling: { minNodes: 0 } }],
        ["autoScaling without minNodes on N1 (defaults to 1)", R, { ...N1_VERSION, autoScaling: { maxNodes: 3 } }],
    ])("%s -> 200", async (_title, prefix, body) => {
        const r = await api("POST", `${prefix}${P}/models/m/versions`, { name: "v", ...body });
        expect(r.status).toBe(200);
    });

    test("proto3 JSON omits minNodes 0: never echoed in versions.get or operation metadata", async () => {
        const op = await api("POST", `${P}/models/m/versions`, {
            name: "v",
            ...GLOBAL_VERSION,
            autoScaling: { minNodes: 0, maxNodes: 2 },
        });
        expect(op.status).toBe(200);
        expect(op.body.metadata.version.autoScaling).toEqual({ maxNodes: 2 });
        const v = await api("GET", `${P}/models/m/versions/v`);
        expect(v.body.autoScaling).toEqual({ maxNodes: 2 });
        expect(v.text).not.toMatch(/"minNodes"/);
    });
});

describe("versions.patch refuses minNodes 0 on N1", () => {
    beforeEach(async () => {
        const op = await api("POST", `${R}${P}/models/m/versions`, {
            name: "v",
            ...N1_VERSION,
            autoScaling: { minNodes: 2 },
        });
        expect(op.status).toBe(200);
        expect((await api("GET", `${R}/v1/${op.body.name as string}`)).body.done).toBe(true);
    });

    test.each<[string, Json]>([
        ["explicit 0", { autoScaling: { minNodes: 0 } }],
        ["masked but absent (cleared to 0)", {}],
    ])("%s -> 400, version unchanged", async (_title, body) => {
        const r = await api("PATCH", `${R}${P}/models/m/versions/v?updateMask=autoScaling.minNodes`, body);
        expect(r.status).toBe(400);
        expect(r.body.error.message).toMatch(/minNodes must be at least 1/);
        const v = await api("GET", `${R}${P}/models/m/versions/v`);
        expect(v.body).toMatchObject({ state: "READY", autoScaling: { minNodes: 2 } });
    });

    test("minNodes 1 is accepted", async () => {
        const r = await api("PATCH", `${R}${P}/models/m/versions/v?updateMask=autoScaling.minNodes`, {
            autoScaling: { minNodes: 1 },
        });
        expect(r.status).toBe(200);
    });
});
