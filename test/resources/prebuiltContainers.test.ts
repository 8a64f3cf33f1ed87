// prebuiltContainers: the image URIs of Google's prebuilt prediction containers, checked against the table of what
// exists (fields/vertex/servingHardware.ts), and agreeing with the rule that checks a ModelVersion's imageUri.

import { PREBUILT_FRAMEWORKS, prebuiltContainerProblem } from "../../provider/fields/vertex/servingHardware";
import { prebuiltContainer, prebuiltContainers } from "../../provider/resources/vertex/prebuiltContainers";

test.each([
    [() => prebuiltContainers.sklearn("1.3"), "us-docker.pkg.dev/vertex-ai/prediction/sklearn-cpu.1-3:latest"],
    [() => prebuiltContainers.sklearn("1-3"), "us-docker.pkg.dev/vertex-ai/prediction/sklearn-cpu.1-3:latest"],
    [
        () => prebuiltContainers.xgboost("1.7", { registry: "europe" }),
        "europe-docker.pkg.dev/vertex-ai/prediction/xgboost-cpu.1-7:latest",
    ],
    [
        () => prebuiltContainers.tf2("2.15", { gpu: true, registry: "asia" }),
        "asia-docker.pkg.dev/vertex-ai/prediction/tf2-gpu.2-15:latest",
    ],
    [() => prebuiltContainers.tf("1.15"), "us-docker.pkg.dev/vertex-ai/prediction/tf-cpu.1-15:latest"],
    [
        () => prebuiltContainers.pytorch("2.4", { gpu: true }),
        "us-docker.pkg.dev/vertex-ai/prediction/pytorch-gpu.2-4:latest",
    ],
])("%#: %s", (make, expected) => {
    expect(make()).toBe(expected);
});

test.each([
    [
        () => prebuiltContainers.sklearn("1.1"),
        'prebuiltContainers.sklearn("1.1"): sklearn 1.1 has no prebuilt prediction container; supported versions: 1.6, 1.5, 1.4, 1.3, 1.2, 1.0, 0.24, 0.23, 0.22, 0.20',
    ],
    [
        () => prebuiltContainers.sklearn("1.3", { gpu: true }),
        'prebuiltContainers.sklearn("1.3", { gpu: true }): sklearn has no GPU prediction container; leave gpu unset (the CPU image)',
    ],
    [
        () => prebuiltContainers.tf2("3.0"),
        'prebuiltContainers.tf2("3.0"): tf2 3.0 has no prebuilt prediction container; supported versions: 2.15',
    ],
    [
        () => prebuiltContainer("jax", "0.4"),
        'prebuiltContainers.jax("0.4"): jax has no prebuilt prediction container; use one of sklearn, xgboost, tf2, tf, pytorch, or your own container image',
    ],
    [
        () => prebuiltContainers.sklearn("1.3", { registry: "moon" as "us" }),
        'prebuiltContainers.sklearn("1.3"): registry "moon" is not one of us, europe, asia',
    ],
])("refuses %#: %s", (make, message) => {
    expect(make).toThrow(message);
});

test("there is a helper for every framework of the table", () => {
    expect(Object.keys(prebuiltContainers).sort()).toEqual(Object.keys(PREBUILT_FRAMEWORKS).sort());
});

test("every image the helpers can make passes the ModelVersion's container check", () => {
    let made = 0;
    for (const [framework, { versions, gpu }] of Object.entries(PREBUILT_FRAMEWORKS)) {
        for (const version of versions) {
            for (const registry of ["us", "europe", "asia"] as const) {
                for (const withGpu of gpu ? [false, true] : [false]) {
                    const uri = prebuiltContainer(framework, version.replace("-", "."), { gpu: withGpu, registry });
                    expect([uri, prebuiltContainerProblem(uri)]).toEqual([uri, undefined]);
                    made += 1;
                }
            }
        }
    }
    expect(made).toBeGreaterThan(100);
});
