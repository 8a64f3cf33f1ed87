// The Vertex AI Endpoint resource (projects.locations.endpoints): where deployments serve online predictions.

import type * as pulumi from "@pulumi/pulumi";
import type { DeclaredInputsOf, DeclaredOutputsOf } from "../../fields/fieldTable";
import { type endpointFields, endpointOutputNames } from "../../fields/vertex/endpointFields";
import type { ArgsMatchTable, OutputsDeclared } from "../inputs";
import { TableResource } from "../tableResource";
import endpointProvider from "./endpointProvider";
import type { RequestResponseLoggingArgs } from "./vertexInputs";
import type { RequestResponseLogging } from "./vertexShapes";
import { ENDPOINT_TYPE } from "./vertexTypes";

/**
 * The arguments of an {@link Endpoint}. What a change of each property does (one `PATCH endpoints/E?updateMask=`,
 * or a replacement) is the Change column of docs/reference.md, generated from the field table.
 * See https://cloud.google.com/vertex-ai/docs/reference/rest/v1/projects.locations.endpoints.
 */
export interface EndpointArgs {
    /** Region serving online prediction, e.g. `"us-central1"`; deployments need models of the same region. */
    region: pulumi.Input<string>;
    /**
     * Endpoint ID: a lowercase letter, then up to 62 lowercase letters, digits or `-`. Autonamed
     * `<logical name>-<7 random chars>` when omitted.
     */
    name?: pulumi.Input<string>;
    /** Project id; defaults to `aiplatform:project`, `gcp:project` or GOOGLE_CLOUD_PROJECT. */
    project?: pulumi.Input<string>;
    /** The name shown in the console (at most 128 characters); defaults to the logical name. */
    displayName?: pulumi.Input<string>;
    /** Free text shown in the console. */
    description?: pulumi.Input<string>;
    /**
     * Labels: keys start with a lowercase letter; keys and values use lowercase letters, digits, `_` and `-` (at
     * most 63 characters each).
     */
    labels?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
    /** Log a sample of prediction requests and responses to BigQuery (`bq://project.dataset.table`). */
    requestResponseLogging?: pulumi.Input<RequestResponseLoggingArgs>;
    /** Before deleting the endpoint, undeploy the models no declaration of this stack manages (default false). */
    forceDelete?: pulumi.Input<boolean>;
    /**
     * Manage an existing endpoint of this ID instead of failing with ALREADY_EXISTS (dynamic resources cannot be
     * `pulumi import`ed). Default false.
     */
    adopt?: pulumi.Input<boolean>;
    /**
     * Deadline in seconds for each long-running operation (default `aiplatform:operationTimeoutSeconds`, else 1800).
     * `customTimeouts` on the resource options takes precedence per step.
     */
    operationTimeoutSeconds?: pulumi.Input<number>;
}

/**
 * A Vertex AI endpoint (`projects.locations.endpoints`): serves the {@link Deployment}s made on it, sharing its
 * traffic as one {@link TrafficSplit} declares. API:
 * https://cloud.google.com/vertex-ai/docs/reference/rest/v1/projects.locations.endpoints
 *
 * @example
 * ```ts
 * const endpoint = new vertex.Endpoint("census", {
 *     region: "us-central1",
 *     description: "Census income classifier",
 *     labels: { team: "ml" },
 *     requestResponseLogging: { samplingRate: 0.1, bigqueryTable: "bq://my-project.logs.census" },
 * });
 * export const endpointName = endpoint.fullName;
 * ```
 */
export class Endpoint extends TableResource {
    /** The region the endpoint serves from. */
    declare readonly region: pulumi.Output<string>;
    /**
     * Endpoint ID (the declared one, or the autoname drawn at create). An autoname is read from the id, so a preview
     * shows it wherever the endpoint keeps its identity (an update).
     */
    declare readonly name: pulumi.Output<string>;
    /** The project the endpoint lives in. */
    declare readonly project: pulumi.Output<string>;
    /** The display name (the logical name unless declared). */
    declare readonly displayName: pulumi.Output<string>;
    /** The description, as declared or read back on refresh. */
    declare readonly description: pulumi.Output<string | undefined>;
    /** The labels, as declared or read back on refresh. */
    declare readonly labels: pulumi.Output<Record<string, string> | undefined>;
    /** Request-response logging, as declared or read back on refresh (unset when off). */
    declare readonly requestResponseLogging: pulumi.Output<RequestResponseLogging | undefined>;
    /** The declared `forceDelete`. */
    declare readonly forceDelete: pulumi.Output<boolean | undefined>;
    /** The declared `adopt`. */
    declare readonly adopt: pulumi.Output<boolean | undefined>;
    /** The declared `operationTimeoutSeconds`. */
    declare readonly operationTimeoutSeconds: pulumi.Output<number | undefined>;
    /** Full resource name, `projects/P/locations/R/endpoints/E` (the resource's id; known in an update's preview). */
    declare readonly fullName: pulumi.Output<string>;
    /** The API's etag as of the last create, update or refresh. */
    declare readonly etag: pulumi.Output<string | undefined>;

    constructor(name: string, args: EndpointArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            endpointProvider,
            ENDPOINT_TYPE,
            name,
            endpointOutputNames,
            { ...args, displayName: args.displayName ?? name },
            opts,
        );
    }
}

// The documented Args and declared outputs above must agree with the Endpoint table (fields/vertex/endpointFields.ts).
true satisfies ArgsMatchTable<EndpointArgs, DeclaredInputsOf<typeof endpointFields>>;
true satisfies OutputsDeclared<Endpoint, DeclaredOutputsOf<typeof endpointFields>>;
