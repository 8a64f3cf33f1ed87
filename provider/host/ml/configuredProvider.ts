// What the Model and Version providers share: settings from `configure` (stack configuration) and a lazily
// built API client, so nothing is constructed before the host has delivered the configuration.

import type * as dynamic from "@pulumi/pulumi/dynamic";
import { MlApiClient } from "../apiClient";
import { type AttemptAnswer, coordinatorFor } from "../coordinator";
import { type CredentialConfig, createTokenSource, readCredentialConfig } from "../credentials";
import { projectOfPath } from "../../fields/ml/resourceNames";
import { MlApi } from "./mlApi";
import { mlService } from "./mlEndpoints";
import { realClock } from "../polling";
import { type ProviderSettings, readSettings } from "../settings";

export abstract class ConfiguredProvider {
    protected settings: ProviderSettings = readSettings(undefined);
    private credentials: CredentialConfig = readCredentialConfig(undefined);
    private api?: MlApi;

    async configure(req: dynamic.ConfigureRequest): Promise<void> {
        this.settings = readSettings(req.config);
        this.credentials = readCredentialConfig(req.config);
        this.api = undefined;
    }

    protected mlApi(): MlApi {
        const settings = this.settings;
        // Every attempt of every request waits its turn under the quota of the project it addresses.
        const pace = async (call: string) => {
            const project = projectOfPath(call);
            return project ? coordinatorFor(project, settings, realClock).pace() : undefined;
        };
        // A start the concurrent-operations quota refused goes again when the project's list shows a slot free.
        const awaitRetry = (call: string, refusal: AttemptAnswer, delayMs: number) => {
            const project = projectOfPath(call);
            return project && refusal.refusedBy === "operations"
                ? coordinatorFor(project, settings, realClock).roomAfterRefusal(delayMs)
                : realClock.sleep(delayMs);
        };
        this.api ??= new MlApi(
            new MlApiClient(
                settings,
                mlService(settings),
                createTokenSource(settings.endpointOverride, this.credentials),
                realClock,
                pace,
                awaitRetry,
            ),
            settings,
            realClock,
        );
        return this.api;
    }
}
