// The package as npm installs it: package.json and dist/ copied into a real node_modules directory (not the
// repository's `file:.` symlink, which resolves to a path outside any node_modules). Inside the repository, so the
// copy's own dependencies (zod, google-auth-library, @pulumi/pulumi) resolve from the repository's node_modules.
// Needs `npm run build` first, as every unit test run does.

import * as fs from "node:fs";
import * as path from "node:path";

const repoRoot = path.resolve(__dirname, "..");

/** Copies the built package once per directory name and returns its root (…/node_modules/pulumi-aiplatform-prediction). */
export function installedCopy(dirName: string): string {
    const nodeModules = path.join(repoRoot, ".state", dirName, "node_modules");
    const root = path.join(nodeModules, "pulumi-aiplatform-prediction");
    fs.rmSync(root, { recursive: true, force: true });
    fs.mkdirSync(root, { recursive: true });
    fs.copyFileSync(path.join(repoRoot, "package.json"), path.join(root, "package.json"));
    fs.cpSync(path.join(repoRoot, "dist", "provider"), path.join(root, "dist", "provider"), { recursive: true });
    return root;
}
