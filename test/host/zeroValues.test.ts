// Issue 19, item 2: every field that can hold a zero value (0, "", false, [] and {}, at the top level and inside
// nested objects) round-trips create -> refresh -> diff as "no change", against the emulator. The API leaves proto3
// defaults out of its answers; refresh must read that absence as the declared zero, exactly (the engine compares
// refreshed outputs and inputs with the stored ones key by key), and diff must see nothing to do, so `up --refresh`
// sends no PATCH. The cases are generated from the field tables: a new zero-able field is covered without an edit.

import type { z } from "zod";
import { type FieldTable } from "../../provider/fields/fieldTable";
import { modelFields } from "../../provider/fields/ml/modelFields";
import { versionFields } from "../../provider/fields/ml/versionFields";
import type { ModelInputs, VersionInputs } from "../../provider/fields/ml/types";
import { type Harness, HOST_PROVIDER_KEY, mutating, startHarness } from "../../harness/providerHarness";
import { validContainerVersion, validModel, validRegionalVersion, validVersion } from "../fixtures/inputs";

interface ZodDef {
    type: string;
    innerType?: z.ZodType;
    shape?: Record<string, z.ZodType>;
    options?: z.ZodType[];
}
const defOf = (schema: z.ZodType) => (schema as unknown as { def: ZodDef }).def;
const unwrap = (schema: z.ZodType): z.ZodType => {
    const def = defOf(schema);
    return def.type === "optional" && def.innerType ? unwrap(def.innerType) : schema;
};

/** The zero value of a schema's type, as a program would write it. */
function zeroOf(schema: z.ZodType): unknown {
    const def = defOf(unwrap(schema));
    switch (def.type) {
        case "string":
        case "enum":
            return "";
        case "number":
        case "union": // accelerator count: a number or its decimal text
            return 0;
        case "boolean":
            return false;
        case "array":
            return [];
        case "record":
        case "object":
            return {};
        default:
            throw new Error(`no zero value for a ${def.type} schema`);
    }
}

/** Where a nested field's keys are zeroed: a valid value of the field, and the valid inputs that carry it. */
const carriers: Record<string, { base: VersionInputs; value: Record<string, unknown> }> = {
    autoScaling: { base: validVersion, value: { minNodes: 1, maxNodes: 3 } },
    manualScaling: { base: validRegionalVersion, value: { nodes: 2 } },
    requestLoggingConfig: { base: validVersion, value: { bigqueryTableName: "demo-project.logs.census" } },
    container: { base: validContainerVersion, value: validContainerVersion.container as Record<string, unknown> },
    routes: { base: validContainerVersion, value: validContainerVersion.routes as Record<string, unknown> },
    explanationConfig: { base: validRegionalVersion, value: { xraiAttribution: { numIntegralSteps: 50 } } },
    acceleratorConfig: {
        base: { ...validRegionalVersion, machineType: "n1-standard-4" },
        value: { count: 1, type: "NVIDIA_TESLA_T4" },
    },
};

interface ZeroCase {
    kind: "Model" | "Version";
    path: string;
    inputs: Record<string, unknown>;
}

/** One case per zero-able field path of a table: each top-level input, and each key of an object input. */
function zeroCases(kind: ZeroCase["kind"], table: FieldTable, base: Record<string, unknown>): ZeroCase[] {
    const cases: ZeroCase[] = [];
    for (const [key, field] of Object.entries(table)) {
        if (!["api", "afterCreate", "control"].includes(field.role)) continue;
        const carrier = carriers[key];
        const inputsBase = (carrier?.base as Record<string, unknown> | undefined) ?? base;
        cases.push({ kind, path: key, inputs: { ...inputsBase, [key]: zeroOf(field.schema) } });
        const shape = defOf(unwrap(field.schema)).shape;
        if (shape && carrier) {
            for (const [part, partSchema] of Object.entries(shape)) {
                cases.push({
                    kind,
                    path: `${key}.${part}`,
                    inputs: { ...inputsBase, [key]: { ...carrier.value, [part]: zeroOf(partSchema) } },
                });
            }
        }
    }
    return cases;
}

const { description: _d, labels: _l, ...bareModel } = validModel;
const cases = [
    ...zeroCases("Model", modelFields, { ...bareModel, name: undefined }),
    ...zeroCases("Version", versionFields, validVersion),
];

/** The zero values check refuses, with the property it names: the rules say these cannot be zero. */
const refusedByCheck: Record<string, string> = {
    "Model operationTimeoutSeconds": "operationTimeoutSeconds",
    "Version deploymentUri": "deploymentUri",
    "Version runtimeVersion": "runtimeVersion",
    "Version pythonVersion": "pythonVersion",
    "Version framework": "framework",
    "Version machineType": "machineType",
    "Version acceleratorConfig": "acceleratorConfig.count",
    "Version acceleratorConfig.count": "acceleratorConfig.count",
    "Version acceleratorConfig.type": "acceleratorConfig.type",
    "Version predictionClass": "predictionClass",
    "Version serviceAccount": "serviceAccount",
    "Version explanationConfig": "explanationConfig",
    "Version explanationConfig.integratedGradientsAttribution":
        "explanationConfig.integratedGradientsAttribution.numIntegralSteps",
    "Version explanationConfig.sampledShapleyAttribution": "explanationConfig.sampledShapleyAttribution.numPaths",
    "Version explanationConfig.xraiAttribution": "explanationConfig.xraiAttribution.numIntegralSteps",
    "Version routes.predict": "routes.predict",
    "Version routes.health": "routes.health",
    "Version container": "container.image",
    "Version container.image": "container.image",
    "Version autoScaling.maxNodes": "autoScaling.maxNodes",
    "Version manualScaling": "manualScaling.nodes",
    "Version manualScaling.nodes": "manualScaling.nodes",
    "Version requestLoggingConfig": "requestLoggingConfig.bigqueryTableName",
    "Version requestLoggingConfig.bigqueryTableName": "requestLoggingConfig.bigqueryTableName",
    "Version operationTimeoutSeconds": "operationTimeoutSeconds",
};

let h: Harness;
beforeAll(async () => {
    h = await startHarness();
    for (const endpoint of ["global", "us-central1"]) {
        await h.model.create({
            name: endpoint === "global" ? "census" : "census_regional",
            project: "demo-project",
            endpoint,
        });
    }
});
afterAll(() => h.stop());

let serial = 0;

test.each(cases.map((c) => [`${c.kind} ${c.path}`, c] as const))("%s", async (title, c) => {
    const provider = c.kind === "Model" ? h.model : h.version;
    const name = `${c.kind === "Model" ? "m" : "v"}${serial++}`;
    const regional = c.inputs.endpoint === "us-central1";
    const declared = {
        ...c.inputs,
        name,
        ...(c.kind === "Version" && { model: regional ? "census_regional" : "census" }),
        autonamePrefix: name,
    };
    const checked = await provider.check({} as never, { ...declared, ...HOST_PROVIDER_KEY } as never);
    const failures = checked.failures ?? [];
    if (refusedByCheck[title] !== undefined) {
        expect(failures.map((f) => f.property)).toContain(refusedByCheck[title]);
        return;
    }
    expect(failures).toEqual([]);
    const inputs = { ...checked.inputs, ...HOST_PROVIDER_KEY } as ModelInputs & VersionInputs;
    const created = await provider.create(inputs);
    const outs = { ...created.outs, ...HOST_PROVIDER_KEY };

    // Refresh: the engine stores what read returns; any difference from the stored state is a drift it reports.
    const read = await provider.read(created.id, outs as never);
    expect(read.props).toStrictEqual(created.outs);
    expect(read.inputs).toStrictEqual(checked.inputs);

    // The next preview or up: check against the refreshed inputs, then diff against the refreshed outputs.
    const before = mutating(h).length;
    const again = await provider.check(
        { ...read.inputs, ...HOST_PROVIDER_KEY } as never,
        { ...declared, ...HOST_PROVIDER_KEY } as never,
    );
    expect(again.inputs).toStrictEqual(read.inputs);
    const diff = await provider.diff(
        created.id,
        { ...read.props, ...HOST_PROVIDER_KEY } as never,
        {
            ...again.inputs,
            ...HOST_PROVIDER_KEY,
        } as never,
    );
    expect(diff.changes).toBe(false);
    expect(mutating(h).length).toBe(before);
});

test("the table covers the zero values the issue names", () => {
    const titles = cases.map((c) => `${c.kind} ${c.path}`);
    for (const named of [
        "Version autoScaling.minNodes",
        "Version description",
        "Version labels",
        "Model description",
        "Model labels",
        "Version isDefault",
        "Version packageUris",
        "Model regions",
    ]) {
        expect(titles).toContain(named);
    }
});
