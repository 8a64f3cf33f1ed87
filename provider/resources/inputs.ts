// Input typing helpers for resource arguments.

import * as pulumi from "@pulumi/pulumi";
import { durationSeconds, type StepTimeouts } from "../plan/durations";

/**
 * `T` with every field, at every depth, accepting a `pulumi.Input`. Scalars (and unions of them, such as `boolean`
 * or a string enum) are one `pulumi.Input` whole, and an optional key's `undefined` stays in its `?`, so an editor
 * shows `minNodes?: pulumi.Input<number>` rather than `Input<undefined> | Input<number>`.
 */
export type DeepInput<T> = [T] extends [string | number | boolean]
    ? pulumi.Input<T>
    : T extends (infer U)[]
      ? pulumi.Input<DeepInput<U>[]>
      : T extends object
        ? pulumi.Input<{ [K in keyof T]: DeepInput<NonNullable<T[K]>> }>
        : pulumi.Input<T>;

/**
 * Every declared output must be present (even as undefined) in the props given to the dynamic resource, or the
 * SDK drops it. Builds that seed from the list of output names.
 */
export function seedOutputs(names: readonly string[]): Record<string, undefined> {
    return Object.fromEntries(names.map((n) => [n, undefined]));
}

type Mismatched<Args, Inputs, Wider extends keyof Args> = {
    [K in keyof Args & keyof Inputs]-?: DeepInput<NonNullable<Inputs[K]>> extends NonNullable<Args[K]>
        ? K extends Wider
            ? never
            : NonNullable<Args[K]> extends DeepInput<NonNullable<Inputs[K]>>
              ? never
              : K
        : K;
}[keyof Args & keyof Inputs];

/**
 * Compile-time agreement of a resource's hand-written (documented) Args with its field table's inputs: the same
 * keys, and the same accepted values (keys in `Wider` may accept more, e.g. a Model resource for `model`).
 * Resolves to `true`, or to a description of the disagreement, so `true satisfies ArgsMatchTable<...>` fails to
 * compile when they drift apart.
 */
export type ArgsMatchTable<Args, Inputs, Wider extends keyof Args = never> = [
    Exclude<keyof Args, keyof Inputs>,
    Exclude<keyof Inputs, keyof Args>,
    Mismatched<Args, Inputs, Wider>,
] extends [never, never, never]
    ? true
    : {
          argsNotInTable: Exclude<keyof Args, keyof Inputs>;
          tableNotInArgs: Exclude<keyof Inputs, keyof Args>;
          typesDisagree: Mismatched<Args, Inputs, Wider>;
      };

type Undeclared<Resource, Outputs> = {
    [K in keyof Outputs]-?: K extends keyof Resource
        ? Resource[K] extends pulumi.Output<infer U>
            ? NonNullable<Outputs[K]> extends U
                ? never
                : K
            : K
        : K;
}[keyof Outputs];

/**
 * Compile-time check that a resource class declares every output of its table with a compatible type. Resolves
 * to `true`, or to the missing or mistyped keys.
 */
export type OutputsDeclared<Resource, Outputs> = [Undeclared<Resource, Outputs>] extends [never]
    ? true
    : { undeclaredOrMistyped: Undeclared<Resource, Outputs> };

/**
 * Per-step operation deadlines from the standard `customTimeouts` resource option. Pulumi passes those timeouts to
 * a provider's Create/Update/Delete calls, but its dynamic-provider host drops them, so the resource class reads
 * the option itself and hands the provider the seconds through an internal input. A malformed value fails the
 * program at construction, naming the resource, the step and the value.
 */
export function stepTimeouts(
    kind: string,
    name: string,
    opts: pulumi.CustomResourceOptions | undefined,
): StepTimeouts | undefined {
    const given = opts?.customTimeouts;
    if (!given) return undefined;
    const timeouts: StepTimeouts = {};
    for (const step of ["create", "update", "delete"] as const) {
        const value = given[step];
        if (value === undefined || value === "") continue;
        const seconds = durationSeconds(value);
        if (seconds === undefined) {
            throw new pulumi.RunError(
                `${kind} "${name}": customTimeouts.${step} ${JSON.stringify(value)} is not a duration; ` +
                    'use Go duration syntax such as "30m", "1h30m" or "90s"',
            );
        }
        timeouts[step] = seconds;
    }
    return Object.keys(timeouts).length > 0 ? timeouts : undefined;
}
