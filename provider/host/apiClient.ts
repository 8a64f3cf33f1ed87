// A small client for the ml v1 REST API: JSON over fetch, bearer tokens, and retries with backoff that
// honour Retry-After on 429/5xx and dropped connections. It knows nothing about models or versions.

import { isRetryableStatus, parseRetryAfterMs, retryDelayMs } from "../spec/backoff";
import { ApiError, TransportError } from "./apiError";
import type { TokenSource } from "./credentials";
import { endpointBaseUrl } from "./endpoints";
import type { ProviderSettings } from "./settings";

export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE";

export interface RequestOptions {
    /** "global" or a region. */
    readonly endpoint?: string;
    readonly query?: Record<string, string | undefined>;
    readonly body?: unknown;
}

export interface RequestOutcome<T> {
    readonly value: T;
    /** How many attempts it took; > 1 means an earlier attempt may have been applied without us seeing it. */
    readonly attempts: number;
}

const REQUEST_TIMEOUT_MS = 60_000;

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class MlApiClient {
    constructor(
        private readonly settings: ProviderSettings,
        private readonly tokens: TokenSource,
        private readonly sleep: Sleep = realSleep,
    ) {}

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
        const url = new URL(`${endpointBaseUrl(this.settings, options.endpoint)}/${path}`);
        for (const [key, value] of Object.entries(options.query ?? {})) {
            if (value !== undefined) {
                url.searchParams.set(key, value);
            }
        }
        const { maxAttempts } = this.settings.retry;
        for (let attempt = 1; ; attempt++) {
            let response: Response;
            try {
                response = await fetch(url, {
                    method,
                    headers: {
                        authorization: `Bearer ${await this.tokens()}`,
                        "content-type": "application/json",
                        "x-goog-api-client": "pulumi-aiplatform-prediction",
                    },
                    body: options.body === undefined ? undefined : JSON.stringify(options.body),
                    // A hung connection counts as dropped: retried like one.
                    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
                });
            } catch (err) {
                // Dropped or refused connection: retry; for non-idempotent calls the caller reconciles using `attempts`.
                if (attempt >= maxAttempts) {
                    throw new TransportError(call, err);
                }
                await this.sleep(retryDelayMs(this.settings.retry, attempt - 1));
                continue;
            }
            const text = await response.text();
            const body = text ? safeJson(text) : {};
            if (response.ok) {
                return { value: body as T, attempts: attempt };
            }
            if (isRetryableStatus(response.status) && attempt < maxAttempts) {
                const retryAfter = parseRetryAfterMs(response.headers.get("retry-after"));
                await this.sleep(retryAfter ?? retryDelayMs(this.settings.retry, attempt - 1));
                continue;
            }
            const error = ApiError.fromResponse(call, response.status, body);
            error.attempts = attempt;
            throw error;
        }
    }
}

function safeJson(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return { error: { message: text.slice(0, 500) } };
    }
}
