// The Version resource: a deployed model version (projects.models.versions).

import type * as pulumi from "@pulumi/pulumi";
import type { DeclaredInputsOf, DeclaredOutputsOf } from "../fields/fieldTable";
import { type versionFields, versionOutputNames } from "../fields/ml/versionFields";
import type { ArgsMatchTable, OutputsDeclared } from "./inputs";
import { mlType, TableResource } from "./tableResource";
import { Model } from "./model";
import type {
    AcceleratorConfigArgs,
    AutoScalingArgs,
    ContainerSpecArgs,
    ExplanationConfigArgs,
    ManualScalingArgs,
    RequestLoggingConfigArgs,
    RouteMapArgs,
} from "./nestedInputs";
import versionProvider from "./versionProvider";
import type {
    AcceleratorConfig,
    AutoScaling,
    ContainerSpec,
    ExplanationConfig,
    Framework,
    ManualScaling,
    RequestLoggingConfig,
    RouteMap,
    VersionState,
} from "../fields/ml/types";

/**
 * The arguments of a {@link Version}: the fields of the API's Version resource plus a few that steer the provider.
 * What a change of each property does, `patch` (all changed patchable paths in one
 * `PATCH versions/V?updateMask=...`) or `replace` (a new version; an autonamed one is created before the old one
 * is deleted), is the Change column of docs/reference.md, generated from the field table. Rules across fields
 * (e.g. `container` excludes `runtimeVersion`) are checked at preview.
 * See https://cloud.google.com/ai-platform/prediction/docs/reference/rest/v1/projects.models.versions.
 */
export interface VersionArgs {
    /** The parent: a `Model` resource, or a model name (`m` or `projects/P/models/M`). */
    model: Model | pulumi.Input<string>;
    /**
     * Version name: a letter, then letters, digits and `_` (at most 128). Autonamed
     * `<logical name>_<7 random chars>` when omitted.
     */
    name?: pulumi.Input<string>;
    /** Defaults to the Model resource's project, else the provider's project. */
    project?: pulumi.Input<string>;
    /** `"global"` or a regional endpoint's region; defaults to the Model resource's endpoint, else "global". */
    endpoint?: pulumi.Input<string>;
    /** Free text. */
    description?: pulumi.Input<string>;
    /**
     * The Cloud Storage directory holding the model file, e.g. `"gs://my-bucket/models/v1/"` (a directory, not
     * the file). Required unless `container` is set. The API copies it at create.
     */
    deploymentUri?: pulumi.Input<string>;
    /**
     * AI Platform runtime version: `"1.0"` to `"1.15"` or `"2.1"` to `"2.11"`. Required unless `container` is set.
     */
    runtimeVersion?: pulumi.Input<string>;
    /**
     * `"3.7"` (runtime 1.15 or later), `"3.5"` (runtime 1.4 to 1.14) or `"2.7"` (runtime 1.15 or earlier).
     * Required unless `container` is set.
     */
    pythonVersion?: pulumi.Input<string>;
    /**
     * `TENSORFLOW` (the server's default), `SCIKIT_LEARN` or `XGBOOST` (both need runtime 1.4 or later); not with
     * `predictionClass` or `container`.
     */
    framework?: pulumi.Input<Framework>;
    /**
     * Machine type of the prediction nodes: `mls1-c1-m2`, `mls1-c4-m2` (legacy, global endpoint) or
     * `n1-{standard,highmem,highcpu}-{2,4,8,16,32}` (regional endpoints). Default `mls1-c1-m2` on the global
     * endpoint, `n1-standard-2` on regional ones.
     */
    machineType?: pulumi.Input<string>;
    /**
     * Labels: keys start with a lowercase letter; keys and values use lowercase letters, digits, `_` and `-` (at
     * most 63 characters each, at most 64 labels).
     */
    labels?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
    /**
     * Autoscaling (the server's default when neither scaling is set).
     */
    autoScaling?: pulumi.Input<AutoScalingArgs>;
    /**
     * A fixed number of nodes; excludes `autoScaling`.
     */
    manualScaling?: pulumi.Input<ManualScalingArgs>;
    /** GPUs per node; needs an N1 machine type and `manualScaling`. */
    acceleratorConfig?: pulumi.Input<AcceleratorConfigArgs>;
    /**
     * Cloud Storage files of custom code (`.tar.gz` source distributions), e.g.
     * `["gs://my-bucket/pkg/predictor-0.1.tar.gz"]`; runtime 1.4 or later.
     */
    packageUris?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * A custom prediction routine, `"module_name.ClassName"` from `packageUris`; needs an MLS1 machine type and
     * runtime 1.4 or later.
     */
    predictionClass?: pulumi.Input<string>;
    /** Service account email the nodes run as; needs `container` or `predictionClass`. */
    serviceAccount?: pulumi.Input<string>;
    /** AI Explanations: exactly one attribution method; needs an N1 machine type. */
    explanationConfig?: pulumi.Input<ExplanationConfigArgs>;
    /**
     * A custom container (instead of `runtimeVersion`, `pythonVersion`, `framework`, `packageUris`,
     * `predictionClass`); needs an N1 `machineType` on a regional endpoint.
     */
    container?: pulumi.Input<ContainerSpecArgs>;
    /** HTTP paths the custom container serves; needs `container`. */
    routes?: pulumi.Input<RouteMapArgs>;
    /**
     * Log a sample of prediction requests and responses to BigQuery. Applied right after create (the API ignores
     * it in create).
     */
    requestLoggingConfig?: pulumi.Input<RequestLoggingConfigArgs>;
    /**
     * Make this the model's default version (`setDefault`, right after create and when it turns true). `false`
     * never un-sets a default: the API can only move it to another version.
     */
    isDefault?: pulumi.Input<boolean>;
    /** Manage an existing version of this name instead of failing with ALREADY_EXISTS. */
    adopt?: pulumi.Input<boolean>;
    /**
     * Deadline in seconds for each long-running operation (default `aiplatform:operationTimeoutSeconds`, else 1800).
     * `customTimeouts` on the resource options takes precedence per step.
     */
    operationTimeoutSeconds?: pulumi.Input<number>;
}

/**
 * A model version (`projects.models.versions`): a trained model (or a custom container) served for online
 * prediction. Create and delete wait for the API's long-running operations.
 * API: https://cloud.google.com/ai-platform/prediction/docs/reference/rest/v1/projects.models.versions
 *
 * @example
 * ```ts
 * const model = new Model("census", { regions: ["us-central1"] });
 * const v1 = new Version("v1", {
 *     model,
 *     deploymentUri: "gs://my-bucket/census/v1/",
 *     runtimeVersion: "2.11",
 *     pythonVersion: "3.7",
 *     framework: "SCIKIT_LEARN",
 *     autoScaling: { minNodes: 1 },
 *     isDefault: true,
 * });
 * ```
 */
export class Version extends TableResource {
    /** Short name of the parent model. */
    declare readonly model: pulumi.Output<string>;
    /** Short version name (the declared one, or the autoname drawn at create; read from the id, like the model's). */
    declare readonly name: pulumi.Output<string>;
    /** The project the version lives in. */
    declare readonly project: pulumi.Output<string>;
    /** `"global"` or the region of the version's regional endpoint. */
    declare readonly endpoint: pulumi.Output<string>;
    /** The description, as declared or read back on refresh. */
    declare readonly description: pulumi.Output<string | undefined>;
    /** The Cloud Storage directory the model was deployed from. */
    declare readonly deploymentUri: pulumi.Output<string | undefined>;
    /** The runtime version. */
    declare readonly runtimeVersion: pulumi.Output<string | undefined>;
    /** The Python version. */
    declare readonly pythonVersion: pulumi.Output<string | undefined>;
    /** The framework (unset when left to the server). */
    declare readonly framework: pulumi.Output<Framework | undefined>;
    /** The machine type (unset when left to the server). */
    declare readonly machineType: pulumi.Output<string | undefined>;
    /** The labels, as declared or read back on refresh. */
    declare readonly labels: pulumi.Output<Record<string, string> | undefined>;
    /** Autoscaling as declared (a `minNodes` left unset stays unset on refresh). */
    declare readonly autoScaling: pulumi.Output<AutoScaling | undefined>;
    /** Manual scaling, as declared or read back on refresh. */
    declare readonly manualScaling: pulumi.Output<ManualScaling | undefined>;
    /** The GPUs per node. */
    declare readonly acceleratorConfig: pulumi.Output<AcceleratorConfig | undefined>;
    /** The custom-code packages. */
    declare readonly packageUris: pulumi.Output<string[] | undefined>;
    /** The custom prediction routine's class. */
    declare readonly predictionClass: pulumi.Output<string | undefined>;
    /** The service account the nodes run as. */
    declare readonly serviceAccount: pulumi.Output<string | undefined>;
    /** The explanation method. */
    declare readonly explanationConfig: pulumi.Output<ExplanationConfig | undefined>;
    /** The custom container. */
    declare readonly container: pulumi.Output<ContainerSpec | undefined>;
    /** The custom container's HTTP paths. */
    declare readonly routes: pulumi.Output<RouteMap | undefined>;
    /** Request logging to BigQuery, as declared or read back on refresh. */
    declare readonly requestLoggingConfig: pulumi.Output<RequestLoggingConfig | undefined>;
    /**
     * Only on a version that declares `isDefault: true`: whether it is the model's default, as of its last create,
     * update or refresh. Absent elsewhere, so at most one version claims to be the default (the model's
     * `defaultVersion` names it for every version after a refresh).
     */
    declare readonly isDefault: pulumi.Output<boolean | undefined>;
    /** The declared `adopt`. */
    declare readonly adopt: pulumi.Output<boolean | undefined>;
    /** The declared `operationTimeoutSeconds`. */
    declare readonly operationTimeoutSeconds: pulumi.Output<number | undefined>;
    /** Full resource name, `projects/P/models/M/versions/V` (the resource's id; known in an update's preview). */
    declare readonly fullName: pulumi.Output<string>;
    /** The version's state as of the last create, update or refresh: `READY` once serving, `FAILED` on error. */
    declare readonly state: pulumi.Output<VersionState>;
    /** When the version was created (RFC 3339 timestamp). */
    declare readonly createTime: pulumi.Output<string>;
    /** When the version last served a prediction (RFC 3339); unset before its first. */
    declare readonly lastUseTime: pulumi.Output<string | undefined>;
    /** The API's etag as of the last create, update or refresh (sent with every PATCH). */
    declare readonly etag: pulumi.Output<string>;
    /** Why the version failed, when `state` is `FAILED`. */
    declare readonly errorMessage: pulumi.Output<string | undefined>;

    constructor(name: string, args: VersionArgs, opts?: pulumi.CustomResourceOptions) {
        const { model, ...rest } = args;
        // From a Model resource take its name, project and endpoint: the output dependency also orders
        // creation (model first) and deletion (versions first).
        const parent =
            model instanceof Model
                ? {
                      model: model.name,
                      project: args.project ?? model.project,
                      endpoint: args.endpoint ?? model.endpoint,
                  }
                : { model };
        super(versionProvider, mlType("Version"), name, versionOutputNames, { ...rest, ...parent }, opts);
    }
}

// The documented Args and declared outputs above must agree with the Version table (fields/ml/versionFields.ts); `model`
// also accepts a Model resource.
true satisfies ArgsMatchTable<VersionArgs, DeclaredInputsOf<typeof versionFields>, "model">;
true satisfies OutputsDeclared<Version, DeclaredOutputsOf<typeof versionFields>>;
