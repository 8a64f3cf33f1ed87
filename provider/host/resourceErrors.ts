// Errors the Model and Version providers raise about a resource (fields/ml/resourceNames.ts names it in messages).

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

/**
 * Google's refusal of new AI Platform resources (`isDeprecationRefusal`), explained the same way for models and
 * versions: what was refused, why, and what still works. Google shut ml v1 down on 2025-01-31 and deleted every
 * model, so there is nothing left to adopt: the only places these resources still work are the emulator and (for
 * new deployments) Vertex AI.
 */
export function deprecationRefusalMessage(what: string, project: string, apiMessage: string): string {
    return (
        `${what}: Google refused to create it in project ${project}: "${apiMessage}". Google shut AI Platform ` +
        "Prediction (ml v1) down on 2025-01-31 and deleted its models, so nothing can be created or adopted there. " +
        "Run this program against the local emulator (`pulumi config set aiplatform:endpointOverride <emulator URL>`), " +
        "or deploy the model on Vertex AI."
    );
}
