// The Vertex AI ModelVersion resource: one version of a registry Model (`models/M@N`), created by `models:upload`.

import type * as pulumi from "@pulumi/pulumi";
import type { DeclaredInputsOf, DeclaredOutputsOf } from "../../fields/fieldTable";
import { type modelVersionFields, modelVersionOutputNames } from "../../fields/vertex/modelVersionFields";
import { wireNames } from "../../fields/wireNames";
import type { ArgsMatchTable, OutputsDeclared } from "../inputs";
import { TableResource } from "../tableResource";
import { declaredModelFields, Model } from "./model";
import modelVersionProvider from "./modelVersionProvider";
import type { ContainerArgs } from "./vertexInputs";
import type { Container } from "./vertexShapes";
import { MODEL_VERSION_TYPE } from "./vertexTypes";

/**
 * The arguments of a {@link ModelVersion}. What a change of each property does (one `PATCH models/M@N?updateMask=`,
 * the API's `:mergeVersionAliases`, or a new version) is the Change column of docs/reference.md, generated from the
 * field table. See https://cloud.google.com/vertex-ai/docs/reference/rest/v1/projects.locations.models/upload.
 */
export interface ModelVersionArgs {
    /**
     * The registry entry: a {@link Model} resource (its first version's upload creates it with the Model's display
     * name, description and labels), or an existing model's full name, `projects/P/locations/R/models/M`.
     */
    model: Model | pulumi.Input<string>;
    /** The Cloud Storage folder holding the model files, e.g. `"gs://my-bucket/census/v1/"` (a folder, not a file). */
    artifactUri: pulumi.Input<string>;
    /**
     * The serving container: a prebuilt one (`prebuiltContainers.sklearn("1.3")`, …) or your own image with its
     * command, args, env, ports and routes.
     */
    container: pulumi.Input<ContainerArgs>;
    /** Free text describing this version. */
    versionDescription?: pulumi.Input<string>;
    /**
     * Labels of this version: keys start with a lowercase letter; keys and values use lowercase letters, digits, `_`
     * and `-` (at most 63 characters each).
     */
    labels?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
    /**
     * Aliases of this version, unique within the model (e.g. `["blue"]`); list `"default"` to make it the model's
     * default version.
     */
    versionAliases?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * Deadline in seconds for each long-running operation (default `aiplatform:operationTimeoutSeconds`, else 1800).
     * `customTimeouts` on the resource options takes precedence per step.
     */
    operationTimeoutSeconds?: pulumi.Input<number>;
}

/**
 * A version of a Vertex AI registry model (`models/M@N`), uploaded with `models:upload`: the first version creates
 * the model, later ones name it as their `parentModel`. New artifacts or a new container are a new version (a
 * replacement, created before the old one is deleted). API:
 * https://cloud.google.com/vertex-ai/docs/reference/rest/v1/projects.locations.models/upload
 *
 * @example
 * ```ts
 * const model = new vertex.Model("census", { region: "us-central1" });
 * const blue = new vertex.ModelVersion("blue", {
 *     model,
 *     artifactUri: "gs://my-bucket/census/blue/",
 *     container: { imageUri: vertex.prebuiltContainers.sklearn("1.3") },
 *     versionAliases: ["blue"],
 * });
 * export const blueVersion = blue.versionId;
 * ```
 */
export class ModelVersion extends TableResource {
    /** The parent model's full name, `projects/P/locations/R/models/M`. */
    declare readonly model: pulumi.Output<string>;
    /** The Cloud Storage folder the version was uploaded from. */
    declare readonly artifactUri: pulumi.Output<string>;
    /** The serving container. */
    declare readonly container: pulumi.Output<Container>;
    /** The version's description, as declared or read back on refresh. */
    declare readonly versionDescription: pulumi.Output<string | undefined>;
    /** The version's labels, as declared or read back on refresh. */
    declare readonly labels: pulumi.Output<Record<string, string> | undefined>;
    /** The version's aliases (`default` only where declared). */
    declare readonly versionAliases: pulumi.Output<string[] | undefined>;
    /** The declared `operationTimeoutSeconds`. */
    declare readonly operationTimeoutSeconds: pulumi.Output<number | undefined>;
    /** Full resource name, `projects/P/locations/R/models/M@N` (the resource's id; known in an update's preview). */
    declare readonly fullName: pulumi.Output<string>;
    /** The version number the server assigned (`"1"`, `"2"`, …; read from the id). */
    declare readonly versionId: pulumi.Output<string>;

    constructor(name: string, args: ModelVersionArgs, opts?: pulumi.CustomResourceOptions) {
        const { model, ...rest } = args;
        // From a Model resource take its full name (which also orders creation and deletion) and the fields its
        // first upload creates it with, as the Model declares them (declaredModelFields says why not its outputs);
        // a model given by name exists already.
        const declared = model instanceof Model ? declaredModelFields.get(model) : undefined;
        const parent =
            model instanceof Model
                ? {
                      model: model.fullName,
                      // Internal inputs travel under their wire names, hidden from preview --diff (fields/wireNames.ts).
                      [wireNames.modelDisplayName]: declared?.displayName,
                      [wireNames.modelDescription]: declared?.description,
                      [wireNames.modelLabels]: declared?.labels,
                  }
                : { model };
        super(modelVersionProvider, MODEL_VERSION_TYPE, name, modelVersionOutputNames, { ...rest, ...parent }, opts);
    }
}

// The documented Args and declared outputs above must agree with the ModelVersion table
// (fields/vertex/modelVersionFields.ts); `model` also accepts a Model resource.
true satisfies ArgsMatchTable<ModelVersionArgs, DeclaredInputsOf<typeof modelVersionFields>, "model">;
true satisfies OutputsDeclared<ModelVersion, DeclaredOutputsOf<typeof modelVersionFields>>;
