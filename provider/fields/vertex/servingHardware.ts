// What serves a Vertex AI deployment: the machine types of online prediction, the accelerators each family takes
// (and how many), and the autoscaling metrics. Pure tables from Google's configure-compute page as the reference
// quotes it (§2.1, §5, §8); A2/G2/A3 built-in GPU counts follow Compute Engine's pairing (unconfirmed for Vertex).

interface MachineFamily {
    /** Machine types of the family. */
    readonly types: readonly string[];
    /** Accelerator types the family takes, with the counts allowed. */
    readonly accelerators: Readonly<Record<string, readonly number[]>>;
    /** GPUs built into each machine type of a GPU family: the count a deployment must request. */
    readonly builtInGpus?: Readonly<Record<string, number>>;
}

const sizes = (prefix: string, cpus: readonly number[]) => cpus.map((n) => `${prefix}-${n}`);

export const MACHINE_FAMILIES: Readonly<Record<string, MachineFamily>> = {
    e2: {
        types: [
            ...sizes("e2-standard", [2, 4, 8, 16, 32]),
            ...sizes("e2-highmem", [2, 4, 8, 16]),
            ...sizes("e2-highcpu", [2, 4, 8, 16, 32]),
        ],
        accelerators: {},
    },
    n1: {
        types: [
            ...sizes("n1-standard", [2, 4, 8, 16, 32]),
            ...sizes("n1-highmem", [2, 4, 8, 16, 32]),
            ...sizes("n1-highcpu", [4, 8, 16, 32]),
        ],
        accelerators: {
            NVIDIA_TESLA_T4: [1, 2, 4],
            NVIDIA_TESLA_P4: [1, 2, 4],
            NVIDIA_TESLA_V100: [1, 2, 4, 8],
            NVIDIA_TESLA_P100: [1, 2, 4],
        },
    },
    a2: {
        types: ["a2-highgpu-1g", "a2-highgpu-2g", "a2-highgpu-4g", "a2-highgpu-8g", "a2-ultragpu-1g"],
        accelerators: { NVIDIA_TESLA_A100: [1, 2, 4, 8], NVIDIA_A100_80GB: [1] },
        builtInGpus: {
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
        builtInGpus: {
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
        types: ["a3-highgpu-1g", "a3-highgpu-2g", "a3-highgpu-4g", "a3-highgpu-8g"],
        accelerators: { NVIDIA_H100_80GB: [1, 2, 4, 8] },
        builtInGpus: { "a3-highgpu-1g": 1, "a3-highgpu-2g": 2, "a3-highgpu-4g": 4, "a3-highgpu-8g": 8 },
    },
};

/** The machine type a deployment gets when none is declared (the API's default for a DeployedModel). */
export const DEFAULT_MACHINE_TYPE = "n1-standard-2";

export const SERVING_MACHINE_TYPES: readonly string[] = Object.values(MACHINE_FAMILIES).flatMap((f) => f.types);

export function machineFamily(machineType: string): MachineFamily | undefined {
    const family = MACHINE_FAMILIES[machineType.split("-")[0] ?? ""];
    return family?.types.includes(machineType) ? family : undefined;
}

/** Why a machine type and accelerator do not go together (with the fix), or undefined when they do. */
export function acceleratorProblem(
    machineType: string,
    acceleratorType: string | undefined,
    acceleratorCount: number | undefined,
): { field: "acceleratorType" | "acceleratorCount"; reason: string } | undefined {
    const family = machineFamily(machineType);
    if (!family) return undefined; // the machine type's own rule reports it
    const builtIn = family.builtInGpus?.[machineType];
    const offered = Object.keys(family.accelerators);
    if (acceleratorType === undefined) {
        if (acceleratorCount !== undefined && acceleratorCount > 0) {
            return {
                field: "acceleratorCount",
                reason: `acceleratorCount ${acceleratorCount} needs an acceleratorType; set one (e.g. ${offered[0] ?? "none: this machine type takes no accelerator"}) or remove the count`,
            };
        }
        return builtIn !== undefined
            ? {
                  field: "acceleratorType",
                  reason: `machine type "${machineType}" has ${builtIn} built-in GPU(s): set acceleratorType to ${offered.join(" or ")} and acceleratorCount to ${builtIn}`,
              }
            : undefined;
    }
    const counts = family.accelerators[acceleratorType];
    if (!counts) {
        return {
            field: "acceleratorType",
            reason: offered.length
                ? `accelerator "${acceleratorType}" is not available on machine type "${machineType}"; use ${offered.join(", ")}, or a machine family that takes it`
                : `machine type "${machineType}" takes no accelerator; remove acceleratorType or use an N1 machine type (e.g. n1-standard-4 with NVIDIA_TESLA_T4)`,
        };
    }
    // proto3 sends an unset count as 0, which the API refuses with a type set (the emulator agrees): ask for it.
    if (acceleratorCount === undefined) {
        return {
            field: "acceleratorCount",
            reason: `acceleratorType ${acceleratorType} needs an acceleratorCount; set it to ${builtIn ?? counts.join(", ")}`,
        };
    }
    const count = acceleratorCount;
    if (builtIn !== undefined && count !== builtIn) {
        return {
            field: "acceleratorCount",
            reason: `machine type "${machineType}" has ${builtIn} built-in GPU(s); set acceleratorCount to ${builtIn}`,
        };
    }
    if (builtIn === undefined && !counts.includes(count)) {
        return {
            field: "acceleratorCount",
            reason: `acceleratorCount ${count} of ${acceleratorType} is not offered; use one of ${counts.join(", ")}`,
        };
    }
    return undefined;
}

/** Autoscaling metrics of a dedicated deployment, by their short names (gcloud's `cpu-usage`, `gpu-duty-cycle`). */
export const AUTOSCALING_METRICS = {
    cpuUtilization: "aiplatform.googleapis.com/prediction/online/cpu/utilization",
    acceleratorDutyCycle: "aiplatform.googleapis.com/prediction/online/accelerator/duty_cycle",
    requestCount: "aiplatform.googleapis.com/prediction/online/request_count",
} as const;

/**
 * Google's prebuilt prediction containers: `{us|europe|asia}-docker.pkg.dev/vertex-ai/prediction/<framework>-<cpu|gpu>.<M-m>:latest`
 * (only `:latest` exists), with the versions each framework ships (reference §3.3).
 */
export const PREBUILT_CONTAINER_PATTERN =
    /^(us|europe|asia)-docker\.pkg\.dev\/vertex-ai\/prediction\/([a-z0-9]+)-(cpu|gpu)\.([0-9]+-[0-9]+):latest$/;

export const PREBUILT_FRAMEWORKS: Readonly<Record<string, { versions: readonly string[]; gpu: boolean }>> = {
    sklearn: { versions: ["1-6", "1-5", "1-4", "1-3", "1-2", "1-0", "0-24", "0-23", "0-22", "0-20"], gpu: false },
    xgboost: { versions: ["2-1", "2-0", "1-7", "1-6", "1-5", "1-4", "1-3", "1-2", "1-1", "0-90", "0-82"], gpu: false },
    tf2: {
        versions: [
            "2-15",
            "2-14",
            "2-13",
            "2-12",
            "2-11",
            "2-10",
            "2-9",
            "2-8",
            "2-7",
            "2-6",
            "2-5",
            "2-4",
            "2-3",
            "2-2",
            "2-1",
        ],
        gpu: true,
    },
    tf: { versions: ["1-15"], gpu: true },
    pytorch: { versions: ["2-4", "2-3", "2-2", "2-1", "2-0", "1-13", "1-12", "1-11"], gpu: true },
};

/** Why an image in Google's prebuilt prediction registry does not exist (with the fix), or undefined. */
export function prebuiltContainerProblem(imageUri: string): string | undefined {
    if (!imageUri.includes("docker.pkg.dev/vertex-ai/prediction/")) return undefined; // a custom container
    const m = PREBUILT_CONTAINER_PATTERN.exec(imageUri);
    if (!m) {
        return `"${imageUri}" is not a prebuilt prediction container: they read {us|europe|asia}-docker.pkg.dev/vertex-ai/prediction/<framework>-<cpu|gpu>.<M-m>:latest (only :latest exists); use vertex.prebuiltContainers, e.g. prebuiltContainers.sklearn("1.3")`;
    }
    const [, , framework, processor, version] = m;
    const known = PREBUILT_FRAMEWORKS[framework];
    if (!known) {
        return `"${framework}" has no prebuilt prediction container; use one of ${Object.keys(PREBUILT_FRAMEWORKS).join(", ")}, or a custom container`;
    }
    if (!known.versions.includes(version)) {
        return `${framework} ${version.replace("-", ".")} has no prebuilt prediction container; use one of ${known.versions.map((v) => v.replace("-", ".")).join(", ")}`;
    }
    if (processor === "gpu" && !known.gpu) {
        return `${framework} has no GPU prediction container; use ${framework}-cpu`;
    }
    return undefined;
}
