// Typed calls of projects.models and projects.models.versions, with operations waited on.

import type { ApiFieldsOf } from "../../fields/fieldTable";
import type { modelFields, ModelOutputs } from "../../fields/ml/modelFields";
import type { VersionLiveOutputKey, versionFields, VersionOutputs } from "../../fields/ml/versionFields";
import {
    modelPath,
    type ModelRef,
    modelUrlPath,
    projectOfPath,
    urlSegment,
    versionPath,
    type VersionRef,
    versionUrlPath,
} from "../../fields/ml/resourceNames";
import type { MlApiClient, RequestOutcome } from "../apiClient";
import { ApiError, orUndefinedOn404 } from "../apiError";
import type { Operation } from "../operations";
import { waitForOperation } from "./operationPolling";
import { OperationWatcher } from "./operationWatcher";
import { coordinatorFor, type ProjectCoordinator } from "../coordinator";
import { type Clock, pollAgain, pollDone, pollUntil, realClock } from "../polling";
import { pollDelayMs } from "../../plan/backoff";
import type { ProviderSettings } from "../settings";

/** A model as the API reports it: the table's API fields, its etag, and its default version in full. */
export type ApiModel = ApiFieldsOf<typeof modelFields> & Pick<ModelOutputs, "etag"> & { defaultVersion?: ApiVersion };

/** A version as the API reports it: the table's API fields and the output-only fields the API sets. */
export type ApiVersion = ApiFieldsOf<typeof versionFields> & Pick<VersionOutputs, VersionLiveOutputKey>;

export class MlApi {
    constructor(
        readonly client: MlApiClient,
        readonly settings: ProviderSettings,
        readonly clock: Clock = realClock,
    ) {}

    // ---- models ----

    createModel(ref: ModelRef, body: Record<string, unknown>): Promise<RequestOutcome<ApiModel>> {
        return this.client.requestWithAttempts<ApiModel>(
            "POST",
            `v1/projects/${urlSegment("project", ref.project)}/models`,
            {
                endpoint: ref.endpoint,
                body,
            },
        );
    }

    getModel(ref: ModelRef): Promise<ApiModel | undefined> {
        return orUndefinedOn404(this.client.request<ApiModel>("GET", modelUrlPath(ref), { endpoint: ref.endpoint }));
    }

    async patchModel(
        ref: ModelRef,
        updateMask: string,
        body: Record<string, unknown>,
        timeoutMs: number,
    ): Promise<void> {
        await this.patchAndWait(modelUrlPath(ref), modelPath(ref), ref.endpoint, updateMask, body, timeoutMs);
    }

    async deleteModel(ref: ModelRef, timeoutMs: number): Promise<void> {
        const what = `deletion of ${modelPath(ref)}`;
        // The request and its operation hold one of the project's concurrent-operation slots.
        await this.inOperationSlot(ref, what, timeoutMs, async () => {
            const deadline = this.clock.now() + timeoutMs;
            let op: Operation | undefined;
            try {
                op = await orUndefinedOn404(
                    this.client.request<Operation>("DELETE", modelUrlPath(ref), { endpoint: ref.endpoint }),
                );
            } catch (err) {
                // Our own DELETE whose response was lost (the retry is refused), or someone else's: either way the
                // model is going; wait for it to be gone, as version deletes do.
                if (!(
                    err instanceof ApiError &&
                    err.isFailedPrecondition &&
                    /already being deleted/i.test(err.apiMessage)
                )) {
                    throw err;
                }
                await pollUntil(
                    {
                        deadline,
                        schedule: (poll) => pollDelayMs(this.settings.poll, poll),
                        clock: this.clock,
                        onTimeout: () =>
                            new Error(
                                `${what} (already in progress) did not finish within ${Math.round(timeoutMs / 1000)}s`,
                            ),
                    },
                    async () => ((await this.getModel(ref)) ? pollAgain() : pollDone(undefined)),
                );
                return;
            }
            if (op) {
                await this.wait(op, ref.endpoint, deadline - this.clock.now(), what);
            }
        });
    }

    // ---- versions ----

    async listVersions(ref: ModelRef): Promise<ApiVersion[]> {
        const versions: ApiVersion[] = [];
        let pageToken: string | undefined;
        do {
            const page = await this.client.request<{ versions?: ApiVersion[]; nextPageToken?: string }>(
                "GET",
                `${modelUrlPath(ref)}/versions`,
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
            this.client.request<ApiVersion>("GET", versionUrlPath(ref), { endpoint: ref.endpoint }),
        );
    }

    createVersion(ref: VersionRef, body: Record<string, unknown>): Promise<RequestOutcome<Operation>> {
        return this.client.requestWithAttempts<Operation>("POST", `${modelUrlPath(ref)}/versions`, {
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
        await this.patchAndWait(versionUrlPath(ref), versionPath(ref), ref.endpoint, updateMask, body, timeoutMs);
    }

    /** One `PATCH …?updateMask=` of a model or version, and its operation waited on. */
    private async patchAndWait(
        urlPath: string,
        resourcePath: string,
        endpoint: string | undefined,
        updateMask: string,
        body: Record<string, unknown>,
        timeoutMs: number,
    ): Promise<void> {
        const op = await this.client.request<Operation>("PATCH", urlPath, { endpoint, query: { updateMask }, body });
        await this.wait(op, endpoint, timeoutMs, `update of ${resourcePath}`);
    }

    /** Starts a deletion; undefined when the version is already gone. */
    startVersionDeletion(ref: VersionRef): Promise<Operation | undefined> {
        return orUndefinedOn404(
            this.client.request<Operation>("DELETE", versionUrlPath(ref), { endpoint: ref.endpoint }),
        );
    }

    setDefaultVersion(ref: VersionRef): Promise<ApiVersion> {
        return this.client.request<ApiVersion>("POST", `${versionUrlPath(ref)}:setDefault`, {
            endpoint: ref.endpoint,
            body: {},
        });
    }

    /** Waits for an operation through the project's shared watcher. */
    wait(op: Operation, endpoint: string | undefined, timeoutMs: number, what: string): Promise<Operation> {
        const project = projectOfPath(op.name);
        if (!project) {
            return waitForOperation(this.client, this.settings, op, { endpoint, timeoutMs, what, clock: this.clock });
        }
        return this.watcher(project, endpoint).wait(op, timeoutMs, what);
    }

    /** The project's one watcher of an endpoint's operations, also its census of the operations slots. */
    private watcher(project: string, endpoint: string | undefined): OperationWatcher {
        const coordinator = this.coordinator(project);
        return coordinator.attached(
            `operation watcher ${this.client.baseUrl(endpoint)}`,
            () =>
                new OperationWatcher(
                    this.client,
                    project,
                    endpoint,
                    this.clock,
                    () => coordinator.watchIntervalMs(),
                    coordinator,
                ),
        );
    }

    /**
     * Runs a version create or delete, or a model delete (the request and the wait for its operation), in one of the
     * project's concurrent-operation slots. Queue time is bounded by `timeoutMs` but does not eat `run`'s deadline.
     * The endpoint's watcher lists the project's operations meanwhile, so the slots others hold are seen.
     */
    inOperationSlot<T>(
        ref: { readonly project: string; readonly endpoint?: string },
        what: string,
        timeoutMs: number,
        run: () => Promise<T>,
    ): Promise<T> {
        const coordinator = this.coordinator(ref.project);
        coordinator.expectOperationsCensus();
        const queued = coordinator.withSlot(what, timeoutMs, run);
        this.watcher(ref.project, ref.endpoint).count();
        return queued;
    }

    coordinator(project: string): ProjectCoordinator {
        return coordinatorFor(project, this.settings, this.clock);
    }
}
