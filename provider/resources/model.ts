// The Model resource: an AI Platform Prediction model (projects.models).

import * as pulumi from "@pulumi/pulumi";
import { wireNames } from "../spec/wireNames";
import type { DeclaredInputsOf, DeclaredOutputsOf } from "../spec/fieldTable";
import { modelOutputNames, type modelFields } from "../spec/modelFields";
import { type ArgsMatchTable, type DeepInput, type OutputsDeclared, seedOutputs, stepTimeouts } from "./inputs";
import { modelProvider } from "./serializedProvider";

export interface ModelArgs {
    /** Model name; autonamed `<logical name>_<7 random chars>` when omitted. Changing it replaces the model. */
    name?: pulumi.Input<string>;
    /** Project; defaults to `aiplatform:project`, `gcp:project` or GOOGLE_CLOUD_PROJECT. */
    project?: pulumi.Input<string>;
    /** `"global"` (default, ml.googleapis.com) or a region with a regional endpoint, e.g. `"us-central1"`. */
    endpoint?: pulumi.Input<string>;
    description?: pulumi.Input<string>;
    labels?: DeepInput<Record<string, string>>;
    /** Global endpoint only; at most one region. Defaults to us-central1 on the server. */
    regions?: DeepInput<string[]>;
    onlinePredictionLogging?: pulumi.Input<boolean>;
    /** Global endpoint only. */
    onlinePredictionConsoleLogging?: pulumi.Input<boolean>;
    /** Delete versions not managed by this stack when the model is deleted. */
    forceDelete?: pulumi.Input<boolean>;
    /** Manage an existing model of this name instead of failing (dynamic resources cannot be `pulumi import`ed). */
    adopt?: pulumi.Input<boolean>;
    /** Deadline for each long-running operation (default 1800, or `aiplatform:operationTimeoutSeconds`). */
    operationTimeoutSeconds?: pulumi.Input<number>;
}

export class Model extends pulumi.dynamic.Resource {
    /** Short model name. */
    declare readonly name: pulumi.Output<string>;
    declare readonly project: pulumi.Output<string>;
    declare readonly endpoint: pulumi.Output<string>;
    declare readonly description: pulumi.Output<string | undefined>;
    declare readonly labels: pulumi.Output<Record<string, string> | undefined>;
    declare readonly regions: pulumi.Output<string[] | undefined>;
    declare readonly onlinePredictionLogging: pulumi.Output<boolean | undefined>;
    declare readonly onlinePredictionConsoleLogging: pulumi.Output<boolean | undefined>;
    declare readonly forceDelete: pulumi.Output<boolean | undefined>;
    declare readonly adopt: pulumi.Output<boolean | undefined>;
    declare readonly operationTimeoutSeconds: pulumi.Output<number | undefined>;
    /** `projects/P/models/M` */
    declare readonly fullName: pulumi.Output<string>;
    declare readonly etag: pulumi.Output<string>;
    /**
     * Short name of the default version, as of the last create, update or refresh of this model; `""` (a defined
     * value, so it can be exported as a stack output) while the model has no default version.
     */
    declare readonly defaultVersion: pulumi.Output<string>;

    constructor(name: string, args: ModelArgs = {}, opts?: pulumi.CustomResourceOptions) {
        super(
            modelProvider,
            name,
            {
                ...seedOutputs(modelOutputNames),
                ...args,
                [wireNames.autonamePrefix]: name,
                [wireNames.customTimeouts]: stepTimeouts("Model", name, opts),
            },
            opts,
            "aiplatform",
            "Model",
        );
    }
}

// The documented Args and declared outputs above must agree with the Model table (spec/modelFields.ts).
true satisfies ArgsMatchTable<ModelArgs, DeclaredInputsOf<typeof modelFields>>;
true satisfies OutputsDeclared<Model, DeclaredOutputsOf<typeof modelFields>>;
