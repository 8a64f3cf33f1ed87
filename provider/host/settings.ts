// Provider settings, read from stack configuration (through the dynamic provider's `configure`) and the
// environment of the process running the provider. Nothing here is captured into the serialized provider.

import type * as dynamic from "@pulumi/pulumi/dynamic";
import * as path from "node:path";
import type { BackoffPolicy } from "../plan/backoff";
import { defaultLedgerDir } from "./quotaLedger";

export interface ProviderSettings {
    /** Default project when a resource does not set one. */
    readonly project?: string;
    /** Base URL replacing https://ml.googleapis.com/ (e.g. a local emulator). */
    readonly endpointOverride?: string;
    /** Base URL template for regional endpoints, with `{region}`. */
    readonly regionalEndpointOverride?: string;
    /** Deadline for one long-running operation, unless the resource sets operationTimeoutSeconds. */
    readonly operationTimeoutMs: number;
    readonly poll: BackoffPolicy;
    readonly retry: BackoffPolicy & { readonly maxAttempts: number };
    /** How long deleting the default version waits for sibling versions being deleted in parallel. */
    readonly defaultHandoffGraceMs: number;
    readonly quota: QuotaSettings;
}

/** What the provider keeps itself within, per project (see the README's configuration table). */
export interface QuotaSettings {
    /** Requests sent per sliding window (0 = unpaced). Google allows 300 per 60 s; the margin is for other clients. */
    readonly requestsPerWindow: number;
    readonly windowMs: number;
    /** Version creates and deletes (and model deletes) in flight at once (0 = ungated); Google allows 10. */
    readonly concurrentOperations: number;
    /** How often the shared operation watcher lists the project's unfinished operations (0 = a fifth of the quota). */
    readonly watchIntervalMs: number;
    /**
     * Directory of the quota ledger shared by the provider processes of this machine (docs/quota.md); undefined when
     * switched off (`off`): each process then counts only its own requests and learns from the server's refusals.
     */
    readonly ledgerDir?: string;
}

/** Stack configuration keys (`pulumi config set aiplatform:<key> ...`). */
export const configKeys = {
    /** Project of resources that set no `project`. */
    project: "aiplatform:project",
    /** `@pulumi/gcp`'s project, used when `aiplatform:project` is absent. */
    gcpProject: "gcp:project",
    /** Base URL of the API (default `https://ml.googleapis.com`), e.g. the emulator. */
    endpointOverride: "aiplatform:endpointOverride",
    /** Template for regional endpoints (default `https://{region}-ml.googleapis.com`). */
    regionalEndpointOverride: "aiplatform:regionalEndpointOverride",
    /** Deadline of one long-running operation, in seconds (default 1800). */
    operationTimeoutSeconds: "aiplatform:operationTimeoutSeconds",
    /** First interval of polling a version's state, in ms (default 500). */
    pollInitialIntervalMs: "aiplatform:pollInitialIntervalMs",
    /** Longest interval of polling a version's state, in ms (default 5000). */
    pollMaxIntervalMs: "aiplatform:pollMaxIntervalMs",
    /** HTTP attempts on transient errors (default 7). */
    retryMaxAttempts: "aiplatform:retryMaxAttempts",
    /** First retry delay, in ms, doubled per attempt (default 1000). */
    retryInitialDelayMs: "aiplatform:retryInitialDelayMs",
    /** How long deleting a default version waits for siblings being deleted, in ms (default 10000). */
    defaultHandoffGraceMs: "aiplatform:defaultHandoffGraceMs",
    /** Requests sent per project per window (default 285; 0 = unpaced). */
    quotaRequestsPerWindow: "aiplatform:quotaRequestsPerWindow",
    /** The request quota window, in ms (default 60000). */
    quotaWindowMs: "aiplatform:quotaWindowMs",
    /** Operations in flight per project (default 10; 0 = ungated). */
    concurrentOperations: "aiplatform:concurrentOperations",
    /** How often the operation watcher lists unfinished operations, in ms (default: a fifth of the quota). */
    watchIntervalMs: "aiplatform:watchIntervalMs",
    /** Directory of the quota ledger shared by provider processes on this machine, or `off` (default: per user in the temp dir). */
    quotaLedgerDir: "aiplatform:quotaLedgerDir",
    // Credentials, as @pulumi/gcp reads them (see credentials.ts; environment variables in credentialEnvKeys).
    /** An OAuth 2.0 access token (as `@pulumi/gcp` reads it). */
    gcpAccessToken: "gcp:accessToken",
    /** A service account key: its JSON content or a path to it. */
    gcpCredentials: "gcp:credentials",
    /** A service account to impersonate. */
    gcpImpersonateServiceAccount: "gcp:impersonateServiceAccount",
    /** The delegation chain for impersonation. */
    gcpImpersonateServiceAccountDelegates: "gcp:impersonateServiceAccountDelegates",
    /** Base URL of the IAM Credentials API used for impersonation. */
    gcpIamCredentialsCustomEndpoint: "gcp:iamCredentialsCustomEndpoint",
} as const;

/** Environment variables, used when the configuration key is absent. */
export const envKeys = {
    /** Base URL of the API, as `aiplatform:endpointOverride`. */
    endpointOverride: "AIPLATFORM_ENDPOINT_OVERRIDE",
    /** Template for regional endpoints, as `aiplatform:regionalEndpointOverride`. */
    regionalEndpointOverride: "AIPLATFORM_REGIONAL_ENDPOINT_OVERRIDE",
    /** Project variables, in order of precedence, after `aiplatform:project` and `gcp:project`. */
    projects: ["AIPLATFORM_PROJECT", "GOOGLE_CLOUD_PROJECT", "GCLOUD_PROJECT", "CLOUDSDK_CORE_PROJECT"],
} as const;

type Env = Record<string, string | undefined>;

function numberSetting(config: dynamic.Config | undefined, key: string, fallback: number): number {
    const raw = config?.get(key);
    if (raw === undefined || raw === "") {
        return fallback;
    }
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0) {
        throw new Error(
            `configuration ${key} must be a non-negative number, found ${JSON.stringify(raw)}; fix it with \`pulumi config set ${key} <number>\``,
        );
    }
    return value;
}

function ledgerDirSetting(raw: string | undefined): string | undefined {
    if (raw === undefined) return defaultLedgerDir();
    return raw.toLowerCase() === "off" ? undefined : path.resolve(raw);
}

export function readSettings(config: dynamic.Config | undefined, env: Env = process.env): ProviderSettings {
    const nonEmpty = (v: string | undefined) => (v === undefined || v === "" ? undefined : v);
    return {
        project:
            nonEmpty(config?.get(configKeys.project)) ??
            nonEmpty(config?.get(configKeys.gcpProject)) ??
            envKeys.projects.map((k) => nonEmpty(env[k])).find((v) => v !== undefined),
        endpointOverride: nonEmpty(config?.get(configKeys.endpointOverride)) ?? nonEmpty(env[envKeys.endpointOverride]),
        regionalEndpointOverride:
            nonEmpty(config?.get(configKeys.regionalEndpointOverride)) ??
            nonEmpty(env[envKeys.regionalEndpointOverride]),
        operationTimeoutMs: numberSetting(config, configKeys.operationTimeoutSeconds, 30 * 60) * 1000,
        // gcloud polls every 5 s; we start faster and never wait longer than gcloud between polls.
        poll: {
            initialMs: numberSetting(config, configKeys.pollInitialIntervalMs, 500),
            multiplier: 1.5,
            maxMs: numberSetting(config, configKeys.pollMaxIntervalMs, 5000),
        },
        retry: {
            maxAttempts: numberSetting(config, configKeys.retryMaxAttempts, 7),
            initialMs: numberSetting(config, configKeys.retryInitialDelayMs, 1000),
            multiplier: 2,
            maxMs: 32_000,
        },
        defaultHandoffGraceMs: numberSetting(config, configKeys.defaultHandoffGraceMs, 10_000),
        quota: {
            // 5 % under Google's 300 per minute: room for a console or gcloud session in the same project.
            requestsPerWindow: numberSetting(config, configKeys.quotaRequestsPerWindow, 285),
            windowMs: numberSetting(config, configKeys.quotaWindowMs, 60_000),
            concurrentOperations: numberSetting(config, configKeys.concurrentOperations, 10),
            // 0: derived from the request quota (coordinator.watchIntervalMs), 1053 ms at the defaults.
            watchIntervalMs: numberSetting(config, configKeys.watchIntervalMs, 0),
            ledgerDir: ledgerDirSetting(nonEmpty(config?.get(configKeys.quotaLedgerDir))),
        },
    };
}
