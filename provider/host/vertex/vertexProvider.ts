// What the Vertex AI providers share: settings and credentials from `configure`, and a lazily built VertexApi whose
// every attempt waits its turn under Vertex's quotas of the project and region it addresses (resource management
// requests, and LRO submissions for the calls that start an operation), through the same per-project coordinator
// as ml v1 under the service name of Vertex AI.

import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { ValidationFailure } from "../../fields/validation";
import { withoutUndefined } from "../../fields/values";
import { MlApiClient } from "../apiClient";
import { coordinatorFor, serviceOf } from "../coordinator";
import { type CredentialConfig, createTokenSource, readCredentialConfig } from "../credentials";
import { realClock } from "../polling";
import { type ProviderSettings, readSettings } from "../settings";
import { VertexApi, vertexService } from "./vertexApi";

/** Calls that start a long-running operation: they count against the LRO submission quota as well. */
const STARTS_OPERATION =
    /^(POST .*\/endpoints$|POST .*:(deployModel|undeployModel|mutateDeployedModel)$|POST .*\/models:upload$|DELETE .*\/(endpoints|models)\/[^/]+$|DELETE .*:deleteVersion$)/;

/** The quotas' service: Google's Vertex AI, or the override's host (an emulator is its own), apart from ml v1's. */
export function vertexQuotaService(settings: Pick<ProviderSettings, "vertexEndpointOverride">): string {
    return settings.vertexEndpointOverride
        ? `${serviceOf(settings.vertexEndpointOverride)}#aiplatform`
        : "aiplatform.googleapis.com";
}

export abstract class VertexProvider {
    protected settings: ProviderSettings = readSettings(undefined);
    private credentials: CredentialConfig = readCredentialConfig(undefined);
    private api?: VertexApi;

    async configure(req: dynamic.ConfigureRequest): Promise<void> {
        this.settings = readSettings(req.config);
        this.credentials = readCredentialConfig(req.config);
        this.api = undefined;
    }

    protected vertexApi(): VertexApi {
        const settings = this.settings;
        const service = vertexQuotaService(settings);
        const { windowMs } = settings.quota;
        const { requestsPerWindow, operationsPerWindow } = settings.vertexQuota;
        const pace = async (call: string) => {
            const where = /^[A-Z]+ v1(?:beta1)?\/projects\/([^/]+)\/locations\/([^/:]+)/.exec(call);
            if (!where) return undefined;
            const coordinator = coordinatorFor(where[1], settings, realClock, service);
            const buckets = [
                coordinator.requestBucket(where[2], "requests", { perWindow: requestsPerWindow, windowMs }),
            ];
            if (STARTS_OPERATION.test(call)) {
                // The whole window at once: the operation-start quota is small (60 per minute) and an `up` that
                // deploys many models is bound by it, so an even pace would only add time; the window's accounting
                // (and the ledger between processes) still keeps every sliding minute within it.
                buckets.push(
                    coordinator.requestBucket(where[2], "lroSubmissions", {
                        perWindow: operationsPerWindow,
                        windowMs,
                        burstShare: 1,
                    }),
                );
            }
            return coordinator.pace(buckets);
        };
        this.api ??= new VertexApi(
            new MlApiClient(
                settings,
                vertexService(settings),
                createTokenSource(settings.vertexEndpointOverride, this.credentials),
                realClock,
                pace,
            ),
            settings,
            realClock,
        );
        return this.api;
    }
}

/**
 * check() of the resources the server numbers (versions, deployments, splits): validation only; they have no
 * project of their own (their parent's name carries it) and no name to draw.
 */
export function checkNumbered<I extends object>(
    inputs: I,
    validate: (inputs: I) => ValidationFailure[],
): { inputs: I; failures: ValidationFailure[] } {
    return { inputs: withoutUndefined(inputs), failures: validate(inputs) };
}
