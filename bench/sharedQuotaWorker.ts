// One provider process of bench/sharedQuota.ts (a stack's `pulumi up` then `destroy`, or another client spending the
// window): configured like the provider host configures it, against the emulator the parent started. Prints "ready"
// after its setup, starts its timed part when "go" arrives on stdin, and prints its figures as one JSON line.

import * as readline from "node:readline";
import { ModelProvider } from "../provider/host/ml/modelProvider";
import { VersionProvider } from "../provider/host/ml/versionProvider";
import { createModel, createVersion, fakeConfig, type Harness, versionInputs } from "../harness/providerHarness";

export interface WorkerTask {
    readonly config: Record<string, string>;
    /** "stack": create `versions` (20 per model) at once, then delete them at once. "spend": `reads` model reads. */
    readonly kind: "stack" | "spend";
    readonly name: string;
    readonly versions: number;
    readonly reads: number;
    /** Whether the stack deletes its versions after creating them (`destroy`). */
    readonly destroy: boolean;
}

export interface WorkerResult {
    readonly name: string;
    readonly wallMs: number;
    readonly failed: number;
}

async function main(): Promise<void> {
    const task = JSON.parse(process.argv[2]) as WorkerTask;
    const model = new ModelProvider();
    const version = new VersionProvider();
    await model.configure({ config: fakeConfig(task.config) });
    await version.configure({ config: fakeConfig(task.config) });
    // The harness helpers only drive the two providers; there is no emulator handle in this process.
    const h = { model, version, config: task.config } as unknown as Harness;
    const models = Math.max(1, Math.ceil(task.versions / 20));
    const created = [];
    for (let m = 0; m < models; m++) created.push(await createModel(h, { name: `${task.name}_m${m}` }));
    const lines = readline.createInterface({ input: process.stdin });
    console.log("ready");
    await new Promise<void>((resolve) => lines.once("line", () => resolve()));
    lines.close();
    const started = Date.now();
    let failed = 0;
    const count = (results: PromiseSettledResult<unknown>[]) =>
        (failed += results.filter((r) => r.status === "rejected").length);
    if (task.kind === "spend") {
        const [first] = created;
        count(await Promise.allSettled(Array.from({ length: task.reads }, () => model.read(first.id, first.outs))));
    } else {
        const names = Array.from(
            { length: task.versions },
            (_, i) => [`${task.name}_m${i % models}`, `v${i}`] as const,
        );
        const versions = await Promise.allSettled(names.map(([m, v]) => createVersion(h, versionInputs(m, v))));
        count(versions);
        if (task.destroy) {
            count(
                await Promise.allSettled(
                    versions.map((v) =>
                        v.status === "fulfilled" ? version.delete(v.value.id, v.value.outs) : Promise.resolve(),
                    ),
                ),
            );
        }
    }
    const result: WorkerResult = { name: task.name, wallMs: Date.now() - started, failed };
    console.log(JSON.stringify(result));
}

main().catch((err) => {
    console.error(err);
    process.exit(1);
});
