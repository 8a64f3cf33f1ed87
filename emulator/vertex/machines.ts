// Serving hardware rules (reference §2.1, §5, §8; configure-compute page): which machine types serve
// predictions, which accelerators each family takes and how many, and the replica counts of a deployment.

import { shown } from "../core/errors";
import type { JsonObject } from "../core/proto3json";
import { vertexInvalidField } from "./errors";

/** MachineSpec.machine_type default for a DeployedModel (PROTO-MR). */
export const DEFAULT_MACHINE_TYPE = "n1-standard-2";

interface MachineFamily {
    /** Machine types of the family, with their vCPU counts (quota is charged per vCPU). */
    types: Readonly<Record<string, number>>;
    /** Accelerator types the family takes, each with the counts allowed per machine type (undefined = any listed count). */
    accelerators: Readonly<Record<string, readonly number[]>>;
    /** When the family has GPUs built in, the count each machine type must request. */
    fixedGpus?: Readonly<Record<string, number>>;
}

function sizes(prefix: string, cpus: readonly number[]): Record<string, number> {
    return Object.fromEntries(cpus.map((n) => [`${prefix}-${n}`, n]));
}

const N1_GPU_COUNTS = [1, 2, 4, 8];

/**
 * Machine families for online prediction. E2 and N1 sizes: configure-compute page as quoted in the reference
 * (§8). A2, G2 and A3 with their built-in GPU counts: later revisions of that page, **unconfirmed** here
 * (BEHAVIOUR.md), with Compute Engine's GPU pairing (T4/P4/V100/P100 on N1, A100 on A2, L4 on G2, H100 on A3).
 */
export const MACHINE_FAMILIES: Readonly<Record<string, MachineFamily>> = {
    e2: {
        types: {
            ...sizes("e2-standard", [2, 4, 8, 16, 32]),
            ...sizes("e2-highmem", [2, 4, 8, 16]),
            ...sizes("e2-highcpu", [2, 4, 8, 16, 32]),
        },
        accelerators: {},
    },
    n1: {
        types: {
            ...sizes("n1-standard", [2, 4, 8, 16, 32]),
            ...sizes("n1-highmem", [2, 4, 8, 16, 32]),
            ...sizes("n1-highcpu", [4, 8, 16, 32]),
        },
        accelerators: {
            NVIDIA_TESLA_T4: [1, 2, 4],
            NVIDIA_TESLA_P4: [1, 2, 4],
            NVIDIA_TESLA_V100: N1_GPU_COUNTS,
            NVIDIA_TESLA_P100: [1, 2, 4],
        },
    },
    a2: {
        types: {
            "a2-highgpu-1g": 12,
            "a2-highgpu-2g": 24,
            "a2-highgpu-4g": 48,
            "a2-highgpu-8g": 96,
            "a2-ultragpu-1g": 12,
        },
        accelerators: { NVIDIA_TESLA_A100: N1_GPU_COUNTS, NVIDIA_A100_80GB: [1] },
        fixedGpus: {
            "a2-highgpu-1g": 1,
            "a2-highgpu-2g": 2,
            "a2-highgpu-4g": 4,
            "a2-highgpu-8g": 8,
            "a2-ultragpu-1g": 1,
        },
    },
    g2: {
        types: sizes("g2-standard", [4, 8, 12, 16, 24, 32, 48, 96]),
        accelerators: { NVIDIA_L4: [1, 2, 4, 8] },
        fixedGpus: {
            "g2-standard-4": 1,
            "g2-standard-8": 1,
            "g2-standard-12": 1,
            "g2-standard-16": 1,
            "g2-standard-24": 2,
            "g2-standard-32": 1,
            "g2-standard-48": 4,
            "g2-standard-96": 8,
        },
    },
    a3: {
        types: { "a3-highgpu-1g": 26, "a3-highgpu-2g": 52, "a3-highgpu-4g": 104, "a3-highgpu-8g": 208 },
        accelerators: { NVIDIA_H100_80GB: [1, 2, 4, 8] },
        fixedGpus: { "a3-highgpu-1g": 1, "a3-highgpu-2g": 2, "a3-highgpu-4g": 4, "a3-highgpu-8g": 8 },
    },
};

function familyOf(machineType: string): MachineFamily | undefined {
    const family = MACHINE_FAMILIES[machineType.split("-")[0] ?? ""];
    return family && machineType in family.types ? family : undefined;
}

/** vCPUs of a serving machine type (for the custom_model_serving CPU quota). */
export function machineCpus(machineType: string): number {
    return familyOf(machineType)?.types[machineType] ?? 0;
}

/** A checked MachineSpec with the default machine type applied. */
export interface CheckedMachine {
    machineType: string;
    acceleratorType?: string;
    acceleratorCount?: number;
}

const ACCELERATOR_NONE = "ACCELERATOR_TYPE_UNSPECIFIED";

/** Check a DeployedModel's machineSpec (field path `<prefix>.machine_spec`). */
export function checkMachineSpec(prefix: string, spec: JsonObject | undefined): CheckedMachine {
    const field = `${prefix}.machine_spec`;
    const machineType =
        typeof spec?.machineType === "string" && spec.machineType !== "" ? spec.machineType : DEFAULT_MACHINE_TYPE;
    const family = familyOf(machineType);
    if (!family) {
        throw vertexInvalidField(
            `${field}.machine_type`,
            `Machine type "${machineType}" is not supported for online prediction. Use one of the E2 or N1 types ` +
                `(for example ${DEFAULT_MACHINE_TYPE}) or a GPU type of the A2, G2 or A3 families.`,
        );
    }
    const type = typeof spec?.acceleratorType === "string" ? spec.acceleratorType : ACCELERATOR_NONE;
    const count = typeof spec?.acceleratorCount === "number" ? spec.acceleratorCount : 0;
    if (type === ACCELERATOR_NONE) {
        if (count > 0) {
            throw vertexInvalidField(
                `${field}.accelerator_count`,
                `accelerator_count is ${count} but no accelerator_type is given; set accelerator_type or remove the count.`,
            );
        }
        if (family.fixedGpus) {
            const gpus = family.fixedGpus[machineType];
            const only = Object.keys(family.accelerators).join(" or ");
            throw vertexInvalidField(
                `${field}.accelerator_type`,
                `Machine type "${machineType}" has ${gpus} built-in GPU(s); set accelerator_type to ${only} and accelerator_count to ${gpus}.`,
            );
        }
        return { machineType };
    }
    const counts = family.accelerators[type];
    if (!counts) {
        // Text as seen from the service (terraform-provider-google#18907).
        throw vertexInvalidField(
            `${field}.accelerator_type`,
            `Accelerator "${type}" is not supported for machine type "${machineType}".`,
        );
    }
    const wanted = family.fixedGpus?.[machineType];
    const allowed = wanted === undefined ? counts : [wanted];
    if (!allowed.includes(count)) {
        throw vertexInvalidField(
            `${field}.accelerator_count`,
            `accelerator_count ${count} is not supported for ${type} on machine type "${machineType}"; ` +
                `use ${allowed.join(", ")}.`,
        );
    }
    return { machineType, acceleratorType: type, acceleratorCount: count };
}

/** Autoscaling metrics a DeployedModel may scale on (PROTO-MR AutoscalingMetricSpec.metric_name). */
export const AUTOSCALING_METRICS = [
    "aiplatform.googleapis.com/prediction/online/cpu/utilization",
    "aiplatform.googleapis.com/prediction/online/accelerator/duty_cycle",
    "aiplatform.googleapis.com/prediction/online/request_count",
] as const;

/** Replica counts: min >= 1, max unset (0) = min, max >= min (PROTO-MR; reference §5). Returns [min, max]. */
export function checkReplicas(prefix: string, min: unknown, max: unknown): [number, number] {
    const minCount = typeof min === "number" ? min : 0;
    if (minCount < 1) {
        throw vertexInvalidField(
            `${prefix}.min_replica_count`,
            `min_replica_count is ${minCount}; it must be at least 1.`,
        );
    }
    const maxCount = typeof max === "number" && max !== 0 ? max : minCount;
    if (maxCount < minCount) {
        throw vertexInvalidField(
            `${prefix}.max_replica_count`,
            `max_replica_count ${maxCount} is less than min_replica_count ${minCount}; make it at least ${minCount}, or leave it unset to use ${minCount}.`,
        );
    }
    return [minCount, maxCount];
}

/** Autoscaling metric specs: known metric names, targets 1..100 (default 60 is the server's, not stored here). */
export function checkAutoscaling(prefix: string, specs: unknown): void {
    if (!Array.isArray(specs)) return;
    specs.forEach((raw, i) => {
        const spec = raw as JsonObject;
        const field = `${prefix}.autoscaling_metric_specs[${i}]`;
        if (!AUTOSCALING_METRICS.includes(spec.metricName as (typeof AUTOSCALING_METRICS)[number])) {
            throw vertexInvalidField(
                `${field}.metric_name`,
                `Unsupported autoscaling metric "${shown(spec.metricName)}"; use one of ${AUTOSCALING_METRICS.join(", ")}.`,
            );
        }
        if (spec.target !== undefined && (typeof spec.target !== "number" || spec.target < 1 || spec.target > 100)) {
            throw vertexInvalidField(
                `${field}.target`,
                `Autoscaling target ${shown(spec.target)} must be from 1 to 100.`,
            );
        }
    });
}
