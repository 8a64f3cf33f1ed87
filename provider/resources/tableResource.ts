// What the resource classes built on a field table share around the engine: the inputs they send (the declared
// arguments, the seeded outputs, the autoname prefix and the customTimeouts resource option) and the outputs kept
// known in an update's preview (knownAtPreview.ts). Each class adds only its arguments, outputs and table.

import * as pulumi from "@pulumi/pulumi";
import { wireNames } from "../fields/wireNames";
import { seedOutputs, stepTimeouts } from "./inputs";
import { identityOutputs } from "./knownAtPreview";

/**
 * Where a resource kind's type token comes from and what its id tells: the token is
 * `pulumi-nodejs:dynamic/<module>:<kind>` ("aiplatform" for ml v1, "aiplatform/vertex" for Vertex AI).
 */
export interface TableResourceType {
    readonly module: "aiplatform" | "aiplatform/vertex";
    readonly kind: string;
    /** The resource has a `name` the provider draws from the logical name when it is omitted (autonaming). */
    readonly named: boolean;
    /** The outputs read from the id, so an update's preview keeps them known (knownAtPreview.ts). */
    readonly idOutputs: (
        id: pulumi.Output<string>,
        declaredName: pulumi.Input<string> | undefined,
    ) => Record<string, pulumi.Output<string>>;
}

/** The ml v1 kinds: a named resource whose id is its full name (`fullName`, and `name` when autonamed). */
export const mlType = (kind: "Model" | "Version"): TableResourceType => ({
    module: "aiplatform",
    kind,
    named: true,
    idOutputs: identityOutputs,
});

export abstract class TableResource extends pulumi.dynamic.Resource {
    /**
     * @param outputNames the table's declared outputs, seeded as undefined so the engine reports every one of them.
     * @param inputs the declared arguments, as the provider takes them (a Version's parent already resolved).
     */
    protected constructor(
        provider: pulumi.dynamic.ResourceProvider,
        type: TableResourceType,
        name: string,
        outputNames: readonly string[],
        inputs: pulumi.Inputs & { name?: pulumi.Input<string> },
        opts: pulumi.CustomResourceOptions | undefined,
    ) {
        super(
            provider,
            name,
            {
                ...seedOutputs(outputNames),
                ...inputs,
                // Only a named kind's table has the field: the others' strict input schema would refuse it.
                ...(type.named && { [wireNames.autonamePrefix]: name }),
                [wireNames.customTimeouts]: stepTimeouts(type.kind, name, opts),
            },
            opts,
            type.module,
            type.kind,
        );
        Object.assign(this, type.idOutputs(this.id, inputs.name));
    }
}
