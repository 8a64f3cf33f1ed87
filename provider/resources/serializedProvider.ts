// What Pulumi serializes into every resource's state (`__provider`): a tiny shim, not the implementation.
//
// Local modules are serialized *by value*, so a provider that referenced our validation, HTTP and retry code
// would freeze tens of KB of code into each resource and keep running that stale copy on refresh and destroy
// (pulumi/pulumi#6238, #16826). Instead each method loads the implementation by package name at call time,
// from the program's node_modules (the provider host resolves modules from the program directory). The shim
// captures only two strings: no configuration, environment value or credential.

import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { ProviderKind } from "../host";

/** The compiled runtime, as resolved from the program's node_modules. */
export const RUNTIME_MODULE = "pulumi-aiplatform-prediction/dist/provider/host";

export class RuntimeProvider implements dynamic.ResourceProvider {
    private target?: dynamic.ResourceProvider;

    constructor(
        private readonly kind: ProviderKind,
        private readonly runtimeModule: string,
    ) {}

    private load(): dynamic.ResourceProvider {
        if (!this.target) {
            let runtime: { createProvider(kind: ProviderKind): dynamic.ResourceProvider };
            try {
                runtime = require(this.runtimeModule);
            } catch (err) {
                throw new Error(
                    `cannot load ${this.runtimeModule} from ${process.cwd()}: install pulumi-aiplatform-prediction in the ` +
                        `program's dependencies (npm install) and build it. Cause: ${(err as Error).message}`,
                );
            }
            this.target = runtime.createProvider(this.kind);
        }
        return this.target;
    }

    async configure(req: dynamic.ConfigureRequest): Promise<void> {
        await this.load().configure?.(req);
    }

    async check(olds: unknown, news: unknown): Promise<dynamic.CheckResult> {
        return this.load().check?.(olds, news) ?? { inputs: news };
    }

    async diff(id: string, olds: unknown, news: unknown): Promise<dynamic.DiffResult> {
        return this.load().diff?.(id, olds, news) ?? { changes: false };
    }

    async create(inputs: unknown): Promise<dynamic.CreateResult> {
        return this.load().create(inputs);
    }

    async read(id: string, props?: unknown): Promise<dynamic.ReadResult> {
        return this.load().read?.(id, props) ?? { id, props };
    }

    async update(id: string, olds: unknown, news: unknown): Promise<dynamic.UpdateResult> {
        return this.load().update?.(id, olds, news) ?? {};
    }

    async delete(id: string, props: unknown): Promise<void> {
        await this.load().delete?.(id, props);
    }
}

// One instance per kind, each the whole `module.exports` of its own module (modelProvider.ts, versionProvider.ts), so
// that the state stores a `require` of it; the SDK also caches serialization per provider object.
