// What the model files of a Vertex AI upload must be, as pure functions of names: the file each prebuilt
// container's framework loads from the top of artifactUri (reference §3.3: sklearn model.joblib/model.pkl, XGBoost
// model.bst/model.joblib/model.pkl, TensorFlow saved_model.pb(txt), PyTorch model.mar). A custom container loads
// what it likes. Reading the files is resources/modelFiles.ts's job; the ml v1 rules are modelArtifacts.ts's.

import * as path from "node:path";
import { PREBUILT_CONTAINER_PATTERN } from "../../fields/vertex/servingHardware";

/** Model files per prebuilt container framework. */
export const VERTEX_MODEL_FILES: Readonly<Record<string, readonly string[]>> = {
    sklearn: ["model.joblib", "model.pkl"],
    xgboost: ["model.bst", "model.joblib", "model.pkl"],
    tf: ["saved_model.pb", "saved_model.pbtxt"],
    tf2: ["saved_model.pb", "saved_model.pbtxt"],
    pytorch: ["model.mar"],
};

/** The framework of a prebuilt prediction container's image URI, or undefined for a custom container. */
export function prebuiltFramework(imageUri: string): string | undefined {
    return PREBUILT_CONTAINER_PATTERN.exec(imageUri)?.[2];
}

/**
 * Throws when the container's framework would find no model file at the top of the model (a single file's name, or
 * a directory's top-level files), pointing at a subdirectory that holds one when there is such.
 * @param relPaths the model's files relative to its root, "/"-separated.
 */
export function checkVertexModelFiles(
    imageUri: string,
    modelPath: string,
    relPaths: readonly string[],
    who: string,
): void {
    const framework = prebuiltFramework(imageUri);
    const loads = framework === undefined ? undefined : VERTEX_MODEL_FILES[framework];
    if (!loads) return;
    const top = relPaths.filter((f) => !f.includes("/"));
    if (top.some((f) => loads.includes(f))) return;
    const nested = relPaths.find((f) => loads.includes(path.posix.basename(f)));
    const hint = nested
        ? `; it has ${nested}: point modelPath at ${path.join(modelPath, path.posix.dirname(nested))} instead`
        : `; rename the model file (e.g. to ${loads[0]}) or use a container that loads what it is`;
    throw new Error(
        `${who}: the ${framework} container ${imageUri} loads ${loads.join(" or ")} from the top of artifactUri, but model path ${modelPath} has ${top.length > 0 ? top.join(", ") : "no file at its top"}${hint}`,
    );
}
