// Makes `require("pulumi-aiplatform-prediction")` resolve inside this repository, exactly as it does in a
// user's program that installed the package: the Pulumi provider host loads our runtime by package name
// from the program directory's node_modules (see provider/serializedProvider.ts).
// Does nothing when this package is itself installed as a dependency.
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
if (path.basename(path.dirname(root)) === "node_modules" || path.basename(path.dirname(path.dirname(root))) === "node_modules") {
    process.exit(0);
}
const { name } = require(path.join(root, "package.json"));
const link = path.join(root, "node_modules", name);
fs.mkdirSync(path.dirname(link), { recursive: true });
try {
    if (fs.readlinkSync(link) === "..") {
        process.exit(0);
    }
    fs.rmSync(link, { recursive: true, force: true });
} catch {
    // absent or not a link
}
fs.symlinkSync("..", link, "dir");
