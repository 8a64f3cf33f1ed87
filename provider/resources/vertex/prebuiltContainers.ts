// Image URIs of Google's prebuilt prediction containers, checked against the table of what exists
// (fields/vertex/servingHardware.ts), so a version that does not exist fails where the program names it.

import { PREBUILT_FRAMEWORKS } from "../../fields/vertex/servingHardware";

/** Where and on what a prebuilt container runs. */
export interface PrebuiltContainerOptions {
    /** The GPU image (default false: CPU); only tf2, tf and pytorch ship one. */
    gpu?: boolean;
    /** The Artifact Registry multi-region the image is pulled from (default `"us"`); pick the one nearest the endpoint. */
    registry?: "us" | "europe" | "asia";
}

/**
 * `{registry}-docker.pkg.dev/vertex-ai/prediction/<framework>-<cpu|gpu>.<M-m>:latest` for a framework of
 * {@link PREBUILT_FRAMEWORKS} and a version written `"1.3"` (or `"1-3"`). Throws naming the framework, the version and
 * the versions that exist when there is no such image.
 */
export function prebuiltContainer(framework: string, version: string, options: PrebuiltContainerOptions = {}): string {
    const call = `prebuiltContainers.${framework}(${JSON.stringify(version)}${options.gpu ? ", { gpu: true }" : ""})`;
    const known = PREBUILT_FRAMEWORKS[framework];
    if (!known) {
        throw new Error(
            `${call}: ${framework} has no prebuilt prediction container; use one of ${Object.keys(PREBUILT_FRAMEWORKS).join(", ")}, or your own container image`,
        );
    }
    const tag = version.replace(".", "-");
    if (!known.versions.includes(tag)) {
        throw new Error(
            `${call}: ${framework} ${version} has no prebuilt prediction container; supported versions: ${known.versions.map((v) => v.replace("-", ".")).join(", ")}`,
        );
    }
    if (options.gpu && !known.gpu) {
        throw new Error(`${call}: ${framework} has no GPU prediction container; leave gpu unset (the CPU image)`);
    }
    const registry = options.registry ?? "us";
    if (!["us", "europe", "asia"].includes(registry)) {
        throw new Error(`${call}: registry ${JSON.stringify(registry)} is not one of us, europe, asia`);
    }
    return `${registry}-docker.pkg.dev/vertex-ai/prediction/${framework}-${options.gpu ? "gpu" : "cpu"}.${tag}:latest`;
}

/**
 * Google's prebuilt prediction containers by framework, for `ModelVersionArgs.container.imageUri`, e.g.
 * `prebuiltContainers.sklearn("1.3")` is `"us-docker.pkg.dev/vertex-ai/prediction/sklearn-cpu.1-3:latest"`.
 * Each throws when the version (or its GPU image) does not exist, listing the versions that do.
 */
export const prebuiltContainers = {
    /** scikit-learn (loads `model.joblib` or `model.pkl`); CPU only. */
    sklearn: (version: string, options?: PrebuiltContainerOptions) => prebuiltContainer("sklearn", version, options),
    /** XGBoost (loads `model.bst`, `model.joblib` or `model.pkl`); CPU only. */
    xgboost: (version: string, options?: PrebuiltContainerOptions) => prebuiltContainer("xgboost", version, options),
    /** TensorFlow 2 (loads a SavedModel, `saved_model.pb`); CPU or GPU. */
    tf2: (version: string, options?: PrebuiltContainerOptions) => prebuiltContainer("tf2", version, options),
    /** TensorFlow 1.15 (loads a SavedModel); CPU or GPU. */
    tf: (version: string, options?: PrebuiltContainerOptions) => prebuiltContainer("tf", version, options),
    /** PyTorch (loads a TorchServe archive, `model.mar`); CPU or GPU. */
    pytorch: (version: string, options?: PrebuiltContainerOptions) => prebuiltContainer("pytorch", version, options),
} as const;
