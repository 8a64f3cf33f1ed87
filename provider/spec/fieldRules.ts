// The single table of field rules. Diff planning, update-mask building and refresh all read it; nothing else
// in the provider decides whether a field is patchable.
//
// Sources: the v1 discovery document's patch text ("Currently the only update-able fields are description,
// requestLoggingConfig, autoScaling.minNodes, and manualScaling.nodes" for versions; "description" and labels
// for models, see shared/reference/ml-v1-api.md §2–3). Version `labels` is patchable through gcloud's GA
// `--update-labels`, so we treat it as patchable too. `autoScaling.maxNodes` is only sent by gcloud's beta
// track and its server acceptance is unconfirmed, so a change to it replaces the version.

import { isN1MachineType } from "./machineTypes";
import type { ModelInputs, VersionInputs } from "./types";

export type FieldKind =
    /** Changing it replaces the resource. */
    | "immutable"
    /** Changing it is a PATCH under `mask`. */
    | "patchable"
    /** Steers the provider only: a change is an update that sends no PATCH. */
    | "control";

export interface FieldRule<I> {
    /** Dotted path into the inputs; also the display path. */
    readonly path: string;
    readonly kind: FieldKind;
    /** `updateMask` path when patchable. */
    readonly mask?: string;
    /** A patchable field is patchable only when this holds for the new inputs; otherwise a change replaces. */
    readonly patchableWhen?: (news: I) => boolean;
    /** The server fills a default when the input is unset: an unset input then means "no opinion". */
    readonly serverDefault?: boolean;
    /** The input key reported in `replaces` for a virtual field (default: the path's first segment). */
    readonly replaceKey?: string;
    /** Custom value extraction (for virtual fields such as the scaling mode). */
    readonly value?: (inputs: I) => unknown;
    /** Custom change test; the default is deep inequality with empty values ("", {}, []) equal to unset. */
    readonly differs?: (oldValue: unknown, newValue: unknown) => boolean;
}

/** Fields of the API's Version resource that are also inputs (read back on refresh and adoption). */
export const versionApiFields = [
    "description",
    "deploymentUri",
    "runtimeVersion",
    "pythonVersion",
    "framework",
    "machineType",
    "labels",
    "autoScaling",
    "manualScaling",
    "acceleratorConfig",
    "packageUris",
    "predictionClass",
    "serviceAccount",
    "explanationConfig",
    "container",
    "routes",
    "requestLoggingConfig",
] as const;

const controlFields = ["adopt", "operationTimeoutSeconds", "autonamePrefix", "autonamed"] as const;

export const modelFieldRules: readonly FieldRule<ModelInputs>[] = [
    { path: "name", kind: "immutable" },
    { path: "project", kind: "immutable", serverDefault: true },
    { path: "endpoint", kind: "immutable", serverDefault: true },
    { path: "regions", kind: "immutable", serverDefault: true },
    { path: "onlinePredictionLogging", kind: "immutable" },
    { path: "onlinePredictionConsoleLogging", kind: "immutable" },
    { path: "description", kind: "patchable", mask: "description" },
    { path: "labels", kind: "patchable", mask: "labels" },
    { path: "forceDelete", kind: "control" },
    ...controlFields.map((path) => ({ path, kind: "control" as const })),
];

export const versionFieldRules: readonly FieldRule<VersionInputs>[] = [
    { path: "name", kind: "immutable" },
    { path: "model", kind: "immutable" },
    { path: "project", kind: "immutable", serverDefault: true },
    { path: "endpoint", kind: "immutable", serverDefault: true },
    { path: "deploymentUri", kind: "immutable" },
    { path: "runtimeVersion", kind: "immutable" },
    { path: "pythonVersion", kind: "immutable" },
    { path: "framework", kind: "immutable", serverDefault: true },
    { path: "machineType", kind: "immutable", serverDefault: true },
    { path: "acceleratorConfig", kind: "immutable" },
    { path: "packageUris", kind: "immutable" },
    { path: "predictionClass", kind: "immutable" },
    { path: "serviceAccount", kind: "immutable" },
    { path: "explanationConfig", kind: "immutable" },
    { path: "container", kind: "immutable" },
    { path: "routes", kind: "immutable" },
    // Switching between autoscaling and manual scaling cannot be patched: it is a different scaling union member.
    {
        path: "scalingMode",
        kind: "immutable",
        replaceKey: "manualScaling",
        value: (v) => (v.manualScaling !== undefined ? "manual" : "auto"),
    },
    { path: "autoScaling.minNodes", kind: "patchable", mask: "autoScaling.minNodes", serverDefault: true },
    { path: "autoScaling.maxNodes", kind: "immutable" },
    { path: "autoScaling.metrics", kind: "immutable" },
    {
        path: "manualScaling.nodes",
        kind: "patchable",
        mask: "manualScaling.nodes",
        // "you can only update manualScaling.nodes if the version uses a Compute Engine (N1) machine type"
        patchableWhen: (v) => isN1MachineType(v.machineType, v.endpoint),
    },
    { path: "description", kind: "patchable", mask: "description" },
    { path: "labels", kind: "patchable", mask: "labels" },
    // The API ignores it on create; the provider applies it with a PATCH right after.
    { path: "requestLoggingConfig", kind: "patchable", mask: "requestLoggingConfig" },
    // Applied with setDefault, not PATCH; see diffPlan for its one-way semantics.
    // One-way: the API cannot "unset" a default, only move it, so only false -> true is a change.
    { path: "isDefault", kind: "control", differs: (oldValue, newValue) => newValue === true && oldValue !== true },
    ...controlFields.map((path) => ({ path, kind: "control" as const })),
];

/** Reads a rule's value from a set of inputs. */
export function ruleValue<I>(rule: FieldRule<I>, inputs: I): unknown {
    if (rule.value) {
        return rule.value(inputs);
    }
    let current: unknown = inputs;
    for (const segment of rule.path.split(".")) {
        if (current === null || typeof current !== "object") {
            return undefined;
        }
        current = (current as Record<string, unknown>)[segment];
    }
    return current;
}

/** The top-level input key a rule belongs to (what Pulumi's `replaces` and diff display use). */
export function topLevelKey<I>(rule: FieldRule<I>): string {
    return rule.replaceKey ?? rule.path.split(".")[0];
}
