// Provider settings, read from stack configuration (through the dynamic provider's `configure`) and the
// environment of the process running the provider. Nothing here is captured into the serialized provider.

import type * as dynamic from "@pulumi/pulumi/dynamic";
import * as path from "node:path";
import type { BackoffPolicy } from "../plan/backoff";
import { configKeys, envKeys } from "../fields/configurationKeys";
import { defaultLedgerDir } from "./quotaLedger";

export interface ProviderSettings {
    /** Default project when a resource does not set one. */
    readonly project?: string;
    /** Base URL replacing https://ml.googleapis.com/ (e.g. a local emulator). */
    readonly endpointOverride?: string;
    /** Base URL template for regional endpoints, with `{region}`. */
    readonly regionalEndpointOverride?: string;
    /** Base URL of Vertex AI (`{region}` replaced by the region); undefined: `https://{region}-aiplatform.googleapis.com`. */
    readonly vertexEndpointOverride?: string;
    /** Deadline for one long-running operation, unless the resource sets operationTimeoutSeconds. */
    readonly operationTimeoutMs: number;
    readonly poll: BackoffPolicy;
    readonly retry: BackoffPolicy & { readonly maxAttempts: number };
    /** How long deleting the default version waits for sibling versions being deleted in parallel. */
    readonly defaultHandoffGraceMs: number;
    readonly quota: QuotaSettings;
    /** Vertex AI's per-project-and-region request quotas, counted over `quota.windowMs` (0 = unpaced). */
    readonly vertexQuota: { readonly requestsPerWindow: number; readonly operationsPerWindow: number };
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
        vertexEndpointOverride:
            nonEmpty(config?.get(configKeys.vertexEndpointOverride)) ?? nonEmpty(env[envKeys.vertexEndpointOverride]),
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
        vertexQuota: {
            // 5 % under Google's 600 requests and 60 operation starts per minute: room for gcloud or the console.
            requestsPerWindow: numberSetting(config, configKeys.vertexQuotaRequestsPerWindow, 570),
            operationsPerWindow: numberSetting(config, configKeys.vertexQuotaOperationsPerWindow, 57),
        },
    };
}
