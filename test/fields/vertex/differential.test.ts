// One corpus, two judges, for Vertex AI: every input goes through the provider's plan-time validation
// (validate*Inputs of provider/fields/vertex/) and through the in-process Vertex emulator, called the way the
// providers call the API (the body built by the table's apiBody). The emulator is an independent oracle of Google's
// rules (it never imports from provider/), so their verdicts must agree, except for the rules listed in ONE_SIDED,
// which only one side can check; each listed case must actually disagree in the stated direction, so the list
// cannot silently go stale. As test/host/differential.test.ts does for ml v1.

import { ALL_APIS, NO_QUOTAS } from "../../../emulator/apis";
import { Emulator } from "../../../emulator/core/emulator";
import { apiBody } from "../../../provider/fields/fieldTable";
import type { ValidationFailure } from "../../../provider/fields/validation";
import {
    type EndpointInputs,
    endpointFields,
    validateEndpointInputs,
} from "../../../provider/fields/vertex/endpointFields";
import {
    type DeploymentInputs,
    deploymentFields,
    validateDeploymentInputs,
} from "../../../provider/fields/vertex/deploymentFields";
import {
    type ModelVersionInputs,
    modelVersionFields,
    validateModelVersionInputs,
} from "../../../provider/fields/vertex/modelVersionFields";
import {
    type RegistryModelInputs,
    registryModelFields,
    validateRegistryModelInputs,
} from "../../../provider/fields/vertex/registryModelFields";
import {
    apiTrafficSplit,
    type TrafficSplitInputs,
    validateTrafficSplitInputs,
} from "../../../provider/fields/vertex/trafficSplitFields";
import { callCore } from "../../helpers/emulatorCore";

type Verdict = "accept" | "refuse";

/** Rules only one judge applies. `stricter` is the side that refuses. */
const ONE_SIDED = {
    // Google documents the prebuilt matrix (reference §3.3) and refuses a bad image only at deploy ("Invalid image …
    // for deployment"); the emulator does not keep the matrix, the provider refuses at plan time.
    prebuiltMatrix: { stricter: "provider", why: "prebuilt container versions are only known to the provider" },
    // Without a Cloud Storage endpoint the emulator (like Google at upload) does not read artifactUri.
    gcsSyntax: { stricter: "provider", why: "artifactUri must be a gs:// folder for the provider only" },
    formats: {
        stricter: "provider",
        why: "service account emails and container ports are only checked by the provider",
    },
    // proto3 cannot tell 0 or "" from unset: the API reads maxReplicaCount 0 as "equal to min", "" as n1-standard-2.
    zeroMeansUnset: {
        stricter: "provider",
        why: 'the provider asks for explicit values (maxReplicaCount 0, machine type "")',
    },
    // The API accepts an empty split (no traffic at all); a declaration that sends nothing anywhere is refused.
    neverTrafficToNothing: { stricter: "provider", why: "a TrafficSplit must give 100 % to its deployments" },
    // Google's answer is unconfirmed (reference §2.1 lists the metric without a rule); the provider refuses scaling on
    // a duty cycle no accelerator has.
    dutyCycleWithoutGpu: { stricter: "provider", why: "duty-cycle autoscaling without an accelerator" },
    // The API deploys a model's default version when the name has no @version; the provider asks for the version, so
    // that a new default version is a declared change, not a redeploy behind Pulumi's back.
    versionedModel: { stricter: "provider", why: "a deployment names its model version" },
    // The provider cannot know at plan time which deployed-model IDs an endpoint holds; the API can.
    liveState: { stricter: "emulator", why: "a deployed-model ID the endpoint does not hold" },
} as const;
type OneSidedRule = keyof typeof ONE_SIDED;

type Kind = "endpoint" | "model" | "modelVersion" | "deployment" | "trafficSplit";
type InputsOfKind = {
    endpoint: EndpointInputs;
    model: RegistryModelInputs;
    modelVersion: ModelVersionInputs;
    deployment: DeploymentInputs;
    trafficSplit: TrafficSplitInputs;
};

interface Case {
    title: string;
    kind: Kind;
    inputs: object;
    oneSided?: OneSidedRule;
}

const PROJECT = "demo-project";
const REGION = "us-central1";
const LOCATION = `projects/${PROJECT}/locations/${REGION}`;
const MODEL = `${LOCATION}/models/census`;
const ENDPOINT = `${LOCATION}/endpoints/census`;
const SKLEARN = "us-docker.pkg.dev/vertex-ai/prediction/sklearn-cpu.1-3:latest";
const T4 = "NVIDIA_TESLA_T4";
const CPU = "aiplatform.googleapis.com/prediction/online/cpu/utilization";
const DUTY_CYCLE = "aiplatform.googleapis.com/prediction/online/accelerator/duty_cycle";

/** A title-friendly rendering of a value (long ones shortened, with their length). */
const shown = (value: string) =>
    [...value].length > 12 ? `${JSON.stringify(value.slice(0, 8))}… (${[...value].length})` : JSON.stringify(value);

const caseOf =
    <K extends Kind>(kind: K, base: InputsOfKind[K]) =>
    (title: string, patch: Partial<InputsOfKind[K]> | Record<string, unknown>, oneSided?: OneSidedRule): Case => ({
        title,
        kind,
        inputs: { ...base, ...patch },
        oneSided,
    });

const endpoint = caseOf("endpoint", { name: "census", project: PROJECT, region: REGION, displayName: "census" });
const model = caseOf("model", { name: "census", project: PROJECT, region: REGION, displayName: "census" });
const modelVersion = caseOf("modelVersion", {
    model: MODEL,
    modelDisplayName: "census",
    artifactUri: "gs://models/census/blue/",
    container: { imageUri: SKLEARN },
});
const deployment = caseOf("deployment", {
    endpoint: ENDPOINT,
    modelVersion: `${MODEL}@1`,
    displayName: "blue",
    minReplicaCount: 1,
});
/** Endpoint `census` serves deployed models "1" (blue) and "2" (green). */
const split = caseOf("trafficSplit", {
    endpoint: ENDPOINT,
    percentages: { blue: 100 },
    deployedModelIds: { blue: "1", green: "2" },
});
const gpu = (machineType: string, acceleratorType?: string, acceleratorCount?: number) =>
    deployment(`${machineType} with ${acceleratorCount ?? "no count of"} ${acceleratorType ?? "no accelerator"}`, {
        machineType,
        acceleratorType,
        acceleratorCount,
    });
const labelled = (make: typeof endpoint, what: string) => [
    make(`${what} labels`, { labels: { team: "ml", 日本: "x" } }),
    ...["Team", "1team", "_x", "a".repeat(64), "a".repeat(65), "a b"].map((key) =>
        make(`${what} label key ${shown(key)}`, { labels: { [key]: "v" } }),
    ),
    ...["", "Value", "a".repeat(64), "a".repeat(65), "a.b"].map((value) =>
        make(`${what} label value ${shown(value)}`, { labels: { k: value } }),
    ),
    make(`${what} with 64 labels`, {
        labels: Object.fromEntries(Array.from({ length: 64 }, (_, i) => [`k${i}`, "v"])),
    }),
    make(`${what} with 65 labels`, {
        labels: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, "v"])),
    }),
];
const displayNames = (make: typeof endpoint, what: string) =>
    ["", "Census income (v2)", "x".repeat(128), "x".repeat(129), "é".repeat(128), "😀".repeat(100)].map((displayName) =>
        make(`${what} displayName ${shown(displayName)}`, { displayName }),
    );

const corpus: Case[] = [
    // ---- endpoints: region, IDs, display names, labels, request-response logging
    endpoint("minimal", {}),
    ...["us-central1", "europe-west4", "us-east7", "asia-southeast2", "global", "mars-central1", "US-CENTRAL1"].map(
        (region) => endpoint(`region ${region}`, { region }),
    ),
    ...[
        "census",
        "c",
        "census-2",
        "123",
        "123456789",
        "1234567890",
        "0123",
        "1abc",
        "census-",
        "Census",
        "census_2",
        "a".repeat(63),
        "a".repeat(64),
    ].map((name) => endpoint(`endpoint ID ${shown(name)}`, { name })),
    ...displayNames(endpoint, "endpoint"),
    ...labelled(endpoint, "endpoint"),
    ...[
        [0.1, "bq://my-project.logs.census"],
        [1, "bq://my-project"],
        [0, "bq://my-project.logs"],
        [1.5, "bq://my-project.logs"],
        [0.5, "my-project.logs.census"],
        [0.5, "bq://p.logs"],
        [0.5, "bq://my-project.logs.census.extra"],
    ].map(([samplingRate, bigqueryTable]) =>
        endpoint(`logging ${samplingRate} to ${bigqueryTable}`, {
            requestResponseLogging: { samplingRate, bigqueryTable },
        }),
    ),

    // ---- registry models: region, IDs, display names, labels
    model("minimal", {}),
    ...["europe-west4", "mars-central1"].map((region) => model(`region ${region}`, { region })),
    ...[
        "census",
        "census_1",
        "census-1",
        "_census",
        "1census",
        "-census",
        "Census",
        "census.v1",
        "a".repeat(63),
        "a".repeat(64),
    ].map((name) => model(`model ID ${shown(name)}`, { name })),
    ...displayNames(model, "model"),
    ...labelled(model, "model"),

    // ---- model versions: aliases, containers, artifacts
    modelVersion("minimal", {}),
    ...[
        ["blue"],
        ["blue", "prod"],
        ["default"],
        ["blue-2"],
        ["bLue"],
        ["a".repeat(128)],
        ["a".repeat(129)],
        ["b"],
        ["Blue"],
        ["1blue"],
        ["blue-"],
        ["blue_2"],
        ["blue", "blue"],
    ].map((versionAliases) => modelVersion(`aliases ${versionAliases.map(shown).join(", ")}`, { versionAliases })),
    ...[
        SKLEARN,
        "europe-docker.pkg.dev/vertex-ai/prediction/xgboost-cpu.1-7:latest",
        "asia-docker.pkg.dev/vertex-ai/prediction/tf2-gpu.2-15:latest",
        "us-docker.pkg.dev/vertex-ai/prediction/pytorch-cpu.2-4:latest",
        "us-central1-docker.pkg.dev/demo-project/serving/census:1",
    ].map((imageUri) => modelVersion(`image ${imageUri}`, { container: { imageUri } })),
    ...[
        "us-docker.pkg.dev/vertex-ai/prediction/sklearn-cpu.9-9:latest",
        "us-docker.pkg.dev/vertex-ai/prediction/sklearn-gpu.1-3:latest",
        "us-docker.pkg.dev/vertex-ai/prediction/sklearn-cpu.1-3:1.0",
        "us-docker.pkg.dev/vertex-ai/prediction/caffe-cpu.1-0:latest",
        "us-central1-docker.pkg.dev/vertex-ai/prediction/sklearn-cpu.1-3:latest",
    ].map((imageUri) => modelVersion(`image ${imageUri}`, { container: { imageUri } }, "prebuiltMatrix")),
    modelVersion("empty image", { container: { imageUri: "" } }),
    modelVersion("container with routes, port, env", {
        container: {
            imageUri: "us-central1-docker.pkg.dev/demo-project/serving/census:1",
            ports: [{ containerPort: 8080 }],
            predictRoute: "/predict",
            healthRoute: "/health",
            env: [{ name: "MODE", value: "fast" }],
        },
    }),
    modelVersion("container port 0", { container: { imageUri: SKLEARN, ports: [{ containerPort: 0 }] } }, "formats"),
    modelVersion(
        "container port 70000",
        { container: { imageUri: SKLEARN, ports: [{ containerPort: 70000 }] } },
        "formats",
    ),
    modelVersion("artifactUri s3://", { artifactUri: "s3://models/census/" }, "gcsSyntax"),
    modelVersion("versionDescription and labels", { versionDescription: "blue", labels: { colour: "blue" } }),
    modelVersion("version label key Upper", { labels: { Upper: "x" } }),
    modelVersion("version label key of 64", { labels: { ["k".repeat(64)]: "x" } }),
    modelVersion("version label value of 65", { labels: { k: "v".repeat(65) } }),
    modelVersion("model display name of 129", { modelDisplayName: "x".repeat(129) }),

    // ---- deployments: machine types x accelerators, replicas, autoscaling, same region
    deployment("minimal", {}),
    ...[
        "n1-standard-2",
        "n1-standard-32",
        "n1-highmem-16",
        "n1-highcpu-4",
        "e2-standard-4",
        "e2-highmem-16",
        "e2-highcpu-32",
        "n1-highcpu-2",
        "n1-standard-64",
        "e2-highmem-32",
        "mls1-c1-m2",
        "n2-standard-4",
    ].map((machineType) => deployment(`machine type ${JSON.stringify(machineType)}`, { machineType })),
    // proto3 cannot tell "" from unset: the API reads it as the default machine type.
    deployment('machine type ""', { machineType: "" }, "zeroMeansUnset"),
    gpu("n1-standard-4", T4, 1),
    gpu("n1-standard-4", T4, 4),
    gpu("n1-standard-4", T4, 3),
    gpu("n1-standard-4", T4, 8),
    gpu("n1-standard-8", "NVIDIA_TESLA_V100", 8),
    gpu("n1-standard-8", "NVIDIA_TESLA_P100", 8),
    gpu("n1-standard-4", "NVIDIA_TESLA_P4", 2),
    gpu("n1-standard-4", T4),
    gpu("n1-standard-4", undefined, 1),
    gpu("n1-standard-4", "NVIDIA_TESLA_K80", 1),
    gpu("n1-standard-4", "NVIDIA_L4", 1),
    gpu("n1-standard-4", "TPU_V2", 1),
    gpu("e2-standard-4", T4, 1),
    gpu("a2-highgpu-1g", "NVIDIA_TESLA_A100", 1),
    gpu("a2-highgpu-2g", "NVIDIA_TESLA_A100", 2),
    gpu("a2-highgpu-2g", "NVIDIA_TESLA_A100", 1),
    gpu("a2-highgpu-2g", "NVIDIA_TESLA_A100"),
    gpu("a2-highgpu-1g"),
    gpu("a2-ultragpu-1g", "NVIDIA_A100_80GB", 1),
    gpu("a2-highgpu-1g", T4, 1),
    gpu("g2-standard-24", "NVIDIA_L4", 2),
    gpu("g2-standard-24", "NVIDIA_L4", 1),
    gpu("a3-highgpu-8g", "NVIDIA_H100_80GB", 8),
    deployment("minReplicaCount 0", { minReplicaCount: 0 }),
    deployment("minReplicaCount -1", { minReplicaCount: -1 }),
    deployment("minReplicaCount 2, max 5", { minReplicaCount: 2, maxReplicaCount: 5 }),
    deployment("minReplicaCount 3, max 2", { minReplicaCount: 3, maxReplicaCount: 2 }),
    deployment("minReplicaCount 3, max 3", { minReplicaCount: 3, maxReplicaCount: 3 }),
    deployment("maxReplicaCount 0", { maxReplicaCount: 0 }, "zeroMeansUnset"),
    deployment("autoscaling on CPU at 60", {
        maxReplicaCount: 3,
        autoscalingMetricSpecs: [{ metricName: CPU, target: 60 }],
    }),
    deployment("autoscaling on CPU, no target", { maxReplicaCount: 3, autoscalingMetricSpecs: [{ metricName: CPU }] }),
    deployment("autoscaling target 0", { autoscalingMetricSpecs: [{ metricName: CPU, target: 0 }] }),
    deployment("autoscaling target 101", { autoscalingMetricSpecs: [{ metricName: CPU, target: 101 }] }),
    deployment("autoscaling on memory", { autoscalingMetricSpecs: [{ metricName: "memory", target: 50 }] }),
    deployment("autoscaling on request count", {
        autoscalingMetricSpecs: [
            { metricName: "aiplatform.googleapis.com/prediction/online/request_count", target: 50 },
        ],
    }),
    deployment("duty-cycle autoscaling with a T4", {
        machineType: "n1-standard-4",
        acceleratorType: T4,
        acceleratorCount: 1,
        autoscalingMetricSpecs: [{ metricName: DUTY_CYCLE, target: 50 }],
    }),
    deployment(
        "duty-cycle autoscaling without an accelerator",
        { autoscalingMetricSpecs: [{ metricName: DUTY_CYCLE, target: 50 }] },
        "dutyCycleWithoutGpu",
    ),
    deployment("serviceAccount", { serviceAccount: "serving@demo-project.iam.gserviceaccount.com" }),
    deployment("serviceAccount not an email", { serviceAccount: "serving" }, "formats"),
    deployment("access and container logging", { enableAccessLogging: true, disableContainerLogging: true }),
    deployment("model version in another region", {
        modelVersion: "projects/demo-project/locations/europe-west4/models/census@1",
    }),
    deployment("model version by alias", { modelVersion: `${MODEL}@default` }),
    deployment("model without a version", { modelVersion: MODEL }, "versionedModel"),

    // ---- traffic splits: sums, ranges, names
    split("100 to blue", {}),
    split("90/10", { percentages: { blue: 90, green: 10 } }),
    split("0/100", { percentages: { blue: 0, green: 100 } }),
    split("50 to blue only", { percentages: { blue: 50 } }),
    split("90/20", { percentages: { blue: 90, green: 20 } }),
    split("101/-1", { percentages: { blue: 101, green: -1 } }),
    split("50.5/49.5", { percentages: { blue: 50.5, green: 49.5 } }),
    split("0/0", { percentages: { blue: 0, green: 0 } }),
    split("a deployment the split does not know", { percentages: { blue: 90, purple: 10 } }),
    split("nothing anywhere", { percentages: {} }, "neverTrafficToNothing"),
    split("an ID the endpoint does not hold", { deployedModelIds: { blue: "9" } }, "liveState"),
];

// ---- the emulator's verdict, reached the way the providers drive the API ------------------------------------------

let emulator: Emulator;
beforeAll(() => {
    // Operations are done at once (the library's default durations); quotas off: this is about rules.
    emulator = new Emulator({ apis: ALL_APIS, quotas: NO_QUOTAS });
});
afterAll(() => emulator.shutdown());

/** One call; a refusal or a failed operation is "refuse". */
function accepted(method: string, path: string, body?: unknown): boolean {
    const res = callCore(emulator, method, `/v1/${path}`, body);
    if (res.status !== 200) return false;
    const op = res.body as { done?: boolean; error?: unknown; name?: string };
    if (op.name?.includes("/operations/")) {
        const done = callCore(emulator, "GET", `/v1/${op.name}`).body as { done?: boolean; error?: unknown };
        if (!done.done) throw new Error(`${method} ${path}: operation ${op.name} not done with 0 ms durations`);
        return done.error === undefined;
    }
    return true;
}

const ok = (method: string, path: string, body?: unknown) => {
    if (!accepted(method, path, body)) throw new Error(`setup ${method} ${path} refused`);
};

function upload(location: string, modelId: string, model: object = {}): boolean {
    return accepted("POST", `${location}/models:upload`, {
        modelId,
        model: {
            displayName: modelId,
            artifactUri: "gs://models/census/blue/",
            containerSpec: { imageUri: SKLEARN },
            ...model,
        },
    });
}

/** Deploys version 1 of `census` to endpoint `census` under the given deployed-model ID (no traffic). */
function deploy(id: string, share: Record<string, number>): void {
    ok("POST", `${ENDPOINT}:deployModel`, {
        deployedModel: { id, model: `${MODEL}@1`, dedicatedResources: { machineSpec: {}, minReplicaCount: 1 } },
        trafficSplit: share,
    });
}

function emulatorVerdict(c: Case): Verdict {
    emulator.reset();
    const verdict = (accept: boolean): Verdict => (accept ? "accept" : "refuse");
    switch (c.kind) {
        case "endpoint": {
            const e = c.inputs as EndpointInputs;
            const location = `projects/${e.project ?? PROJECT}/locations/${e.region}`;
            return verdict(
                accepted("POST", `${location}/endpoints?endpointId=${e.name ?? ""}`, apiBody(endpointFields, e)),
            );
        }
        case "model": {
            const m = c.inputs as RegistryModelInputs;
            return verdict(
                upload(
                    `projects/${m.project ?? PROJECT}/locations/${m.region}`,
                    m.name ?? "",
                    apiBody(registryModelFields, m),
                ),
            );
        }
        case "modelVersion": {
            // A later version (parentModel), as most versions are; the first one's upload carries the model's fields.
            const v = c.inputs as ModelVersionInputs;
            ok("POST", `${LOCATION}/models:upload`, {
                parentModel: undefined,
                modelId: "census",
                model: {
                    displayName: "census",
                    artifactUri: "gs://models/census/v0/",
                    containerSpec: { imageUri: SKLEARN },
                },
            });
            return verdict(
                accepted("POST", `${LOCATION}/models:upload`, {
                    parentModel: v.model,
                    model: { displayName: v.modelDisplayName, ...apiBody(modelVersionFields, v) },
                }),
            );
        }
        case "deployment": {
            const d = c.inputs as DeploymentInputs;
            ok("POST", `${LOCATION}/endpoints?endpointId=census`, { displayName: "census" });
            if (!upload(LOCATION, "census")) throw new Error("setup upload refused");
            if (!upload("projects/demo-project/locations/europe-west4", "census"))
                throw new Error("setup upload refused");
            return verdict(
                accepted("POST", `${d.endpoint}:deployModel`, {
                    deployedModel: apiBody(deploymentFields, d),
                    trafficSplit: { "0": 100 },
                }),
            );
        }
        case "trafficSplit": {
            const t = c.inputs as TrafficSplitInputs;
            ok("POST", `${LOCATION}/endpoints?endpointId=census`, { displayName: "census" });
            if (!upload(LOCATION, "census")) throw new Error("setup upload refused");
            deploy("1", { "0": 100 });
            deploy("2", {});
            return verdict(
                accepted("PATCH", `${t.endpoint}?updateMask=trafficSplit`, { trafficSplit: apiTrafficSplit(t) }),
            );
        }
    }
}

const VALIDATE: { [K in Kind]: (inputs: InputsOfKind[K]) => ValidationFailure[] } = {
    endpoint: validateEndpointInputs,
    model: validateRegistryModelInputs,
    modelVersion: validateModelVersionInputs,
    deployment: validateDeploymentInputs,
    trafficSplit: validateTrafficSplitInputs,
};

function providerVerdict(c: Case): { verdict: Verdict; reasons: string[] } {
    const failures = (VALIDATE[c.kind] as (inputs: object) => ValidationFailure[])(c.inputs);
    const reasons = failures.map((f) => `${f.property}: ${f.reason}`);
    return { verdict: reasons.length === 0 ? "accept" : "refuse", reasons };
}

test("the corpus has at least 150 distinct inputs, every resource and every one-sided rule", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(150);
    const titles = corpus.map((c) => `${c.kind}: ${c.title}`);
    expect(titles.filter((t, i) => titles.indexOf(t) !== i)).toEqual([]);
    expect(new Set(corpus.map((c) => c.oneSided).filter(Boolean))).toEqual(new Set(Object.keys(ONE_SIDED)));
    expect(new Set(corpus.map((c) => c.kind))).toEqual(new Set(Object.keys(VALIDATE)));
});

describe("provider validation and emulator agree", () => {
    test.each(corpus.map((c) => [`${c.kind}: ${c.title}`, c] as const))("%s", (_title, c) => {
        const emulator = emulatorVerdict(c);
        const provider = providerVerdict(c);
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
                reasons: emulator === "refuse" ? expect.arrayContaining([expect.any(String)]) : [],
            });
        }
    });
});
