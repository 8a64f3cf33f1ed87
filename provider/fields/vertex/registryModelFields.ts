// The Vertex AI Model table (projects.locations.models): a Model Registry entry, the parent of ModelVersions.
// Vertex has no call that creates an empty model: the first version's upload creates it with these fields
// (`modelId` and the model's displayName, description and labels), later uploads name it as their parentModel.
// Patchable with one `PATCH models/M?updateMask=`: displayName, description, labels.

import { z } from "zod";
import { projectSchema } from "../fieldSchemas";
import {
    apiField,
    control,
    deriveFromTable,
    type FieldTable,
    identity,
    type InputsOf,
    outputOnly,
    type OutputsOf,
    patch,
} from "../fieldTable";
import { type Rule, validate, type ValidationFailure } from "../validation";
import { displayNameSchema, labelsSchema, modelIdSchema, namedControlFields, regionSchema } from "./vertexSchemas";

export const registryModelFields = {
    /** The model ID (`models/<name>`); autonamed `<logical name>-<7 chars>` when omitted. */
    name: identity(modelIdSchema.optional()),
    project: identity(projectSchema.optional(), { serverDefault: true }),
    region: identity(regionSchema),
    displayName: apiField(displayNameSchema, patch()),
    description: apiField(z.string().optional(), patch({ whenCleared: "" })),
    /**
     * Read back for the declared keys only: Vertex answers a model's labels merged with its default version's, so
     * keys only a version has would read as drift for ever.
     */
    labels: apiField(labelsSchema.optional(), patch({ whenCleared: {} }), (live, previous) => {
        const declared = (previous as { labels?: Record<string, string> }).labels;
        const labels = (live as { labels?: Record<string, string> }).labels ?? {};
        return (
            declared && Object.fromEntries(Object.keys(declared).flatMap((k) => (k in labels ? [[k, labels[k]]] : [])))
        );
    }),
    /** Delete versions no declaration of this stack manages together with the model. */
    forceDelete: control(z.boolean().optional()),
    ...namedControlFields,
    /** `projects/P/locations/R/models/M` (the resource's id). */
    fullName: outputOnly(z.string()),
} satisfies FieldTable;

export type RegistryModelInputs = InputsOf<typeof registryModelFields>;
export type RegistryModelOutputs = OutputsOf<typeof registryModelFields>;

export const {
    fieldRules: registryModelFieldRules,
    identityFields: registryModelIdentityFields,
    outputNames: registryModelOutputNames,
    inputSchema: registryModelInputSchema,
} = deriveFromTable(registryModelFields);

const registryModelRules: Rule<RegistryModelInputs>[] = [];

export function validateRegistryModelInputs(inputs: RegistryModelInputs): ValidationFailure[] {
    return validate(registryModelInputSchema, registryModelRules, inputs);
}
