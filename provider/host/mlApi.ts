// Typed calls of projects.models and projects.models.versions, with operations waited on.

import type { ModelInputs, VersionInputs, VersionState } from "../spec/types";
import type { MlApiClient, RequestOutcome } from "./apiClient";
import { ApiError } from "./apiError";
import { Operation, waitForOperation } from "./operations";
import { Clock, realClock } from "./polling";
import type { ProviderSettings } from "./settings";

export interface ApiModel extends Omit<ModelInputs, "name"> {
    name: string;
    etag?: string;
    defaultVersion?: ApiVersion;
}

export interface ApiVersion extends Omit<VersionInputs, "name" | "model" | "isDefault"> {
    name: string;
    isDefault?: boolean;
    state?: VersionState;
    createTime?: string;
    lastUseTime?: string;
    etag?: string;
    errorMessage?: string;
}

export interface ModelRef {
    project: string;
    endpoint?: string;
    model: string;
}

export interface VersionRef extends ModelRef {
    version: string;
}

export const modelPath = (r: ModelRef) => `projects/${r.project}/models/${r.model}`;
export const versionPath = (r: VersionRef) => `${modelPath(r)}/versions/${r.version}`;

/** The last path segment of a full resource name. */
export const shortName = (name: string) => name.slice(name.lastIndexOf("/") + 1);

export class MlApi {
    constructor(
        readonly client: MlApiClient,
        readonly settings: ProviderSettings,
        readonly clock: Clock = realClock,
    ) {}

    // ---- models ----

    createModel(ref: ModelRef, body: Record<string, unknown>): Promise<RequestOutcome<ApiModel>> {
        return this.client.requestWithAttempts<ApiModel>("POST", `v1/projects/${ref.project}/models`, {
            endpoint: ref.endpoint,
            body,
        });
    }

    getModel(ref: ModelRef): Promise<ApiModel | undefined> {
        return orUndefinedOn404(
            this.client.request<ApiModel>("GET", `v1/${modelPath(ref)}`, { endpoint: ref.endpoint }),
        );
    }

    async patchModel(
        ref: ModelRef,
        updateMask: string,
        body: Record<string, unknown>,
        timeoutMs: number,
    ): Promise<void> {
        const op = await this.client.request<Operation>("PATCH", `v1/${modelPath(ref)}`, {
            endpoint: ref.endpoint,
            query: { updateMask },
            body,
        });
        await this.wait(op, ref.endpoint, timeoutMs, `update of ${modelPath(ref)}`);
    }

    async deleteModel(ref: ModelRef, timeoutMs: number): Promise<void> {
        const op = await orUndefinedOn404(
            this.client.request<Operation>("DELETE", `v1/${modelPath(ref)}`, { endpoint: ref.endpoint }),
        );
        if (op) {
            await this.wait(op, ref.endpoint, timeoutMs, `deletion of ${modelPath(ref)}`);
        }
    }

    // ---- versions ----

    async listVersions(ref: ModelRef): Promise<ApiVersion[]> {
        const versions: ApiVersion[] = [];
        let pageToken: string | undefined;
        do {
            const page = await this.client.request<{ versions?: ApiVersion[]; nextPageToken?: string }>(
                "GET",
                `v1/${modelPath(ref)}/versions`,
                {
                    endpoint: ref.endpoint,
                    query: { pageSize: "100", pageToken },
                },
            );
            versions.push(...(page.versions ?? []));
            pageToken = page.nextPageToken || undefined;
        } while (pageToken);
        return versions;
    }

    getVersion(ref: VersionRef): Promise<ApiVersion | undefined> {
        return orUndefinedOn404(
            this.client.request<ApiVersion>("GET", `v1/${versionPath(ref)}`, { endpoint: ref.endpoint }),
        );
    }

    createVersion(ref: VersionRef, body: Record<string, unknown>): Promise<RequestOutcome<Operation>> {
        return this.client.requestWithAttempts<Operation>("POST", `v1/${modelPath(ref)}/versions`, {
            endpoint: ref.endpoint,
            body,
        });
    }

    async patchVersion(
        ref: VersionRef,
        updateMask: string,
        body: Record<string, unknown>,
        timeoutMs: number,
    ): Promise<void> {
        const op = await this.client.request<Operation>("PATCH", `v1/${versionPath(ref)}`, {
            endpoint: ref.endpoint,
            query: { updateMask },
            body,
        });
        await this.wait(op, ref.endpoint, timeoutMs, `update of ${versionPath(ref)}`);
    }

    /** Starts a deletion; undefined when the version is already gone. */
    startVersionDeletion(ref: VersionRef): Promise<Operation | undefined> {
        return orUndefinedOn404(
            this.client.request<Operation>("DELETE", `v1/${versionPath(ref)}`, { endpoint: ref.endpoint }),
        );
    }

    setDefaultVersion(ref: VersionRef): Promise<ApiVersion> {
        return this.client.request<ApiVersion>("POST", `v1/${versionPath(ref)}:setDefault`, {
            endpoint: ref.endpoint,
            body: {},
        });
    }

    wait(op: Operation, endpoint: string | undefined, timeoutMs: number, what: string): Promise<Operation> {
        return waitForOperation(this.client, this.settings, op, { endpoint, timeoutMs, what, clock: this.clock });
    }
}

export async function orUndefinedOn404<T>(promise: Promise<T>): Promise<T | undefined> {
    try {
        return await promise;
    } catch (err) {
        if (err instanceof ApiError && err.isNotFound) {
            return undefined;
        }
        throw err;
    }
}
