// The public API is documented: every export of provider/index.ts, provider/artifacts.ts, provider/vertex.ts,
// provider/vertexArtifacts.ts and emulator/index.ts (the entry points of package.json's `exports`), every property of an exported interface, class or object type, and every nested object type reachable from them carries TSDoc (what
// an editor shows on hover), in the sources and in the built declarations a user's editor reads (dist/, so
// `npm run build` first, as every unit test run does). docs/reference.md ("Reference") is rendered from those docs
// and must not drift.

import * as fs from "fs";
import * as path from "path";
import {
    type ApiMember,
    changeColumn,
    nestedPlaces,
    collectApi,
    declarationEntryPoints,
    emitDeclarations,
    isEmulatorEntry,
    readmeReference,
    renderReference,
    undocumented,
} from "../../scripts/api-reference";

let api: ApiMember[];
let published: ApiMember[];
beforeAll(() => {
    api = collectApi();
    published = collectApi(declarationEntryPoints);
}, 120_000);

const named = (members: readonly ApiMember[]) => members.map((m) => (m.name ? `${m.owner}.${m.name}` : m.owner));

describe("the public API's TSDoc", () => {
    test("the walk reaches exports, their properties and nested types of every entry point", () => {
        const names = named(api);
        for (const expected of [
            "Model",
            "ModelArgs.labels",
            "Version.state",
            "VersionArgs.autoScaling",
            "AutoScaling.minNodes",
            "AutoScalingArgs.minNodes",
            "MetricSpec.target",
            "MetricSpecArgs.target",
            "ContainerSpec.image",
            "EnvVar.name",
            "XraiAttribution.numIntegralSteps",
            "configKeys.project",
            "ModelDeployment.version",
            "ModelDeploymentArgs.modelPath",
            "ModelDeploymentVersionArgs.machineType",
            "startEmulator",
            "EmulatorOptions.durations",
            "EmulatorOptions.quotas.maxVersions",
            "EmulatorHandle.stop",
            "EmulatorHandle.outOfBand",
            "OutOfBandControls.patch",
            "FaultSpec.kind",
            "FaultKind",
            "RecordedRequest.status",
            "StateSnapshot.namespaces",
            "QuotaLimits.windowMs",
            "GOOGLE_QUOTAS",
            "REGIONAL_ENDPOINT_REGIONS",
            "vertex.Endpoint",
            "vertex.EndpointArgs.requestResponseLogging",
            "vertex.RequestResponseLogging.samplingRate",
            "vertex.ModelVersion.versionId",
            "vertex.Container.imageUri",
            "vertex.DeploymentArgs.minReplicaCount",
            "vertex.AutoscalingMetricSpec.metricName",
            "vertex.TrafficSplitArgs.split",
            "vertex.TrafficShareArgs.percent",
            "vertex.prebuiltContainers.sklearn",
            "ModelRollout.trafficSplit",
            "ModelRolloutArgs.modelPath",
        ]) {
            expect(names).toContain(expected);
        }
        expect(api.length).toBeGreaterThan(150);
        // Every entry point is walked, the emulator's included (package.json exports it to users).
        expect(new Set(api.map((m) => m.entry))).toEqual(
            new Set([
                "provider/index.ts",
                "provider/artifacts.ts",
                "provider/vertex.ts",
                "provider/vertexArtifacts.ts",
                "emulator/index.ts",
            ]),
        );
    });

    test("every member is documented (an undocumented one is named here)", () => {
        expect(undocumented(api)).toEqual([]);
    });

    test("the published declarations (dist/**/*.d.ts) hold the same members, every one documented", () => {
        expect(named(published).sort()).toEqual(named(api).sort());
        expect(undocumented(published)).toEqual([]);
    });

    test("the check names undocumented members at every level (fixture)", () => {
        const fixture = collectApi(["test/fixtures/apiDocs/partlyDocumented.ts"]);
        expect(undocumented(fixture).sort()).toEqual(
            [
                "Args.undocumentedProperty",
                "Args.nested[].undocumentedInner",
                "Undocumented",
                "Resource.undocumentedField",
            ].sort(),
        );
    }, 60_000);

    test("the check over declarations names docs the emitted .d.ts lost (fixture: docs on a zod schema only)", () => {
        const sources = ["test/fixtures/apiDocs/partlyDocumented.ts", "test/fixtures/apiDocs/docsOnSchemaOnly.ts"];
        // .cache/ (git-ignored, never packed) is inside the repository, so the fixture's zod import resolves there.
        const cache = path.join(__dirname, "../../.cache");
        fs.mkdirSync(cache, { recursive: true });
        const outDir = fs.mkdtempSync(path.join(cache, "apiDocs-"));
        try {
            const declarations = emitDeclarations(sources, path.relative(path.join(__dirname, "../.."), outDir));
            const fromSources = undocumented(collectApi(sources));
            expect(fromSources).not.toContain("Size.nodes");
            // The declarations print `size`'s type without the `Size` alias, so the walk also meets it under SizedArgs.
            expect(undocumented(collectApi(declarations)).sort()).toEqual(
                [...fromSources, "Size.nodes", "SizedArgs.size.nodes"].sort(),
            );
        } finally {
            fs.rmSync(outDir, { recursive: true, force: true });
        }
    }, 60_000);

    test("every property of a nested type says what a change of it does (the README's Change column)", () => {
        // The nested types: the provider's exported interfaces besides the resources' arguments and the input forms
        // (the emulator's are no Pulumi inputs: nothing to patch or replace).
        const nested = new Set(
            api
                .filter((m) => m.name === "" && m.type === "interface" && !m.owner.endsWith("Args"))
                .filter((m) => !isEmulatorEntry(m.entry))
                // The options of a function, no Pulumi input.
                .filter((m) => m.owner !== "vertex.PrebuiltContainerOptions")
                .map((m) => m.owner),
        );
        expect([...nested]).toEqual(
            expect.arrayContaining([
                "AutoScaling",
                "MetricSpec",
                "ContainerSpec",
                "EnvVar",
                "vertex.Container",
                "vertex.RequestResponseLogging",
                "vertex.AutoscalingMetricSpec",
            ]),
        );
        const places = nestedPlaces(api);
        expect(places.get("MetricSpec")).toMatchObject({ field: "autoScaling", part: "metrics" });
        expect(places.get("EnvVar")).toMatchObject({ field: "container", part: "env" });
        expect(places.get("vertex.Container")).toMatchObject({ field: "container" });
        expect(places.get("vertex.AutoscalingMetricSpec")).toMatchObject({ field: "autoscalingMetricSpecs" });
        const withoutChange = api.filter((m) => nested.has(m.owner) && m.name !== "" && changeColumn(m, places) === "");
        expect(withoutChange.map((m) => `${m.owner}.${m.name}`)).toEqual([]);
    });

    test("docs/reference.md is the one rendered from the docs (scripts/api-reference.ts --write)", () => {
        const readme = fs.readFileSync(path.join(__dirname, "../../docs/reference.md"), "utf8");
        expect(readmeReference(readme)).toBe(renderReference(api));
    });
});
