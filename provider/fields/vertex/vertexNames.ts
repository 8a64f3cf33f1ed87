// Vertex AI names: the regions that serve online prediction, the ID rules of endpoints, models, deployed models
// and version aliases, the resource names built from them, and autonaming. Pure; the provider's own reading of
// Google's rules (reference §1, §2.2, §3.1, §3.2), kept apart from the emulator's on purpose (the differential test
// compares the two).

import { randomInt } from "node:crypto";

/** Regions serving online prediction (gcloud's SUPPORTED_OP_REGIONS and the discovery document's locations). */
export const VERTEX_REGIONS: readonly string[] = [
    "africa-south1",
    ...["east1", "east2", "northeast1", "northeast2", "northeast3", "south1", "south2", "southeast1", "southeast2"].map(
        (r) => `asia-${r}`,
    ),
    "australia-southeast1",
    "australia-southeast2",
    ...[
        "central2",
        "north1",
        "southwest1",
        "west1",
        "west2",
        "west3",
        "west4",
        "west6",
        "west8",
        "west9",
        "west12",
    ].map((r) => `europe-${r}`),
    "me-central1",
    "me-central2",
    "me-west1",
    "northamerica-northeast1",
    "northamerica-northeast2",
    "southamerica-east1",
    "southamerica-west1",
    ...["central1", "central2", "east1", "east4", "east5", "east7", "south1", "west1", "west2", "west3", "west4"].map(
        (r) => `us-${r}`,
    ),
];

/** Endpoint IDs: a letter, then up to 62 of `[a-z0-9-]` ending in a letter or digit; or up to 9 digits, no leading 0. */
export const ENDPOINT_ID_PATTERN = /^(?:[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?|[1-9][0-9]{0,8})$/;
/** Model IDs: up to 63 of `[a-z0-9_-]`, the first neither a digit nor `-`. */
export const MODEL_ID_PATTERN = /^[a-z_][a-z0-9_-]{0,62}$/;
/** Version aliases: `[a-z][a-zA-Z0-9-]{0,126}[a-z0-9]` (PROTO-M), unique per model, never numeric. */
export const VERSION_ALIAS_PATTERN = /^[a-z][a-zA-Z0-9-]{0,126}[a-z0-9]$/;
/**
 * Label keys and values: as ml v1's (lowercase and caseless letters, digits, `_`, `-`; keys start with a letter) but
 * up to 64 characters (PROTO-EP Endpoint.labels, reference §2.1), where ml v1 allowed 63.
 */
export const VERTEX_LABEL_KEY_PATTERN = /^[\p{Ll}\p{Lo}][\p{Ll}\p{Lo}\p{N}_-]{0,63}$/u;
export const VERTEX_LABEL_VALUE_PATTERN = /^[\p{Ll}\p{Lo}\p{N}_-]{0,64}$/u;
/** Display names: required by the API, at most 128 characters. */
export const MAX_DISPLAY_NAME = 128;

const AUTONAME_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/**
 * `<logical name>-<7 random chars>` as an ID of the given kind: lowercase, `_` → `-` for endpoints (their IDs have
 * no `_`), `-` kept for models; prefixed with a letter when the logical name starts otherwise.
 */
export function vertexAutoname(
    logicalName: string,
    kind: "endpoint" | "model",
    random: (max: number) => number = randomInt,
): string {
    let suffix = "";
    for (let i = 0; i < 7; i++) suffix += AUTONAME_ALPHABET[random(AUTONAME_ALPHABET.length)];
    let prefix = logicalName.toLowerCase().replace(kind === "endpoint" ? /[^a-z0-9-]/g : /[^a-z0-9_-]/g, "-");
    if (!/^[a-z]/.test(prefix)) prefix = `r${prefix}`;
    prefix = prefix.slice(0, 63 - 8).replace(/-+$/, "");
    return `${prefix}-${suffix}`;
}

export const locationPath = (project: string, region: string) => `projects/${project}/locations/${region}`;
export const endpointPath = (project: string, region: string, endpointId: string) =>
    `${locationPath(project, region)}/endpoints/${endpointId}`;
export const modelPath = (project: string, region: string, modelId: string) =>
    `${locationPath(project, region)}/models/${modelId}`;

/** The parts of `projects/P/locations/L/<collection>/ID[@VERSION]`, or undefined for anything else. */
export interface VertexName {
    readonly project: string;
    readonly region: string;
    readonly collection: "endpoints" | "models";
    readonly id: string;
    /** The version after `@` of a model name. */
    readonly version?: string;
}

const NAME = /^projects\/([^/]+)\/locations\/([^/]+)\/(endpoints|models)\/([^/@]+)(?:@([^/]+))?$/;

export function parseVertexName(name: string): VertexName | undefined {
    const m = NAME.exec(name);
    if (!m) return undefined;
    const [, project, region, collection, id, version] = m;
    return { project, region, collection: collection as VertexName["collection"], id, ...(version && { version }) };
}

/** A deployment's id: `<endpoint full name>/deployedModels/<deployed model ID>` (as Terraform's draft names it). */
export const deploymentId = (endpoint: string, deployedModelId: string) =>
    `${endpoint}/deployedModels/${deployedModelId}`;

export function parseDeploymentId(id: string): { endpoint: string; deployedModelId: string } | undefined {
    const m = /^(projects\/[^/]+\/locations\/[^/]+\/endpoints\/[^/]+)\/deployedModels\/([0-9]+)$/.exec(id);
    return m ? { endpoint: m[1], deployedModelId: m[2] } : undefined;
}

/**
 * Two names of the same resource: the API answers with the project *number* where requests used the project ID,
 * so names are compared with the project segment left out (Terraform's ProjectNumberDiffSuppress).
 */
export function sameResource(a: string | undefined, b: string | undefined): boolean {
    const strip = (n: string | undefined) => n?.replace(/^projects\/[^/]+\//, "");
    return strip(a) === strip(b);
}
