// Field schemas the Vertex AI tables share: region, IDs, display names, resource-name references and the
// control fields (fieldSchemas.ts holds those ml v1 shares with them: project, labels, adopt, timeouts).

import { z } from "zod";
import { controlFields, labelsSchemaOf, show } from "../fieldSchemas";
import {
    ENDPOINT_ID_PATTERN,
    MAX_DISPLAY_NAME,
    MODEL_ID_PATTERN,
    parseVertexName,
    VERSION_ALIAS_PATTERN,
    VERTEX_LABEL_KEY_PATTERN,
    VERTEX_LABEL_VALUE_PATTERN,
    VERTEX_REGIONS,
} from "./vertexNames";

export const regionSchema = z.string().refine((r) => VERTEX_REGIONS.includes(r), {
    error: (issue) =>
        `region ${show(issue.input)} does not serve Vertex AI online prediction; use one of ${VERTEX_REGIONS.join(", ")}`,
});

export const endpointIdSchema = z.string().regex(ENDPOINT_ID_PATTERN, {
    error: (issue) =>
        `endpoint ID ${show(issue.input)} must be a lowercase letter followed by up to 62 lowercase letters, digits or "-" (not ending in "-"), or a number of up to 9 digits without a leading 0; e.g. "census-classifier"`,
});

export const modelIdSchema = z.string().regex(MODEL_ID_PATTERN, {
    error: (issue) =>
        `model ID ${show(issue.input)} must be up to 63 lowercase letters, digits, "_" or "-", not starting with a digit or "-"; e.g. "census"`,
});

export const labelsSchema = labelsSchemaOf(VERTEX_LABEL_KEY_PATTERN, VERTEX_LABEL_VALUE_PATTERN, 64);

export const displayNameSchema = z
    .string()
    .min(1, { error: "displayName must not be empty" })
    .max(MAX_DISPLAY_NAME, {
        error: (issue) => `displayName ${show(issue.input)} is longer than ${MAX_DISPLAY_NAME} characters`,
    });

export const versionAliasSchema = z.string().regex(VERSION_ALIAS_PATTERN, {
    error: (issue) =>
        `version alias ${show(issue.input)} must start with a lowercase letter, use letters, digits and "-", end in a lowercase letter or digit, and not be a number; e.g. "blue"`,
});

/** A full resource name of the given collection (`projects/P/locations/L/endpoints/E`), as another resource's id. */
export const vertexNameSchema = (collection: "endpoints" | "models", versioned: boolean, example: string) =>
    z.string().refine(
        (name) => {
            const parsed = parseVertexName(name);
            return parsed?.collection === collection && (parsed.version !== undefined) === versioned;
        },
        {
            error: (issue) =>
                `${show(issue.input)} is not a ${versioned ? "model version" : collection.slice(0, -1)} resource name; pass the resource itself or a name such as ${show(example)}`,
        },
    );

/** The control fields of Vertex resources named by the user (endpoints, models): adoption, autonaming, deadlines. */
export const namedControlFields = controlFields;

/** The control fields of Vertex resources the server numbers (versions, deployments, splits): deadlines only. */
export const { adopt, operationTimeoutSeconds, customTimeouts } = controlFields;
export const numberedControlFields = { operationTimeoutSeconds, customTimeouts };
