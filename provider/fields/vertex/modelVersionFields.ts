// The Vertex AI ModelVersion table: one version of a registry Model (`models/M@N`), created by `models:upload`
// (with `parentModel` once the model exists). New artifacts or a new container are a new version (a replacement);
// versionDescription and labels are one `PATCH models/M@N?updateMask=`; aliases are the API's own
// `:mergeVersionAliases` call.

import { z } from "zod";
import {
    apiField,
    deriveFromTable,
    type FieldTable,
    identity,
    internal,
    type InputsOf,
    outputOnly,
    type OutputsOf,
    patch,
    replace,
} from "../fieldTable";
import { fail, type Rule, validate, type ValidationFailure } from "../validation";
import { prebuiltContainerProblem } from "./servingHardware";
import {
    displayNameSchema,
    labelsSchema,
    numberedControlFields,
    vertexNameSchema,
    versionAliasSchema,
} from "./vertexSchemas";

/** The API keeps `default` on exactly one version; it is declared by listing it, never removed by omission. */
export const DEFAULT_ALIAS = "default";

const GCS_FOLDER = /^gs:\/\/[a-z0-9][a-z0-9._-]{1,220}[a-z0-9](\/.*)?$/;

export const containerSchema = z.strictObject({
    /** The serving image: a prebuilt container (vertex.prebuiltContainers) or your own. */
    imageUri: z.string().min(1, { error: "container.imageUri must not be empty" }),
    command: z.array(z.string()).optional(),
    args: z.array(z.string()).optional(),
    env: z.array(z.strictObject({ name: z.string().min(1), value: z.string().optional() })).optional(),
    ports: z.array(z.strictObject({ containerPort: z.number().int().min(1).max(65535) })).optional(),
    predictRoute: z.string().optional(),
    healthRoute: z.string().optional(),
});
export type Container = z.output<typeof containerSchema>;

/** The fields of the parent model a first upload creates it with (set by the resource class from the Model). */
const fromParent = <S extends z.ZodType>(schema: S) => ({
    ...internal(schema),
    change: { kind: "control" as const, ignored: true },
});

export const modelVersionFields = {
    /** The parent model's full name, `projects/P/locations/R/models/M`. */
    model: identity(vertexNameSchema("models", false, "projects/my-project/locations/us-central1/models/census")),
    modelDisplayName: fromParent(displayNameSchema.optional()),
    modelDescription: fromParent(z.string().optional()),
    modelLabels: fromParent(labelsSchema.optional()),
    /** The Cloud Storage folder holding the model files, `gs://bucket/folder/`. */
    artifactUri: apiField(
        z.string().regex(GCS_FOLDER, {
            error: (i) => `artifactUri ${JSON.stringify(i.input)} must be a Cloud Storage folder, gs://bucket/folder/`,
        }),
        replace(),
    ),
    container: apiField(containerSchema, replace(), { apiPath: "containerSpec" }),
    versionDescription: apiField(z.string().optional(), patch({ whenCleared: "" })),
    /** Labels of this version, besides its model's (Vertex answers the two merged; the model's are left out). */
    labels: apiField(labelsSchema.optional(), patch({ whenCleared: {} }), (live, previous) => {
        const { labels: declared, modelLabels = {} } = previous as {
            labels?: Record<string, string>;
            modelLabels?: Record<string, string>;
        };
        const own = Object.entries((live as { labels?: Record<string, string> }).labels ?? {}).filter(
            ([k, v]) => (declared !== undefined && k in declared) || modelLabels[k] !== v,
        );
        return own.length === 0 && declared === undefined ? undefined : Object.fromEntries(own);
    }),
    /** Aliases of this version (unique per model); list "default" to make it the model's default version. */
    versionAliases: apiField(z.array(versionAliasSchema).optional(), patch(), {
        fromLive: (live, previous) => {
            const aliases = (live as { versionAliases?: string[] }).versionAliases ?? [];
            const declared = (previous as { versionAliases?: string[] }).versionAliases;
            // `default` lands on a model's first version by itself: only declared, it is this version's business.
            const kept = declared?.includes(DEFAULT_ALIAS) ? aliases : aliases.filter((a) => a !== DEFAULT_ALIAS);
            return kept.length === 0 && declared === undefined ? undefined : kept;
        },
    }),
    ...numberedControlFields,
    /** `projects/P/locations/R/models/M@N` (the resource's id). */
    fullName: outputOnly(z.string()),
    /** The version number the server assigned ("1", "2", …). */
    versionId: outputOnly(z.string()),
} satisfies FieldTable;

export type ModelVersionInputs = InputsOf<typeof modelVersionFields>;
export type ModelVersionOutputs = OutputsOf<typeof modelVersionFields>;

export const {
    fieldRules: modelVersionFieldRules,
    outputNames: modelVersionOutputNames,
    inputSchema: modelVersionInputSchema,
} = deriveFromTable(modelVersionFields);

const modelVersionRules: Rule<ModelVersionInputs>[] = [
    {
        fields: ["container.imageUri"],
        check: (v) => {
            const problem = prebuiltContainerProblem(v.container.imageUri);
            return problem ? fail("container.imageUri", problem) : undefined;
        },
    },
    {
        fields: ["versionAliases"],
        check: (v) => {
            const aliases = v.versionAliases ?? [];
            const repeated = aliases.find((a, i) => aliases.indexOf(a) !== i);
            return repeated
                ? fail("versionAliases", `alias ${JSON.stringify(repeated)} is listed twice; list each alias once`)
                : undefined;
        },
    },
];

export function validateModelVersionInputs(inputs: ModelVersionInputs): ValidationFailure[] {
    return validate(modelVersionInputSchema, modelVersionRules, inputs);
}
