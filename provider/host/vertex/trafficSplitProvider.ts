// The Vertex AI TrafficSplit provider: owns one endpoint's traffic split. Create and update are one
// `PATCH endpoints/E?updateMask=trafficSplit` (deployed models the declaration does not name get 0 %); refresh
// reads traffic set outside Pulumi back as drift, which `up` restores; delete releases ownership and calls nothing
// (the deployments' own deletions move traffic as they go).

import type * as dynamic from "@pulumi/pulumi/dynamic";
import { readBack } from "../../fields/fieldTable";
import { withoutUndefined } from "../../fields/values";
import {
    apiTrafficSplit,
    type TrafficSplitInputs,
    type TrafficSplitOutputs,
    trafficSplitFieldRules,
    trafficSplitFields,
    validateTrafficSplitInputs,
} from "../../fields/vertex/trafficSplitFields";
import { diffResult, operationTimeoutMs } from "../checkRecipe";
import { withoutInternalKeys } from "../records";
import { checkNumbered, VertexProvider } from "./vertexProvider";

const SUFFIX = "/trafficSplit";

export class VertexTrafficSplitProvider
    extends VertexProvider
    implements dynamic.ResourceProvider<TrafficSplitInputs, TrafficSplitOutputs>
{
    async check(
        _olds: TrafficSplitInputs,
        rawNews: TrafficSplitInputs,
    ): Promise<dynamic.CheckResult<TrafficSplitInputs>> {
        return checkNumbered(withoutInternalKeys(rawNews), validateTrafficSplitInputs);
    }

    async diff(_id: string, olds: TrafficSplitOutputs, news: TrafficSplitInputs): Promise<dynamic.DiffResult> {
        return diffResult(trafficSplitFieldRules, olds, news);
    }

    async create(rawInputs: TrafficSplitInputs): Promise<dynamic.CreateResult<TrafficSplitOutputs>> {
        const inputs = withoutInternalKeys(rawInputs);
        return { id: `${inputs.endpoint}${SUFFIX}`, outs: await this.apply(inputs, "create") };
    }

    async read(id: string, rawProps?: TrafficSplitOutputs): Promise<dynamic.ReadResult<TrafficSplitOutputs>> {
        const endpoint = id.endsWith(SUFFIX) ? id.slice(0, -SUFFIX.length) : id;
        const live = await this.vertexApi().getEndpoint(endpoint);
        if (!live) return {}; // the endpoint is gone, and its split with it
        const previous = rawProps
            ? withoutInternalKeys(rawProps)
            : ({ endpoint, percentages: {}, deployedModelIds: {} } as TrafficSplitInputs);
        const inputs = withoutUndefined(readBack(trafficSplitFields, live, previous));
        return {
            id,
            props: { ...inputs, trafficSplit: live.trafficSplit ?? {} },
            inputs: inputs as TrafficSplitOutputs,
        };
    }

    async update(
        _id: string,
        _olds: TrafficSplitOutputs,
        rawNews: TrafficSplitInputs,
    ): Promise<dynamic.UpdateResult<TrafficSplitOutputs>> {
        return { outs: await this.apply(withoutInternalKeys(rawNews), "update") };
    }

    /** Releases ownership: the split stays as it is, and the deployments' deletions move traffic as they go. */
    async delete(_id: string, _props: TrafficSplitOutputs): Promise<void> {}

    private async apply(inputs: TrafficSplitInputs, step: "create" | "update"): Promise<TrafficSplitOutputs> {
        const live = await this.vertexApi().patchTrafficSplit(
            inputs.endpoint,
            apiTrafficSplit(inputs),
            operationTimeoutMs(inputs, this.settings, step),
        );
        return withoutUndefined({ ...inputs, trafficSplit: live.trafficSplit ?? {} });
    }
}
