// The shapes of the Version's nested fields: their zod schemas (with the messages a check failure shows) and the
// public TypeScript types a program sees, held equal by the compiler (SameType). The table (versionFields.ts) uses
// the schemas; the cross-field rules are in versionRules.ts.

import { z } from "zod";
import { show } from "../fieldSchemas";
import { acceleratorTypes } from "./machineTypes";
import { isValidBucketName } from "../names";
import type { SameType } from "../sameType";

// ---- schemas -------------------------------------------------------------------------------------

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

export const deploymentUriSchema = gcsUri("deploymentUri", "gs://my-bucket/models/v1/").refine(
    (uri) => !/\.(pb|pbtxt|joblib|pkl|bst)$/.test(uri),
    {
        error: (issue) =>
            `deploymentUri ${show(issue.input)} points at a file; point it at the directory that contains the model file`,
    },
);

export const packageUriSchema = gcsUri("package URI", "gs://my-bucket/pkg/predictor-0.1.tar.gz").refine(
    (uri) => /^gs:\/\/[^/]+\/.+[^/]$/.test(uri),
    {
        error: (issue) =>
            `package URI ${show(issue.input)} must be a Cloud Storage file such as "gs://my-bucket/pkg/predictor-0.1.tar.gz"`,
    },
);

const positiveInt = (what: string) =>
    z.number({ error: `${what} must be a number` }).int({ error: `${what} must be a whole number` });

export const autoScalingSchema = z.strictObject({
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
                    .max(100, { error: "metric target must be a percentage from 1 to 100" }),
            }),
        )
        .optional(),
});

export const containerSchema = z.strictObject({
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

export const frameworkSchema = z.enum(["TENSORFLOW", "SCIKIT_LEARN", "XGBOOST"], {
    error: (i) => `framework ${show(i.input)} must be TENSORFLOW, SCIKIT_LEARN or XGBOOST`,
});

export const manualScalingSchema = z.strictObject({
    nodes: positiveInt("manualScaling.nodes").min(1, { error: "nodes must be 1 or more" }),
});

const acceleratorTypeError = (issue: { input: unknown }) =>
    `accelerator type ${show(issue.input)} must be one of ${acceleratorTypes.join(", ")}`;

export const acceleratorConfigSchema = z.strictObject({
    count: z.union([z.number().int(), z.string().regex(/^\d+$/)]).refine((c) => Number(c) > 0, {
        error: "accelerator count must be greater than 0",
    }),
    // A string checked against the catalogue (not a zod enum), so the public type stays `string`.
    type: z.string({ error: acceleratorTypeError }).refine((t) => (acceleratorTypes as readonly string[]).includes(t), {
        error: acceleratorTypeError,
    }),
});

export const explanationSchema = z
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

export const routesSchema = z.strictObject({
    predict: routePath.optional(),
    health: routePath.optional(),
});

export const requestLoggingSchema = z.strictObject({
    bigqueryTableName: z.string().regex(/^[a-z][a-z0-9.:-]*[a-z0-9]\.\w+\.\w+$/, {
        error: (i) => `bigqueryTableName ${show(i.input)} must be "project.dataset.table"`,
    }),
    samplingPercentage: z
        .number()
        .min(0)
        .max(1, { error: "samplingPercentage must be a fraction from 0 to 1 (0.1 = 10%)" })
        .optional(),
});

export const versionStateSchema = z.enum(["UNKNOWN", "READY", "CREATING", "FAILED", "DELETING", "UPDATING"]);

// ---- the public nested types ----------------------------------------------------------------------------
// Hand-written so their TSDoc reaches the published declarations (an editor shows it on hover; the zod schemas'
// inferred types lose it in the emitted .d.ts). Each `SameType` assertion below ties one to its schema's output, so a
// property added to, removed from or retyped in a schema stops the build until its documented type follows.
// Re-exported by provider/index.ts; the input forms (`AutoScalingArgs`, ...) derive from them in resources/inputs.ts.

/** The machine-learning framework of a prebuilt runtime: `TENSORFLOW`, `SCIKIT_LEARN` or `XGBOOST`. */
export type Framework = "TENSORFLOW" | "SCIKIT_LEARN" | "XGBOOST";

/**
 * Autoscaling of a version's nodes (`Version.autoScaling`): the server's default when neither scaling is set;
 * excludes `manualScaling` and GPUs.
 * See https://cloud.google.com/ai-platform/prediction/docs/reference/rest/v1/projects.models.versions#AutoScaling
 */
export interface AutoScaling {
    /**
     * Nodes kept running even without traffic (billed while the version exists), 0 or more. Unset: 0 on MLS1, 1 on
     * N1 machine types (where it must be at least 1).
     */
    minNodes?: number;
    /** Upper bound of nodes, 1 or more and not less than `minNodes`; unset: no bound. */
    maxNodes?: number;
    /** Target utilisations to scale on, e.g. `[{ name: "CPU_USAGE", target: 60 }]`. */
    metrics?: MetricSpec[];
}

/**
 * A target utilisation autoscaling scales on (an element of `AutoScaling.metrics`).
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
    /** Number of nodes, 1 or more, always running. */
    nodes: number;
}

/**
 * GPUs attached to each node (`Version.acceleratorConfig`); needs an N1 machine type and `manualScaling`.
 * See https://cloud.google.com/ai-platform/prediction/docs/reference/rest/v1/AcceleratorConfig
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
 * AI Explanations (`Version.explanationConfig`): set exactly one attribution method; needs an N1 machine type.
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
 * type on a regional endpoint.
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
 * The HTTP paths of a custom container (`Version.routes`); needs `container`.
 * See https://cloud.google.com/ai-platform/prediction/docs/reference/rest/v1/projects.models.versions#RouteMap
 */
export interface RouteMap {
    /** Path the container serves predictions on, e.g. `"/predict"` (default `/v1/models/MODEL/versions/VERSION:predict`). */
    predict?: string;
    /** Path of the container's health check, e.g. `"/health"` (default `/v1/models/MODEL/versions/VERSION`). */
    health?: string;
}

/**
 * Request-response logging to BigQuery (`Version.requestLoggingConfig`), applied right after create (the API
 * ignores it in create).
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
