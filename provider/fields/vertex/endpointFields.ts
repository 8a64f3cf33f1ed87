// The Vertex AI Endpoint table (projects.locations.endpoints): every field once; see fieldTable.ts for the columns.
// Patchable with one `PATCH endpoints/E?updateMask=`: displayName, description, labels and request-response
// logging. The traffic split is not here: a TrafficSplit resource owns it (trafficSplitFields.ts).

import { z } from "zod";
import { projectSchema, show } from "../fieldSchemas";
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
import { displayNameSchema, endpointIdSchema, labelsSchema, namedControlFields, regionSchema } from "./vertexSchemas";

const BIGQUERY_TABLE = /^bq:\/\/[a-z][a-z0-9-]{4,28}[a-z0-9](\.[A-Za-z0-9_]+){0,2}$/;

export const requestResponseLoggingSchema = z.strictObject({
    /** Fraction of requests logged, in (0, 1]. */
    samplingRate: z
        .number()
        .gt(0, { error: (i) => `samplingRate ${show(i.input)} must be a fraction in (0, 1], e.g. 0.1 for 10 %` })
        .max(1, { error: (i) => `samplingRate ${show(i.input)} must be a fraction in (0, 1], e.g. 0.1 for 10 %` }),
    /** `bq://project[.dataset[.table]]`. */
    bigqueryTable: z.string().regex(BIGQUERY_TABLE, {
        error: (i) =>
            `bigqueryTable ${show(i.input)} must read bq://project, bq://project.dataset or bq://project.dataset.table`,
    }),
});
export type RequestResponseLogging = z.output<typeof requestResponseLoggingSchema>;

interface ApiLoggingConfig {
    enabled?: boolean;
    samplingRate?: number;
    bigqueryDestination?: { outputUri?: string };
}

export const endpointFields = {
    /** The endpoint ID (the last segment of its name); autonamed `<logical name>-<7 chars>` when omitted. */
    name: identity(endpointIdSchema.optional()),
    project: identity(projectSchema.optional(), { serverDefault: true }),
    region: identity(regionSchema),
    displayName: apiField(displayNameSchema, patch()),
    description: apiField(z.string().optional(), patch({ whenCleared: "" })),
    labels: apiField(labelsSchema.optional(), patch({ whenCleared: {} })),
    requestResponseLogging: apiField(requestResponseLoggingSchema.optional(), patch(), {
        apiPath: "predictRequestResponseLoggingConfig",
        toApi: (value) => {
            const v = value as RequestResponseLogging;
            return { enabled: true, samplingRate: v.samplingRate, bigqueryDestination: { outputUri: v.bigqueryTable } };
        },
        fromLive: (live) => {
            const config = (live as { predictRequestResponseLoggingConfig?: ApiLoggingConfig })
                .predictRequestResponseLoggingConfig;
            if (!config?.enabled) return undefined;
            return withoutUndefinedKeys({
                samplingRate: config.samplingRate,
                bigqueryTable: config.bigqueryDestination?.outputUri,
            });
        },
    }),
    /** Before deleting the endpoint, undeploy the models no declaration of this stack manages. */
    forceDelete: control(z.boolean().optional()),
    ...namedControlFields,
    /** `projects/P/locations/R/endpoints/E` (the resource's id). */
    fullName: outputOnly(z.string()),
    etag: outputOnly(z.string().optional()),
} satisfies FieldTable;

function withoutUndefinedKeys<T extends object>(value: T): T {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export type EndpointInputs = InputsOf<typeof endpointFields>;
export type EndpointOutputs = OutputsOf<typeof endpointFields>;

export const {
    fieldRules: endpointFieldRules,
    identityFields: endpointIdentityFields,
    outputNames: endpointOutputNames,
    inputSchema: endpointInputSchema,
} = deriveFromTable(endpointFields);

/** No cross-field rules: each field's schema says all (an unset project is check's failure). */
const endpointRules: Rule<EndpointInputs>[] = [];

export function validateEndpointInputs(inputs: EndpointInputs): ValidationFailure[] {
    return validate(endpointInputSchema, endpointRules, inputs);
}
