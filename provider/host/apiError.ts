// Errors from the v1 API, carrying the google.rpc status so callers can branch on it and users see
// everything the API said: HTTP status, canonical code, message and field violations.

import type { UnhealableFailure } from "./transportFailures";

export interface FieldViolation {
    readonly field: string;
    readonly description: string;
}

export interface GoogleRpcErrorBody {
    error?: {
        code?: number;
        message?: string;
        status?: string;
        details?: {
            "@type"?: string;
            reason?: string;
            fieldViolations?: FieldViolation[];
            /** google.rpc.RetryInfo: a proto3 JSON Duration ("1.500s"), or its object form from some encoders. */
            retryDelay?: string | { seconds?: number | string; nanos?: number };
        }[];
    };
}

/**
 * The one error type of an API call: an HTTP answer that is not a success (with the google.rpc status), or a
 * transport failure after all retries (`httpStatus` 0). `cause` keeps what the HTTP client threw.
 */
export class ApiError extends Error {
    constructor(
        /** e.g. "POST v1/projects/p/models" (never the query string: it may carry a key). */
        readonly call: string,
        /** 0 when no HTTP answer arrived (connection dropped, reset, refused, timed out). */
        readonly httpStatus: number,
        /** google.rpc canonical code, e.g. "ALREADY_EXISTS" ("UNAVAILABLE" for a transport failure). */
        readonly rpcStatus: string,
        readonly apiMessage: string,
        readonly fieldViolations: readonly FieldViolation[],
        cause?: unknown,
        /** ErrorInfo reasons of the answer, e.g. "CONCURRENT_OPERATIONS_QUOTA_EXCEEDED". */
        readonly reasons: readonly string[] = [],
    ) {
        super(
            httpStatus === 0
                ? `${call} failed: ${apiMessage}`
                : ApiError.format(call, httpStatus, rpcStatus, apiMessage, fieldViolations),
            { cause },
        );
        this.name = "ApiError";
    }

    /** Set by the client: the attempt that got this answer (> 1 means an earlier attempt may have been applied). */
    attempts = 1;

    static fromResponse(call: string, httpStatus: number, body: unknown, cause?: unknown): ApiError {
        const error = (body as GoogleRpcErrorBody | undefined)?.error;
        const details = Array.isArray(error?.details) ? error.details : [];
        return new ApiError(
            call,
            httpStatus,
            error?.status ?? "UNKNOWN",
            error?.message ?? `HTTP ${httpStatus}`,
            details.flatMap((d) => d.fieldViolations ?? []),
            cause,
            details.flatMap((d) => (typeof d.reason === "string" ? [d.reason] : [])),
        );
    }

    /** No HTTP answer after all retries: the call may or may not have been applied. */
    static transport(call: string, cause: unknown): ApiError {
        return new ApiError(call, 0, "UNAVAILABLE", innermostMessage(cause), [], cause);
    }

    /** The endpoint cannot be reached in a way no retry heals (see transportFailures.ts): not retried, not applied. */
    static unreachable(call: string, baseUrl: string, failure: UnhealableFailure, cause: unknown): ApiError {
        const message = `cannot reach ${baseUrl}: ${failure.cause}. Not retried (retrying cannot heal this): ${failure.fix}`;
        return new ApiError(call, 0, "UNAVAILABLE", message, [], cause);
    }

    get isTransportFailure(): boolean {
        return this.httpStatus === 0;
    }

    private static format(
        call: string,
        httpStatus: number,
        rpcStatus: string,
        message: string,
        violations: readonly FieldViolation[],
    ): string {
        const details = violations.length
            ? ` [field violations: ${violations.map((v) => `${v.field}: ${v.description}`).join("; ")}]`
            : "";
        return `${call} failed: HTTP ${httpStatus} ${rpcStatus}: ${message}${details}`;
    }

    get isNotFound(): boolean {
        return this.httpStatus === 404;
    }

    get isAlreadyExists(): boolean {
        return this.httpStatus === 409 && this.rpcStatus === "ALREADY_EXISTS";
    }

    /** A PATCH carrying a stale etag (ABORTED per AIP-154; some Google APIs use FAILED_PRECONDITION with "etag"). */
    get isEtagMismatch(): boolean {
        return (
            this.rpcStatus === "ABORTED" || (this.rpcStatus === "FAILED_PRECONDITION" && /etag/i.test(this.apiMessage))
        );
    }

    get isFailedPrecondition(): boolean {
        return this.rpcStatus === "FAILED_PRECONDITION";
    }
}

/** The deepest message of an error chain: "other side closed" rather than "fetch failed". */
function innermostMessage(err: unknown): string {
    let message = err instanceof Error ? err.message : String(err);
    for (let e = err; e instanceof Error; e = e.cause) {
        message = e.message || message;
    }
    return message;
}

/** ErrorInfo reason of Google's refusal of an 11th concurrent version create/delete (Terraform retries it too). */
export const CONCURRENT_OPERATIONS_REASON = "CONCURRENT_OPERATIONS_QUOTA_EXCEEDED";

/** A refusal that time cures: 429 RESOURCE_EXHAUSTED, or the 403 of too many concurrent operations. */
export function isQuotaRefusal(httpStatus: number, body: unknown): boolean {
    if (httpStatus === 429) {
        return true;
    }
    const details = (body as GoogleRpcErrorBody | undefined)?.error?.details;
    return (
        httpStatus === 403 && Array.isArray(details) && details.some((d) => d.reason === CONCURRENT_OPERATIONS_REASON)
    );
}

/** Which quota refused an answer, if one did: the request rate (429) or the concurrent operations (403). */
export function quotaRefusalOf(httpStatus: number, body: unknown): "requests" | "operations" | undefined {
    if (!isQuotaRefusal(httpStatus, body)) return undefined;
    return httpStatus === 429 ? "requests" : "operations";
}

const RETRY_INFO_TYPE = "type.googleapis.com/google.rpc.RetryInfo";

/**
 * The server's google.rpc.RetryInfo `retryDelay` in ms (how Google's APIs say when a refused request may be retried),
 * capped like Retry-After so a broken value cannot stall a deployment; undefined when absent or malformed.
 */
export function retryInfoDelayMs(body: unknown, capMs = 120_000): number | undefined {
    const details = (body as GoogleRpcErrorBody | undefined)?.error?.details;
    const delay = Array.isArray(details)
        ? details.find((d) => d?.["@type"] === RETRY_INFO_TYPE)?.retryDelay
        : undefined;
    let seconds: number | undefined;
    if (typeof delay === "string" && /^\d+(\.\d+)?s$/.test(delay)) seconds = Number(delay.slice(0, -1));
    else if (delay && typeof delay === "object") seconds = Number(delay.seconds ?? 0) + (delay.nanos ?? 0) / 1e9;
    return seconds === undefined || !Number.isFinite(seconds) || seconds < 0
        ? undefined
        : Math.min(capMs, Math.round(seconds * 1000));
}

/** Google's message when new AI Platform models are refused on a project. */
export function isDeprecationRefusal(err: unknown): boolean {
    return (
        err instanceof ApiError &&
        err.httpStatus === 400 &&
        /AI Platform has been deprecated|use Vertex AI/i.test(err.apiMessage)
    );
}

/** The value of a call, or undefined when the API answered 404 (the resource does not exist). */
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
