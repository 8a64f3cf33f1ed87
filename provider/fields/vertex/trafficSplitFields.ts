// The Vertex AI TrafficSplit table: who serves how much of one endpoint's traffic. One declaration owns an
// endpoint's split (`Endpoint.trafficSplit`, keyed by deployed-model ID): it is written with one
// `PATCH endpoints/E?updateMask=trafficSplit`, shown in a diff as percentages per logical deployment (its
// displayName), and read back on refresh so that traffic set outside Pulumi shows as drift and `up` restores it.
// Deployed models no declaration names get 0 % (they stay deployed; see the README).

import { z } from "zod";
import { show } from "../fieldSchemas";
import {
    apiField,
    deriveFromTable,
    type FieldTable,
    identity,
    type InputField,
    type InputsOf,
    outputOnly,
    type OutputsOf,
    patch,
} from "../fieldTable";
import { fail, type Rule, validate, type ValidationFailure } from "../validation";
import { numberedControlFields, vertexNameSchema } from "./vertexSchemas";

/** The key a share of traffic outside the declaration is read back under (drift, restored by `up`). */
export const unmanagedKey = (deployedModelId: string) => `unmanaged-${deployedModelId}`;

const percentSchema = z
    .number()
    .int({ error: (i) => `percent ${show(i.input)} must be a whole number` })
    .min(0, { error: (i) => `percent ${show(i.input)} must be from 0 to 100` })
    .max(100, { error: (i) => `percent ${show(i.input)} must be from 0 to 100` });

type LiveEndpoint = { trafficSplit?: Record<string, number>; deployedModels?: { id: string }[] };

export const trafficSplitFields = {
    /** The endpoint's full name, `projects/P/locations/R/endpoints/E`. */
    endpoint: identity(
        vertexNameSchema("endpoints", false, "projects/my-project/locations/us-central1/endpoints/census"),
    ),
    /** Percent of traffic per deployment, keyed by the deployment's displayName; sums to 100. */
    percentages: apiField(z.record(z.string(), percentSchema), patch({ mask: "trafficSplit" }), {
        apiPath: "trafficSplit",
        fromLive: (live, previous) => {
            const split = (live as LiveEndpoint).trafficSplit ?? {};
            const ids = (previous as { deployedModelIds?: Record<string, string> }).deployedModelIds ?? {};
            const byId = new Map(Object.entries(ids).map(([name, id]) => [id, name]));
            const read: Record<string, number> = {};
            for (const name of Object.keys(ids)) read[name] = split[ids[name]] ?? 0;
            for (const [id, percent] of Object.entries(split)) {
                if (!byId.has(id) && percent > 0) read[unmanagedKey(id)] = percent;
            }
            return read;
        },
    }),
    /** The deployed-model ID of each deployment named in `percentages` (set by the resource class). */
    deployedModelIds: {
        role: "control",
        schema: z.record(z.string(), z.string().regex(/^[0-9]+$/, { error: "deployed model IDs are numbers" })),
        change: patch({ mask: "trafficSplit" }),
    } satisfies InputField,
    ...numberedControlFields,
    /** The endpoint's split as the API holds it: deployed-model ID → percent. */
    trafficSplit: outputOnly(z.record(z.string(), z.number())),
} satisfies FieldTable;

export type TrafficSplitInputs = InputsOf<typeof trafficSplitFields>;
export type TrafficSplitOutputs = OutputsOf<typeof trafficSplitFields>;

export const {
    fieldRules: trafficSplitFieldRules,
    outputNames: trafficSplitOutputNames,
    inputSchema: trafficSplitInputSchema,
} = deriveFromTable(trafficSplitFields);

/** The API's form of a declaration: deployed-model ID → percent (unlisted deployed models get 0). */
export function apiTrafficSplit(
    inputs: Pick<TrafficSplitInputs, "percentages" | "deployedModelIds">,
): Record<string, number> {
    return Object.fromEntries(
        Object.entries(inputs.percentages).map(([name, percent]) => [inputs.deployedModelIds[name], percent]),
    );
}

const trafficSplitRules: Rule<TrafficSplitInputs>[] = [
    {
        fields: ["percentages"],
        check: (t) => {
            const entries = Object.entries(t.percentages);
            const sum = entries.reduce((total, [, p]) => total + p, 0);
            if (entries.length === 0) {
                return fail("percentages", "a traffic split needs at least one deployment with 100 percent");
            }
            return sum === 100
                ? undefined
                : fail(
                      "percentages",
                      `the percentages sum to ${sum} (${entries.map(([n, p]) => `${n}: ${p}`).join(", ")}); they must sum to 100`,
                  );
        },
    },
    {
        fields: ["percentages", "deployedModelIds"],
        check: (t) => {
            const missing = Object.keys(t.percentages).find((name) => t.deployedModelIds[name] === undefined);
            return missing === undefined
                ? undefined
                : fail("percentages", `deployment ${show(missing)} is not one of the split's deployments`);
        },
    },
];

export function validateTrafficSplitInputs(inputs: TrafficSplitInputs): ValidationFailure[] {
    return validate(trafficSplitInputSchema, trafficSplitRules, inputs);
}
