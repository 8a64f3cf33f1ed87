// Resource names of the ml v1 API, in one place: what names a model, a version and an operation, parsing and
// formatting them, their request URL paths, and how messages name a resource.

import { label, shortName } from "../names";

export { label, shortName };

/** A model: its project, the endpoint it lives on (unset = global) and its short name. */
export interface ModelRef {
    project: string;
    endpoint?: string;
    model: string;
}

/** A version of a model. */
export interface VersionRef extends ModelRef {
    version: string;
}

const MODEL_NAME = /^projects\/([^/]+)\/models\/([^/]+)$/;
const VERSION_NAME = /^projects\/([^/]+)\/models\/([^/]+)\/versions\/([^/]+)$/;
const OPERATION_NAME = /^projects\/([^/]+)\/operations\/([^/]+)$/;

/** Resource names (ids and messages; never put into a URL as they are: see the url* functions). */
export const modelPath = (r: ModelRef) => `projects/${r.project}/models/${r.model}`;
export const versionPath = (r: VersionRef) => `${modelPath(r)}/versions/${r.version}`;

/** The last path segment of a full resource name. */

/** Splits `projects/P/models/M` (or a bare `M`) into its parts. */
export function parseModelName(name: string): { project?: string; model: string } {
    const match = MODEL_NAME.exec(name);
    return match ? { project: match[1], model: match[2] } : { model: name };
}

/** A Model resource's id (`projects/P/models/M`) as a reference; the endpoint is not part of the id. */
export function modelRefOfId(id: string, endpoint?: string): ModelRef {
    const match = MODEL_NAME.exec(id);
    if (!match) {
        throw new Error(`Model id ${JSON.stringify(id)} is not "projects/PROJECT/models/MODEL"`);
    }
    return { project: match[1], model: match[2], endpoint };
}

/** A Version resource's id (`projects/P/models/M/versions/V`) as a reference. */
export function versionRefOfId(id: string, endpoint?: string): VersionRef {
    const match = VERSION_NAME.exec(id);
    if (!match) {
        throw new Error(`Version id ${JSON.stringify(id)} is not "projects/PROJECT/models/MODEL/versions/VERSION"`);
    }
    return { project: match[1], model: match[2], version: match[3], endpoint };
}

/**
 * One URL path segment. `check` refuses every unsafe name long before this point; this is the second
 * lock, so that even a validation bug cannot make a request escape its path: `.`/`..` (which URL
 * parsers resolve, also when written `%2e%2e`) and empty segments are refused, everything else is
 * percent-encoded (`/`, `?`, `#`, `%`, spaces, control characters). `:` stays as is: it is a valid path
 * character and part of domain-scoped project ids (`example.com:proj`).
 */
export function urlSegment(what: string, value: string): string {
    if (value === "" || value === "." || value === "..") {
        throw new Error(`refusing to build a request URL with ${what} ${JSON.stringify(value)}`);
    }
    return encodeURIComponent(value).replace(/%3A/gi, ":");
}

export const modelUrlPath = (r: ModelRef) =>
    `v1/projects/${urlSegment("project", r.project)}/models/${urlSegment("model", r.model)}`;
export const versionUrlPath = (r: VersionRef) => `${modelUrlPath(r)}/versions/${urlSegment("version", r.version)}`;

/** `projects/P/operations/X`, as named by the server, as a URL path. */
export function operationUrlPath(name: string): string {
    const match = OPERATION_NAME.exec(name);
    if (!match) {
        throw new Error(`refusing to poll an operation with an unexpected name ${JSON.stringify(name)}`);
    }
    return `v1/projects/${urlSegment("project", match[1])}/operations/${urlSegment("operation", match[2])}`;
}

/** Names a model or a version in a message: `Model "m"`, `Version "v1" of model "m"`. */
export function describeRef(ref: ModelRef | VersionRef): string {
    return "version" in ref
        ? `${label("Version", ref.version)} of model ${JSON.stringify(ref.model)}`
        : label("Model", ref.model);
}

/** The project a request path or resource name addresses (`v1/projects/P/...`, `projects/P/operations/O`), if any. */
export function projectOfPath(path: string): string | undefined {
    const segment = /(?:^|\/)projects\/([^/]+)/.exec(path)?.[1];
    try {
        return segment === undefined ? undefined : decodeURIComponent(segment);
    } catch {
        return segment;
    }
}
