// Preview-time validation of Model and Version inputs: every rule of the v1 reference that can be checked
// without calling the API (shared/reference/ml-v1-api.md §6, seeds/004). zod checks each field's shape;
// cross-field rules follow. Values that are unknown during preview are never reported.

import { z } from "zod";
import {
    acceleratorTypes,
    compareRuntime,
    effectiveMachineType,
    GLOBAL_ENDPOINT,
    isGlobalEndpoint,
    machineTypes,
    parseRuntimeVersion,
    pythonRuntimeRanges,
    regionalEndpointRegions,
} from "./machineTypes";
import { LABEL_KEY_PATTERN, LABEL_VALUE_PATTERN, MAX_LABELS, RESOURCE_NAME_PATTERN } from "./names";
import type { ModelInputs, VersionInputs } from "./types";
import { isUnknown } from "./unknowns";

export interface ValidationFailure {
    /** Property path, e.g. `autoScaling.minNodes`. */
    readonly property: string;
    /** What is wrong, with the value found and how to fix it. */
    readonly reason: string;
}

const namePatternText = "must start with a letter and contain only letters, digits and underscores (at most 128)";
const show = (value: unknown): string => JSON.stringify(value);

// ---- field shapes -------------------------------------------------------------------------------------

const resourceName = (what: string) =>
    z.string().regex(RESOURCE_NAME_PATTERN, {
        error: (issue) => `${what} name ${show(issue.input)} ${namePatternText}; e.g. "my_${what}_v1"`,
    });

const labelsSchema = z
    .record(z.string(), z.string({ error: "label values must be strings" }))
    .superRefine((labels, ctx) => {
        const keys = Object.keys(labels);
        if (keys.length > MAX_LABELS) {
            ctx.addIssue({ code: "custom", message: `at most ${MAX_LABELS} labels are allowed, found ${keys.length}` });
        }
        for (const key of keys) {
            if (!LABEL_KEY_PATTERN.test(key)) {
                ctx.addIssue({
                    code: "custom",
                    path: [key],
                    message: `label key ${show(key)} must start with a lowercase letter and use only lowercase letters, digits, "_" or "-" (at most 63)`,
                });
            } else if (!LABEL_VALUE_PATTERN.test(labels[key])) {
                ctx.addIssue({
                    code: "custom",
                    path: [key],
                    message: `label value ${show(labels[key])} must use only lowercase letters, digits, "_" or "-" (at most 63)`,
                });
            }
        }
    });

const endpointSchema = z
    .string()
    .refine((e) => e === GLOBAL_ENDPOINT || (regionalEndpointRegions as readonly string[]).includes(e), {
        error: (issue) =>
            `endpoint ${show(issue.input)} is not "global" or a region with a regional endpoint (${regionalEndpointRegions.join(", ")})`,
    });

const projectSchema = z.string().regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$|^[a-z0-9.:-]{1,100}$/, {
    error: (issue) => `project ${show(issue.input)} is not a valid project ID (lowercase letters, digits and "-")`,
});

const GCS_BUCKET = "[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]";
const gcsPathSafe = (uri: string) => !uri.includes("..") && !/[?#\\\s]/.test(uri);

const deploymentUriSchema = z
    .string()
    .refine((uri) => new RegExp(`^gs://${GCS_BUCKET}(/.*)?$`).test(uri) && gcsPathSafe(uri), {
        error: (issue) =>
            `deploymentUri ${show(issue.input)} must be a Cloud Storage directory such as "gs://my-bucket/models/v1/" (no "..", "?", "#" or spaces)`,
    })
    .refine((uri) => !/\.(pb|pbtxt|joblib|pkl|bst)$/.test(uri), {
        error: (issue) =>
            `deploymentUri ${show(issue.input)} points at a file; point it at the directory that contains the model file`,
    });

const packageUriSchema = z
    .string()
    .refine((uri) => new RegExp(`^gs://${GCS_BUCKET}/.+[^/]$`).test(uri) && gcsPathSafe(uri), {
        error: (issue) =>
            `package URI ${show(issue.input)} must be a Cloud Storage file such as "gs://my-bucket/pkg/predictor-0.1.tar.gz"`,
    });

const positiveInt = (what: string) =>
    z.number({ error: `${what} must be a number` }).int({ error: `${what} must be a whole number` });

const autoScalingSchema = z.strictObject({
    minNodes: positiveInt("minNodes").min(0, { error: "minNodes must be 0 or more" }).optional(),
    maxNodes: positiveInt("maxNodes").min(1, { error: "maxNodes must be 1 or more" }).optional(),
    metrics: z
        .array(
            z.strictObject({
                name: z.enum(["CPU_USAGE", "GPU_DUTY_CYCLE"], {
                    error: 'metric name must be "CPU_USAGE" or "GPU_DUTY_CYCLE"',
                }),
                target: positiveInt("metric target")
                    .min(1)
                    .max(100, { error: "metric target is a percentage from 1 to 100" }),
            }),
        )
        .optional(),
});

const containerSchema = z.strictObject({
    image: z.string().regex(/^[a-z0-9-]+-docker\.pkg\.dev\/[^\s]+$/, {
        error: (issue) =>
            `container image ${show(issue.input)} must be an Artifact Registry image, "REGION-docker.pkg.dev/PROJECT/REPO/IMAGE:TAG"`,
    }),
    command: z.array(z.string()).optional(),
    args: z.array(z.string()).optional(),
    env: z
        .array(
            z.strictObject({
                name: z
                    .string()
                    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, {
                        error: (i) => `env name ${show(i.input)} must be a valid C identifier`,
                    })
                    .refine((n) => !n.startsWith("AIP_"), {
                        error: (i) => `env name ${show(i.input)} must not start with "AIP_"`,
                    }),
                value: z.string().optional(),
            }),
        )
        .optional(),
    ports: z
        .array(
            z.strictObject({
                containerPort: positiveInt("containerPort")
                    .min(1)
                    .max(65535, { error: "containerPort must be 1 to 65535" }),
            }),
        )
        .optional(),
});

const routePath = z
    .string()
    .regex(/^\/[^\s?#]*$/, { error: (i) => `route ${show(i.input)} must be an HTTP path starting with "/"` });

const controlShape = {
    adopt: z.boolean().optional(),
    operationTimeoutSeconds: z.number().positive({ error: "operationTimeoutSeconds must be positive" }).optional(),
    autonamePrefix: z.string().optional(),
    autonamed: z.boolean().optional(),
};

function modelSchema() {
    return z.strictObject({
        name: resourceName("model").optional(),
        project: projectSchema.optional(),
        endpoint: endpointSchema.optional(),
        description: z.string().optional(),
        labels: labelsSchema.optional(),
        regions: z.array(z.string()).max(1, { error: "only one region per model is supported" }).optional(),
        onlinePredictionLogging: z.boolean().optional(),
        onlinePredictionConsoleLogging: z.boolean().optional(),
        forceDelete: z.boolean().optional(),
        ...controlShape,
    });
}

function versionSchema() {
    return z.strictObject({
        model: resourceName("model"),
        name: resourceName("version").optional(),
        project: projectSchema.optional(),
        endpoint: endpointSchema.optional(),
        description: z.string().optional(),
        deploymentUri: deploymentUriSchema.optional(),
        runtimeVersion: z
            .string()
            .refine((r) => parseRuntimeVersion(r) !== undefined, {
                error: (i) => `runtimeVersion ${show(i.input)} must look like "2.11"`,
            })
            .optional(),
        pythonVersion: z
            .enum(Object.keys(pythonRuntimeRanges) as [string, ...string[]], {
                error: (i) =>
                    `pythonVersion ${show(i.input)} must be one of ${Object.keys(pythonRuntimeRanges).join(", ")}`,
            })
            .optional(),
        framework: z
            .enum(["TENSORFLOW", "SCIKIT_LEARN", "XGBOOST"], {
                error: (i) => `framework ${show(i.input)} must be TENSORFLOW, SCIKIT_LEARN or XGBOOST`,
            })
            .optional(),
        machineType: z
            .string()
            .refine((m) => machineTypes.includes(m), {
                error: (i) =>
                    `machineType ${show(i.input)} is not an online prediction machine type (${machineTypes.join(", ")})`,
            })
            .optional(),
        labels: labelsSchema.optional(),
        autoScaling: autoScalingSchema.optional(),
        manualScaling: z
            .strictObject({ nodes: positiveInt("manualScaling.nodes").min(1, { error: "nodes must be 1 or more" }) })
            .optional(),
        acceleratorConfig: z
            .strictObject({
                count: z.union([z.number().int(), z.string().regex(/^\d+$/)]).refine((c) => Number(c) > 0, {
                    error: "accelerator count must be greater than 0",
                }),
                type: z.enum(acceleratorTypes, {
                    error: (i) => `accelerator type ${show(i.input)} must be one of ${acceleratorTypes.join(", ")}`,
                }),
            })
            .optional(),
        packageUris: z.array(packageUriSchema).optional(),
        predictionClass: z
            .string()
            .regex(/^[A-Za-z_][\w]*(\.[A-Za-z_]\w*)+$/, {
                error: (i) => `predictionClass ${show(i.input)} must be "module_name.ClassName"`,
            })
            .optional(),
        serviceAccount: z
            .string()
            .regex(/^[a-z0-9-]+@[a-z0-9.-]+\.iam\.gserviceaccount\.com$|^[^@\s]+@[^@\s]+\.[a-z]+$/, {
                error: (i) => `serviceAccount ${show(i.input)} must be a service account email`,
            })
            .optional(),
        explanationConfig: z
            .strictObject({
                integratedGradientsAttribution: z
                    .strictObject({ numIntegralSteps: positiveInt("numIntegralSteps").min(1) })
                    .optional(),
                sampledShapleyAttribution: z.strictObject({ numPaths: positiveInt("numPaths").min(1) }).optional(),
                xraiAttribution: z
                    .strictObject({ numIntegralSteps: positiveInt("numIntegralSteps").min(1) })
                    .optional(),
            })
            .refine((e) => Object.values(e).filter((v) => v !== undefined).length === 1, {
                error: "set exactly one of integratedGradientsAttribution, sampledShapleyAttribution, xraiAttribution",
            })
            .optional(),
        container: containerSchema.optional(),
        routes: z.strictObject({ predict: routePath.optional(), health: routePath.optional() }).optional(),
        requestLoggingConfig: z
            .strictObject({
                bigqueryTableName: z.string().regex(/^[a-z][a-z0-9.:-]*[a-z0-9]\.\w+\.\w+$/, {
                    error: (i) => `bigqueryTableName ${show(i.input)} must be "project.dataset.table"`,
                }),
                samplingPercentage: z
                    .number()
                    .min(0)
                    .max(1, { error: "samplingPercentage is a fraction from 0 to 1 (0.1 = 10%)" })
                    .optional(),
            })
            .optional(),
        isDefault: z.boolean().optional(),
        ...controlShape,
    });
}

// ---- unknown handling ----------------------------------------------------------------------------------

/** Removes unknown values, returning the known inputs and the dotted paths that were unknown. */
function splitUnknowns(value: unknown, path: string, unknownPaths: string[]): unknown {
    if (isUnknown(value)) {
        unknownPaths.push(path);
        return undefined;
    }
    if (Array.isArray(value)) {
        return value.map((item, i) => splitUnknowns(item, path ? `${path}.${i}` : String(i), unknownPaths));
    }
    if (value !== null && typeof value === "object") {
        const out: Record<string, unknown> = {};
        for (const [key, item] of Object.entries(value)) {
            const known = splitUnknowns(item, path ? `${path}.${key}` : key, unknownPaths);
            if (known !== undefined) {
                out[key] = known;
            }
        }
        return out;
    }
    return value;
}

const overlaps = (a: string, b: string) => a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);

function zodFailures(schema: z.ZodType, inputs: unknown, unknownPaths: string[]): ValidationFailure[] {
    const result = schema.safeParse(inputs);
    if (result.success) {
        return [];
    }
    return result.error.issues
        .map((issue) => {
            const property = issue.path.map(String).join(".");
            const reason =
                issue.code === "unrecognized_keys"
                    ? `unknown propert${issue.keys.length > 1 ? "ies" : "y"} ${issue.keys.map((k) => show(k)).join(", ")}; check the spelling against the Version/Model reference`
                    : issue.message;
            return { property: property || "(inputs)", reason };
        })
        .filter((f) => !unknownPaths.some((u) => overlaps(f.property, u)));
}

type Rule<I> = { fields: string[]; check: (v: I) => ValidationFailure | undefined };

function runRules<I>(rules: Rule<I>[], known: I, unknownPaths: string[]): ValidationFailure[] {
    return rules
        .filter((rule) => !rule.fields.some((f) => unknownPaths.some((u) => overlaps(f, u))))
        .map((rule) => rule.check(known))
        .filter((f): f is ValidationFailure => f !== undefined);
}

// ---- cross-field rules ---------------------------------------------------------------------------------

const fail = (property: string, reason: string): ValidationFailure => ({ property, reason });

const modelRules: Rule<ModelInputs>[] = [
    {
        fields: ["regions", "endpoint"],
        check: (m) =>
            m.regions?.length && !isGlobalEndpoint(m.endpoint)
                ? fail(
                      "regions",
                      `regions can only be set on the global endpoint; a model on "${m.endpoint}" is served there, so remove regions`,
                  )
                : undefined,
    },
    {
        fields: ["regions"],
        check: (m) => {
            const unknownRegion = m.regions?.find((r) => !(regionalEndpointRegions as readonly string[]).includes(r));
            return unknownRegion !== undefined
                ? fail("regions", `region ${show(unknownRegion)} is not an AI Platform Prediction region`)
                : undefined;
        },
    },
    {
        fields: ["onlinePredictionConsoleLogging", "endpoint"],
        check: (m) =>
            m.onlinePredictionConsoleLogging && !isGlobalEndpoint(m.endpoint)
                ? fail(
                      "onlinePredictionConsoleLogging",
                      `console (stream) logging is not available on regional endpoints ("${m.endpoint}"); remove it or use endpoint "global"`,
                  )
                : undefined,
    },
];

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
                return fail(
                    "machineType",
                    `machine type "${machine}" is only available on regional endpoints; put the model on a regional endpoint (e.g. endpoint "us-central1") or use "mls1-c1-m2"`,
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

// ---- entry points --------------------------------------------------------------------------------------

function validate<I>(schema: z.ZodType, rules: Rule<I>[], inputs: I): ValidationFailure[] {
    const unknownPaths: string[] = [];
    const known = splitUnknowns(inputs, "", unknownPaths) as I;
    const shapeFailures = zodFailures(schema, known, unknownPaths);
    // Cross-field rules assume well-shaped fields; skip those touching a malformed one to avoid noise.
    const malformed = shapeFailures.map((f) => f.property);
    return [...shapeFailures, ...runRules(rules, known, [...unknownPaths, ...malformed])];
}

export function validateModelInputs(inputs: ModelInputs): ValidationFailure[] {
    return validate(modelSchema(), modelRules, inputs);
}

export function validateVersionInputs(inputs: VersionInputs): ValidationFailure[] {
    return validate(versionSchema(), versionRules, inputs);
}
