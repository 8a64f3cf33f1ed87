// The Vertex AI Model resource (projects.locations.models): a Model Registry entry, the parent of ModelVersions.

import type * as pulumi from "@pulumi/pulumi";
import type { DeclaredInputsOf, DeclaredOutputsOf } from "../../fields/fieldTable";
import { type registryModelFields, registryModelOutputNames } from "../../fields/vertex/registryModelFields";
import type { ArgsMatchTable, OutputsDeclared } from "../inputs";
import { TableResource } from "../tableResource";
import registryModelProvider from "./registryModelProvider";
import { MODEL_TYPE } from "./vertexTypes";

/**
 * The arguments of a Vertex AI {@link Model}. What a change of each property does (one `PATCH models/M?updateMask=`,
 * or a replacement) is the Change column of docs/reference.md, generated from the field table.
 * See https://cloud.google.com/vertex-ai/docs/reference/rest/v1/projects.locations.models.
 */
export interface ModelArgs {
    /** Region of the registry entry, e.g. `"us-central1"`; it is served only from endpoints of the same region. */
    region: pulumi.Input<string>;
    /**
     * Model ID: up to 63 lowercase letters, digits, `_` or `-`, not starting with a digit or `-`. Autonamed
     * `<logical name>-<7 random chars>` when omitted.
     */
    name?: pulumi.Input<string>;
    /** Project id; defaults to `aiplatform:project`, `gcp:project` or GOOGLE_CLOUD_PROJECT. */
    project?: pulumi.Input<string>;
    /** The name shown in the Model Registry (at most 128 characters); defaults to the logical name. */
    displayName?: pulumi.Input<string>;
    /** Free text shown in the Model Registry. */
    description?: pulumi.Input<string>;
    /**
     * Labels: keys start with a lowercase letter; keys and values use lowercase letters, digits, `_` and `-` (at
     * most 63 characters each).
     */
    labels?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
    /** Delete the versions no declaration of this stack manages together with the model (default false). */
    forceDelete?: pulumi.Input<boolean>;
    /** Manage an existing model of this ID instead of failing with ALREADY_EXISTS. Default false. */
    adopt?: pulumi.Input<boolean>;
    /**
     * Deadline in seconds for each long-running operation (default `aiplatform:operationTimeoutSeconds`, else 1800).
     * `customTimeouts` on the resource options takes precedence per step.
     */
    operationTimeoutSeconds?: pulumi.Input<number>;
}

/**
 * What each Model declares for the registry entry its first version's upload creates (ModelVersion sends it). Taken
 * from the arguments rather than the outputs: an output left unset (no description) reads as unknown in a preview,
 * which would show every version of the model as changing.
 */
export const declaredModelFields = new WeakMap<
    Model,
    Pick<ModelArgs, "description" | "labels"> & { displayName: pulumi.Input<string> }
>();

/**
 * A Vertex AI Model Registry entry (`projects.locations.models`): the parent of {@link ModelVersion}s. Vertex has no
 * call that creates an empty model: it exists once its first version is uploaded, which creates it with this
 * resource's display name, description and labels. API:
 * https://cloud.google.com/vertex-ai/docs/reference/rest/v1/projects.locations.models
 *
 * @example
 * ```ts
 * const model = new vertex.Model("census", { region: "us-central1", description: "Census income classifier" });
 * export const modelName = model.fullName;
 * ```
 */
export class Model extends TableResource {
    /** The region of the registry entry. */
    declare readonly region: pulumi.Output<string>;
    /** Model ID (the declared one, or the autoname drawn at create; read from the id, like the endpoint's). */
    declare readonly name: pulumi.Output<string>;
    /** The project the model lives in. */
    declare readonly project: pulumi.Output<string>;
    /** The display name (the logical name unless declared). */
    declare readonly displayName: pulumi.Output<string>;
    /** The description, as declared or read back on refresh. */
    declare readonly description: pulumi.Output<string | undefined>;
    /** The labels, as declared or read back on refresh. */
    declare readonly labels: pulumi.Output<Record<string, string> | undefined>;
    /** The declared `forceDelete`. */
    declare readonly forceDelete: pulumi.Output<boolean | undefined>;
    /** The declared `adopt`. */
    declare readonly adopt: pulumi.Output<boolean | undefined>;
    /** The declared `operationTimeoutSeconds`. */
    declare readonly operationTimeoutSeconds: pulumi.Output<number | undefined>;
    /** Full resource name, `projects/P/locations/R/models/M` (the resource's id; known in an update's preview). */
    declare readonly fullName: pulumi.Output<string>;

    constructor(name: string, args: ModelArgs, opts?: pulumi.CustomResourceOptions) {
        const displayName = args.displayName ?? name;
        super(registryModelProvider, MODEL_TYPE, name, registryModelOutputNames, { ...args, displayName }, opts);
        declaredModelFields.set(this, { displayName, description: args.description, labels: args.labels });
    }
}

// The documented Args and declared outputs above must agree with the Model table (fields/vertex/registryModelFields.ts).
true satisfies ArgsMatchTable<ModelArgs, DeclaredInputsOf<typeof registryModelFields>>;
true satisfies OutputsDeclared<Model, DeclaredOutputsOf<typeof registryModelFields>>;
