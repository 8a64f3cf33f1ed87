// One corpus, two judges: every input goes through the provider's `check` and through the emulator's create (the
// emulator is an independent oracle of Google's rules). Their verdicts must agree, except for the rules listed in
// ONE_SIDED, which only one side can check; each listed case must actually disagree in the stated direction, so the
// list cannot silently go stale.

import type { ModelInputs, VersionInputs } from "../../provider/fields/ml/types";
import { type Harness, startHarness } from "../../harness/providerHarness";

jest.setTimeout(120_000);

let h: Harness;
beforeAll(async () => {
    // Zero durations: an operation is done by the next request, so the PATCH after a create sees a READY version.
    h = await startHarness({
        durations: { createVersion: 0, updateVersion: 0, deleteVersion: 0, updateModel: 0, deleteModel: 0 },
    });
});
afterAll(() => h.stop());

type Verdict = "accept" | "refuse";

/** Rules only one judge applies. `stricter` is the side that refuses. */
const ONE_SIDED = {
    // The emulator takes the project segment as given (Google answers 403/404 for a project it does not know); the
    // provider checks the project id syntax so nothing odd reaches a URL.
    projectSyntax: { stricter: "provider", why: "project ids are only checked for syntax by the provider" },
    // Provider: regions only on the global endpoint (a regional model is served where it is). The API accepts a
    // region equal to the endpoint's.
    regionsOnRegional: { stricter: "provider", why: "the provider refuses regions on a regional endpoint" },
    // Google reads the object names only when the operation runs (a bad bucket fails the operation, not the create);
    // the provider checks bucket names and path segments up front.
    gcsSyntax: { stricter: "provider", why: "bucket names and object paths are judged by the provider only" },
    // pythonVersion: Google defaults it for old runtimes; the provider asks for it (the default changed over time).
    pythonRequired: { stricter: "provider", why: "the provider requires pythonVersion unless container is set" },
    pythonList: { stricter: "provider", why: "the provider only knows the documented Python versions" },
    // Docs say not to set framework for custom prediction routines; the API does not refuse it at create.
    frameworkWithPredictionClass: { stricter: "provider", why: "provider refuses framework + predictionClass" },
    formats: {
        stricter: "provider",
        why: "predictionClass, serviceAccount and route formats are only checked by the provider",
    },
    // proto3 cannot tell 0 from unset: the API reads maxNodes 0 / numPaths 0 as "use the default".
    zeroMeansUnset: { stricter: "provider", why: "the provider asks for explicit positive values" },
    metricTargets: { stricter: "provider", why: "metric targets (1-100) are only checked by the provider" },
    // proto3 JSON accepts numeric strings for int32; the provider's types ask for numbers.
    numericStrings: { stricter: "provider", why: "the provider refuses numbers written as strings" },
} as const;
type OneSidedRule = keyof typeof ONE_SIDED;

interface Case {
    title: string;
    kind: "model" | "version";
    inputs: ModelInputs | VersionInputs;
    oneSided?: OneSidedRule;
}

const PROJECT = "demo-project";
/** A title-friendly rendering of a value (long ones shortened, with their length). */
const shown = (value: string) =>
    value.length > 12 ? `${JSON.stringify(value.slice(0, 8))}… (${value.length})` : JSON.stringify(value);
const model = (
    title: string,
    patch: Partial<ModelInputs> | Record<string, unknown>,
    oneSided?: OneSidedRule,
): Case => ({
    title,
    kind: "model",
    inputs: { name: "census", project: PROJECT, endpoint: "global", ...patch },
    oneSided,
});
const GLOBAL: VersionInputs = {
    model: "census",
    name: "v1",
    project: PROJECT,
    endpoint: "global",
    deploymentUri: "gs://demo-bucket/census/v1/",
    runtimeVersion: "2.11",
    pythonVersion: "3.7",
};
const REGIONAL: VersionInputs = { ...GLOBAL, endpoint: "us-central1", machineType: "n1-standard-4" };
const CONTAINER: VersionInputs = {
    model: "census",
    name: "c1",
    project: PROJECT,
    endpoint: "us-central1",
    machineType: "n1-standard-2",
    container: { image: "us-central1-docker.pkg.dev/demo-project/repo/server:1", ports: [{ containerPort: 8080 }] },
};
const version = (
    title: string,
    base: VersionInputs,
    patch: Partial<VersionInputs> | Record<string, unknown>,
    oneSided?: OneSidedRule,
): Case => ({ title, kind: "version", inputs: { ...base, ...patch }, oneSided });
const GPU = { acceleratorConfig: { count: 1, type: "NVIDIA_TESLA_T4" }, manualScaling: { nodes: 1 } };

const corpus: Case[] = [
    // ---- models: names, labels, regions, logging, project, endpoint, shapes
    model("minimal", {}),
    model("description, logging, labels", { description: "d", onlinePredictionLogging: true, labels: { team: "ml" } }),
    model("console logging on global", { onlinePredictionConsoleLogging: true }),
    model("console logging on a regional endpoint", { endpoint: "us-central1", onlinePredictionConsoleLogging: true }),
    model("regional endpoint", { endpoint: "europe-west4" }),
    model("regions [us-central1] on global", { regions: ["us-central1"] }),
    model("regions [asia-east1] on global", { regions: ["asia-east1"] }),
    model("two regions", { regions: ["us-central1", "europe-west4"] }),
    model("unknown region", { regions: ["mars-central1"] }),
    model(
        "region equal to the regional endpoint",
        { endpoint: "us-east1", regions: ["us-east1"] },
        "regionsOnRegional",
    ),
    model("region differing from the regional endpoint", { endpoint: "us-east1", regions: ["us-west1"] }),
    model("unknown endpoint", { endpoint: "mars-central1" }),
    ...["1abc", "a-b", "a.b", "a b", "日本", "_a", "a".repeat(129), ""].map((name) =>
        model(`model name ${shown(name)}`, { name }),
    ),
    ...["Abc", "a_b", "a".repeat(128)].map((name) => model(`model name ${shown(name)}`, { name })),
    ...["日本", "ä", "team-1", "t_2"].map((key) =>
        model(`label key ${JSON.stringify(key)}`, { labels: { [key]: "v" } }),
    ),
    ...["Team", "1team", "_x", "-x", "a".repeat(64), "a b"].map((key) =>
        model(`label key ${shown(key)}`, { labels: { [key]: "v" } }),
    ),
    ...["", "Value", "a".repeat(64), "日本", "a.b"].map((value) =>
        model(`label value ${shown(value)}`, { labels: { k: value } }),
    ),
    model("65 labels", { labels: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, "v"])) }),
    model("64 labels", { labels: Object.fromEntries(Array.from({ length: 64 }, (_, i) => [`k${i}`, "v"])) }),
    model("unknown property", { colour: "red" }),
    model("description of the wrong type", { description: 5 }),
    model("labels of the wrong type", { labels: { k: 1 } }),
    model("project with a space", { project: "demo project" }, "projectSyntax"),
    model("project in capitals", { project: "Demo-Project" }, "projectSyntax"),
    model("project ..", { project: ".." }),
    model("project a/b", { project: "a/b" }),
    model("domain-scoped project", { project: "example.com:demo-project" }),

    // ---- versions: runtime x python matrix
    ...["1.0", "1.4", "1.14", "1.15", "2.1", "2.11", "2.0", "2.12", "banana", "latest"].flatMap((runtimeVersion) =>
        ["2.7", "3.5", "3.7"].map((pythonVersion) =>
            version(`runtime ${runtimeVersion} python ${pythonVersion}`, GLOBAL, { runtimeVersion, pythonVersion }),
        ),
    ),
    version("python 3.9", GLOBAL, { pythonVersion: "3.9" }, "pythonList"),
    version("no pythonVersion", GLOBAL, { pythonVersion: undefined }, "pythonRequired"),
    version("no runtimeVersion", GLOBAL, { runtimeVersion: undefined }),
    version("no deploymentUri", GLOBAL, { deploymentUri: undefined }),

    // ---- machine type x endpoint
    ...[
        "mls1-c1-m2",
        "mls1-c4-m2",
        "n1-standard-2",
        "n1-highmem-8",
        "n1-highcpu-32",
        "n1-standard-64",
        "e2-standard-4",
    ].flatMap((machineType) => [
        version(`${machineType} on global`, GLOBAL, { machineType }),
        version(`${machineType} on us-central1`, REGIONAL, { machineType }),
    ]),
    version("default machine on a regional endpoint", REGIONAL, { machineType: undefined }),
    version("unknown endpoint", GLOBAL, { endpoint: "mars-central1" }),

    // ---- framework, custom prediction routines, packages, service accounts
    version("SCIKIT_LEARN on 2.11", GLOBAL, { framework: "SCIKIT_LEARN" }),
    version("XGBOOST on 1.2", GLOBAL, { framework: "XGBOOST", runtimeVersion: "1.2", pythonVersion: "2.7" }),
    version("unknown framework", GLOBAL, { framework: "PYTORCH" }),
    version("predictionClass on MLS1", GLOBAL, { predictionClass: "predictor.MyPredictor", runtimeVersion: "1.15" }),
    version("predictionClass on N1", REGIONAL, { predictionClass: "predictor.MyPredictor" }),
    version("predictionClass on 1.2", GLOBAL, {
        predictionClass: "predictor.MyPredictor",
        runtimeVersion: "1.2",
        pythonVersion: "2.7",
    }),
    version("predictionClass without a module", GLOBAL, { predictionClass: "MyPredictor" }, "formats"),
    version(
        "framework with predictionClass",
        GLOBAL,
        { predictionClass: "p.P", framework: "TENSORFLOW" },
        "frameworkWithPredictionClass",
    ),
    version("packageUris on 2.11", GLOBAL, { packageUris: ["gs://demo-bucket/pkg/p-0.1.tar.gz"] }),
    version("packageUris on 1.2", GLOBAL, {
        packageUris: ["gs://demo-bucket/pkg/p-0.1.tar.gz"],
        runtimeVersion: "1.2",
        pythonVersion: "2.7",
    }),
    version("packageUris not gs://", GLOBAL, { packageUris: ["https://x/p.tar.gz"] }, "gcsSyntax"),
    version("serviceAccount with predictionClass", GLOBAL, {
        predictionClass: "p.P",
        serviceAccount: "sa@demo-project.iam.gserviceaccount.com",
    }),
    version("serviceAccount alone", GLOBAL, { serviceAccount: "sa@demo-project.iam.gserviceaccount.com" }),
    version("serviceAccount not an email", GLOBAL, { predictionClass: "p.P", serviceAccount: "nobody" }, "formats"),

    // ---- deploymentUri
    version("deploymentUri not gs://", GLOBAL, { deploymentUri: "s3://bucket/m/" }),
    version("one-letter bucket", GLOBAL, { deploymentUri: "gs://b/m/" }, "gcsSyntax"),
    version("bucket in capitals", GLOBAL, { deploymentUri: "gs://Bucket/m/" }, "gcsSyntax"),
    version("path with ..", GLOBAL, { deploymentUri: "gs://demo-bucket/a/../b/" }, "gcsSyntax"),
    version("path with a space", GLOBAL, { deploymentUri: "gs://demo-bucket/a b/" }, "gcsSyntax"),
    version("pointing at a file", GLOBAL, { deploymentUri: "gs://demo-bucket/m/model.joblib" }, "gcsSyntax"),
    version("bucket root", GLOBAL, { deploymentUri: "gs://demo-bucket" }),

    // ---- scaling
    version("autoScaling on MLS1 with minNodes 0", GLOBAL, { autoScaling: { minNodes: 0 } }),
    version("autoScaling on N1 with minNodes 0", REGIONAL, { autoScaling: { minNodes: 0 } }),
    version("autoScaling on N1 with minNodes 2", REGIONAL, { autoScaling: { minNodes: 2, maxNodes: 4 } }),
    version("autoScaling without minNodes on N1", REGIONAL, { autoScaling: { maxNodes: 3 } }),
    version("minNodes -1", GLOBAL, { autoScaling: { minNodes: -1 } }),
    version("maxNodes below minNodes", GLOBAL, { autoScaling: { minNodes: 3, maxNodes: 2 } }),
    version("maxNodes 0", GLOBAL, { autoScaling: { maxNodes: 0 } }, "zeroMeansUnset"),
    version("minNodes 1.5", GLOBAL, { autoScaling: { minNodes: 1.5 } }),
    version("minNodes as a string", GLOBAL, { autoScaling: { minNodes: "1" } }, "numericStrings"),
    version("CPU_USAGE metric 60", REGIONAL, {
        autoScaling: { minNodes: 1, metrics: [{ name: "CPU_USAGE", target: 60 }] },
    }),
    version(
        "metric target 101",
        REGIONAL,
        { autoScaling: { metrics: [{ name: "CPU_USAGE", target: 101 }] } },
        "metricTargets",
    ),
    version("unknown metric", REGIONAL, { autoScaling: { metrics: [{ name: "RAM", target: 50 }] } }),
    version("manualScaling on N1", REGIONAL, { manualScaling: { nodes: 2 } }),
    version("manualScaling on MLS1", GLOBAL, { manualScaling: { nodes: 1 } }),
    version("manualScaling nodes 0", REGIONAL, { manualScaling: { nodes: 0 } }),
    version("autoScaling and manualScaling", REGIONAL, { autoScaling: { minNodes: 1 }, manualScaling: { nodes: 1 } }),
    version("unknown autoScaling key", GLOBAL, { autoScaling: { minNodez: 1 } }),

    // ---- GPUs
    version("GPU with manualScaling on N1", REGIONAL, GPU),
    version("GPU with autoScaling", REGIONAL, { ...GPU, manualScaling: undefined, autoScaling: { minNodes: 1 } }),
    version("GPU with default scaling", REGIONAL, { ...GPU, manualScaling: undefined }),
    version("GPU on MLS1", GLOBAL, GPU),
    version("GPU count 0", REGIONAL, { ...GPU, acceleratorConfig: { count: 0, type: "NVIDIA_TESLA_T4" } }),
    version("GPU count -1", REGIONAL, { ...GPU, acceleratorConfig: { count: -1, type: "NVIDIA_TESLA_T4" } }),
    version("GPU count as a string", REGIONAL, { ...GPU, acceleratorConfig: { count: "2", type: "NVIDIA_TESLA_T4" } }),
    version("TPU type", REGIONAL, { ...GPU, acceleratorConfig: { count: 1, type: "TPU_V2" } }),
    version("unknown accelerator", REGIONAL, { ...GPU, acceleratorConfig: { count: 1, type: "NVIDIA_H100" } }),

    // ---- explanations
    version("explanation on N1", REGIONAL, { explanationConfig: { sampledShapleyAttribution: { numPaths: 5 } } }),
    version("explanation on MLS1", GLOBAL, { explanationConfig: { xraiAttribution: { numIntegralSteps: 50 } } }),
    version("two attribution methods", REGIONAL, {
        explanationConfig: {
            integratedGradientsAttribution: { numIntegralSteps: 50 },
            xraiAttribution: { numIntegralSteps: 50 },
        },
    }),
    version("no attribution method", REGIONAL, { explanationConfig: {} }),
    version("unknown attribution", REGIONAL, { explanationConfig: { shapley: { numPaths: 5 } } }),
    version("numPaths as text", REGIONAL, { explanationConfig: { sampledShapleyAttribution: { numPaths: "x" } } }),
    version(
        "numIntegralSteps 0",
        REGIONAL,
        { explanationConfig: { xraiAttribution: { numIntegralSteps: 0 } } },
        "zeroMeansUnset",
    ),
    version("numIntegralSteps -1", REGIONAL, { explanationConfig: { xraiAttribution: { numIntegralSteps: -1 } } }),

    // ---- containers
    version("container on N1", CONTAINER, {}),
    version("container with routes", CONTAINER, { routes: { predict: "/predict", health: "/health" } }),
    version("routes without container", GLOBAL, { routes: { predict: "/p" } }),
    version("route without a leading /", CONTAINER, { routes: { predict: "predict" } }, "formats"),
    version("container on global with N1", CONTAINER, { endpoint: "global" }),
    version("container on global with MLS1", CONTAINER, { endpoint: "global", machineType: "mls1-c1-m2" }),
    version("container without machineType", CONTAINER, { machineType: undefined }),
    version("container with runtimeVersion", CONTAINER, { runtimeVersion: "2.11" }),
    version("container with framework", CONTAINER, { framework: "TENSORFLOW" }),
    version("container with pythonVersion", CONTAINER, { pythonVersion: "3.7" }),
    version("container with packageUris", CONTAINER, { packageUris: ["gs://demo-bucket/p.tar.gz"] }),
    version("container with predictionClass", CONTAINER, { predictionClass: "p.P" }),
    version("container image from another region", CONTAINER, {
        container: { image: "europe-west4-docker.pkg.dev/demo-project/repo/server:1" },
    }),
    version("container image from Docker Hub", CONTAINER, { container: { image: "docker.io/library/nginx:1" } }),
    version("container without image", CONTAINER, { container: { ports: [{ containerPort: 8080 }] } }),
    version("env name AIP_X", CONTAINER, {
        container: { ...CONTAINER.container, env: [{ name: "AIP_X", value: "1" }] },
    }),
    version("env name 1A", CONTAINER, { container: { ...CONTAINER.container, env: [{ name: "1A", value: "1" }] } }),
    version("env name OK_1", CONTAINER, { container: { ...CONTAINER.container, env: [{ name: "OK_1", value: "1" }] } }),
    version("port 0", CONTAINER, { container: { ...CONTAINER.container, ports: [{ containerPort: 0 }] } }),
    version("port 70000", CONTAINER, { container: { ...CONTAINER.container, ports: [{ containerPort: 70000 }] } }),
    version("container with serviceAccount", CONTAINER, { serviceAccount: "sa@demo-project.iam.gserviceaccount.com" }),

    // ---- names, labels, request logging, shapes
    ...["1v", "v-1", "v.1", "", "v".repeat(129)].map((name) =>
        version(`version name ${shown(name)}`, GLOBAL, { name }),
    ),
    version("version label key 日本", GLOBAL, { labels: { 日本: "x" } }),
    version("version label key Upper", GLOBAL, { labels: { Upper: "x" } }),
    version("version label value with a dot", GLOBAL, { labels: { k: "a.b" } }),
    version("requestLoggingConfig", GLOBAL, {
        requestLoggingConfig: { bigqueryTableName: "demo-project.logs.census", samplingPercentage: 0.5 },
    }),
    version("requestLoggingConfig table without dataset", GLOBAL, { requestLoggingConfig: { bigqueryTableName: "t" } }),
    version("samplingPercentage 2", GLOBAL, {
        requestLoggingConfig: { bigqueryTableName: "demo-project.logs.census", samplingPercentage: 2 },
    }),
    version("unknown property", GLOBAL, { colour: "red" }),
    version("description of the wrong type", GLOBAL, { description: 5 }),
    version("version project ..", GLOBAL, { project: ".." }),
    version("version project with a space", GLOBAL, { project: "demo project" }, "projectSyntax"),
];

/** Non-API inputs the providers never send (the create bodies are built the same way in the providers). */
const NOT_SENT = [
    "name",
    "model",
    "project",
    "endpoint",
    "isDefault",
    "requestLoggingConfig",
    "forceDelete",
    "adopt",
    "operationTimeoutSeconds",
];

const AUTH = { authorization: "Bearer t", "content-type": "application/json" };

async function call(
    method: string,
    path: string,
    body?: unknown,
): Promise<{ status: number; body?: { name?: string } }> {
    const res = await fetch(`${h.emulator.url}${path}`, {
        method,
        headers: AUTH,
        body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json().catch(() => undefined)) as { name?: string } | undefined };
}

const apiBody = (inputs: object) =>
    Object.fromEntries(Object.entries(inputs).filter(([k, v]) => !NOT_SENT.includes(k) && v !== undefined));

const base = (endpoint: string | undefined) => (endpoint && endpoint !== "global" ? `/${endpoint}` : "");
const segment = (s: string) => encodeURIComponent(s).replace(/%3A/g, ":");

/** The emulator's verdict, reached the way the provider drives the API (create, then PATCH requestLoggingConfig). */
async function emulatorVerdict(c: Case): Promise<Verdict> {
    h.emulator.reset();
    const { project, endpoint } = c.inputs as { project: string; endpoint?: string };
    const models = `${base(endpoint)}/v1/projects/${segment(project)}/models`;
    if (c.kind === "model") {
        const name = (c.inputs as ModelInputs).name as string;
        return (await call("POST", models, { ...apiBody(c.inputs), name })).status === 200 ? "accept" : "refuse";
    }
    const v = c.inputs as VersionInputs;
    if ((await call("POST", models, { name: v.model })).status !== 200) return "refuse";
    const created = await call("POST", `${models}/${segment(v.model)}/versions`, { ...apiBody(v), name: v.name });
    if (created.status !== 200) return "refuse";
    if (v.requestLoggingConfig) {
        await call("GET", `${base(endpoint)}/v1/${created.body?.name as string}`); // completes the 0 ms operation
        const patch = await call(
            "PATCH",
            `${models}/${segment(v.model)}/versions/${segment(v.name as string)}?updateMask=requestLoggingConfig`,
            { requestLoggingConfig: v.requestLoggingConfig },
        );
        if (patch.status !== 200) return "refuse";
    }
    return "accept";
}

async function providerVerdict(c: Case): Promise<{ verdict: Verdict; reasons: string[] }> {
    const result =
        c.kind === "model"
            ? await h.model.check({}, c.inputs)
            : await h.version.check({} as VersionInputs, c.inputs as VersionInputs);
    const reasons = (result.failures ?? []).map((f) => `${f.property}: ${f.reason}`);
    return { verdict: reasons.length === 0 ? "accept" : "refuse", reasons };
}

test("the corpus has at least 150 distinct inputs, both resources and every one-sided rule", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(150);
    expect(new Set(corpus.map((c) => `${c.kind}: ${c.title}`)).size).toBe(corpus.length);
    expect(new Set(corpus.map((c) => c.oneSided).filter(Boolean))).toEqual(new Set(Object.keys(ONE_SIDED)));
    expect(new Set(corpus.map((c) => c.kind))).toEqual(new Set(["model", "version"]));
});

describe("provider check and emulator create agree", () => {
    test.each(corpus.map((c) => [`${c.kind}: ${c.title}`, c] as const))("%s", async (_title, c) => {
        const emulator = await emulatorVerdict(c);
        const provider = await providerVerdict(c);
        if (c.oneSided) {
            const rule = ONE_SIDED[c.oneSided];
            // The listed rule really is one-sided, in the stated direction.
            expect({ provider: provider.verdict, emulator }).toEqual(
                rule.stricter === "provider"
                    ? { provider: "refuse", emulator: "accept" }
                    : { provider: "accept", emulator: "refuse" },
            );
        } else {
            expect({ provider: provider.verdict, emulator, reasons: provider.reasons }).toEqual({
                provider: emulator,
                emulator,
                reasons: provider.reasons,
            });
        }
    });
});
