// The names of the provider's configuration: stack configuration keys and environment variables. Pure data, so
// that a Pulumi program can import them (provider/index.ts) without loading the provider's runtime (host/), which
// reads them (host/settings.ts, host/credentials.ts, host/endpoints.ts).

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
    /**
     * Base URL of Vertex AI for every region (default `https://{region}-aiplatform.googleapis.com`), e.g. the
     * emulator; `{region}` in it is replaced by the resource's region.
     */
    vertexEndpointOverride: "aiplatform:vertexEndpointOverride",
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
    /** Vertex AI requests per project and region per window (default 570, 5 % under Google's 600; 0 = unpaced). */
    vertexQuotaRequestsPerWindow: "aiplatform:vertexQuotaRequestsPerWindow",
    /** Vertex AI operation starts per project and region per window (default 57, 5 % under Google's 60; 0 = unpaced). */
    vertexQuotaOperationsPerWindow: "aiplatform:vertexQuotaOperationsPerWindow",
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
    /** Base URL of Vertex AI, as `aiplatform:vertexEndpointOverride`. */
    vertexEndpointOverride: "AIPLATFORM_VERTEX_ENDPOINT_OVERRIDE",
    /** Project variables, in order of precedence, after `aiplatform:project` and `gcp:project`. */
    projects: ["AIPLATFORM_PROJECT", "GOOGLE_CLOUD_PROJECT", "GCLOUD_PROJECT", "CLOUDSDK_CORE_PROJECT"],
} as const;
