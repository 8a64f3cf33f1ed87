// The input forms of the Vertex AI nested types (vertexShapes.ts): what the Args accept, by name, so an
// editor shows `container?: pulumi.Input<ContainerArgs>` and, inside it, `imageUri: pulumi.Input<string>`. Each
// SameType assertion checks that a named form accepts exactly what `DeepInput` of its type does (which
// ArgsMatchTable checks against the field table).

import type * as pulumi from "@pulumi/pulumi";
import type { SameType } from "../../fields/sameType";
import type { DeepInput } from "../inputs";
import type { ContainerPortArgs, EnvVarArgs, InputProperties } from "../nestedInputs";
import type { AutoscalingMetricSpec, Container, RequestResponseLogging } from "./vertexShapes";

/** {@link RequestResponseLogging} as an input (`EndpointArgs.requestResponseLogging`). */
export interface RequestResponseLoggingArgs extends InputProperties<RequestResponseLogging> {}

/** {@link Container} as an input (`ModelVersionArgs.container`). */
export interface ContainerArgs extends InputProperties<
    Container,
    { env?: pulumi.Input<pulumi.Input<EnvVarArgs>[]>; ports?: pulumi.Input<pulumi.Input<ContainerPortArgs>[]> }
> {}

/** {@link AutoscalingMetricSpec} as an input (an element of `DeploymentArgs.autoscalingMetricSpecs`). */
export interface AutoscalingMetricSpecArgs extends InputProperties<AutoscalingMetricSpec> {}

true satisfies SameType<pulumi.Input<RequestResponseLoggingArgs>, DeepInput<RequestResponseLogging>>;
true satisfies SameType<pulumi.Input<ContainerArgs>, DeepInput<Container>>;
true satisfies SameType<pulumi.Input<AutoscalingMetricSpecArgs>, DeepInput<AutoscalingMetricSpec>>;
