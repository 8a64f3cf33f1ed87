// The rules across the Version's fields (which the per-field schemas cannot express), and the validation of a
// Version's inputs: the table's strict schema, then these rules.

import {
    compareRuntime,
    effectiveMachineType,
    isGlobalEndpoint,
    parseRuntimeVersion,
    pythonRuntimeRanges,
} from "./machineTypes";
import { fail, type Rule, validate, type ValidationFailure } from "../validation";

import { type VersionInputs, versionInputSchema } from "./versionFields";

// ---- cross-field rules ---------------------------------------------------------------------------------

const containerExcludes = ["runtimeVersion", "packageUris", "framework", "pythonVersion", "predictionClass"] as const;

function runtimeAtLeast(runtime: string | undefined, min: [number, number]): boolean {
    const parsed = runtime === undefined ? undefined : parseRuntimeVersion(runtime);
    return parsed !== undefined && compareRuntime(parsed, min) >= 0;
}

const versionRules: Rule<VersionInputs>[] = [
    {
        fields: ["autoScaling", "manualScaling"],
        check: (v) =>
            v.autoScaling && v.manualScaling
                ? fail("autoScaling", "autoScaling and manualScaling are mutually exclusive; keep only one")
                : undefined,
    },
    ...containerExcludes.map((field): Rule<VersionInputs> => ({
        fields: ["container", field],
        check: (v) =>
            v.container && v[field] !== undefined
                ? fail(
                      field,
                      `${field} must not be set with a custom container; remove ${field} (the image defines the runtime)`,
                  )
                : undefined,
    })),
    {
        fields: ["container", "machineType"],
        check: (v) =>
            v.container && v.machineType === undefined
                ? fail("machineType", 'a custom container requires machineType, e.g. "n1-standard-2"')
                : undefined,
    },
    {
        fields: ["container", "machineType", "endpoint"],
        check: (v) =>
            v.container && v.machineType?.startsWith("mls1-")
                ? fail(
                      "machineType",
                      `custom containers need a Compute Engine (N1) machine type, found "${v.machineType}"; use e.g. "n1-standard-2" on a regional endpoint (e.g. endpoint "us-central1")`,
                  )
                : undefined,
    },
    {
        fields: ["routes", "container"],
        check: (v) =>
            v.routes && !v.container
                ? fail("routes", "routes requires container; set container or remove routes")
                : undefined,
    },
    {
        fields: ["serviceAccount", "container", "predictionClass"],
        check: (v) =>
            v.serviceAccount && !v.container && !v.predictionClass
                ? fail(
                      "serviceAccount",
                      "serviceAccount requires container or predictionClass; set one of them or remove serviceAccount",
                  )
                : undefined,
    },
    {
        fields: ["container", "deploymentUri"],
        check: (v) =>
            !v.container && v.deploymentUri === undefined
                ? fail(
                      "deploymentUri",
                      'deploymentUri is required (unless container is set): the gs:// directory holding the model, e.g. "gs://my-bucket/model/"',
                  )
                : undefined,
    },
    {
        fields: ["container", "runtimeVersion"],
        check: (v) =>
            !v.container && v.runtimeVersion === undefined
                ? fail("runtimeVersion", 'runtimeVersion is required (unless container is set), e.g. "2.11"')
                : undefined,
    },
    {
        fields: ["container", "pythonVersion"],
        check: (v) =>
            !v.container && v.pythonVersion === undefined
                ? fail("pythonVersion", 'pythonVersion is required (unless container is set), e.g. "3.7"')
                : undefined,
    },
    {
        fields: ["pythonVersion", "runtimeVersion"],
        check: (v) => {
            const range = v.pythonVersion === undefined ? undefined : pythonRuntimeRanges[v.pythonVersion];
            const runtime = v.runtimeVersion === undefined ? undefined : parseRuntimeVersion(v.runtimeVersion);
            if (!range || !runtime) {
                return undefined;
            }
            const tooOld = range.min && compareRuntime(runtime, range.min) < 0;
            const tooNew = range.max && compareRuntime(runtime, range.max) > 0;
            return tooOld || tooNew
                ? fail(
                      "pythonVersion",
                      `pythonVersion "${v.pythonVersion}" is not available with runtimeVersion "${v.runtimeVersion}"; it needs ${range.text}`,
                  )
                : undefined;
        },
    },
    {
        fields: ["framework", "runtimeVersion"],
        check: (v) =>
            (v.framework === "SCIKIT_LEARN" || v.framework === "XGBOOST") &&
            v.runtimeVersion &&
            !runtimeAtLeast(v.runtimeVersion, [1, 4])
                ? fail(
                      "framework",
                      `framework ${v.framework} requires runtimeVersion 1.4 or later (found "${v.runtimeVersion}")`,
                  )
                : undefined,
    },
    {
        fields: ["framework", "predictionClass"],
        check: (v) =>
            v.framework && v.predictionClass
                ? fail(
                      "framework",
                      "do not set framework for a custom prediction routine (predictionClass); remove framework",
                  )
                : undefined,
    },
    {
        fields: ["packageUris", "runtimeVersion"],
        check: (v) =>
            v.packageUris?.length && v.runtimeVersion && !runtimeAtLeast(v.runtimeVersion, [1, 4])
                ? fail("packageUris", `packageUris requires runtimeVersion 1.4 or later (found "${v.runtimeVersion}")`)
                : undefined,
    },
    {
        fields: ["predictionClass", "runtimeVersion"],
        check: (v) =>
            v.predictionClass && v.runtimeVersion && !runtimeAtLeast(v.runtimeVersion, [1, 4])
                ? fail(
                      "predictionClass",
                      `predictionClass requires runtimeVersion 1.4 or later (found "${v.runtimeVersion}")`,
                  )
                : undefined,
    },
    {
        fields: ["predictionClass", "machineType", "endpoint"],
        check: (v) => {
            const machine = effectiveMachineType(v.machineType, v.endpoint);
            return v.predictionClass && !machine.startsWith("mls1-")
                ? fail(
                      "machineType",
                      `predictionClass requires a legacy (MLS1) machine type such as "mls1-c1-m2", found "${machine}"`,
                  )
                : undefined;
        },
    },
    {
        fields: ["machineType", "endpoint"],
        check: (v) => {
            const machine = effectiveMachineType(v.machineType, v.endpoint);
            if (machine.startsWith("n1-") && isGlobalEndpoint(v.endpoint)) {
                // Containers need N1 machines, so for them an MLS1 machine is no way out.
                const alternative = v.container ? "" : ' or use "mls1-c1-m2"';
                return fail(
                    "machineType",
                    `machine type "${machine}" is only available on regional endpoints; put the model on a regional endpoint (e.g. endpoint "us-central1")${alternative}`,
                );
            }
            if (machine.startsWith("mls1-") && !isGlobalEndpoint(v.endpoint)) {
                return fail(
                    "machineType",
                    `regional endpoints only support Compute Engine (N1) machine types, found "${machine}" on "${v.endpoint}"; use e.g. "n1-standard-2"`,
                );
            }
            return undefined;
        },
    },
    {
        fields: ["acceleratorConfig", "machineType", "endpoint"],
        check: (v) => {
            const machine = effectiveMachineType(v.machineType, v.endpoint);
            return v.acceleratorConfig && !machine.startsWith("n1-")
                ? fail(
                      "acceleratorConfig",
                      `accelerators (GPUs) need a Compute Engine (N1) machine type, found "${machine}"`,
                  )
                : undefined;
        },
    },
    {
        fields: ["acceleratorConfig", "manualScaling"],
        check: (v) =>
            v.acceleratorConfig && !v.manualScaling
                ? fail(
                      "manualScaling",
                      "a version with GPUs (acceleratorConfig) cannot autoscale: set manualScaling { nodes } instead of autoScaling",
                  )
                : undefined,
    },
    {
        fields: ["autoScaling", "machineType", "endpoint"],
        check: (v) => {
            const machine = effectiveMachineType(v.machineType, v.endpoint);
            return machine.startsWith("n1-") && v.autoScaling?.minNodes === 0
                ? fail(
                      "autoScaling.minNodes",
                      `minNodes must be at least 1 with a Compute Engine machine type ("${machine}")`,
                  )
                : undefined;
        },
    },
    {
        fields: ["autoScaling"],
        check: (v) => {
            const a = v.autoScaling;
            return a?.minNodes !== undefined && a.maxNodes !== undefined && a.maxNodes < a.minNodes
                ? fail(
                      "autoScaling.maxNodes",
                      `maxNodes (${a.maxNodes}) must not be less than minNodes (${a.minNodes})`,
                  )
                : undefined;
        },
    },
    {
        fields: ["explanationConfig", "machineType", "endpoint"],
        check: (v) => {
            const machine = effectiveMachineType(v.machineType, v.endpoint);
            return v.explanationConfig && !machine.startsWith("n1-")
                ? fail("explanationConfig", `explanations need a Compute Engine (N1) machine type, found "${machine}"`)
                : undefined;
        },
    },
    {
        fields: ["container", "endpoint"],
        check: (v) => {
            const region = /^([a-z0-9-]+)-docker\.pkg\.dev\//.exec(v.container?.image ?? "")?.[1];
            return v.container && region && !isGlobalEndpoint(v.endpoint) && region !== v.endpoint
                ? fail(
                      "container.image",
                      `container image must come from "${v.endpoint}-docker.pkg.dev" to match the "${v.endpoint}" endpoint, found "${region}-docker.pkg.dev"`,
                  )
                : undefined;
        },
    },
];

export function validateVersionInputs(inputs: VersionInputs): ValidationFailure[] {
    return validate(versionInputSchema, versionRules, inputs);
}
