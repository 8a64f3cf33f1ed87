// Input typing helpers for resource arguments.

import type * as pulumi from "@pulumi/pulumi";

/** `T` with every field, at every depth, accepting a `pulumi.Input`. */
export type DeepInput<T> = T extends (infer U)[]
    ? pulumi.Input<DeepInput<U>[]>
    : T extends object
      ? pulumi.Input<{ [K in keyof T]: DeepInput<T[K]> }>
      : pulumi.Input<T>;

/**
 * Every declared output must be present (even as undefined) in the props given to the dynamic resource, or the
 * SDK drops it. Builds that seed from the list of output names.
 */
export function seedOutputs(names: readonly string[]): Record<string, undefined> {
    return Object.fromEntries(names.map((n) => [n, undefined]));
}
