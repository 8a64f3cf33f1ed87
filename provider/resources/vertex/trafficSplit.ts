// The Vertex AI TrafficSplit resource: who serves how much of one endpoint's traffic, declared per logical
// deployment. The provider takes percentages keyed by each deployment's display name (what a diff shows:
// `blue: 100 => 90`) and the deployed-model IDs under the same keys (what the API's split is keyed by).

import * as pulumi from "@pulumi/pulumi";
import type { DeclaredInputsOf, DeclaredOutputsOf } from "../../fields/fieldTable";
import { type trafficSplitFields, trafficSplitOutputNames } from "../../fields/vertex/trafficSplitFields";
import type { ArgsMatchTable, OutputsDeclared } from "../inputs";
import { TableResource } from "../tableResource";
import { declaredDisplayNames, type Deployment } from "./deployment";
import { Endpoint } from "./endpoint";
import trafficSplitProvider from "./trafficSplitProvider";
import { TRAFFIC_SPLIT_TYPE } from "./vertexTypes";

/** One deployment's share of a {@link TrafficSplit}. */
export interface TrafficShareArgs {
    /** The deployment receiving the share (on the split's endpoint); keyed by its display name. */
    deployment: Deployment;
    /** Whole percent of the endpoint's traffic, 0 to 100; the shares sum to 100. */
    percent: pulumi.Input<number>;
}

/**
 * The arguments of a {@link TrafficSplit}. A change of the shares is one `PATCH endpoints/E?updateMask=trafficSplit`.
 * See https://cloud.google.com/vertex-ai/docs/reference/rest/v1/projects.locations.endpoints/patch.
 */
export interface TrafficSplitArgs {
    /** The endpoint whose traffic is split: an {@link Endpoint} resource, or its full name. */
    endpoint: Endpoint | pulumi.Input<string>;
    /**
     * Each deployment's share, summing to 100; deployments of the endpoint not listed get 0 % (they stay deployed).
     * Display names must differ: they key the shares.
     */
    split: TrafficShareArgs[];
    /**
     * Deadline in seconds for each long-running operation (default `aiplatform:operationTimeoutSeconds`, else 1800).
     * `customTimeouts` on the resource options takes precedence per step.
     */
    operationTimeoutSeconds?: pulumi.Input<number>;
}

/**
 * The traffic split of a Vertex AI endpoint: one declaration owns it. Traffic set outside Pulumi shows as drift on
 * refresh (under `unmanaged-<ID>` keys) and `pulumi up` restores the declared split; deleting the resource leaves
 * the split as it is. API: https://cloud.google.com/vertex-ai/docs/reference/rest/v1/projects.locations.endpoints
 *
 * @example
 * ```ts
 * const endpoint = new vertex.Endpoint("census", { region: "us-central1" });
 * const model = new vertex.Model("census", { region: "us-central1" });
 * const container = { imageUri: vertex.prebuiltContainers.sklearn("1.3") };
 * const blue = new vertex.ModelVersion("blue", { model, artifactUri: "gs://my-bucket/census/blue/", container });
 * const green = new vertex.ModelVersion("green", { model, artifactUri: "gs://my-bucket/census/green/", container });
 * const blueServing = new vertex.Deployment("blue", { endpoint, modelVersion: blue });
 * const greenServing = new vertex.Deployment("green", { endpoint, modelVersion: green });
 * new vertex.TrafficSplit("census", {
 *     endpoint,
 *     split: [
 *         { deployment: blueServing, percent: 90 },
 *         { deployment: greenServing, percent: 10 },
 *     ],
 * });
 * ```
 */
export class TrafficSplit extends TableResource {
    /** The endpoint's full name. */
    declare readonly endpoint: pulumi.Output<string>;
    /** Percent per deployment display name, as declared; on refresh, shares outside it read as `unmanaged-<ID>`. */
    declare readonly percentages: pulumi.Output<Record<string, number>>;
    /** The deployed-model ID of each deployment named in `percentages`. */
    declare readonly deployedModelIds: pulumi.Output<Record<string, string>>;
    /** The declared `operationTimeoutSeconds`. */
    declare readonly operationTimeoutSeconds: pulumi.Output<number | undefined>;
    /** The endpoint's split as the API holds it: deployed-model ID → percent. */
    declare readonly trafficSplit: pulumi.Output<Record<string, number>>;

    constructor(name: string, args: TrafficSplitArgs, opts?: pulumi.CustomResourceOptions) {
        const { endpoint, split, ...rest } = args;
        const who = `TrafficSplit "${name}"`;
        refuseSharedNames(
            who,
            split.map((s) => declaredDisplayNames.get(s.deployment)),
        );
        const names = split.map((s) => s.deployment.displayName);
        // Percentages hang on the display names and percents only, so a preview shows them even where a
        // deployment is still to be created (its deployed-model ID unknown until then).
        const percentages = pulumi.all([pulumi.all(names), pulumi.all(split.map((s) => s.percent))]).apply(([n, p]) => {
            refuseSharedNames(who, n);
            return Object.fromEntries(n.map((key, i) => [key, p[i]]));
        });
        const deployedModelIds = pulumi
            .all([pulumi.all(names), pulumi.all(split.map((s) => s.deployment.deployedModelId))])
            .apply(([n, ids]) => Object.fromEntries(n.map((key, i) => [key, ids[i]])));
        super(
            trafficSplitProvider,
            TRAFFIC_SPLIT_TYPE,
            name,
            trafficSplitOutputNames,
            {
                ...rest,
                endpoint: endpoint instanceof Endpoint ? endpoint.fullName : endpoint,
                percentages,
                deployedModelIds,
            },
            opts,
        );
    }
}

/** Two shares under one display name would collapse into one key: refuse them, naming the name and the fix. */
function refuseSharedNames(who: string, names: readonly (pulumi.Input<string> | undefined)[]): void {
    const plain = names.filter((n): n is string => typeof n === "string");
    const repeated = plain.find((n, i) => plain.indexOf(n) !== i);
    if (repeated !== undefined) {
        throw new pulumi.RunError(
            `${who}: split lists two deployments with the displayName ${JSON.stringify(repeated)}; the shares are keyed by display name, so give each deployment its own displayName (or list it once)`,
        );
    }
}

// The documented Args and declared outputs above must agree with the TrafficSplit table
// (fields/vertex/trafficSplitFields.ts): `split` is the table's percentages and deployedModelIds in the program's
// terms, and `endpoint` also accepts an Endpoint resource.
true satisfies ArgsMatchTable<
    Omit<TrafficSplitArgs, "split">,
    Omit<DeclaredInputsOf<typeof trafficSplitFields>, "percentages" | "deployedModelIds">,
    "endpoint"
>;
true satisfies OutputsDeclared<TrafficSplit, DeclaredOutputsOf<typeof trafficSplitFields>>;
