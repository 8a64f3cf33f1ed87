// The public API is documented: every export of provider/index.ts and provider/artifacts.ts, every property of an
// exported interface, class or object type, and every nested object type reachable from them carries TSDoc (what
// an editor shows on hover). The README's "Reference" section is rendered from those docs and must not drift.

import * as fs from "fs";
import * as path from "path";
import {
    type ApiMember,
    collectApi,
    readmeReference,
    renderReference,
    undocumented,
} from "../../scripts/api-reference";

let api: ApiMember[];
beforeAll(() => {
    api = collectApi();
}, 60_000);

const named = (members: readonly ApiMember[]) => members.map((m) => (m.name ? `${m.owner}.${m.name}` : m.owner));

describe("the public API's TSDoc", () => {
    test("the walk reaches exports, their properties and nested types of both entry points", () => {
        const names = named(api);
        for (const expected of [
            "Model",
            "ModelArgs.labels",
            "Version.state",
            "VersionArgs.autoScaling",
            "AutoScaling.minNodes",
            "AutoScaling.metrics[].target",
            "ContainerSpec.env[].name",
            "ExplanationConfig.xraiAttribution.numIntegralSteps",
            "configKeys.project",
            "ModelDeployment.version",
            "ModelDeploymentArgs.modelPath",
            "ModelDeploymentVersionArgs.machineType",
        ]) {
            expect(names).toContain(expected);
        }
        expect(api.length).toBeGreaterThan(150);
    });

    test("every member is documented (an undocumented one is named here)", () => {
        expect(undocumented(api)).toEqual([]);
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

    test("the README's Reference section is the one rendered from the docs (scripts/api-reference.ts --write)", () => {
        const readme = fs.readFileSync(path.join(__dirname, "../../README.md"), "utf8");
        expect(readmeReference(readme)).toBe(renderReference(api));
    });
});
