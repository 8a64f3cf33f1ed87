// Serving hardware rules: machine types, accelerator type and count per family, replica counts, autoscaling.

import { checkAutoscaling, checkMachineSpec, checkReplicas } from "../../../emulator/vertex/machines";
import type { JsonObject } from "../../../emulator/core/proto3json";
import { refusal } from "../../helpers/vertexRefusal";

const P = "deployed_model.dedicated_resources";

describe("machine specs", () => {
    test.each<[string, JsonObject | undefined, JsonObject]>([
        ["no spec takes the default machine type", undefined, { machineType: "n1-standard-2" }],
        ["an E2 type", { machineType: "e2-standard-4" }, { machineType: "e2-standard-4" }],
        [
            "N1 with a T4",
            { machineType: "n1-standard-4", acceleratorType: "NVIDIA_TESLA_T4", acceleratorCount: 1 },
            { machineType: "n1-standard-4", acceleratorType: "NVIDIA_TESLA_T4", acceleratorCount: 1 },
        ],
        [
            "G2 with its built-in L4",
            { machineType: "g2-standard-24", acceleratorType: "NVIDIA_L4", acceleratorCount: 2 },
            { machineType: "g2-standard-24", acceleratorType: "NVIDIA_L4", acceleratorCount: 2 },
        ],
        [
            "explicit ACCELERATOR_TYPE_UNSPECIFIED means none",
            { machineType: "n1-highcpu-4", acceleratorType: "ACCELERATOR_TYPE_UNSPECIFIED" },
            { machineType: "n1-highcpu-4" },
        ],
    ])("%s", (_name, spec, expected) => {
        expect(checkMachineSpec(P, spec)).toEqual(expected);
    });

    test.each<[string, JsonObject, string, string]>([
        ["an ml v1 type", { machineType: "mls1-c1-m2" }, "machine_type", 'Machine type "mls1-c1-m2" is not supported'],
        ["n1-highcpu-2 (not offered)", { machineType: "n1-highcpu-2" }, "machine_type", "n1-highcpu-2"],
        [
            "a K80 on N1 (not offered for prediction)",
            { machineType: "n1-standard-4", acceleratorType: "NVIDIA_TESLA_K80", acceleratorCount: 1 },
            "accelerator_type",
            'Accelerator "NVIDIA_TESLA_K80" is not supported for machine type "n1-standard-4".',
        ],
        [
            "an L4 on N1",
            { machineType: "n1-standard-4", acceleratorType: "NVIDIA_L4", acceleratorCount: 1 },
            "accelerator_type",
            'Accelerator "NVIDIA_L4" is not supported',
        ],
        [
            "a GPU on E2",
            { machineType: "e2-standard-4", acceleratorType: "NVIDIA_TESLA_T4", acceleratorCount: 1 },
            "accelerator_type",
            "not supported",
        ],
        [
            "a count without a type",
            { machineType: "n1-standard-4", acceleratorCount: 1 },
            "accelerator_count",
            "no accelerator_type is given",
        ],
        [
            "a type with count 0",
            { machineType: "n1-standard-4", acceleratorType: "NVIDIA_TESLA_T4" },
            "accelerator_count",
            "accelerator_count 0 is not supported",
        ],
        [
            "three T4s",
            { machineType: "n1-standard-4", acceleratorType: "NVIDIA_TESLA_T4", acceleratorCount: 3 },
            "accelerator_count",
            "use 1, 2, 4",
        ],
        [
            "a2-highgpu-2g with one GPU",
            { machineType: "a2-highgpu-2g", acceleratorType: "NVIDIA_TESLA_A100", acceleratorCount: 1 },
            "accelerator_count",
            "use 2",
        ],
        [
            "a GPU family without its GPU",
            { machineType: "a3-highgpu-1g" },
            "accelerator_type",
            "has 1 built-in GPU(s); set accelerator_type to NVIDIA_H100_80GB",
        ],
    ])("refuses %s", (_name, spec, field, message) => {
        const r = refusal(() => checkMachineSpec(P, spec));
        expect(r).toMatchObject({ status: "INVALID_ARGUMENT", field: `${P}.machine_spec.${field}` });
        expect(r.message).toContain(message);
    });
});

describe("replica counts", () => {
    test.each<[unknown, unknown, [number, number] | string]>([
        [1, undefined, [1, 1]],
        [2, 0, [2, 2]],
        [1, 3, [1, 3]],
        [3, 3, [3, 3]],
        [0, 1, "min_replica_count is 0; it must be at least 1"],
        [undefined, 2, "min_replica_count is 0"],
        [3, 2, "max_replica_count 2 is less than min_replica_count 3"],
    ])("min %j max %j", (min, max, expected) => {
        if (typeof expected === "string") expect(refusal(() => checkReplicas(P, min, max)).message).toContain(expected);
        else expect(checkReplicas(P, min, max)).toEqual(expected);
    });
});

describe("autoscaling metric specs", () => {
    test.each<[unknown, string | undefined]>([
        [[{ metricName: "aiplatform.googleapis.com/prediction/online/cpu/utilization", target: 70 }], undefined],
        [[{ metricName: "aiplatform.googleapis.com/prediction/online/accelerator/duty_cycle" }], undefined],
        [[{ metricName: "cpu-usage", target: 70 }], 'Unsupported autoscaling metric "cpu-usage"'],
        [
            [{ metricName: "aiplatform.googleapis.com/prediction/online/cpu/utilization", target: 0 }],
            "target 0 must be from 1 to 100",
        ],
        [[{ metricName: "aiplatform.googleapis.com/prediction/online/cpu/utilization", target: 101 }], "target 101"],
    ])("%j", (specs, error) => {
        if (error === undefined) expect(() => checkAutoscaling(P, specs)).not.toThrow();
        else expect(refusal(() => checkAutoscaling(P, specs)).message).toContain(error);
    });
});
