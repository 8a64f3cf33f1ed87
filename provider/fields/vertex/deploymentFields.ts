// The Vertex AI Deployment table: one DeployedModel of an endpoint (`endpoints/E:deployModel`). Replica counts,
// autoscaling metrics and container logging change with one `:mutateDeployedModel` (its updateMask); everything
// else of a deployed model is immutable, so a change of it is a new deployment (created before the old one goes,
// so traffic can move over). The id is `<endpoint>/deployedModels/<ID>`.

import { z } from "zod";
import { show } from "../fieldSchemas";
import {
    apiField,
    deriveFromTable,
    type FieldTable,
    identity,
    type InputsOf,
    outputOnly,
    type OutputsOf,
    patch,
    replace,
} from "../fieldTable";
import { fail, type Rule, validate, type ValidationFailure } from "../validation";
import {
    acceleratorProblem,
    AUTOSCALING_METRICS,
    DEFAULT_MACHINE_TYPE,
    machineFamily,
    SERVING_MACHINE_TYPES,
} from "./servingHardware";
import { parseVertexName, sameResource } from "./vertexNames";
import { adopt, displayNameSchema, numberedControlFields, vertexNameSchema } from "./vertexSchemas";

const metricNames = Object.values(AUTOSCALING_METRICS) as string[];

export const autoscalingMetricSpecSchema = z.strictObject({
    /** One of the online prediction metrics, e.g. `aiplatform.googleapis.com/prediction/online/cpu/utilization`. */
    metricName: z.string().refine((m) => metricNames.includes(m), {
        error: (i) => `metricName ${show(i.input)} is not an autoscaling metric; use one of ${metricNames.join(", ")}`,
    }),
    /** Target utilisation in percent, 1-100 (the API's default is 60). */
    target: z
        .number()
        .int()
        .min(1, { error: (i) => `target ${show(i.input)} must be a percentage from 1 to 100` })
        .max(100, { error: (i) => `target ${show(i.input)} must be a percentage from 1 to 100` })
        .optional(),
});
export type AutoscalingMetricSpec = z.output<typeof autoscalingMetricSpecSchema>;

const replicaCount = (what: string) =>
    z
        .number()
        .int({ error: (i) => `${what} ${show(i.input)} must be a whole number` })
        .min(1, {
            error: (i) => `${what} ${show(i.input)} must be at least 1 (Vertex has no scale-to-zero for custom models)`,
        });

const at = (apiPath: string) => ({ apiPath });

export const deploymentFields = {
    /** The endpoint's full name, `projects/P/locations/R/endpoints/E`. */
    endpoint: identity(
        vertexNameSchema("endpoints", false, "projects/my-project/locations/us-central1/endpoints/census"),
    ),
    /** The model version deployed, `projects/P/locations/R/models/M@N`. */
    modelVersion: apiField(
        vertexNameSchema("models", true, "projects/my-project/locations/us-central1/models/census@1"),
        replace(),
        { apiPath: "model", fromLive: (live, previous) => liveModelVersion(live, previous) },
    ),
    /** The deployment's name in the endpoint; the key of its share in a TrafficSplit. */
    displayName: apiField(displayNameSchema, replace()),
    machineType: apiField(
        z
            .string()
            .refine((m) => SERVING_MACHINE_TYPES.includes(m), {
                error: (i) =>
                    `machine type ${show(i.input)} does not serve online prediction; use an E2 or N1 type (e.g. ${DEFAULT_MACHINE_TYPE}) or a GPU type of the A2, G2 or A3 families`,
            })
            .optional(),
        replace({ serverDefault: true }),
        at("dedicatedResources.machineSpec.machineType"),
    ),
    acceleratorType: apiField(z.string().optional(), replace(), at("dedicatedResources.machineSpec.acceleratorType")),
    acceleratorCount: apiField(
        z.number().int().min(1).optional(),
        replace(),
        at("dedicatedResources.machineSpec.acceleratorCount"),
    ),
    minReplicaCount: apiField(replicaCount("minReplicaCount"), patch(), at("dedicatedResources.minReplicaCount")),
    /** Defaults to minReplicaCount; serving quota is charged at the maximum. */
    maxReplicaCount: apiField(
        replicaCount("maxReplicaCount").optional(),
        patch({ serverDefault: true }),
        at("dedicatedResources.maxReplicaCount"),
    ),
    autoscalingMetricSpecs: apiField(
        z.array(autoscalingMetricSpecSchema).optional(),
        patch({ whenCleared: [] }),
        at("dedicatedResources.autoscalingMetricSpecs"),
    ),
    serviceAccount: apiField(
        z
            .string()
            .email({ error: (i) => `serviceAccount ${show(i.input)} is not a service account email` })
            .optional(),
        replace(),
    ),
    /** Log each prediction request's metadata (access log). Default false. */
    enableAccessLogging: apiField(z.boolean().optional(), replace()),
    /** Stop sending the container's stdout/stderr to Cloud Logging (sent by default). */
    disableContainerLogging: apiField(z.boolean().optional(), patch()),
    /** Take over a deployed model of the endpoint with the same displayName instead of deploying another. */
    adopt,
    ...numberedControlFields,
    /** `<endpoint>/deployedModels/<ID>` (the resource's id). */
    fullName: outputOnly(z.string()),
    /** The deployed model's ID in the endpoint (the key of the endpoint's traffic split). */
    deployedModelId: outputOnly(z.string()),
} satisfies FieldTable;

/** The API answers the bare model name with the version in `modelVersionId`; read back as the declared name. */
function liveModelVersion(live: object, previous: object): string | undefined {
    const { model, modelVersionId } = live as { model?: string; modelVersionId?: string };
    const declared = (previous as { modelVersion?: string }).modelVersion;
    if (model === undefined) return undefined;
    const full = model.includes("@") || modelVersionId === undefined ? model : `${model}@${modelVersionId}`;
    return declared !== undefined && sameResource(declared, full) ? declared : full;
}

export type DeploymentInputs = InputsOf<typeof deploymentFields>;
export type DeploymentOutputs = OutputsOf<typeof deploymentFields>;

export const {
    fieldRules: deploymentFieldRules,
    outputNames: deploymentOutputNames,
    inputSchema: deploymentInputSchema,
} = deriveFromTable(deploymentFields);

const deploymentRules: Rule<DeploymentInputs>[] = [
    {
        fields: ["minReplicaCount", "maxReplicaCount"],
        check: (d) =>
            d.maxReplicaCount !== undefined && d.maxReplicaCount < d.minReplicaCount
                ? fail(
                      "maxReplicaCount",
                      `maxReplicaCount ${d.maxReplicaCount} is below minReplicaCount ${d.minReplicaCount}; raise it or leave it unset (it then equals minReplicaCount)`,
                  )
                : undefined,
    },
    {
        fields: ["machineType", "acceleratorType", "acceleratorCount"],
        check: (d) => {
            const problem = acceleratorProblem(
                d.machineType ?? DEFAULT_MACHINE_TYPE,
                d.acceleratorType,
                d.acceleratorCount,
            );
            return problem && fail(problem.field, problem.reason);
        },
    },
    {
        fields: ["autoscalingMetricSpecs", "acceleratorType", "machineType"],
        check: (d) => {
            const gpu =
                d.acceleratorType !== undefined || machineFamily(d.machineType ?? DEFAULT_MACHINE_TYPE)?.builtInGpus;
            const dutyCycle = d.autoscalingMetricSpecs?.some(
                (m) => m.metricName === AUTOSCALING_METRICS.acceleratorDutyCycle,
            );
            return dutyCycle && !gpu
                ? fail(
                      "autoscalingMetricSpecs",
                      `the accelerator duty cycle metric needs an accelerator; declare acceleratorType or scale on ${AUTOSCALING_METRICS.cpuUtilization}`,
                  )
                : undefined;
        },
    },
    {
        fields: ["endpoint", "modelVersion"],
        check: (d) => {
            const endpoint = parseVertexName(d.endpoint);
            const model = parseVertexName(d.modelVersion);
            return endpoint && model && endpoint.region !== model.region
                ? fail(
                      "modelVersion",
                      `model version ${show(d.modelVersion)} is in ${model.region} but endpoint ${show(d.endpoint)} is in ${endpoint.region}; Vertex AI serves a model only from an endpoint of its own region: upload the model to ${endpoint.region} or use an endpoint there`,
                  )
                : undefined;
        },
    },
];

export function validateDeploymentInputs(inputs: DeploymentInputs): ValidationFailure[] {
    return validate(deploymentInputSchema, deploymentRules, inputs);
}
