// Typed calls of Vertex AI v1 (aiplatform.googleapis.com): endpoints, deployed models, the Model Registry, and
// their long-running operations, each waited on with `operations:wait` (the server answers as soon as the
// operation ends; no fixed polling). Shares the host core with ml v1: the HTTP client (retries, Retry-After and
// RetryInfo, attempts), the per-project coordinator (Vertex's per-region quotas), errors and credentials.

import { configKeys, envKeys } from "../../fields/configurationKeys";
import { parseVertexName } from "../../fields/vertex/vertexNames";
import { pollDelayMs } from "../../plan/backoff";
import { type ApiService, type MlApiClient, type RequestOutcome } from "../apiClient";
import { ApiError, orUndefinedOn404 } from "../apiError";
import { type Operation, OperationFailedError, OperationTimeoutError } from "../operations";
import { type Clock, pollAgain, pollDone, pollUntil, realClock } from "../polling";
import type { ProviderSettings } from "../settings";
import { serialize } from "./serialize";

export interface ApiDedicatedResources {
    machineSpec?: { machineType?: string; acceleratorType?: string; acceleratorCount?: number };
    minReplicaCount?: number;
    maxReplicaCount?: number;
    autoscalingMetricSpecs?: { metricName: string; target?: number }[];
}

export interface ApiDeployedModel {
    id: string;
    model: string;
    modelVersionId?: string;
    displayName?: string;
    dedicatedResources?: ApiDedicatedResources;
    serviceAccount?: string;
    enableAccessLogging?: boolean;
    disableContainerLogging?: boolean;
}

export interface ApiEndpoint {
    name: string;
    displayName?: string;
    description?: string;
    labels?: Record<string, string>;
    etag?: string;
    trafficSplit?: Record<string, number>;
    deployedModels?: ApiDeployedModel[];
    predictRequestResponseLoggingConfig?: Record<string, unknown>;
}

/** A model as `models.get` answers it: the model's fields and one version's (`name` without the `@`). */
export interface ApiModel {
    name: string;
    versionId?: string;
    displayName?: string;
    description?: string;
    labels?: Record<string, string>;
    versionAliases?: string[];
    versionDescription?: string;
    artifactUri?: string;
    containerSpec?: Record<string, unknown>;
    etag?: string;
}

const v1 = (name: string) => `v1/${name}`;

/** Google's answer while another operation changes an endpoint (one mutating operation at a time per endpoint). */
const isEndpointBusy = (err: unknown) =>
    err instanceof ApiError && err.isFailedPrecondition && /ongoing operation/i.test(err.apiMessage);

export class VertexApi {
    constructor(
        readonly client: MlApiClient,
        readonly settings: ProviderSettings,
        readonly clock: Clock = realClock,
    ) {}

    // ---- endpoints ----

    async createEndpoint(
        project: string,
        region: string,
        endpointId: string,
        body: Record<string, unknown>,
        timeoutMs: number,
    ): Promise<RequestOutcome<ApiEndpoint>> {
        const parent = `projects/${project}/locations/${region}`;
        const started = await this.client.requestWithAttempts<Operation>("POST", v1(`${parent}/endpoints`), {
            endpoint: region,
            query: { endpointId },
            body,
        });
        await this.wait(started.value, region, timeoutMs, `creation of endpoint ${endpointId}`);
        const live = await this.getEndpoint(`${parent}/endpoints/${endpointId}`);
        if (!live) throw new Error(`endpoint ${parent}/endpoints/${endpointId} was created but cannot be read`);
        return { value: live, attempts: started.attempts };
    }

    getEndpoint(name: string): Promise<ApiEndpoint | undefined> {
        return orUndefinedOn404(this.client.request<ApiEndpoint>("GET", v1(name), { endpoint: regionOf(name) }));
    }

    /** One synchronous `PATCH endpoints/E?updateMask=`. */
    patchEndpoint(name: string, updateMask: string, body: Record<string, unknown>): Promise<ApiEndpoint> {
        return this.client.request<ApiEndpoint>("PATCH", v1(name), {
            endpoint: regionOf(name),
            query: { updateMask },
            body,
        });
    }

    /** Deletes an endpoint and waits for it; an endpoint already gone is fine. */
    async deleteEndpoint(name: string, timeoutMs: number): Promise<void> {
        const op = await this.onEndpoint(name, timeoutMs, () =>
            orUndefinedOn404(this.client.request<Operation>("DELETE", v1(name), { endpoint: regionOf(name) })),
        );
        if (op) await this.wait(op, regionOf(name), timeoutMs, `deletion of ${name}`);
    }

    /**
     * `:deployModel`; resolves with the deployed model once its operation is done. `splitFor` chooses the request's
     * traffic split from the endpoint as it is right before the call (read inside the endpoint's turn).
     */
    async deployModel(
        endpoint: string,
        deployedModel: Record<string, unknown>,
        splitFor: (current: ApiEndpoint) => Record<string, number>,
        timeoutMs: number,
    ): Promise<RequestOutcome<ApiDeployedModel>> {
        const what = `deployment to ${endpoint}`;
        return this.serialized(endpoint, timeoutMs, what, async () => {
            const current = await this.getEndpoint(endpoint);
            if (!current)
                throw new Error(
                    `${what}: the endpoint does not exist (deleted outside Pulumi? run \`pulumi refresh\`)`,
                );
            const started = await this.client.requestWithAttempts<Operation>("POST", v1(`${endpoint}:deployModel`), {
                endpoint: regionOf(endpoint),
                body: { deployedModel, trafficSplit: splitFor(current) },
            });
            const done = await this.wait(started.value, regionOf(endpoint), timeoutMs, what);
            const deployed = (done.response as { deployedModel?: ApiDeployedModel } | undefined)?.deployedModel;
            if (!deployed) throw new Error(`the ${what} finished without a deployed model`);
            return { value: deployed, attempts: started.attempts };
        });
    }

    /**
     * `:undeployModel`; `splitFor` gives the split the endpoint has afterwards when the deployed model still has
     * traffic (read inside the endpoint's turn), or undefined. A deployed model already gone is fine.
     */
    async undeployModel(
        endpoint: string,
        deployedModelId: string,
        splitFor: (current: ApiEndpoint) => Record<string, number> | undefined,
        timeoutMs: number,
    ): Promise<void> {
        const what = `undeployment of ${deployedModelId} from ${endpoint}`;
        await this.serialized(endpoint, timeoutMs, what, async () => {
            const current = await this.getEndpoint(endpoint);
            if (!current?.deployedModels?.some((d) => d.id === deployedModelId)) return;
            const trafficSplit = splitFor(current);
            const op = await orUndefinedOn404(
                this.client.request<Operation>("POST", v1(`${endpoint}:undeployModel`), {
                    endpoint: regionOf(endpoint),
                    body: { deployedModelId, ...(trafficSplit && { trafficSplit }) },
                }),
            );
            if (op) await this.wait(op, regionOf(endpoint), timeoutMs, what);
        });
    }

    /** The traffic split PATCH, in the endpoint's turn (never between a deploy's request and its end). */
    patchTrafficSplit(endpoint: string, trafficSplit: Record<string, number>, timeoutMs: number): Promise<ApiEndpoint> {
        return this.serialized(endpoint, timeoutMs, `traffic split of ${endpoint}`, () =>
            this.patchEndpoint(endpoint, "trafficSplit", { trafficSplit }),
        );
    }

    /** `:mutateDeployedModel` with the update mask in the body (camelCase paths, as the API documents). */
    async mutateDeployedModel(
        endpoint: string,
        deployedModel: Record<string, unknown>,
        updateMask: string,
        timeoutMs: number,
    ): Promise<void> {
        const what = `update of deployed model ${String(deployedModel.id)} of ${endpoint}`;
        await this.serialized(endpoint, timeoutMs, what, async () => {
            const op = await this.client.request<Operation>("POST", v1(`${endpoint}:mutateDeployedModel`), {
                endpoint: regionOf(endpoint),
                body: { deployedModel, updateMask },
            });
            await this.wait(op, regionOf(endpoint), timeoutMs, what);
        });
    }

    // ---- models ----

    /** `models:upload`; resolves with the new version's full name (`…/models/M@N`). */
    async uploadModel(
        project: string,
        region: string,
        body: Record<string, unknown>,
        timeoutMs: number,
    ): Promise<string> {
        const parent = `projects/${project}/locations/${region}`;
        const op = await this.client.request<Operation>("POST", v1(`${parent}/models:upload`), {
            endpoint: region,
            body,
        });
        const what = `upload of a version of ${String(body.modelId ?? body.parentModel)}`;
        const done = await this.wait(op, region, timeoutMs, what);
        const response = done.response as { model?: string; modelVersionId?: string } | undefined;
        if (!response?.model || !response.modelVersionId) {
            throw new Error(`the ${what} finished without naming the model version`);
        }
        return `${response.model}@${response.modelVersionId}`;
    }

    getModel(name: string): Promise<ApiModel | undefined> {
        return orUndefinedOn404(this.client.request<ApiModel>("GET", v1(name), { endpoint: regionOf(name) }));
    }

    /** One synchronous `PATCH models/M[@N]?updateMask=` (a model's fields, or one version's with `@N`). */
    patchModel(name: string, updateMask: string, body: Record<string, unknown>): Promise<ApiModel> {
        return this.client.request<ApiModel>("PATCH", v1(name), {
            endpoint: regionOf(name),
            query: { updateMask },
            body,
        });
    }

    /** `:mergeVersionAliases` of a version: `alias` adds it (moving it from another version), `-alias` removes it. */
    mergeVersionAliases(versionName: string, versionAliases: readonly string[]): Promise<ApiModel> {
        return this.client.request<ApiModel>("POST", v1(`${versionName}:mergeVersionAliases`), {
            endpoint: regionOf(versionName),
            body: { versionAliases },
        });
    }

    async listVersions(modelName: string): Promise<ApiModel[]> {
        const versions: ApiModel[] = [];
        let pageToken: string | undefined;
        do {
            const page = await this.client.request<{ models?: ApiModel[]; nextPageToken?: string }>(
                "GET",
                v1(`${modelName}:listVersions`),
                { endpoint: regionOf(modelName), query: { pageSize: "100", pageToken } },
            );
            versions.push(...(page.models ?? []));
            pageToken = page.nextPageToken || undefined;
        } while (pageToken);
        return versions;
    }

    /** Deletes a whole model (every version) and waits; a model already gone is fine. */
    async deleteModel(name: string, timeoutMs: number): Promise<void> {
        const op = await orUndefinedOn404(
            this.client.request<Operation>("DELETE", v1(name), { endpoint: regionOf(name) }),
        );
        if (op) await this.wait(op, regionOf(name), timeoutMs, `deletion of ${name}`);
    }

    /** `:deleteVersion` of `…/models/M@N` and waits; a version already gone is fine. */
    async deleteVersion(versionName: string, timeoutMs: number): Promise<void> {
        const op = await orUndefinedOn404(
            this.client.request<Operation>("DELETE", v1(`${versionName}:deleteVersion`), {
                endpoint: regionOf(versionName),
            }),
        );
        if (op) await this.wait(op, regionOf(versionName), timeoutMs, `deletion of ${versionName}`);
    }

    // ---- operations ----

    /**
     * Waits for an operation with `operations:wait` calls, each returning as soon as the operation ends (or after
     * its timeout, when it is asked again); a server without `:wait` (404, 501) is polled with `operations.get`.
     */
    async wait(initial: Operation, region: string, timeoutMs: number, what: string): Promise<Operation> {
        let op = initial;
        const deadline = this.clock.now() + timeoutMs;
        let waitable = true;
        await pollUntil(
            {
                deadline,
                schedule: (poll) => (waitable ? 0 : pollDelayMs(this.settings.poll, poll)),
                clock: this.clock,
                onTimeout: () => new OperationTimeoutError(op.name, timeoutMs, what),
            },
            async () => {
                if (op.done) return pollDone(op);
                if (waitable) {
                    const seconds = Math.max(1, Math.min(30, Math.floor((deadline - this.clock.now()) / 1000)));
                    try {
                        op = await this.client.request<Operation>("POST", v1(`${op.name}:wait`), {
                            endpoint: region,
                            query: { timeout: `${seconds}s` },
                            retryUntil: deadline,
                        });
                    } catch (err) {
                        if (
                            !(err instanceof ApiError && (err.httpStatus === 404 || err.httpStatus === 501)) ||
                            !(await this.exists(op.name, region))
                        ) {
                            throw err;
                        }
                        waitable = false;
                    }
                } else {
                    op = await this.client.request<Operation>("GET", v1(op.name), {
                        endpoint: region,
                        retryUntil: deadline,
                    });
                }
                return op.done ? pollDone(op) : pollAgain();
            },
        );
        if (op.error) throw new OperationFailedError(op);
        return op;
    }

    private async exists(operationName: string, region: string): Promise<boolean> {
        return (
            (await orUndefinedOn404(this.client.request<Operation>("GET", v1(operationName), { endpoint: region }))) !==
            undefined
        );
    }

    // ---- one operation at a time per endpoint ----

    /**
     * Runs `call` after this process's earlier calls on the same endpoint, and again while another client's
     * operation keeps the endpoint busy (backing off, until the deadline).
     */
    private serialized<T>(endpoint: string, timeoutMs: number, what: string, call: () => Promise<T>): Promise<T> {
        return serialize(`endpoint ${endpoint.replace(/^projects\/[^/]+\//, "")}`, () =>
            this.onEndpoint(endpoint, timeoutMs, call, what),
        );
    }

    /** Retries `call` while the endpoint has another client's operation in progress. */
    private async onEndpoint<T>(
        endpoint: string,
        timeoutMs: number,
        call: () => Promise<T>,
        what = "a call",
    ): Promise<T> {
        const deadline = this.clock.now() + timeoutMs;
        return pollUntil(
            {
                deadline,
                schedule: (poll) => pollDelayMs(this.settings.poll, poll),
                clock: this.clock,
                onTimeout: () =>
                    new Error(
                        `${what} waited ${Math.round(timeoutMs / 1000)}s for another operation on ${endpoint} to finish; raise operationTimeoutSeconds or retry`,
                    ),
            },
            async () => {
                try {
                    return pollDone(await call());
                } catch (err) {
                    if (isEndpointBusy(err)) return pollAgain();
                    throw err;
                }
            },
        );
    }
}

/** The region in a Vertex resource name (every request goes to its region's host). */
export function regionOf(name: string): string {
    const parsed = parseVertexName(name.replace(/\/(operations|deployedModels)\/.*$/, "").replace(/:[a-zA-Z]+$/, ""));
    const region = parsed?.region ?? /^projects\/[^/]+\/locations\/([^/]+)/.exec(name)?.[1];
    if (!region) throw new Error(`refusing to call Vertex AI for a name without a location: ${JSON.stringify(name)}`);
    return region;
}

/**
 * Base URL of Vertex AI for a region, without a trailing slash: `aiplatform:vertexEndpointOverride` with `{region}`
 * replaced (an emulator serves every region at one URL), else Google's regional host. Requests name the region in
 * their path too, and Google refuses a path whose location differs from the host's.
 */
export function vertexBaseUrl(settings: Pick<ProviderSettings, "vertexEndpointOverride">, region: string): string {
    if (!/^[a-z]+(?:-[a-z]+)*[0-9]+$/.test(region)) {
        throw new Error(`refusing to build a Vertex AI request URL for region ${JSON.stringify(region)}`);
    }
    return settings.vertexEndpointOverride
        ? settings.vertexEndpointOverride.replace("{region}", region).replace(/\/+$/, "")
        : `https://${region}-aiplatform.googleapis.com`;
}

/** Vertex AI's request service: one base URL per region (endpoints.ts), named after the setting that chose it. */
export const vertexService = (settings: ProviderSettings): ApiService => ({
    baseUrl: (region) => {
        if (region === undefined) throw new Error("a Vertex AI request needs a region");
        return vertexBaseUrl(settings, region);
    },
    setting: () =>
        settings.vertexEndpointOverride
            ? `${configKeys.vertexEndpointOverride} (or ${envKeys.vertexEndpointOverride})`
            : undefined,
});
