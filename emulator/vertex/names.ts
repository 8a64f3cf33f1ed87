// Vertex resource names (reference §1): projects/{project}/locations/{location}/{endpoints|models}/{id}, operations
// nested under their resource, model versions as `{model}@{versionId}`. Names are stored and returned with the
// project number (what Google returns); requests may use the project ID or the number.

import { randomInt } from "node:crypto";

/** The project as stored: a number stays, an ID becomes its number. */
export function projectKey(project: string, projectNumber: (project: string) => string): string {
    return /^[0-9]+$/.test(project) ? project : projectNumber(project);
}

export function locationName(project: string, location: string): string {
    return `projects/${project}/locations/${location}`;
}

export function endpointName(project: string, location: string, id: string): string {
    return `${locationName(project, location)}/endpoints/${id}`;
}

export function modelName(project: string, location: string, id: string): string {
    return `${locationName(project, location)}/models/${id}`;
}

/** The model of a version name: `…/models/M@V` -> `…/models/M`. */
export function modelOfVersion(version: string): string {
    return version.replace(/@[^/@]*$/, "");
}

/** Parsed `projects/P/locations/L/(endpoints|models)/ID`. */
export interface ResourceRef {
    project: string;
    location: string;
    collection: "endpoints" | "models";
    id: string;
}

export function parseResourceName(name: string): ResourceRef | undefined {
    const m = /^projects\/([^/]+)\/locations\/([^/]+)\/(endpoints|models)\/([^/@:]+)$/.exec(name);
    if (!m) return undefined;
    return {
        project: m[1],
        location: m[2],
        collection: m[3] as ResourceRef["collection"],
        id: m[4],
    };
}

/** A server-generated ID: 19 decimal digits, as Google's endpoint, model, deployed-model and operation IDs. */
export function newNumericId(): string {
    let id = String(randomInt(1, 10));
    for (let i = 0; i < 18; i++) id += String(randomInt(0, 10));
    return id;
}
