// Resource ID, display name, label and alias rules of Vertex AI v1 (reference §1, §2.2, §3.1, §3.2).
// One table row per rule; the checks below only read the table.

import { vertexInvalidField } from "./errors";

interface IdRule {
    /** The request field named in the error. */
    field: string;
    pattern: RegExp;
    /** What a valid value looks like, for the error message. */
    shape: string;
}

/**
 * Caller-chosen IDs. endpointId: PROTO-EPS CreateEndpointRequest.endpoint_id; modelId: PROTO-MS
 * UploadModelRequest.model_id; deployedModel.id: PROTO-EP DeployedModel.id; aliases: PROTO-M version_aliases.
 */
export const ID_RULES = {
    endpointId: {
        field: "endpoint_id",
        // Starts with a letter: <= 63 of [a-z0-9-], ends with a letter or digit; starts with a digit: <= 9 digits, no leading 0.
        pattern: /^(?:[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?|[1-9][0-9]{0,8})$/,
        shape:
            "either up to 63 lowercase letters, digits and hyphens, starting with a letter and ending with a letter " +
            "or digit, or up to 9 digits without a leading zero",
    },
    modelId: {
        field: "model_id",
        pattern: /^[a-z_][a-z0-9_-]{0,62}$/,
        shape: "up to 63 lowercase letters, digits, underscores and hyphens, not starting with a digit or a hyphen",
    },
    deployedModelId: {
        field: "deployed_model.id",
        pattern: /^[0-9]{1,10}$/,
        shape: "1 to 10 digits",
    },
    versionAlias: {
        field: "version_aliases",
        pattern: /^[a-z][a-zA-Z0-9-]{0,126}[a-z0-9]$/,
        shape: "2 to 128 letters, digits and hyphens, starting with a lowercase letter and ending with one or a digit",
    },
} as const satisfies Record<string, IdRule>;

export type IdKind = keyof typeof ID_RULES;

export function checkId(kind: IdKind, value: string): string {
    const rule: IdRule = ID_RULES[kind];
    if (!rule.pattern.test(value)) {
        throw vertexInvalidField(rule.field, `Invalid ${rule.field} "${value}": it must be ${rule.shape}.`);
    }
    return value;
}

/** Endpoint.display_name and Model.display_name: required, at most 128 UTF-8 characters (PROTO-EP, PROTO-M). */
export const MAX_DISPLAY_NAME = 128;

export function checkDisplayName(field: string, value: unknown): string {
    if (typeof value !== "string" || value === "") {
        throw vertexInvalidField(field, `${field} is required; give a name of 1 to ${MAX_DISPLAY_NAME} characters.`);
    }
    const length = [...value].length;
    if (length > MAX_DISPLAY_NAME) {
        throw vertexInvalidField(field, `${field} has ${length} characters; it can have at most ${MAX_DISPLAY_NAME}.`);
    }
    return value;
}

/**
 * Labels (PROTO-EP Endpoint.labels): keys and values up to 64 Unicode characters of lowercase letters,
 * digits, underscores and dashes, international characters allowed; keys start with a letter; at most 64.
 */
export const MAX_LABELS = 64;
const LABEL_KEY = /^[\p{Ll}\p{Lo}][\p{Ll}\p{Lo}\p{N}_-]{0,63}$/u;
const LABEL_VALUE = /^[\p{Ll}\p{Lo}\p{N}_-]{0,64}$/u;

export function checkLabels(field: string, labels: Readonly<Record<string, unknown>> | undefined): void {
    if (labels === undefined) return;
    const entries = Object.entries(labels);
    if (entries.length > MAX_LABELS) {
        throw vertexInvalidField(field, `At most ${MAX_LABELS} labels are allowed, but ${entries.length} were given.`);
    }
    for (const [key, value] of entries) {
        if (!LABEL_KEY.test(key)) {
            throw vertexInvalidField(
                field,
                `Invalid label key "${key}": keys are 1 to 64 lowercase letters, digits, underscores and dashes, ` +
                    "starting with a lowercase letter.",
            );
        }
        if (typeof value !== "string" || !LABEL_VALUE.test(value)) {
            throw vertexInvalidField(
                field,
                `Invalid value for label "${key}": values are up to 64 lowercase letters, digits, underscores and dashes.`,
            );
        }
    }
}

/** Version aliases: the pattern, not purely numeric, no duplicates in one request. */
export function checkAliases(field: string, aliases: readonly string[], allowRemoval: boolean): void {
    const seen = new Set<string>();
    for (const entry of aliases) {
        const alias = allowRemoval && entry.startsWith("-") ? entry.slice(1) : entry;
        if (!ID_RULES.versionAlias.pattern.test(alias)) {
            throw vertexInvalidField(
                field,
                `Invalid alias "${entry}": an alias must be ${ID_RULES.versionAlias.shape}.`,
            );
        }
        if (seen.has(entry)) throw vertexInvalidField(field, `Alias "${entry}" is listed twice.`);
        seen.add(entry);
    }
}
