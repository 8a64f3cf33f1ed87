// The Version table: every field of the Version resource, once (see fieldTable.ts for what each column means and
// what is derived from it), and the rules across its fields.
//
// Patchable fields: the v1 discovery document's patch text ("Currently the only update-able fields are
// description, requestLoggingConfig, autoScaling.minNodes, and manualScaling.nodes"; the discovery document
// https://github.com/googleapis/google-api-go-client/blob/main/ml/v1/ml-api.json and the REST reference
// https://cloud.google.com/ai-platform/prediction/docs/reference/rest/v1/projects.models.versions/patch). `labels`
// is patchable through gcloud's GA `--update-labels`, so we treat it as patchable too. `autoScaling.maxNodes` is only
// sent by gcloud's beta track and its server acceptance is unconfirmed, so a change to it replaces the version.

import { z } from "zod";
import { controlFields, endpointSchema, labelsSchema, projectSchema, resourceName, show } from "./fieldSchemas";
import type { FieldRule } from "./fieldRules";
import {
    afterCreate,
    apiField,
    declaredOutputs,
    diffRules,
    fieldsWithRole,
    type KeysWithRole,
    type FieldTable,
    identity,
    inputSchema,
    type InputsOf,
    outputOnly,
    type OutputsOf,
    patch,
    replace,
} from "./fieldTable";
import {
    acceleratorTypes,
    compareRuntime,
    effectiveMachineType,
    isGlobalEndpoint,
    isN1MachineType,
    machineTypes,
    parseRuntimeVersion,
    pythonRuntimeRanges,
    runtimeVersions,
} from "./machineTypes";
import { isValidBucketName } from "./names";
import type { SameType } from "./sameType";
import { fail, type Rule, validate, type ValidationFailure } from "./validation";
import { withoutUndefined } from "./values";

// ---- field shapes -------------------------------------------------------------------------------------

/** gs://BUCKET/PATH: the bucket and the path are judged separately so the message names the real problem. */
function gcsUriProblem(what: string, uri: string, example: string): string | undefined {
    const match = /^gs:\/\/([^/]*)(\/.*)?$/.exec(uri);
    if (!match) {
        return `${what} ${show(uri)} must be a Cloud Storage URI starting with "gs://", e.g. "${example}"`;
    }
    const bucket = match[1];
    if (!isValidBucketName(bucket)) {
        return `${what} ${show(uri)}: ${show(bucket)} is not a valid Cloud Storage bucket name (3-63 characters: lowercase letters, digits, "-", "_" and "."; starting and ending with a letter or digit)`;
    }
    const path = match[2] ?? "";
    if (path.split("/").some((segment) => segment === ".." || segment === ".") || /[?#\\\s\p{Cc}]/u.test(path)) {
        return `${what} ${show(uri)}: the object path must not contain "." or ".." segments, "?", "#", "\\", spaces or control characters`;
    }
    return undefined;
}

const gcsUri = (what: string, example: string) =>
    z.string().superRefine((uri, ctx) => {
        const problem = gcsUriProblem(what, uri, example);
        if (problem) {
            ctx.addIssue({ code: "custom", message: problem });
        }
    });

const deploymentUriSchema = gcsUri("deploymentUri", "gs://my-bucket/models/v1/").refine(
    (uri) => !/\.(pb|pbtxt|joblib|pkl|bst)$/.test(uri),
    {
        error: (issue) =>
            `deploymentUri ${show(issue.input)} points at a file; point it at the directory that contains the model file`,
    },
);

const packageUriSchema = gcsUri("package URI", "gs://my-bucket/pkg/predictor-0.1.tar.gz").refine(
    (uri) => /^gs:\/\/[^/]+\/.+[^/]$/.test(uri),
    {
        error: (issue) =>
            `package URI ${show(issue.input)} must be a Cloud Storage file such as "gs://my-bucket/pkg/predictor-0.1.tar.gz"`,
    },
);

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

const frameworkSchema = z.enum(["TENSORFLOW", "SCIKIT_LEARN", "XGBOOST"], {
    error: (i) => `framework ${show(i.input)} must be TENSORFLOW, SCIKIT_LEARN or XGBOOST`,
});

const manualScalingSchema = z.strictObject({
    nodes: positiveInt("manualScaling.nodes").min(1, { error: "nodes must be 1 or more" }),
});

const acceleratorTypeError = (issue: { input: unknown }) =>
    `accelerator type ${show(issue.input)} must be one of ${acceleratorTypes.join(", ")}`;

const acceleratorConfigSchema = z.strictObject({
    count: z.union([z.number().int(), z.string().regex(/^\d+$/)]).refine((c) => Number(c) > 0, {
        error: "accelerator count must be greater than 0",
    }),
    // A string checked against the catalogue (not a zod enum), so the public type stays `string`.
    type: z.string({ error: acceleratorTypeError }).refine((t) => (acceleratorTypes as readonly string[]).includes(t), {
        error: acceleratorTypeError,
    }),
});

const explanationSchema = z
    .strictObject({
        integratedGradientsAttribution: z
            .strictObject({
                numIntegralSteps: positiveInt("numIntegralSteps").min(1),
            })
            .optional(),
        sampledShapleyAttribution: z
            .strictObject({
                numPaths: positiveInt("numPaths").min(1),
            })
            .optional(),
        xraiAttribution: z
            .strictObject({
                numIntegralSteps: positiveInt("numIntegralSteps").min(1),
            })
            .optional(),
    })
    .refine((e) => Object.values(e).filter((v) => v !== undefined).length === 1, {
        error: "set exactly one of integratedGradientsAttribution, sampledShapleyAttribution, xraiAttribution",
    });

const routesSchema = z.strictObject({
    predict: routePath.optional(),
    health: routePath.optional(),
});

const requestLoggingSchema = z.strictObject({
    bigqueryTableName: z.string().regex(/^[a-z][a-z0-9.:-]*[a-z0-9]\.\w+\.\w+$/, {
        error: (i) => `bigqueryTableName ${show(i.input)} must be "project.dataset.table"`,
    }),
    samplingPercentage: z
        .number()
        .min(0)
        .max(1, { error: "samplingPercentage is a fraction from 0 to 1 (0.1 = 10%)" })
        .optional(),
});

const versionStateSchema = z.enum(["UNKNOWN", "READY", "CREATING", "FAILED", "DELETING", "UPDATING"]);

// ---- the public nested types ----------------------------------------------------------------------------
// Hand-written so their TSDoc reaches the published declarations (an editor shows it on hover; the zod schemas'
// inferred types lose it in the emitted .d.ts). Each `SameType` assertion below ties one to its schema's output, so a
// property added to, removed from or retyped in a schema stops the build until its documented type follows.
// Re-exported by provider/index.ts; the input forms (`AutoScalingArgs`, ...) derive from them in resources/inputs.ts.

/** The machine-learning framework of a prebuilt runtime: `TENSORFLOW`, `SCIKIT_LEARN` or `XGBOOST`. */
export type Framework = "TENSORFLOW" | "SCIKIT_LEARN" | "XGBOOST";

/**
 * Autoscaling of a version's nodes (`Version.autoScaling`): the server's default when neither scaling is set;
 * excludes `manualScaling` and GPUs. Switching to `manualScaling` replaces the version.
 * See https://cloud.google.com/ai-platform/prediction/docs/reference/rest/v1/projects.models.versions#AutoScaling
 */
export interface AutoScaling {
    /**
     * Nodes kept running even without traffic (billed while the version exists), 0 or more. Unset: 0 on MLS1, 1 on
     * N1 machine types (where it must be at least 1). A change is patched (`updateMask=autoScaling.minNodes`).
     */
    minNodes?: number;
    /** Upper bound of nodes, 1 or more and not less than `minNodes`; unset: no bound. A change replaces the version. */
    maxNodes?: number;
    /** Target utilisations to scale on, e.g. `[{ name: "CPU_USAGE", target: 60 }]`. A change replaces the version. */
    metrics?: MetricSpec[];
}

/**
 * A target utilisation autoscaling scales on (an element of `AutoScaling.metrics`; a change replaces the version).
 * See https://cloud.google.com/ai-platform/prediction/docs/reference/rest/v1/projects.models.versions#AutoScaling
 */
export interface MetricSpec {
    /** The utilisation measured: `CPU_USAGE` or `GPU_DUTY_CYCLE`. */
    name: "CPU_USAGE" | "GPU_DUTY_CYCLE";
    /** Target utilisation in percent, a whole number from 1 to 100. */
    target: number;
}

/**
 * A fixed number of nodes (`Version.manualScaling`); excludes `autoScaling`, and is required with GPUs.
 * See https://cloud.google.com/ai-platform/prediction/docs/reference/rest/v1/projects.models.versions#ManualScaling
 */
export interface ManualScaling {
    /**
     * Number of nodes, 1 or more, always running. Patched (`updateMask=manualScaling.nodes`) on N1 machine types; on
     * MLS1 a change replaces the version (the API refuses the patch there).
     */
    nodes: number;
}

/**
 * GPUs attached to each node (`Version.acceleratorConfig`); needs an N1 machine type and `manualScaling`. A change
 * replaces the version. See https://cloud.google.com/ai-platform/prediction/docs/reference/rest/v1/AcceleratorConfig
 */
export interface AcceleratorConfig {
    /** GPUs per node, more than 0 (int64 on the wire: a number or a decimal string such as `"1"`). */
    count: number | string;
    /**
     * `NVIDIA_TESLA_K80`, `NVIDIA_TESLA_P100`, `NVIDIA_TESLA_V100`, `NVIDIA_TESLA_P4`, `NVIDIA_TESLA_T4` or
     * `NVIDIA_TESLA_A100` (availability depends on the region).
     */
    type: string;
}

/**
 * AI Explanations (`Version.explanationConfig`): set exactly one attribution method; needs an N1 machine type. A
 * change replaces the version.
 * See https://cloud.google.com/ai-platform/prediction/docs/reference/rest/v1/projects.models.versions#ExplanationConfig
 */
export interface ExplanationConfig {
    /** Integrated gradients, for differentiable models. */
    integratedGradientsAttribution?: IntegratedGradientsAttribution;
    /** Sampled Shapley (approximates Shapley values by sampling feature permutations), for any model. */
    sampledShapleyAttribution?: SampledShapleyAttribution;
    /** XRAI, for differentiable models with natural image inputs. */
    xraiAttribution?: XraiAttribution;
}

/**
 * Integrated gradients attribution (`ExplanationConfig.integratedGradientsAttribution`).
 * See https://cloud.google.com/ai-platform/prediction/docs/reference/rest/v1/projects.models.versions#IntegratedGradientsAttribution
 */
export interface IntegratedGradientsAttribution {
    /** Steps approximating the path integral, 1 or more (the API suggests 50). */
    numIntegralSteps: number;
}

/**
 * Sampled Shapley attribution (`ExplanationConfig.sampledShapleyAttribution`).
 * See https://cloud.google.com/ai-platform/prediction/docs/reference/rest/v1/projects.models.versions#SampledShapleyAttribution
 */
export interface SampledShapleyAttribution {
    /** Feature permutations sampled, 1 or more. */
    numPaths: number;
}

/**
 * XRAI attribution (`ExplanationConfig.xraiAttribution`).
 * See https://cloud.google.com/ai-platform/prediction/docs/reference/rest/v1/projects.models.versions#XraiAttribution
 */
export interface XraiAttribution {
    /** Steps approximating the path integral, 1 or more (the API suggests 50). */
    numIntegralSteps: number;
}

/**
 * A custom container serving predictions (`Version.container`), instead of a prebuilt runtime; needs an N1 machine
 * type on a regional endpoint. A change replaces the version.
 * See https://cloud.google.com/ai-platform/prediction/docs/reference/rest/v1/projects.models.versions#ContainerSpec
 */
export interface ContainerSpec {
    /**
     * Artifact Registry image, `REGION-docker.pkg.dev/PROJECT/REPO/IMAGE:TAG`, its region matching the version's
     * endpoint.
     */
    image: string;
    /** Overrides the image's ENTRYPOINT; unset: the image's. */
    command?: string[];
    /** Overrides the image's CMD; unset: the image's. */
    args?: string[];
    /** Environment variables of the container. */
    env?: EnvVar[];
    /** Ports to expose; prediction requests and health checks go to the first (default `[{ containerPort: 8080 }]`). */
    ports?: ContainerPort[];
}

/**
 * An environment variable of a custom container (an element of `ContainerSpec.env`).
 * See https://cloud.google.com/ai-platform/prediction/docs/reference/rest/v1/projects.models.versions#EnvVar
 */
export interface EnvVar {
    /** A C identifier (letters, digits, `_`; not starting with a digit), not starting with `AIP_`. */
    name: string;
    /** The value (default `""`); `$(VARIABLE_NAME)` refers to a variable set earlier in `env`. */
    value?: string;
}

/**
 * A port a custom container exposes (an element of `ContainerSpec.ports`).
 * See https://cloud.google.com/ai-platform/prediction/docs/reference/rest/v1/projects.models.versions#ContainerPort
 */
export interface ContainerPort {
    /** The port number, 1 to 65535. */
    containerPort: number;
}

/**
 * The HTTP paths of a custom container (`Version.routes`); needs `container`. A change replaces the version.
 * See https://cloud.google.com/ai-platform/prediction/docs/reference/rest/v1/projects.models.versions#RouteMap
 */
export interface RouteMap {
    /** Path the container serves predictions on, e.g. `"/predict"` (default `/v1/models/MODEL/versions/VERSION:predict`). */
    predict?: string;
    /** Path of the container's health check, e.g. `"/health"` (default `/v1/models/MODEL/versions/VERSION`). */
    health?: string;
}

/**
 * Request-response logging to BigQuery (`Version.requestLoggingConfig`). Patched
 * (`updateMask=requestLoggingConfig`), applied right after create (the API ignores it in create).
 * See https://cloud.google.com/ai-platform/prediction/docs/reference/rest/v1/projects.models.versions#RequestLoggingConfig
 */
export interface RequestLoggingConfig {
    /**
     * The BigQuery table to log to, `"project.dataset.table"`; it must exist with the API's schema and be writable by
     * the project's Cloud ML Service Agent.
     */
    bigqueryTableName: string;
    /** Fraction of requests to log, 0 to 1 (0.1 = 10%); the API's default is 0. */
    samplingPercentage?: number;
}

/**
 * A version's state: `CREATING`, `READY` (serving), `UPDATING`, `FAILED` (see `errorMessage`), `DELETING` or
 * `UNKNOWN`. See https://cloud.google.com/ai-platform/prediction/docs/reference/rest/v1/projects.models.versions#State
 */
export type VersionState = "UNKNOWN" | "READY" | "CREATING" | "FAILED" | "DELETING" | "UPDATING";

true satisfies SameType<Framework, z.output<typeof frameworkSchema>>;
true satisfies SameType<AutoScaling, z.output<typeof autoScalingSchema>>;
true satisfies SameType<ManualScaling, z.output<typeof manualScalingSchema>>;
true satisfies SameType<AcceleratorConfig, z.output<typeof acceleratorConfigSchema>>;
true satisfies SameType<ExplanationConfig, z.output<typeof explanationSchema>>;
true satisfies SameType<ContainerSpec, z.output<typeof containerSchema>>;
true satisfies SameType<RouteMap, z.output<typeof routesSchema>>;
true satisfies SameType<RequestLoggingConfig, z.output<typeof requestLoggingSchema>>;
true satisfies SameType<VersionState, z.output<typeof versionStateSchema>>;

// ---- the table ------------------------------------------------------------------------------------------

export const versionFields = {
    name: identity(resourceName("version").optional()),
    /** Short name of the parent model. */
    model: identity(resourceName("model")),
    project: identity(projectSchema.optional(), { serverDefault: true }),
    endpoint: identity(endpointSchema.optional(), { serverDefault: true }),
    deploymentUri: apiField(deploymentUriSchema.optional(), replace()),
    runtimeVersion: apiField(
        z
            .string()
            .refine((r) => runtimeVersions.includes(r), {
                error: (i) =>
                    `runtimeVersion ${show(i.input)} is not an AI Platform Prediction runtime version (1.0 to 1.15, 2.1 to 2.11), e.g. "2.11"`,
            })
            .optional(),
        replace(),
    ),
    pythonVersion: apiField(
        z
            .enum(Object.keys(pythonRuntimeRanges) as [string, ...string[]], {
                error: (i) =>
                    `pythonVersion ${show(i.input)} must be one of ${Object.keys(pythonRuntimeRanges).join(", ")}`,
            })
            .optional(),
        replace(),
    ),
    framework: apiField(frameworkSchema.optional(), replace({ serverDefault: true })),
    machineType: apiField(
        z
            .string()
            .refine((m) => machineTypes.includes(m), {
                error: (i) =>
                    `machineType ${show(i.input)} is not an online prediction machine type (${machineTypes.join(", ")})`,
            })
            .optional(),
        replace({ serverDefault: true }),
    ),
    acceleratorConfig: apiField(acceleratorConfigSchema.optional(), replace()),
    packageUris: apiField(z.array(packageUriSchema).optional(), replace()),
    predictionClass: apiField(
        z
            .string()
            .regex(/^[A-Za-z_][\w]*(\.[A-Za-z_]\w*)+$/, {
                error: (i) => `predictionClass ${show(i.input)} must be "module_name.ClassName"`,
            })
            .optional(),
        replace(),
    ),
    serviceAccount: apiField(
        z
            .string()
            .regex(/^[a-z0-9-]+@[a-z0-9.-]+\.iam\.gserviceaccount\.com$|^[^@\s]+@[^@\s]+\.[a-z]+$/, {
                error: (i) => `serviceAccount ${show(i.input)} must be a service account email`,
            })
            .optional(),
        replace(),
    ),
    explanationConfig: apiField(explanationSchema.optional(), replace()),
    container: apiField(containerSchema.optional(), replace()),
    routes: apiField(routesSchema.optional(), replace()),
    autoScaling: apiField(
        autoScalingSchema.optional(),
        {
            kind: "parts",
            // Switching between autoscaling and manual scaling cannot be patched: it is a different scaling union member.
            virtual: [
                {
                    path: "scalingMode",
                    replaceKey: "manualScaling",
                    value: (v: { manualScaling?: unknown }) => (v.manualScaling !== undefined ? "manual" : "auto"),
                },
            ],
            parts: { minNodes: patch({ serverDefault: true }), maxNodes: replace(), metrics: replace() },
        },
        // Autoscaling is the server's default with a server-chosen minNodes: keep unset what the user left unset.
        (live: { autoScaling?: AutoScaling }, previous: { autoScaling?: AutoScaling }) =>
            previous.autoScaling && live.autoScaling
                ? withoutUndefined({
                      ...live.autoScaling,
                      minNodes: previous.autoScaling.minNodes === undefined ? undefined : live.autoScaling.minNodes,
                  })
                : undefined,
    ),
    manualScaling: apiField(manualScalingSchema.optional(), {
        kind: "parts",
        parts: {
            // "you can only update manualScaling.nodes if the version uses a Compute Engine (N1) machine type"
            nodes: patch({
                patchableWhen: (v: { machineType?: string; endpoint?: string }) =>
                    isN1MachineType(v.machineType, v.endpoint),
            }),
        },
    }),
    description: apiField(z.string().optional(), patch({ whenCleared: "" })),
    labels: apiField(labelsSchema.optional(), patch({ whenCleared: {} })),
    // The API ignores it on create; the provider applies it with a PATCH right after.
    requestLoggingConfig: afterCreate(requestLoggingSchema.optional(), patch()),
    /**
     * Make this version the model's default (setDefault, not PATCH). One-way: the API cannot "unset" a default,
     * only move it, so only false -> true is a change; `false` or unset leaves the default alone. Read back only
     * where it is declared (the Version provider's outputs say why).
     */
    isDefault: afterCreate(z.boolean().optional(), {
        kind: "control",
        differs: (oldValue, newValue) => newValue === true && oldValue !== true,
    }),
    ...controlFields,
    /** Full resource name: `projects/P/models/M/versions/V`. */
    fullName: outputOnly(z.string()),
    state: outputOnly(versionStateSchema.optional()),
    createTime: outputOnly(z.string().optional()),
    lastUseTime: outputOnly(z.string().optional()),
    etag: outputOnly(z.string().optional()),
    errorMessage: outputOnly(z.string().optional()),
} satisfies FieldTable;

export type VersionInputs = InputsOf<typeof versionFields>;
export type VersionOutputs = OutputsOf<typeof versionFields>;

export const versionFieldRules: readonly FieldRule<VersionInputs>[] = diffRules(versionFields);
/** Fields that name the version: not compared on adoption, never in a create body. */
export const versionIdentityFields = fieldsWithRole(versionFields, ["identity"]);
/** The create body (besides the name). */
export const versionCreateFields = fieldsWithRole(versionFields, ["api"]);
/** Applied after create (PATCH, setDefault), so left out of a create and of adoption's first PATCH. */
export const versionAfterCreateFields = fieldsWithRole(versionFields, ["afterCreate"]);
/** The after-create fields the provider applies with a PATCH (the API ignores them on create): their mask paths. */
export const versionPatchedAfterCreate = versionAfterCreateFields.filter(
    (key) => versionFields[key].change.kind === "patch",
);
/** What the Version resource class declares as outputs. */
export const versionOutputNames = declaredOutputs(versionFields);
/** The output-only fields the API reports on a version (fullName is its `name`, read separately). */
export type VersionLiveOutputKey = Exclude<KeysWithRole<typeof versionFields, "output">, "fullName">;
export const versionLiveOutputs = fieldsWithRole(versionFields, ["output"]).filter(
    (key): key is VersionLiveOutputKey => key !== "fullName",
);

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

const versionSchema = inputSchema(versionFields);

export function validateVersionInputs(inputs: VersionInputs): ValidationFailure[] {
    return validate(versionSchema, versionRules, inputs);
}
