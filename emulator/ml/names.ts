// Resource-name formatting and parsing (projects/P/models/M[/versions/V], projects/P/operations/X).

export function modelResourceName(project: string, model: string): string {
    return `projects/${project}/models/${model}`;
}

export function versionResourceName(project: string, model: string, version: string): string {
    return `${modelResourceName(project, model)}/versions/${version}`;
}

export function operationResourceName(project: string, id: string): string {
    return `projects/${project}/operations/${id}`;
}

/** Last path segment: the bare id of a model/version/operation. */
export function lastSegment(name: string): string {
    const i = name.lastIndexOf("/");
    return i < 0 ? name : name.slice(i + 1);
}

export interface ParsedName {
    project: string;
    model: string;
    version?: string;
}

/** Parse `projects/P/models/M` or `projects/P/models/M/versions/V`; undefined if neither. */
export function parseResourceName(name: string): ParsedName | undefined {
    const m = /^projects\/([^/]+)\/models\/([^/]+)(?:\/versions\/([^/]+))?$/.exec(name);
    if (!m) return undefined;
    const parsed: ParsedName = { project: m[1], model: m[2] };
    if (m[3] !== undefined) parsed.version = m[3];
    return parsed;
}
