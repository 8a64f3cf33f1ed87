// Errors the Model and Version providers raise about a resource, and how they name it in messages.

/**
 * Thrown when the resource exists but a later step of create failed. The dynamic provider host turns an error
 * carrying `id` and `properties` into ErrorResourceInitFailed, so the engine records the resource (no orphan)
 * and the next `pulumi up` updates it instead of creating another.
 */
export class ResourceInitError extends Error {
    constructor(
        message: string,
        readonly id: string,
        readonly properties: object,
        readonly reasons: string[] = [message],
    ) {
        super(message);
        this.name = "ResourceInitError";
    }
}

/** Describes a resource for messages: `Version "v1" of model "m"`. */
export function label(kind: string, name: string | undefined): string {
    return `${kind} ${JSON.stringify(name ?? "(unnamed)")}`;
}

/**
 * Google's refusal of new AI Platform resources on a project (`isDeprecationRefusal`), explained the same way for
 * models and versions: what was refused, why, and what still works.
 */
export function deprecationRefusalMessage(what: string, project: string, apiMessage: string): string {
    return (
        `${what}: Google refused to create it in project ${project}: "${apiMessage}". AI Platform Prediction is ` +
        "deprecated and new models and versions are blocked on this project; existing ones can still be managed by " +
        "declaring them with `adopt: true`. New deployments belong on Vertex AI."
    );
}
