// The Version table: every field of the Version resource, once (see fieldTable.ts for what each column means and
// what is derived from it). The nested shapes are in versionShapes.ts, the rules across fields in versionRules.ts.
//
// Patchable fields: the v1 discovery document's patch text ("Currently the only update-able fields are
// description, requestLoggingConfig, autoScaling.minNodes, and manualScaling.nodes"; the discovery document
// https://github.com/googleapis/google-api-go-client/blob/main/ml/v1/ml-api.json and the REST reference
// https://cloud.google.com/ai-platform/prediction/docs/reference/rest/v1/projects.models.versions/patch). `labels`
// is patchable through gcloud's GA `--update-labels`, so we treat it as patchable too. `autoScaling.maxNodes` is only
// sent by gcloud's beta track and its server acceptance is unconfirmed, so a change to it replaces the version.

import { z } from "zod";
import { controlFields, labelsSchema, projectSchema, resourceName, show } from "../fieldSchemas";
import { endpointSchema } from "./machineTypes";
import {
    afterCreate,
    apiField,
    fieldsWithRole,
    type KeysWithRole,
    type FieldTable,
    identity,
    type InputsOf,
    outputOnly,
    type OutputsOf,
    patch,
    replace,
    deriveFromTable,
} from "../fieldTable";
import { isN1MachineType, machineTypes, pythonRuntimeRanges, runtimeVersions } from "./machineTypes";
import { withoutUndefined } from "../values";

import {
    type AutoScaling,
    deploymentUriSchema,
    packageUriSchema,
    autoScalingSchema,
    containerSchema,
    frameworkSchema,
    manualScalingSchema,
    acceleratorConfigSchema,
    explanationSchema,
    routesSchema,
    requestLoggingSchema,
    versionStateSchema,
} from "./versionShapes";

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
                    `machineType ${show(i.input)} is not an online prediction machine type; use one of ${machineTypes.join(", ")}`,
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

export const {
    fieldRules: versionFieldRules,
    identityFields: versionIdentityFields,
    createFields: versionCreateFields,
    afterCreateFields: versionAfterCreateFields,
    patchedAfterCreateFields: versionPatchedAfterCreate,
    outputNames: versionOutputNames,
    inputSchema: versionInputSchema,
} = deriveFromTable(versionFields);
/** The output-only fields the API reports on a version (fullName is its `name`, read separately). */
export type VersionLiveOutputKey = Exclude<KeysWithRole<typeof versionFields, "output">, "fullName">;
export const versionLiveOutputs = fieldsWithRole(versionFields, ["output"]).filter(
    (key): key is VersionLiveOutputKey => key !== "fullName",
);
