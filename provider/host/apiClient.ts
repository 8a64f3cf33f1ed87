// A small client for Google's REST APIs (ml v1, Vertex AI v1) over gaxios (google-auth-library's HTTP client): base URL, query params,
// per-attempt timeout and retries come from gaxios. What gaxios lacks lives here: Retry-After and RetryInfo, a jittered
// backoff on an injectable clock, "wait and retry" on quota refusals until the caller's deadline, counting attempts
// (so a create whose response was lost can be reconciled), and a hook that paces every attempt under the quota.
// It knows nothing about models or versions.

import { gaxios } from "google-auth-library";
import { isRetryableStatus, parseRetryAfterMs, retryDelayMs } from "../plan/backoff";
import { ApiError, isQuotaRefusal, quotaRefusalOf, retryInfoDelayMs } from "./apiError";
import type { TokenSource } from "./credentials";
import { isLoopbackUrl } from "./endpoints";
import { type Clock, realClock } from "./polling";
import type { AttemptAnswer } from "./quotaBuckets";
import type { ProviderSettings } from "./settings";
import { type UnhealableFailure, unhealableTransportFailure } from "./transportFailures";

export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE";

export interface RequestOptions {
    /** "global" or a region. */
    readonly endpoint?: string;
    readonly query?: Record<string, string | undefined>;
    readonly body?: unknown;
    /**
     * Until when (clock ms) a quota refusal (429, or a concurrent-operations 403) is waited out and retried.
     * Default: now + the operation timeout. Transient failures (5xx, dropped connections) use `retry.maxAttempts`.
     */
    readonly retryUntil?: number;
}

export interface RequestOutcome<T> {
    readonly value: T;
    /** How many attempts it took; > 1 means an earlier attempt may have been applied without us seeing it. */
    readonly attempts: number;
}

/**
 * Called before every attempt (first and retries), e.g. to pace requests under the project's quota; the function
 * it may return is called when the attempt's answer (or failure) has arrived, with what a quota refusal said.
 */
export type BeforeAttempt = (call: string) => Promise<((answer?: AttemptAnswer) => void) | void>;

/**
 * How an attempt a quota refused waits before it is sent again: `delayMs` is the backoff (or the server's "retry
 * after"); a hook may wait for better news instead, e.g. a list showing a concurrent-operations slot free.
 */
export type AwaitRetry = (call: string, refusal: AttemptAnswer, delayMs: number) => Promise<void>;

/** When the server says a refused request may be retried: Retry-After, else google.rpc.RetryInfo in the body. */
function serverRetryDelayMs(headers: Headers | undefined, body: unknown, now: number): number | undefined {
    return parseRetryAfterMs(headers?.get("retry-after"), now) ?? retryInfoDelayMs(body);
}

const REQUEST_TIMEOUT_MS = 60_000;

/** Where the API of a location lives: ml v1 (global or regional endpoints) or Vertex AI (one host per region). */
export interface ApiService {
    /** Base URL without a trailing slash of a location (`undefined`/"global" or a region). */
    baseUrl(location: string | undefined): string;
    /** The setting that chose that URL (for messages), or undefined when it is Google's own. */
    setting(location: string | undefined): string | undefined;
}

export class MlApiClient {
    private readonly http = new gaxios.Gaxios();

    constructor(
        private readonly settings: ProviderSettings,
        /** Which API, and where each of its locations lives. */
        private readonly service: ApiService,
        private readonly tokens: TokenSource,
        private readonly clock: Clock = realClock,
        private readonly beforeAttempt: BeforeAttempt = async () => {},
        /** Default: sleeps the backoff. */
        private readonly awaitRetry: AwaitRetry = (_call, _refusal, delayMs) => clock.sleep(delayMs),
    ) {}

    /** Base URL of an endpoint, with a trailing slash. */
    baseUrl(endpoint: string | undefined): string {
        return `${this.service.baseUrl(endpoint)}/`;
    }

    async request<T>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<T> {
        return (await this.requestWithAttempts<T>(method, path, options)).value;
    }

    /** `path` is relative to the API root, e.g. `v1/projects/p/models`. */
    async requestWithAttempts<T>(
        method: HttpMethod,
        path: string,
        options: RequestOptions = {},
    ): Promise<RequestOutcome<T>> {
        const call = `${method} ${path}`;
        const { clock, settings } = this;
        const retryUntil = options.retryUntil ?? clock.now() + settings.operationTimeoutMs;
        const baseURL = this.baseUrl(options.endpoint);
        let attempts = 0;
        let nextDelayMs = 0;
        /** What a quota said of the last attempt, when it refused it. */
        let refusal: AttemptAnswer | undefined;
        let unhealable: UnhealableFailure | undefined;
        const params = Object.fromEntries(
            Object.entries(options.query ?? {}).filter((e): e is [string, string] => e[1] !== undefined),
        );
        try {
            const response = await this.http.request<T>({
                method,
                baseURL,
                url: path,
                params,
                data: options.body,
                responseType: "json",
                timeout: REQUEST_TIMEOUT_MS,
                // Node's own fetch (gaxios would otherwise load node-fetch through a dynamic import).
                fetchImplementation: fetch,
                headers: { "x-goog-api-client": "pulumi-aiplatform-prediction" },
                // Loopback endpoints (the emulator) never go through an HTTP(S)_PROXY of the environment.
                noProxy: isLoopbackUrl(baseURL) ? [new URL(baseURL).origin] : [],
                adapter: async (prepared, send) => {
                    prepared.headers.set("authorization", `Bearer ${await this.tokens()}`);
                    const ended = await this.beforeAttempt(call);
                    attempts++;
                    let answer: AttemptAnswer | undefined;
                    refusal = undefined;
                    try {
                        const response = await send(prepared);
                        const refusedBy = quotaRefusalOf(response.status, response.data);
                        if (refusedBy) {
                            const retryDelayMs = serverRetryDelayMs(response.headers, response.data, clock.now());
                            answer = { refusedBy, retryDelayMs };
                        }
                        return response;
                    } finally {
                        refusal = answer;
                        ended?.(answer);
                    }
                },
                retryConfig: {
                    // Every method: a non-idempotent call whose response was lost is reconciled by the caller (attempts).
                    httpMethodsToRetry: ["GET", "POST", "PATCH", "DELETE"],
                    shouldRetry: (err) => {
                        const status = err.response?.status;
                        if (status === undefined) {
                            unhealable = unhealableTransportFailure(
                                err,
                                baseURL,
                                this.service.setting(options.endpoint),
                            );
                            if (unhealable) return false;
                        }
                        const retryAfterMs = serverRetryDelayMs(err.response?.headers, err.response?.data, clock.now());
                        if (status !== undefined && isQuotaRefusal(status, err.response?.data)) {
                            // The quota frees up with time: wait it out, bounded by the caller's deadline only.
                            const quotaPolicy = { ...settings.retry, maxMs: settings.quota.windowMs };
                            nextDelayMs = retryAfterMs ?? retryDelayMs(quotaPolicy, Math.min(attempts - 1, 16));
                            return clock.now() + nextDelayMs < retryUntil;
                        }
                        if (status !== undefined && !isRetryableStatus(status)) {
                            return false;
                        }
                        nextDelayMs = retryAfterMs ?? retryDelayMs(settings.retry, attempts - 1);
                        return attempts < settings.retry.maxAttempts;
                    },
                    retryBackoff: () =>
                        refusal ? this.awaitRetry(call, refusal, nextDelayMs) : clock.sleep(nextDelayMs),
                },
            });
            return { value: (response.data ?? {}) as T, attempts };
        } catch (err) {
            throw this.toApiError(call, err, attempts, baseURL, unhealable);
        }
    }

    private toApiError(
        call: string,
        err: unknown,
        attempts: number,
        baseURL: string,
        unhealable: UnhealableFailure | undefined,
    ): ApiError {
        const response = err instanceof gaxios.GaxiosError ? err.response : undefined;
        let error: ApiError;
        if (response) {
            error = ApiError.fromResponse(call, response.status, bodyOf(response.data), err);
            if (
                (response.status === 401 || response.status === 403) &&
                !isQuotaRefusal(response.status, response.data)
            ) {
                // Which credentials were refused (never the secret itself), so the fix is obvious.
                error.message += `; credentials used: ${this.tokens.description ?? "unknown"}`;
            }
        } else {
            error = unhealable ? ApiError.unreachable(call, baseURL, unhealable, err) : ApiError.transport(call, err);
        }
        error.attempts = Math.max(1, attempts);
        return error;
    }
}

function bodyOf(data: unknown): unknown {
    return typeof data === "string" ? { error: { message: data.slice(0, 500) } } : data;
}
