// What the Model and Version resource classes share around the engine: the inputs they send (the declared
// arguments, the seeded outputs, the autoname prefix and the customTimeouts resource option) and the outputs kept
// known in an update's preview (knownAtPreview.ts). Each class adds only its arguments, outputs and table.

import * as pulumi from "@pulumi/pulumi";
import { wireNames } from "../fields/wireNames";
import { seedOutputs, stepTimeouts } from "./inputs";
import { identityOutputs } from "./knownAtPreview";

/** The resource kinds built on a field table: their type tokens are `aiplatform:index:<kind>`. */
export type TableResourceKind = "Model" | "Version";

export abstract class TableResource extends pulumi.dynamic.Resource {
    /**
     * @param outputNames the table's declared outputs, seeded as undefined so the engine reports every one of them.
     * @param inputs the declared arguments, as the provider takes them (a Version's parent already resolved).
     */
    protected constructor(
        provider: pulumi.dynamic.ResourceProvider,
        kind: TableResourceKind,
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
                [wireNames.autonamePrefix]: name,
                [wireNames.customTimeouts]: stepTimeouts(kind, name, opts),
            },
            opts,
            "aiplatform",
            kind,
        );
        Object.assign(this, identityOutputs(this.id, inputs.name));
    }
}
