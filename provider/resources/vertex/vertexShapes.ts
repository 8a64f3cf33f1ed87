// The public nested types of the Vertex AI resources, hand-written so that their TSDoc reaches the published
// declarations (a doc on a zod schema's property is lost behind an inferred type; see scripts/api-reference.ts).
// Each SameType assertion ties one to its field table's schema (fields/vertex/*Fields.ts), so they cannot drift.

import type { z } from "zod";
import type { SameType } from "../../fields/sameType";
import type { ContainerPort, EnvVar } from "../../fields/ml/versionShapes";
import type { autoscalingMetricSpecSchema } from "../../fields/vertex/deploymentFields";
import type { requestResponseLoggingSchema } from "../../fields/vertex/endpointFields";
import type { containerSchema } from "../../fields/vertex/modelVersionFields";

/**
 * Request-response logging of an endpoint (`Endpoint.requestResponseLogging`): a sample of prediction requests and
 * responses written to BigQuery.
 * See https://cloud.google.com/vertex-ai/docs/reference/rest/v1/projects.locations.endpoints#PredictRequestResponseLoggingConfig
 */
export interface RequestResponseLogging {
    /** Fraction of requests logged, in (0, 1], e.g. `0.1` for 10 %. */
    samplingRate: number;
    /** Where the log goes: `bq://project`, `bq://project.dataset` or `bq://project.dataset.table`. */
    bigqueryTable: string;
}

/**
 * The serving container of a model version (`ModelVersion.container`).
 * See https://cloud.google.com/vertex-ai/docs/reference/rest/v1/ModelContainerSpec
 */
export interface Container {
    /** The serving image: a prebuilt container (`prebuiltContainers.sklearn("1.3")`, …) or your own. */
    imageUri: string;
    /** Overrides the image's ENTRYPOINT; unset: the image's. */
    command?: string[];
    /** Overrides the image's CMD; unset: the image's. */
    args?: string[];
    /** Environment variables of the container. */
    env?: EnvVar[];
    /** Ports to expose; prediction requests and health checks go to the first (default `[{ containerPort: 8080 }]`). */
    ports?: ContainerPort[];
    /** The HTTP path prediction requests go to (a custom container's; prebuilt ones set their own). */
    predictRoute?: string;
    /** The HTTP path of health checks (a custom container's; prebuilt ones set their own). */
    healthRoute?: string;
}

/**
 * What a deployment's autoscaling targets (an element of `Deployment.autoscalingMetricSpecs`).
 * See https://cloud.google.com/vertex-ai/docs/reference/rest/v1/AutoscalingMetricSpec
 */
export interface AutoscalingMetricSpec {
    /**
     * `aiplatform.googleapis.com/prediction/online/cpu/utilization`, `…/accelerator/duty_cycle` (needs an
     * accelerator) or `…/request_count`.
     */
    metricName: string;
    /** Target utilisation in percent, 1 to 100 (the API's default is 60). */
    target?: number;
}

true satisfies SameType<RequestResponseLogging, z.output<typeof requestResponseLoggingSchema>>;
true satisfies SameType<Container, z.output<typeof containerSchema>>;
true satisfies SameType<AutoscalingMetricSpec, z.output<typeof autoscalingMetricSpecSchema>>;
