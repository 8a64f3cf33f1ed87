// The Version resource: a deployed model version (projects.models.versions).

import * as pulumi from "@pulumi/pulumi";
import type { DeclaredInputsOf, DeclaredOutputsOf } from "../spec/fieldTable";
import { type versionFields, versionOutputNames } from "../spec/versionFields";
import { wireNames } from "../spec/wireNames";
import { type ArgsMatchTable, type DeepInput, type OutputsDeclared, seedOutputs, stepTimeouts } from "./inputs";
import { Model } from "./model";
import { versionProvider } from "./serializedProvider";
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
} from "../spec/types";

export interface VersionArgs {
    /** The parent: a `Model` resource, or a model name (`m` or `projects/P/models/M`). */
    model: Model | pulumi.Input<string>;
    /** Version name; autonamed `<logical name>_<7 random chars>` when omitted. */
    name?: pulumi.Input<string>;
    /** Defaults to the Model resource's project, else the provider's project. */
    project?: pulumi.Input<string>;
    /** Defaults to the Model resource's endpoint, else "global". */
    endpoint?: pulumi.Input<string>;
    /** Patchable. */
    description?: pulumi.Input<string>;
    /** gs:// directory with the model artifacts (not needed with `container`). */
    deploymentUri?: pulumi.Input<string>;
    runtimeVersion?: pulumi.Input<string>;
    pythonVersion?: pulumi.Input<string>;
    framework?: pulumi.Input<Framework>;
    machineType?: pulumi.Input<string>;
    /** Patchable. */
    labels?: DeepInput<Record<string, string>>;
    /** `minNodes` is patchable; other changes replace the version. */
    autoScaling?: DeepInput<AutoScaling>;
    /** `nodes` is patchable on N1 machine types. */
    manualScaling?: DeepInput<ManualScaling>;
    acceleratorConfig?: DeepInput<AcceleratorConfig>;
    packageUris?: DeepInput<string[]>;
    predictionClass?: pulumi.Input<string>;
    serviceAccount?: pulumi.Input<string>;
    explanationConfig?: DeepInput<ExplanationConfig>;
    container?: DeepInput<ContainerSpec>;
    routes?: DeepInput<RouteMap>;
    /** Patchable; applied right after create (the API ignores it in create). */
    requestLoggingConfig?: DeepInput<RequestLoggingConfig>;
    /** Make this the model's default version (setDefault). `false` never un-sets a default. */
    isDefault?: pulumi.Input<boolean>;
    /** Manage an existing version of this name instead of failing. */
    adopt?: pulumi.Input<boolean>;
    /** Deadline for each long-running operation (default 1800, or `aiplatform:operationTimeoutSeconds`). */
    operationTimeoutSeconds?: pulumi.Input<number>;
}

export class Version extends pulumi.dynamic.Resource {
    /** Short name of the parent model. */
    declare readonly model: pulumi.Output<string>;
    /** Short version name. */
    declare readonly name: pulumi.Output<string>;
    declare readonly project: pulumi.Output<string>;
    declare readonly endpoint: pulumi.Output<string>;
    declare readonly description: pulumi.Output<string | undefined>;
    declare readonly deploymentUri: pulumi.Output<string | undefined>;
    declare readonly runtimeVersion: pulumi.Output<string | undefined>;
    declare readonly pythonVersion: pulumi.Output<string | undefined>;
    declare readonly framework: pulumi.Output<Framework | undefined>;
    declare readonly machineType: pulumi.Output<string | undefined>;
    declare readonly labels: pulumi.Output<Record<string, string> | undefined>;
    declare readonly autoScaling: pulumi.Output<AutoScaling | undefined>;
    declare readonly manualScaling: pulumi.Output<ManualScaling | undefined>;
    declare readonly acceleratorConfig: pulumi.Output<AcceleratorConfig | undefined>;
    declare readonly packageUris: pulumi.Output<string[] | undefined>;
    declare readonly predictionClass: pulumi.Output<string | undefined>;
    declare readonly serviceAccount: pulumi.Output<string | undefined>;
    declare readonly explanationConfig: pulumi.Output<ExplanationConfig | undefined>;
    declare readonly container: pulumi.Output<ContainerSpec | undefined>;
    declare readonly routes: pulumi.Output<RouteMap | undefined>;
    declare readonly requestLoggingConfig: pulumi.Output<RequestLoggingConfig | undefined>;
    /**
     * Only on a version that declares `isDefault: true`: whether it is the model's default, as of its last create,
     * update or refresh. Absent elsewhere, so at most one version claims to be the default (the model's
     * `defaultVersion` names it for every version after a refresh).
     */
    declare readonly isDefault: pulumi.Output<boolean | undefined>;
    declare readonly adopt: pulumi.Output<boolean | undefined>;
    declare readonly operationTimeoutSeconds: pulumi.Output<number | undefined>;
    /** `projects/P/models/M/versions/V` */
    declare readonly fullName: pulumi.Output<string>;
    declare readonly state: pulumi.Output<VersionState>;
    declare readonly createTime: pulumi.Output<string>;
    declare readonly lastUseTime: pulumi.Output<string | undefined>;
    declare readonly etag: pulumi.Output<string>;
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
        super(
            versionProvider,
            name,
            {
                ...seedOutputs(versionOutputNames),
                ...rest,
                ...parent,
                [wireNames.autonamePrefix]: name,
                [wireNames.customTimeouts]: stepTimeouts("Version", name, opts),
            },
            opts,
            "aiplatform",
            "Version",
        );
    }
}

// The documented Args and declared outputs above must agree with the Version table (spec/versionFields.ts); `model`
// also accepts a Model resource.
true satisfies ArgsMatchTable<VersionArgs, DeclaredInputsOf<typeof versionFields>, "model">;
true satisfies OutputsDeclared<Version, DeclaredOutputsOf<typeof versionFields>>;
