// The Model table: every field of the Model resource, once (see fieldTable.ts for what each column means and
// what is derived from it), and the rules across its fields.
//
// Patchable fields: "description" and labels
// (https://cloud.google.com/ai-platform/prediction/docs/reference/rest/v1/projects.models/patch).

import { z } from "zod";
import { controlFields, labelsSchema, projectSchema, resourceName, show } from "../fieldSchemas";
import { endpointSchema } from "./machineTypes";
import {
    apiField,
    control,
    type FieldTable,
    identity,
    type InputsOf,
    outputOnly,
    type OutputsOf,
    patch,
    replace,
    deriveFromTable,
} from "../fieldTable";
import { isGlobalEndpoint, regionalEndpointRegions } from "./machineTypes";
import { fail, type Rule, validate, type ValidationFailure } from "../validation";

/** The API leaves a false logging flag out: read it back as false when the declaration set it. */
const falseWhenOmitted =
    (key: "onlinePredictionLogging" | "onlinePredictionConsoleLogging") =>
    (live: { [k in typeof key]?: boolean }, previous: { [k in typeof key]?: boolean }) =>
        live[key] ?? (previous[key] === undefined ? undefined : false);

export const modelFields = {
    name: identity(resourceName("model").optional()),
    project: identity(projectSchema.optional(), { serverDefault: true }),
    endpoint: identity(endpointSchema.optional(), { serverDefault: true }),
    regions: apiField(
        z.array(z.string()).max(1, { error: "only one region per model is supported" }).optional(),
        replace({ serverDefault: true }),
    ),
    onlinePredictionLogging: apiField(z.boolean().optional(), replace(), falseWhenOmitted("onlinePredictionLogging")),
    onlinePredictionConsoleLogging: apiField(
        z.boolean().optional(),
        replace(),
        falseWhenOmitted("onlinePredictionConsoleLogging"),
    ),
    description: apiField(z.string().optional(), patch({ whenCleared: "" })),
    labels: apiField(labelsSchema.optional(), patch({ whenCleared: {} })),
    /** Delete the model's remaining (unmanaged) versions when the model is deleted. */
    forceDelete: control(z.boolean().optional()),
    ...controlFields,
    /** Full resource name: `projects/P/models/M`. */
    fullName: outputOnly(z.string()),
    etag: outputOnly(z.string().optional()),
    /** Short name of the current default version; "" while the model has none. */
    defaultVersion: outputOnly(z.string().optional()),
} satisfies FieldTable;

export type ModelInputs = InputsOf<typeof modelFields>;
export type ModelOutputs = OutputsOf<typeof modelFields>;

export const {
    fieldRules: modelFieldRules,
    identityFields: modelIdentityFields,
    createFields: modelCreateFields,
    outputNames: modelOutputNames,
    inputSchema: modelInputSchema,
} = deriveFromTable(modelFields);

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
                ? fail(
                      "regions",
                      `region ${show(unknownRegion)} is not an AI Platform Prediction region; use one of ${regionalEndpointRegions.join(", ")}`,
                  )
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

export function validateModelInputs(inputs: ModelInputs): ValidationFailure[] {
    return validate(modelInputSchema, modelRules, inputs);
}
