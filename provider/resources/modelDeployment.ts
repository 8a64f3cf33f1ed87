// ModelDeployment: uploads a local model (and custom-code packages) to Cloud Storage as gcp.storage.BucketObjects
// under a content-addressed folder, then creates a Version pointing at that folder.
//
// Why content-addressed: deploymentUri is immutable on a version, and AI Platform copies the files at create time.
// With the folder named after a hash of the model, the Version's deploymentUri changes exactly when the model does:
// an unchanged model registers identical objects (nothing uploaded, no diff), and a changed one uploads to a new
// folder and replaces the autonamed Version create-before-delete, so the default moves to the new version before
// the old one (and then its objects) are deleted.

import * as pulumi from "@pulumi/pulumi";
import * as storage from "@pulumi/gcp/storage";
import { gsUri } from "../fields/names";
import { Model } from "./model";
import { Version, type VersionArgs } from "./version";
import {
    checkBucketName,
    defaultPrefix,
    deploymentUriFor,
    machineTypeForLimits,
    normalizePrefix,
    type PlannedObject,
} from "../plan/ml/modelArtifacts";
import { type ModelPlan, planModel } from "./modelFiles";

export const MODEL_DEPLOYMENT_TYPE = "aiplatform:index:ModelDeployment";

/**
 * The {@link VersionArgs} of a {@link ModelDeployment}'s Version, less those the component sets itself: the parent,
 * the two artifact URIs and `isDefault` (see `ModelDeploymentArgs.makeDefault`).
 */
export interface ModelDeploymentVersionArgs extends Omit<
    VersionArgs,
    "model" | "deploymentUri" | "packageUris" | "isDefault"
> {}

/** The arguments of a {@link ModelDeployment}: where the local model is, where it goes, and the Version to create. */
export interface ModelDeploymentArgs {
    /**
     * Local model: a SavedModel directory, a `model.joblib` / `model.pkl` / `model.bst` file, or a directory holding
     * one (plus any other artifacts). Relative paths resolve against the working directory (the Pulumi program's).
     * Read when the program runs, so preview refuses a model the API would reject.
     */
    modelPath: string;
    /** Bucket name (not a gs:// URL). The AI Platform service account must be able to read it. */
    bucket: pulumi.Input<string>;
    /** Folder in the bucket; defaults to the component's name. Objects go to `<prefix>/<contentHash>/...`. */
    prefix?: string;
    /** Local custom-code packages (`.tar.gz` source distributions) for `packageUris`; relative paths as for modelPath. */
    packages?: string[];
    /** The parent: a `Model` resource, or a model name (`m` or `projects/P/models/M`). */
    model: Model | pulumi.Input<string>;
    /**
     * The rest of the Version. Leave `name` unset: an autonamed version is replaced create-before-delete when the
     * model changes, while a named one must be deleted first (and a default version cannot be deleted).
     */
    version?: ModelDeploymentVersionArgs;
    /** Make the new version the model's default (default true). */
    makeDefault?: boolean;
}

/**
 * One BucketObject per planned file, children of `parent`. Logical names are `<namePrefix>/<relative path>`: they
 * carry the component name (URNs don't include the parent's name) but not the hash, so a changed file shows as a
 * replacement of the same object rather than as a create plus a delete.
 */
export function uploadObjects(
    parent: pulumi.Resource,
    bucket: pulumi.Output<string>,
    namePrefix: string,
    planned: readonly PlannedObject[],
): storage.BucketObject[] {
    return planned.map(
        (o) =>
            new storage.BucketObject(
                `${namePrefix}/${o.relPath}`,
                { bucket, name: o.objectName, source: new pulumi.asset.FileAsset(o.absPath) },
                { parent },
            ),
    );
}

/** md5hash is computed by the provider, so this resolves only after the uploads finished. */
const uploaded = (objects: readonly storage.BucketObject[]) => pulumi.all(objects.map((o) => o.md5hash));

/** `gs://<bucket>/<folder>/`, resolving once every object of the folder exists. */
export function folderUri(
    bucket: pulumi.Output<string>,
    folder: string,
    objects: readonly storage.BucketObject[],
): pulumi.Output<string> {
    return pulumi.all([bucket, uploaded(objects)]).apply(([b]) => deploymentUriFor(b, folder));
}

/** A plain string, `undefined` when unset, `null` when set but not known synchronously (an Output or Promise). */
export function plainString(value: unknown): string | null | undefined {
    return value === undefined ? undefined : typeof value === "string" ? value : null;
}

/** Everything that can be checked without the engine; runs before anything is registered. */
function planDeployment(name: string, args: ModelDeploymentArgs): { plan: ModelPlan; prefix: string } {
    const who = `ModelDeployment "${name}"`;
    const version = args.version ?? {};
    const bucket = plainString(args.bucket);
    if (typeof bucket === "string") {
        checkBucketName(bucket, who);
    }
    const prefix = normalizePrefix(args.prefix ?? defaultPrefix(name), who);
    // A Version on a Model resource takes the model's endpoint, which only the engine knows.
    const endpoint = plainString(version.endpoint) ?? (args.model instanceof Model ? null : undefined);
    const framework = plainString(version.framework);
    const plan = planModel({
        modelPath: args.modelPath,
        prefix,
        packages: args.packages,
        limits: machineTypeForLimits(plainString(version.machineType), endpoint),
        framework: framework ?? undefined,
        customRoutine: version.predictionClass !== undefined,
        who,
    });
    return { plan, prefix };
}

/**
 * The user's mistakes (missing path, empty directory, limits, bucket name) as `pulumi.RunError`: the CLI then prints
 * the message alone, without a stack trace pointing into this package.
 */
export function asRunError<T>(plan: () => T): T {
    try {
        return plan();
    } catch (err) {
        throw err instanceof Error && !(err instanceof pulumi.RunError) ? new pulumi.RunError(err.message) : err;
    }
}

/**
 * A component that uploads a local model (and custom-code packages) to Cloud Storage, one `gcp.storage.BucketObject`
 * per file under a content-addressed folder, then creates a {@link Version} from it. A changed model uploads to a
 * new folder and replaces the autonamed Version create-before-delete. Needs the `@pulumi/gcp` package; imported from
 * `pulumi-aiplatform-prediction/artifacts`. API: https://cloud.google.com/ai-platform/prediction/docs/reference/rest/v1/projects.models.versions
 *
 * @example
 * ```ts
 * const model = new Model("census", { regions: ["us-central1"] });
 * const deployment = new ModelDeployment("census", {
 *     modelPath: "./model",
 *     bucket: "my-models-bucket",
 *     model,
 *     version: { runtimeVersion: "2.11", pythonVersion: "3.7", framework: "SCIKIT_LEARN" },
 * });
 * export const versionName = deployment.version.name;
 * ```
 */
export class ModelDeployment extends pulumi.ComponentResource {
    /** One BucketObject per model file, named `<prefix>/<contentHash>/<relative path>`. */
    public readonly objects: storage.BucketObject[];
    /** One BucketObject per package, named `<prefix>/packages/<package hash>/<file name>`. */
    public readonly packageObjects: storage.BucketObject[];
    /** `gs://<bucket>/<prefix>/<contentHash>/`; resolves once every model object exists. */
    public readonly deploymentUri: pulumi.Output<string>;
    /** gs:// URIs of the uploaded packages (empty without packages); resolve once they exist. */
    public readonly packageUris: pulumi.Output<string[]>;
    /** 16 hex characters of sha256 over the model's relative paths and bytes; known at preview. */
    public readonly contentHash: string;
    /** `<prefix>/<contentHash>`: the model's folder in the bucket. */
    public readonly folder: string;
    /** The Version created from the uploaded folder (the model's default unless `makeDefault: false`). */
    public readonly version: Version;

    constructor(name: string, args: ModelDeploymentArgs, opts?: pulumi.ComponentResourceOptions) {
        // Scan, check and hash before registering anything, so a bad model fails preview with nothing half-registered.
        const { plan, prefix } = asRunError(() => planDeployment(name, args));
        super(MODEL_DEPLOYMENT_TYPE, name, {}, opts);

        this.contentHash = plan.contentHash;
        this.folder = plan.folder;
        const bucket = pulumi.output(args.bucket);
        this.objects = uploadObjects(this, bucket, name, plan.objects);
        this.packageObjects = uploadObjects(this, bucket, `${name}/packages`, plan.packages);
        this.deploymentUri = folderUri(bucket, plan.folder, this.objects);
        this.packageUris = pulumi
            .all([bucket, uploaded(this.packageObjects)])
            .apply(([b]) => plan.packages.map((p) => gsUri(b, p.objectName)));

        this.version = new Version(
            name,
            {
                ...args.version,
                model: args.model,
                deploymentUri: this.deploymentUri,
                packageUris: plan.packages.length > 0 ? this.packageUris : undefined,
                isDefault: args.makeDefault ?? true,
            },
            // dependsOn too, so the engine orders the Version after the uploads (and deletes it before them) whatever
            // outputs the URI is built from.
            { parent: this, dependsOn: [...this.objects, ...this.packageObjects] },
        );

        this.registerOutputs({
            deploymentUri: this.deploymentUri,
            packageUris: this.packageUris,
            contentHash: this.contentHash,
            folder: this.folder,
            prefix,
            versionName: this.version.name,
            versionFullName: this.version.fullName,
        });
    }
}
