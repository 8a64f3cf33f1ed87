// The input forms of the public nested types (fields/ml/versionFields.ts): what `VersionArgs` accepts, by name, so an
// editor shows `autoScaling?: pulumi.Input<AutoScalingArgs>` and, inside it, `minNodes?: pulumi.Input<number>`.
// Derived from the documented types, so the properties and their TSDoc cannot drift from them; each SameType
// assertion checks that a named form accepts exactly what `DeepInput` of its type does (which ArgsMatchTable checks
// against the field table).

import type * as pulumi from "@pulumi/pulumi";
import type { SameType } from "../fields/sameType";
import type {
    AcceleratorConfig,
    AutoScaling,
    ContainerPort,
    ContainerSpec,
    EnvVar,
    ExplanationConfig,
    IntegratedGradientsAttribution,
    ManualScaling,
    MetricSpec,
    RequestLoggingConfig,
    RouteMap,
    SampledShapleyAttribution,
    XraiAttribution,
} from "../fields/ml/types";
import type { DeepInput } from "./inputs";

/**
 * `T`'s properties (with their TSDoc and optionality), each accepting a `pulumi.Input`; the properties in `Named`
 * take the given named input types instead of an anonymous `DeepInput`.
 */
export type InputProperties<T, Named extends { [K in keyof T]?: unknown } = Record<never, never>> = {
    [K in keyof T]: K extends keyof Named ? Named[K] : DeepInput<NonNullable<T[K]>>;
};

/** {@link AutoScaling} as an input (`VersionArgs.autoScaling`): each property accepts a `pulumi.Input`. */
export interface AutoScalingArgs extends InputProperties<
    AutoScaling,
    { metrics?: pulumi.Input<pulumi.Input<MetricSpecArgs>[]> }
> {}

/** {@link MetricSpec} as an input (an element of `AutoScalingArgs.metrics`). */
export interface MetricSpecArgs extends InputProperties<MetricSpec> {}

/** {@link ManualScaling} as an input (`VersionArgs.manualScaling`). */
export interface ManualScalingArgs extends InputProperties<ManualScaling> {}

/** {@link AcceleratorConfig} as an input (`VersionArgs.acceleratorConfig`). */
export interface AcceleratorConfigArgs extends InputProperties<AcceleratorConfig> {}

/** {@link ExplanationConfig} as an input (`VersionArgs.explanationConfig`): set exactly one attribution method. */
export interface ExplanationConfigArgs extends InputProperties<
    ExplanationConfig,
    {
        integratedGradientsAttribution?: pulumi.Input<IntegratedGradientsAttributionArgs>;
        sampledShapleyAttribution?: pulumi.Input<SampledShapleyAttributionArgs>;
        xraiAttribution?: pulumi.Input<XraiAttributionArgs>;
    }
> {}

/** {@link IntegratedGradientsAttribution} as an input. */
export interface IntegratedGradientsAttributionArgs extends InputProperties<IntegratedGradientsAttribution> {}

/** {@link SampledShapleyAttribution} as an input. */
export interface SampledShapleyAttributionArgs extends InputProperties<SampledShapleyAttribution> {}

/** {@link XraiAttribution} as an input. */
export interface XraiAttributionArgs extends InputProperties<XraiAttribution> {}

/** {@link ContainerSpec} as an input (`VersionArgs.container`). */
export interface ContainerSpecArgs extends InputProperties<
    ContainerSpec,
    { env?: pulumi.Input<pulumi.Input<EnvVarArgs>[]>; ports?: pulumi.Input<pulumi.Input<ContainerPortArgs>[]> }
> {}

/** {@link EnvVar} as an input (an element of `ContainerSpecArgs.env`). */
export interface EnvVarArgs extends InputProperties<EnvVar> {}

/** {@link ContainerPort} as an input (an element of `ContainerSpecArgs.ports`). */
export interface ContainerPortArgs extends InputProperties<ContainerPort> {}

/** {@link RouteMap} as an input (`VersionArgs.routes`). */
export interface RouteMapArgs extends InputProperties<RouteMap> {}

/** {@link RequestLoggingConfig} as an input (`VersionArgs.requestLoggingConfig`). */
export interface RequestLoggingConfigArgs extends InputProperties<RequestLoggingConfig> {}

true satisfies SameType<pulumi.Input<AutoScalingArgs>, DeepInput<AutoScaling>>;
true satisfies SameType<pulumi.Input<ManualScalingArgs>, DeepInput<ManualScaling>>;
true satisfies SameType<pulumi.Input<AcceleratorConfigArgs>, DeepInput<AcceleratorConfig>>;
true satisfies SameType<pulumi.Input<ExplanationConfigArgs>, DeepInput<ExplanationConfig>>;
true satisfies SameType<pulumi.Input<ContainerSpecArgs>, DeepInput<ContainerSpec>>;
true satisfies SameType<pulumi.Input<RouteMapArgs>, DeepInput<RouteMap>>;
true satisfies SameType<pulumi.Input<RequestLoggingConfigArgs>, DeepInput<RequestLoggingConfig>>;
