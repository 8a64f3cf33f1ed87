// Google credentials, configured the way `@pulumi/gcp` users already configure them: `gcp:accessToken`,
// `gcp:credentials` (service account key content or a path to it), `gcp:impersonateServiceAccount` (+ delegates),
// their environment variables, else Application Default Credentials; all through google-auth-library with the
// cloud-platform scope. Tokens and keys live only in this process's memory: they never reach outputs, logs, errors
// or the serialized provider (which captures nothing, see resources/serializedProvider.ts).

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { type AuthClient, GoogleAuth, Impersonated, OAuth2Client } from "google-auth-library";
import { isLoopbackUrl } from "./endpoints";
import { configKeys } from "../fields/configurationKeys";

/** An access token per call; `description` says which credentials it comes from (never the secret), for messages. */
export type TokenSource = (() => Promise<string>) & { readonly description?: string };

const CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform";
/** Sent only to loopback endpoints (the emulator) when no access token is configured. */
export const EMULATOR_TOKEN = "emulator-token";

/** Node's own fetch for google-auth-library's requests too (as apiClient.ts), not node-fetch through a dynamic import. */
const transporterOptions = { fetchImplementation: fetch };

/** Environment variables the gcp provider (and Terraform's google provider) read for the same settings. */
export const credentialEnvKeys = {
    accessToken: ["GOOGLE_OAUTH_ACCESS_TOKEN"],
    credentials: ["GOOGLE_CREDENTIALS", "GOOGLE_CLOUD_KEYFILE_JSON", "GCLOUD_KEYFILE_JSON"],
    impersonateServiceAccount: ["GOOGLE_IMPERSONATE_SERVICE_ACCOUNT"],
} as const;

/** A configured value and where it came from (a config key or an environment variable), for messages. */
interface Sourced<T> {
    readonly value: T;
    readonly from: string;
}

export interface CredentialConfig {
    readonly accessToken?: Sourced<string>;
    /** Service account key (or other credential) JSON, or a path to such a file. */
    readonly credentials?: Sourced<string>;
    readonly impersonateServiceAccount?: Sourced<string>;
    readonly delegates: string[];
    /** Base URL of the IAM Credentials API (gcp:iamCredentialsCustomEndpoint), for impersonation. */
    readonly iamCredentialsEndpoint?: string;
}

type Env = Record<string, string | undefined>;

export function readCredentialConfig(config: dynamic.Config | undefined, env: Env = process.env): CredentialConfig {
    const nonEmpty = (v: string | undefined) => (v === undefined || v.trim() === "" ? undefined : v);
    const first = (key: string, envNames: readonly string[]): Sourced<string> | undefined => {
        const configured = nonEmpty(config?.get(key));
        if (configured !== undefined) return { value: configured, from: key };
        const name = envNames.find((n) => nonEmpty(env[n]) !== undefined);
        return name === undefined ? undefined : { value: env[name] as string, from: name };
    };
    const delegates = nonEmpty(config?.get(configKeys.gcpImpersonateServiceAccountDelegates));
    return {
        accessToken: first(configKeys.gcpAccessToken, credentialEnvKeys.accessToken),
        credentials: first(configKeys.gcpCredentials, credentialEnvKeys.credentials),
        impersonateServiceAccount: first(
            configKeys.gcpImpersonateServiceAccount,
            credentialEnvKeys.impersonateServiceAccount,
        ),
        delegates: delegates === undefined ? [] : parseDelegates(delegates),
        iamCredentialsEndpoint: nonEmpty(config?.get(configKeys.gcpIamCredentialsCustomEndpoint))?.replace(/\/+$/, ""),
    };
}

function parseDelegates(raw: string): string[] {
    const key = configKeys.gcpImpersonateServiceAccountDelegates;
    let parsed: unknown;
    try {
        parsed = JSON.parse(raw);
    } catch {
        parsed = undefined;
    }
    if (!Array.isArray(parsed) || !parsed.every((d) => typeof d === "string")) {
        throw new Error(
            `configuration ${key} must be a JSON list of service account emails, e.g. ` +
                `\`pulumi config set ${key} '["a@p.iam.gserviceaccount.com"]'\``,
        );
    }
    // The IAM Credentials API names delegates as resources; users list emails, as for the gcp provider.
    return parsed.map((d: string) => (d.startsWith("projects/") ? d : `projects/-/serviceAccounts/${d}`));
}

/**
 * The JSON of `gcp:credentials`: the value itself when it is JSON (key content), else the file it names. Messages
 * name the setting and the path, never the content.
 */
export function loadCredentialJson(credentials: Sourced<string>): Record<string, unknown> {
    const text = credentials.value.trim();
    const isContent = text.startsWith("{");
    let raw = text;
    if (!isContent) {
        try {
            raw = fs.readFileSync(text, "utf8");
        } catch (err) {
            throw new Error(
                `${credentials.from} names a file that cannot be read (${text}: ${(err as NodeJS.ErrnoException).code ?? "error"}); ` +
                    "set it to the key file's path or to its JSON content",
            );
        }
    }
    try {
        const json: unknown = JSON.parse(raw);
        if (json !== null && typeof json === "object" && !Array.isArray(json)) {
            return json as Record<string, unknown>;
        }
    } catch {
        // reported below, without the content
    }
    throw new Error(
        `${credentials.from} ${isContent ? "is not valid JSON" : `names a file (${text}) that is not valid JSON`}; ` +
            "expected a service account key (or another Google credential file), e.g. from `gcloud iam service-accounts keys create`",
    );
}

/** The client that answers for the caller's identity, before any impersonation. */
async function sourceClient(creds: CredentialConfig): Promise<AuthClient> {
    if (creds.accessToken) {
        const client = new OAuth2Client({ transporterOptions });
        client.setCredentials({ access_token: creds.accessToken.value });
        return client;
    }
    if (creds.credentials) {
        return new GoogleAuth({
            credentials: loadCredentialJson(creds.credentials),
            scopes: [CLOUD_PLATFORM_SCOPE],
            clientOptions: { transporterOptions },
        })
            .getClient()
            .then((c) => c);
    }
    return new GoogleAuth({ scopes: [CLOUD_PLATFORM_SCOPE], clientOptions: { transporterOptions } }).getClient();
}

/** The client whose tokens call the API: the source client, or a service account it impersonates. */
async function apiClient(creds: CredentialConfig): Promise<AuthClient> {
    const source = await sourceClient(creds);
    if (!creds.impersonateServiceAccount) {
        return source;
    }
    return new Impersonated({
        sourceClient: source,
        targetPrincipal: creds.impersonateServiceAccount.value,
        targetScopes: [CLOUD_PLATFORM_SCOPE],
        delegates: creds.delegates,
        lifetime: 3600,
        transporterOptions,
        ...(creds.iamCredentialsEndpoint ? { endpoint: creds.iamCredentialsEndpoint } : {}),
    });
}

function howToFix(creds: CredentialConfig): string {
    if (creds.impersonateServiceAccount) {
        return (
            `check that the caller may impersonate ${creds.impersonateServiceAccount.value} ` +
            `(roles/iam.serviceAccountTokenCreator) and that the IAM Credentials API is enabled`
        );
    }
    return (
        "run `gcloud auth application-default login`, `pulumi config set --secret gcp:credentials <key file or JSON>`, " +
        "set GOOGLE_APPLICATION_CREDENTIALS to a service account key file, or set gcp:accessToken / GOOGLE_OAUTH_ACCESS_TOKEN"
    );
}

/**
 * Which credentials the token source uses, in words a user can act on and without any secret: the setting or
 * environment variable, a key file's path (not its content), the impersonated account, or which ADC source applies.
 */
export function describeCredentials(
    endpointOverride: string | undefined,
    creds: CredentialConfig,
    env: Env = process.env,
): string {
    if (creds.accessToken && !creds.impersonateServiceAccount) {
        return `the access token of ${creds.accessToken.from}`;
    }
    if (isLoopbackUrl(endpointOverride)) {
        return `the emulator's placeholder token (${endpointOverride} is a loopback endpoint)`;
    }
    const source = creds.accessToken
        ? `the access token of ${creds.accessToken.from}`
        : creds.credentials
          ? creds.credentials.value.trim().startsWith("{")
              ? `the key JSON in ${creds.credentials.from}`
              : `the key file ${creds.credentials.value.trim()} (${creds.credentials.from})`
          : `Application Default Credentials (${adcSource(env)})`;
    return creds.impersonateServiceAccount
        ? `service account ${creds.impersonateServiceAccount.value} (${creds.impersonateServiceAccount.from}), impersonated with ${source}`
        : source;
}

/** Where google-auth-library finds Application Default Credentials, in its order. */
function adcSource(env: Env): string {
    const file = env.GOOGLE_APPLICATION_CREDENTIALS;
    if (file) return `GOOGLE_APPLICATION_CREDENTIALS=${file}`;
    const gcloudDir = env.CLOUDSDK_CONFIG ?? path.join(os.homedir(), ".config", "gcloud");
    const wellKnown = path.join(gcloudDir, "application_default_credentials.json");
    return fs.existsSync(wellKnown) ? `gcloud's file ${wellKnown}` : "the metadata server: no ADC file was found";
}

export function createTokenSource(endpointOverride: string | undefined, creds: CredentialConfig): TokenSource {
    let client: Promise<AuthClient> | undefined;
    const token = async () => {
        if (creds.accessToken && !creds.impersonateServiceAccount) {
            return creds.accessToken.value;
        }
        if (isLoopbackUrl(endpointOverride)) {
            // A local emulator: never send real credentials there, and never let ADC probe the GCE metadata server.
            return EMULATOR_TOKEN;
        }
        try {
            client ??= apiClient(creds);
            // Request headers rather than getAccessToken: they also cover self-signed JWTs (e.g. other universes).
            const headers = await (await client).getRequestHeaders();
            const token = headers.get("authorization")?.replace(/^Bearer\s+/i, "");
            if (token) {
                return token;
            }
            throw new Error("the credentials produced no access token");
        } catch (err) {
            client = undefined; // the next call tries again (e.g. after `gcloud auth application-default login`)
            const reason = err instanceof Error ? err.message.split("\n")[0] : String(err);
            throw new Error(`could not get Google credentials (${reason}); ${howToFix(creds)}`);
        }
    };
    return Object.assign(token, { description: describeCredentials(endpointOverride, creds) });
}
