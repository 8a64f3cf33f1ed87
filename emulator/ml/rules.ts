// Validation rules and update-mask handling for models and versions (reference §2, §3, §6 and the
// Version resource reference). Pure functions: no store access. Messages marked in BEHAVIOUR.md
// as unconfirmed are our own wording in the service's "Field: <f> Error: <d>" style.

import {
    DEFAULT_GLOBAL_MACHINE_TYPE,
    DEFAULT_MODEL_REGION,
    DEFAULT_REGIONAL_MACHINE_TYPE,
    GLOBAL_NAMESPACE,
    REGIONAL_ENDPOINT_REGIONS,
    isMls1MachineType,
    isN1MachineType,
} from "./constants";
import { type ApiError, invalidArgument, invalidField } from "../core/errors";
import type { AutoScaling, Labels, ModelFields, VersionFields } from "./resources";
import { camelToSnake } from "./schema";

// ---------------------------------------------------------------- names & labels

/** managing-models-jobs doc: letters, digits, underscores; starts with a letter; <= 128 chars. */
export const RESOURCE_ID_RE = /^[A-Za-z][A-Za-z0-9_]{0,127}$/;

export function validateResourceId(field: "model.name" | "version.name", id: unknown): string {
    if (typeof id !== "string" || !RESOURCE_ID_RE.test(id)) {
        throw invalidField(
            field,
            "A name should start with a letter and contain only letters, numbers and underscores.",
        );
    }
    return id;
}

export const MAX_LABELS = 64;
// resource-labels doc: lowercase letters, numeric characters, underscores and dashes; international
// characters allowed (\p{Ll} lowercase, \p{Lo} caseless scripts); keys start with a letter; <= 63 chars.
const LABEL_KEY_RE = /^[\p{Ll}\p{Lo}][\p{Ll}\p{Lo}\p{N}_-]{0,62}$/u;
const LABEL_VALUE_RE = /^[\p{Ll}\p{Lo}\p{N}_-]{0,63}$/u;

export function validateLabels(field: "model.labels" | "version.labels", labels: Labels | undefined): void {
    if (!labels) return;
    const entries = Object.entries(labels);
    if (entries.length > MAX_LABELS) {
        throw invalidField(
            field,
            `A resource can have at most ${MAX_LABELS} labels, but ${entries.length} were given.`,
        );
    }
    for (const [key, value] of entries) {
        if (!LABEL_KEY_RE.test(key)) {
            throw invalidField(
                field,
                `Invalid label key "${key}". Label keys must be 1-63 characters long, start with a lowercase letter and ` +
                    "contain only lowercase letters, numeric characters, underscores and dashes.",
            );
        }
        if (!LABEL_VALUE_RE.test(value)) {
            throw invalidField(
                field,
                `Invalid label value "${value}" for key "${key}". Label values can be at most 63 characters long and ` +
                    "contain only lowercase letters, numeric characters, underscores and dashes.",
            );
        }
    }
}

// ---------------------------------------------------------------- models

/** Validate a models.create body; returns the stored user fields with server defaults applied. */
export function validateModelCreate(body: ModelFields, namespace: string): ModelFields {
    validateResourceId("model.name", body.name);
    validateLabels("model.labels", body.labels);
    const regional = namespace !== GLOBAL_NAMESPACE;
    const regions = body.regions ?? [];
    if (regions.length > 1) throw invalidField("model.regions", "Only one region per model is supported.");
    const region = regions[0];
    if (region !== undefined) {
        if (!REGIONAL_ENDPOINT_REGIONS.includes(region)) {
            throw invalidField("model.regions", `Region '${region}' is not supported.`);
        }
        if (regional && region !== namespace) {
            throw invalidField(
                "model.regions",
                `The model region '${region}' must match the region of the endpoint '${namespace}'.`,
            );
        }
    }
    if (regional && body.onlinePredictionConsoleLogging) {
        throw invalidField(
            "model.online_prediction_console_logging",
            "Console logging is not supported on regional endpoints.",
        );
    }
    const fields: ModelFields = { regions: [region ?? (regional ? namespace : DEFAULT_MODEL_REGION)] };
    if (body.description !== undefined) fields.description = body.description;
    if (body.onlinePredictionLogging !== undefined) fields.onlinePredictionLogging = body.onlinePredictionLogging;
    if (body.onlinePredictionConsoleLogging !== undefined)
        fields.onlinePredictionConsoleLogging = body.onlinePredictionConsoleLogging;
    if (body.labels !== undefined) fields.labels = { ...body.labels };
    return fields;
}

// ---------------------------------------------------------------- versions

/** "major.minor" -> comparable number; undefined when not numeric. */
function runtimeNumber(runtime: string | undefined): number | undefined {
    const m = runtime === undefined ? null : /^(\d+)\.(\d+)$/.exec(runtime);
    return m ? Number(m[1]) * 1000 + Number(m[2]) : undefined;
}
const RT_1_4 = 1004;
const RT_1_14 = 1014;
const RT_1_15 = 1015;

function requireRuntimeAtLeast14(field: string, what: string, runtime: string | undefined): void {
    const rt = runtimeNumber(runtime);
    if (rt !== undefined && rt < RT_1_4) {
        throw invalidField(
            field,
            `${what} requires runtimeVersion 1.4 or greater, but runtimeVersion is '${runtime}'.`,
        );
    }
}

function validatePythonRuntime(python: string | undefined, runtime: string | undefined): void {
    const rt = runtimeNumber(runtime);
    if (python === undefined || rt === undefined) return;
    const ok =
        python === "3.7"
            ? rt >= RT_1_15
            : python === "3.5"
              ? rt >= RT_1_4 && rt <= RT_1_14
              : python === "2.7"
                ? rt <= RT_1_15
                : true;
    if (!ok) {
        throw invalidField(
            "version.runtime_version",
            `The specified runtime version '${runtime}' with the Python version '${python}' is not supported or is deprecated.  ` +
                "Please specify a different runtime version. See https://cloud.google.com/ml-engine/docs/runtime-version-list " +
                "for a list of supported versions",
        );
    }
}

function validateMachineType(machineType: string, namespace: string): void {
    if (!isMls1MachineType(machineType) && !isN1MachineType(machineType)) {
        throw invalidField(
            "version.machine_type",
            `Unsupported machine type '${machineType}'. See https://cloud.google.com/ai-platform/prediction/docs/` +
                "machine-types-online-prediction for the list of supported machine types.",
        );
    }
    // Observed text (ai-platform-samples #242): no "Field:" prefix and no details.
    if (namespace === GLOBAL_NAMESPACE && isN1MachineType(machineType)) {
        throw invalidArgument(
            `The specified machine type '${machineType}' is only available on the regional endpoint.`,
        );
    }
    if (namespace !== GLOBAL_NAMESPACE && isMls1MachineType(machineType)) {
        throw invalidArgument(`The specified machine type '${machineType}' is only available on the global endpoint.`);
    }
}

const ENV_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

function validateContainer(v: VersionFields, namespace: string): void {
    const c = v.container ?? {};
    const forbidden: [keyof VersionFields, string][] = [
        ["runtimeVersion", "runtime_version"],
        ["packageUris", "package_uris"],
        ["framework", "framework"],
        ["pythonVersion", "python_version"],
        ["predictionClass", "prediction_class"],
    ];
    for (const [key, proto] of forbidden) {
        const value = v[key];
        if (value !== undefined && !(Array.isArray(value) && value.length === 0)) {
            throw invalidField(`version.${proto}`, `${key} must not be specified when container is specified.`);
        }
    }
    if (!c.image) throw invalidField("version.container.image", "image is required when container is specified.");
    if (!v.machineType)
        throw invalidField("version.machine_type", "machineType is required when container is specified.");
    if (namespace !== GLOBAL_NAMESPACE && !c.image.startsWith(`${namespace}-docker.pkg.dev/`)) {
        throw invalidField("version.container.image", `The image URI must begin with '${namespace}-docker.pkg.dev/'.`);
    }
    (c.env ?? []).forEach((e, i) => {
        if (!e.name || !ENV_NAME_RE.test(e.name) || e.name.startsWith("AIP_")) {
            throw invalidField(
                `version.container.env[${i}].name`,
                `Invalid environment variable name '${e.name ?? ""}': must be a valid C identifier and must not begin with AIP_.`,
            );
        }
    });
    (c.ports ?? []).forEach((p, i) => {
        const port = p.containerPort ?? 0;
        if (port <= 0 || port >= 65536) {
            throw invalidField(
                `version.container.ports[${i}].container_port`,
                `Invalid port number ${port}: must be 0 < port < 65536.`,
            );
        }
    });
}

function validateScaling(v: VersionFields, machineType: string): void {
    if (v.autoScaling && v.manualScaling) {
        throw invalidField("version.manual_scaling", "autoScaling and manualScaling cannot both be specified.");
    }
    if (v.autoScaling) {
        const { minNodes = 0, maxNodes = 0 } = v.autoScaling;
        if (minNodes < 0) throw invalidField("version.auto_scaling.min_nodes", "minNodes must not be negative.");
        if (maxNodes < 0) throw invalidField("version.auto_scaling.max_nodes", "maxNodes must not be negative.");
        if (maxNodes > 0 && minNodes > maxNodes) {
            throw invalidField(
                "version.auto_scaling.max_nodes",
                `maxNodes (${maxNodes}) must be greater than or equal to minNodes (${minNodes}).`,
            );
        }
    }
    // AutoScaling doc: "minNodes must be at least 1 for use with a Compute Engine machine type" (unset means 1).
    if (v.autoScaling?.minNodes === 0 && isN1MachineType(machineType)) {
        throw n1MinNodesError(machineType);
    }
    if (v.manualScaling && (v.manualScaling.nodes ?? 0) < 1) {
        throw invalidField("version.manual_scaling.nodes", "nodes must be at least 1.");
    }
    if (v.acceleratorConfig) validateAccelerator(v, machineType);
}

function n1MinNodesError(machineType: string): ApiError {
    return invalidField(
        "version.auto_scaling.min_nodes",
        `minNodes must be at least 1 for use with a Compute Engine machine type ('${machineType}').`,
    );
}

/** GPUs for online prediction: NVIDIA types only, a positive count, N1 machines, and manualScaling. */
function validateAccelerator(v: VersionFields, machineType: string): void {
    const accelerator = v.acceleratorConfig ?? {};
    if (!isN1MachineType(machineType)) {
        throw invalidField(
            "version.accelerator_config",
            `Accelerators are only supported with Compute Engine (N1) machine types, not '${machineType}'.`,
        );
    }
    if (!accelerator.type?.startsWith("NVIDIA_")) {
        throw invalidField(
            "version.accelerator_config.type",
            `Accelerator type '${accelerator.type ?? "ACCELERATOR_TYPE_UNSPECIFIED"}' is not supported for online prediction; use an NVIDIA GPU type.`,
        );
    }
    if (BigInt(accelerator.count ?? "0") <= 0n) {
        throw invalidField(
            "version.accelerator_config.count",
            `The accelerator count must be greater than 0, but is ${accelerator.count ?? "0"}.`,
        );
    }
    // Version reference: "you cannot use AutoScaling if your version uses GPUs" (no scaling = autoScaling).
    if (!v.manualScaling) {
        throw invalidField(
            "version.auto_scaling",
            "AutoScaling cannot be used with GPUs (acceleratorConfig); specify manualScaling instead.",
        );
    }
}

/** Runtime versions ever offered for online prediction (runtime-version-list). */
export const RUNTIME_VERSIONS: readonly string[] = [
    ...Array.from({ length: 16 }, (_, minor) => `1.${minor}`),
    ...Array.from({ length: 11 }, (_, i) => `2.${i + 1}`),
];

function validateRuntimeVersion(runtime: string | undefined): void {
    if (runtime === undefined || RUNTIME_VERSIONS.includes(runtime)) return;
    throw invalidField(
        "version.runtime_version",
        `The specified runtime version '${runtime}' is not supported or is deprecated.  Please specify a different ` +
            "runtime version. See https://cloud.google.com/ml-engine/docs/runtime-version-list for a list of supported versions",
    );
}

/** ExplanationConfig: union field attribution_method, exactly one member. */
function validateExplanation(config: VersionFields["explanationConfig"]): void {
    if (!config) return;
    const methods = Object.keys(config);
    if (methods.length !== 1) {
        throw invalidField(
            "version.explanation_config",
            `Exactly one attribution method must be specified (integratedGradientsAttribution, sampledShapleyAttribution or xraiAttribution), but ${methods.length} were given.`,
        );
    }
    for (const [method, settings] of Object.entries(config)) {
        for (const [key, value] of Object.entries(settings as Record<string, number>)) {
            if (value < 0) {
                throw invalidField(
                    `version.explanation_config.${camelToSnake(method)}.${camelToSnake(key)}`,
                    `${key} must not be negative.`,
                );
            }
        }
    }
}

const OUTPUT_ONLY_VERSION_FIELDS: readonly (keyof VersionFields)[] = [
    "name",
    "isDefault",
    "createTime",
    "lastUseTime",
    "state",
    "errorMessage",
    "etag",
    "lastMigrationModelId",
    "lastMigrationTime",
    // DISC: "Specifying it in a projects.models.versions.create request has no effect."
    "requestLoggingConfig",
];

/** Validate a versions.create body; returns stored user fields with server defaults applied. */
export function validateVersionCreate(body: VersionFields, namespace: string): VersionFields {
    validateResourceId("version.name", body.name);
    validateLabels("version.labels", body.labels);
    const hasContainer = body.container !== undefined;
    if (hasContainer) {
        validateContainer(body, namespace);
    } else {
        if (body.routes)
            throw invalidField("version.routes", "routes can only be specified when container is specified.");
        if (!body.deploymentUri) {
            throw invalidField("version.deployment_uri", "deploymentUri is required unless container is specified.");
        }
        if (!body.runtimeVersion) throw invalidField("version.runtime_version", "runtimeVersion is required.");
    }
    validateRuntimeVersion(body.runtimeVersion);
    validateExplanation(body.explanationConfig);
    if (body.deploymentUri && !body.deploymentUri.startsWith("gs://")) {
        throw invalidField("version.deployment_uri", "The provided URI for model files doesn't start with gs://.");
    }
    const machineType =
        body.machineType ||
        (namespace === GLOBAL_NAMESPACE ? DEFAULT_GLOBAL_MACHINE_TYPE : DEFAULT_REGIONAL_MACHINE_TYPE);
    validateMachineType(machineType, namespace);
    if (hasContainer && !isN1MachineType(machineType)) {
        throw invalidField("version.machine_type", "Custom containers require a Compute Engine (N1) machine type.");
    }
    validateScaling(body, machineType);
    if (body.serviceAccount && !hasContainer && !body.predictionClass) {
        throw invalidField(
            "version.service_account",
            "serviceAccount can only be specified together with container or predictionClass.",
        );
    }
    if (body.predictionClass) {
        if (!isMls1MachineType(machineType)) {
            throw invalidField(
                "version.prediction_class",
                "Custom prediction routines require a legacy (MLS1) machine type.",
            );
        }
        requireRuntimeAtLeast14("version.prediction_class", "predictionClass", body.runtimeVersion);
    }
    if (body.packageUris && body.packageUris.length > 0) {
        requireRuntimeAtLeast14("version.package_uris", "packageUris", body.runtimeVersion);
    }
    if (body.framework === "SCIKIT_LEARN" || body.framework === "XGBOOST") {
        requireRuntimeAtLeast14("version.framework", `Framework ${body.framework}`, body.runtimeVersion);
    }
    validatePythonRuntime(body.pythonVersion, body.runtimeVersion);
    if (body.explanationConfig && !isN1MachineType(machineType)) {
        throw invalidField(
            "version.machine_type",
            `Unsupported machine type '${machineType}' for model explanation, must be Compute Engine machine types, see the ` +
                "full list in https://cloud.google.com/ml-engine/docs/machine-types#compute-engine-machine-types.",
        );
    }

    const fields: VersionFields = structuredClone(body);
    for (const key of OUTPUT_ONLY_VERSION_FIELDS) delete fields[key];
    fields.machineType = machineType;
    if (!hasContainer && !body.predictionClass && (!body.framework || body.framework === "FRAMEWORK_UNSPECIFIED")) {
        fields.framework = "TENSORFLOW";
    }
    return fields;
}

// ---------------------------------------------------------------- update masks

export const MODEL_MASK_PATHS: readonly string[] = ["description", "labels", "defaultVersion.name", "etag"];
export const VERSION_MASK_PATHS: readonly string[] = [
    "description",
    "labels",
    "requestLoggingConfig",
    "autoScaling.minNodes",
    "autoScaling.maxNodes",
    "manualScaling.nodes",
    "etag",
];

/** The parts of a models.patch body selected by the mask (validated). */
export function validateModelPatch(mask: string[], body: ModelFields): ModelFields {
    const patch: ModelFields = {};
    if (mask.includes("description") && body.description !== undefined) patch.description = body.description;
    if (mask.includes("labels")) {
        validateLabels("model.labels", body.labels);
        if (body.labels !== undefined) patch.labels = { ...body.labels };
    }
    if (mask.includes("defaultVersion.name")) {
        const name = body.defaultVersion?.name;
        if (!name)
            throw invalidField("model.default_version.name", "The name of the new default version must be specified.");
        patch.defaultVersion = { name };
    }
    return patch;
}

export function applyModelPatch(fields: ModelFields, mask: string[], patch: ModelFields): ModelFields {
    const out = structuredClone(fields);
    if (mask.includes("description")) setOrDelete(out, "description", patch.description);
    if (mask.includes("labels")) setOrDelete(out, "labels", patch.labels);
    return out;
}

function validateRequestLogging(cfg: VersionFields["requestLoggingConfig"]): void {
    if (!cfg || Object.keys(cfg).length === 0) return;
    if (!cfg.bigqueryTableName || !/^[^.\s]+\.[^.\s]+\.[^.\s]+$/.test(cfg.bigqueryTableName)) {
        throw invalidField(
            "version.request_logging_config.bigquery_table_name",
            'bigqueryTableName is required, in the format "projectId.dataset_name.table_name".',
        );
    }
    const pct = cfg.samplingPercentage ?? 0;
    if (pct < 0 || pct > 1) {
        throw invalidField(
            "version.request_logging_config.sampling_percentage",
            "samplingPercentage must be between 0 and 1.",
        );
    }
}

/** The parts of a versions.patch body selected by the mask, validated against the current version. */
export function validateVersionPatch(mask: string[], body: VersionFields, current: VersionFields): VersionFields {
    const patch: VersionFields = {};
    const machineType = current.machineType ?? "";
    if (mask.includes("description") && body.description !== undefined) patch.description = body.description;
    if (mask.includes("labels")) {
        validateLabels("version.labels", body.labels);
        if (body.labels !== undefined) patch.labels = { ...body.labels };
    }
    if (mask.includes("requestLoggingConfig")) {
        validateRequestLogging(body.requestLoggingConfig);
        if (body.requestLoggingConfig !== undefined) patch.requestLoggingConfig = { ...body.requestLoggingConfig };
    }
    const touchesAuto = mask.includes("autoScaling.minNodes") || mask.includes("autoScaling.maxNodes");
    if (touchesAuto) {
        if (current.manualScaling) {
            throw invalidField(
                "version.auto_scaling",
                "Cannot update autoScaling of a version that uses manualScaling.",
            );
        }
        const auto: AutoScaling = {};
        if (mask.includes("autoScaling.minNodes") && body.autoScaling?.minNodes !== undefined)
            auto.minNodes = body.autoScaling.minNodes;
        if (mask.includes("autoScaling.maxNodes") && body.autoScaling?.maxNodes !== undefined)
            auto.maxNodes = body.autoScaling.maxNodes;
        patch.autoScaling = auto;
        // A masked minNodes absent from the body is cleared to 0, which N1 machines refuse.
        if (mask.includes("autoScaling.minNodes") && (auto.minNodes ?? 0) < 1 && isN1MachineType(machineType)) {
            throw n1MinNodesError(machineType);
        }
        // Validate the scaling the version will end up with, not just the patch.
        validateScaling({ autoScaling: applyVersionPatch(current, mask, patch).autoScaling ?? {} }, machineType);
    }
    if (mask.includes("manualScaling.nodes")) {
        if (!isN1MachineType(machineType)) {
            throw invalidField(
                "version.manual_scaling.nodes",
                `manualScaling.nodes can only be updated for versions that use a Compute Engine (N1) machine type, not '${machineType}'.`,
            );
        }
        if (current.autoScaling) {
            throw invalidField(
                "version.manual_scaling",
                "Cannot update manualScaling of a version that uses autoScaling.",
            );
        }
        validateScaling({ manualScaling: { nodes: body.manualScaling?.nodes ?? 0 } }, machineType);
        patch.manualScaling = { nodes: body.manualScaling?.nodes ?? 0 };
    }
    return patch;
}

export function applyVersionPatch(fields: VersionFields, mask: string[], patch: VersionFields): VersionFields {
    const out = structuredClone(fields);
    if (mask.includes("description")) setOrDelete(out, "description", patch.description);
    if (mask.includes("labels")) setOrDelete(out, "labels", patch.labels);
    if (mask.includes("requestLoggingConfig")) setOrDelete(out, "requestLoggingConfig", patch.requestLoggingConfig);
    for (const key of ["minNodes", "maxNodes"] as const) {
        if (!mask.includes(`autoScaling.${key}`)) continue;
        const auto = { ...(out.autoScaling ?? {}) };
        setOrDelete(auto, key, patch.autoScaling?.[key]);
        out.autoScaling = auto;
    }
    if (mask.includes("manualScaling.nodes")) out.manualScaling = { nodes: patch.manualScaling?.nodes ?? 0 };
    return out;
}

function setOrDelete<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
    if (value === undefined) delete target[key];
    else target[key] = value;
}
