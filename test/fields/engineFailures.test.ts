// Issue 19, item 3: check failures as the engine prints them. The engine shows `<type> resource '<name>' has a
// problem: <reason>` for a failure without a property (it names the resource); with a nested property it printed
// `value {<nil>}`. Every reason names the property path, the offending value and the fix.

import { engineFailure } from "../../provider/fields/validation";
import { validateModelInputs } from "../../provider/fields/ml/modelFields";
import { validateVersionInputs } from "../../provider/fields/ml/versionRules";
import { valueAt } from "../../provider/fields/values";
import { WireProvider } from "../../provider/host/wireProvider";
import { VersionProvider } from "../../provider/host/ml/versionProvider";
import { fakeConfig } from "../../harness/providerHarness";
import { invalidCases, validVersion } from "../fixtures/inputs";

/** Words by which a reason tells the user what to do (or what the value must be). */
const FIX =
    /\b(must|use|set|remove|keep|put|point|choose|check|one of|requires?|needs?|at most|at least|only)\b|e\.g\./;

const failuresOf = (c: (typeof invalidCases)[number]) =>
    (c.kind === "model" ? validateModelInputs(c.inputs) : validateVersionInputs(c.inputs as never)).map((failure) => ({
        failure,
        printed: engineFailure(failure, c.inputs),
    }));

describe.each(invalidCases.map((c) => [c.title, c] as const))("%s", (_title, c) => {
    test("the printed reason names the property path, the offending value and the fix", () => {
        const failures = failuresOf(c);
        expect(failures.length).toBeGreaterThan(0);
        for (const { failure, printed } of failures) {
            expect(printed.property).toBe("");
            expect(printed.reason).not.toMatch(/<nil>|undefined|\[object Object\]/);
            expect(printed.reason).toMatch(FIX);
            if (failure.property === "(inputs)") continue;
            expect(printed.reason.startsWith(`${failure.property}: `)).toBe(true);
            const value = valueAt(c.inputs, failure.property);
            if (value !== undefined) {
                expect(printed.reason).toContain(JSON.stringify(value).slice(0, 100));
            }
        }
    });
});

test("a value already quoted by the reason is not repeated; a long one is cut; a `value` key is never shown", () => {
    expect(
        engineFailure({ property: "endpoint", reason: 'endpoint "moon-1" is not valid' }, { endpoint: "moon-1" }),
    ).toEqual({ property: "", reason: 'endpoint: endpoint "moon-1" is not valid' });
    const labels = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, "v"]));
    const long = engineFailure({ property: "labels", reason: "at most 64 labels" }, { labels }).reason;
    expect(long.length).toBeLessThan(200);
    expect(long).toMatch(/…\)$/);
    const secret = { container: { env: [{ name: "TOKEN", value: "s3cr3t" }] } };
    expect(engineFailure({ property: "container.env.0.value", reason: "bad" }, secret).reason).not.toContain("s3cr3t");
});

test("the provider as the engine sees it answers check with these failures (the issue's minNodes: -1)", async () => {
    const provider = new WireProvider(new VersionProvider());
    await provider.configure({ config: fakeConfig({ "aiplatform:project": "demo-project" }) });
    const result = await provider.check({}, { ...validVersion, autoScaling: { minNodes: -1 } });
    expect(result.failures).toEqual([
        { property: "", reason: "autoScaling.minNodes: minNodes must be 0 or more (found -1)" },
    ]);
});
