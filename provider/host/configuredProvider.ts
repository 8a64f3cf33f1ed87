// What the Model and Version providers share: settings from `configure` (stack configuration) and a lazily
// built API client, so nothing is constructed before the host has delivered the configuration.

import type * as dynamic from "@pulumi/pulumi/dynamic";
import { MlApiClient } from "./apiClient";
import { CredentialConfig, createTokenSource, readCredentialConfig } from "./credentials";
import { MlApi } from "./mlApi";
import { ProviderSettings, readSettings } from "./settings";

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
        this.api ??= new MlApi(
            new MlApiClient(this.settings, createTokenSource(this.settings.endpointOverride, this.credentials)),
            this.settings,
        );
        return this.api;
    }
}
