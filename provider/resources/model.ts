// The Model resource: an AI Platform Prediction model (projects.models).

import type * as pulumi from "@pulumi/pulumi";
import type { DeclaredInputsOf, DeclaredOutputsOf } from "../fields/fieldTable";
import { modelOutputNames, type modelFields } from "../fields/ml/modelFields";
import type { ArgsMatchTable, OutputsDeclared } from "./inputs";
import { mlType, TableResource } from "./tableResource";
import modelProvider from "./modelProvider";

/**
 * The arguments of a {@link Model}: the fields of the API's Model resource plus a few that steer the provider.
 * What a change of each property does, `patch` (one `PATCH models/M?updateMask=...`) or `replace` (the model
 * is deleted and created again), is the Change column of docs/reference.md, generated from the field table.
 * See https://cloud.google.com/ai-platform/prediction/docs/reference/rest/v1/projects.models.
 */
export interface ModelArgs {
    /**
     * Model name: a letter, then letters, digits and `_` (at most 128). Autonamed `<logical name>_<7 random chars>`
     * when omitted.
     */
    name?: pulumi.Input<string>;
    /** Project id; defaults to `aiplatform:project`, `gcp:project` or GOOGLE_CLOUD_PROJECT. */
    project?: pulumi.Input<string>;
    /**
     * `"global"` (default, ml.googleapis.com) or a region with a regional endpoint (`REGION-ml.googleapis.com`),
     * e.g. `"us-central1"`, `"europe-west4"`.
     */
    endpoint?: pulumi.Input<string>;
    /** Free text shown in the console. */
    description?: pulumi.Input<string>;
    /**
     * Labels: keys start with a lowercase letter; keys and values use lowercase letters, digits, `_` and `-` (at
     * most 63 characters each).
     */
    labels?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
    /**
     * Global endpoint only; at most one region, e.g. `["us-central1"]` (the server's default).
     */
    regions?: pulumi.Input<pulumi.Input<string>[]>;
    /** Log prediction requests to Cloud Logging (StackDriver). Default false. */
    onlinePredictionLogging?: pulumi.Input<boolean>;
    /** Log the prediction nodes' stderr/stdout streams. Global endpoint only; default false. */
    onlinePredictionConsoleLogging?: pulumi.Input<boolean>;
    /** Delete versions not managed by this stack when the model is deleted (default false). */
    forceDelete?: pulumi.Input<boolean>;
    /**
     * Manage an existing model of this name instead of failing with ALREADY_EXISTS (dynamic resources cannot be
     * `pulumi import`ed). Default false.
     */
    adopt?: pulumi.Input<boolean>;
    /**
     * Deadline in seconds for each long-running operation (default `aiplatform:operationTimeoutSeconds`, else 1800).
     * `customTimeouts` on the resource options takes precedence per step.
     */
    operationTimeoutSeconds?: pulumi.Input<number>;
}

/**
 * An AI Platform Prediction model (`projects.models`): a container for versions, created on the global endpoint
 * or on a regional one. Deleting it deletes its versions first (unmanaged ones only with `forceDelete`).
 * API: https://cloud.google.com/ai-platform/prediction/docs/reference/rest/v1/projects.models
 *
 * @example
 * ```ts
 * const model = new Model("census", { description: "Census income classifier", regions: ["us-central1"] });
 * export const modelName = model.name;
 * ```
 */
export class Model extends TableResource {
    /**
     * Short model name (the declared one, or the autoname drawn at create). An autoname is read from the id, so a
     * preview shows it wherever the model keeps its identity (an update) and as computed where a create comes.
     */
    declare readonly name: pulumi.Output<string>;
    /** The project the model lives in. */
    declare readonly project: pulumi.Output<string>;
    /** `"global"` or the region of the model's regional endpoint. */
    declare readonly endpoint: pulumi.Output<string>;
    /** The model's description, as declared or read back on refresh. */
    declare readonly description: pulumi.Output<string | undefined>;
    /** The model's labels, as declared or read back on refresh. */
    declare readonly labels: pulumi.Output<Record<string, string> | undefined>;
    /** The declared regions (unset when left to the server). */
    declare readonly regions: pulumi.Output<string[] | undefined>;
    /** Whether request logging is on (unset when not declared). */
    declare readonly onlinePredictionLogging: pulumi.Output<boolean | undefined>;
    /** Whether console (stream) logging is on (unset when not declared). */
    declare readonly onlinePredictionConsoleLogging: pulumi.Output<boolean | undefined>;
    /** The declared `forceDelete`. */
    declare readonly forceDelete: pulumi.Output<boolean | undefined>;
    /** The declared `adopt`. */
    declare readonly adopt: pulumi.Output<boolean | undefined>;
    /** The declared `operationTimeoutSeconds`. */
    declare readonly operationTimeoutSeconds: pulumi.Output<number | undefined>;
    /** Full resource name, `projects/P/models/M` (the resource's id; known in an update's preview). */
    declare readonly fullName: pulumi.Output<string>;
    /** The API's etag as of the last create, update or refresh (sent with every PATCH). */
    declare readonly etag: pulumi.Output<string>;
    /**
     * Short name of the default version, as of the last create, update or refresh of this model; `""` (a defined
     * value, so it can be exported as a stack output) while the model has no default version.
     */
    declare readonly defaultVersion: pulumi.Output<string>;

    constructor(name: string, args: ModelArgs = {}, opts?: pulumi.CustomResourceOptions) {
        super(modelProvider, mlType("Model"), name, modelOutputNames, { ...args }, opts);
    }
}

// The documented Args and declared outputs above must agree with the Model table (fields/ml/modelFields.ts).
true satisfies ArgsMatchTable<ModelArgs, DeclaredInputsOf<typeof modelFields>>;
true satisfies OutputsDeclared<Model, DeclaredOutputsOf<typeof modelFields>>;
