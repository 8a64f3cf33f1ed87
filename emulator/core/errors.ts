// google.rpc.Status errors in the JSON shape Google's front end sends:
// {"error": {"code": <http>, "message": "...", "status": "<CANONICAL_CODE>", "details": [...]}}

import { TYPE_BAD_REQUEST, type TYPE_ERROR_INFO } from "./constants";

export type CanonicalCode =
    | "CANCELLED"
    | "UNKNOWN"
    | "INVALID_ARGUMENT"
    | "DEADLINE_EXCEEDED"
    | "NOT_FOUND"
    | "ALREADY_EXISTS"
    | "PERMISSION_DENIED"
    | "RESOURCE_EXHAUSTED"
    | "FAILED_PRECONDITION"
    | "ABORTED"
    | "OUT_OF_RANGE"
    | "UNIMPLEMENTED"
    | "INTERNAL"
    | "UNAVAILABLE"
    | "DATA_LOSS"
    | "UNAUTHENTICATED";

/** google.rpc.Code numeric values (used inside Operation.error). */
export const RPC_CODE: Readonly<Record<CanonicalCode, number>> = {
    CANCELLED: 1,
    UNKNOWN: 2,
    INVALID_ARGUMENT: 3,
    DEADLINE_EXCEEDED: 4,
    NOT_FOUND: 5,
    ALREADY_EXISTS: 6,
    PERMISSION_DENIED: 7,
    RESOURCE_EXHAUSTED: 8,
    FAILED_PRECONDITION: 9,
    ABORTED: 10,
    OUT_OF_RANGE: 11,
    UNIMPLEMENTED: 12,
    INTERNAL: 13,
    UNAVAILABLE: 14,
    DATA_LOSS: 15,
    UNAUTHENTICATED: 16,
};

/** HTTP mapping of canonical codes (google.rpc.Code documentation). */
const HTTP_OF: Readonly<Record<CanonicalCode, number>> = {
    CANCELLED: 499,
    UNKNOWN: 500,
    INVALID_ARGUMENT: 400,
    DEADLINE_EXCEEDED: 504,
    NOT_FOUND: 404,
    ALREADY_EXISTS: 409,
    PERMISSION_DENIED: 403,
    RESOURCE_EXHAUSTED: 429,
    FAILED_PRECONDITION: 400,
    ABORTED: 409,
    OUT_OF_RANGE: 400,
    UNIMPLEMENTED: 501,
    INTERNAL: 500,
    UNAVAILABLE: 503,
    DATA_LOSS: 500,
    UNAUTHENTICATED: 401,
};

/** Canonical status for an arbitrary HTTP status (used by injected "status" faults). */
export function canonicalForHttp(httpStatus: number): CanonicalCode {
    switch (httpStatus) {
        case 400:
            return "INVALID_ARGUMENT";
        case 401:
            return "UNAUTHENTICATED";
        case 403:
            return "PERMISSION_DENIED";
        case 404:
            return "NOT_FOUND";
        case 409:
            return "ABORTED";
        case 429:
            return "RESOURCE_EXHAUSTED";
        case 499:
            return "CANCELLED";
        case 501:
            return "UNIMPLEMENTED";
        case 502:
        case 503:
            return "UNAVAILABLE";
        case 504:
            return "DEADLINE_EXCEEDED";
        default:
            return httpStatus >= 500 ? "INTERNAL" : "UNKNOWN";
    }
}

export interface FieldViolation {
    field?: string;
    description: string;
}

export type ErrorDetail =
    | { "@type": typeof TYPE_BAD_REQUEST; fieldViolations: FieldViolation[] }
    | { "@type": typeof TYPE_ERROR_INFO; reason: string; domain: string; metadata: Record<string, string> }
    | { "@type": typeof TYPE_RETRY_INFO; retryDelay: string };

/** google.rpc.RetryInfo: when a refused request may be retried (a proto3 JSON Duration, e.g. "1.5s"). */
export const TYPE_RETRY_INFO = "type.googleapis.com/google.rpc.RetryInfo";

export interface ErrorBody {
    error: { code: number; message: string; status: CanonicalCode; details?: ErrorDetail[] };
}

/** An API error; thrown by handlers and rendered by the server. */
export class ApiError extends Error {
    readonly httpStatus: number;
    readonly status: CanonicalCode;
    readonly details: ErrorDetail[];
    readonly headers: Record<string, string>;

    constructor(
        status: CanonicalCode,
        message: string,
        details: ErrorDetail[] = [],
        httpStatus: number = HTTP_OF[status],
        headers: Record<string, string> = {},
    ) {
        super(message);
        this.status = status;
        this.httpStatus = httpStatus;
        this.details = details;
        this.headers = headers;
    }

    toBody(): ErrorBody {
        const error: ErrorBody["error"] = { code: this.httpStatus, message: this.message, status: this.status };
        if (this.details.length > 0) error.details = this.details;
        return { error };
    }
}

/** BadRequest detail; an empty field (request-level problem) is omitted, as ESF does. */
function badRequest(field: string, description: string): ErrorDetail {
    return { "@type": TYPE_BAD_REQUEST, fieldViolations: [field === "" ? { description } : { field, description }] };
}

/** The ML service's own style: "Field: <field> Error: <description>" plus a BadRequest detail. */
export function fieldError(status: CanonicalCode, field: string, description: string): ApiError {
    return new ApiError(status, `Field: ${field} Error: ${description}`, [badRequest(field, description)]);
}

export function invalidField(field: string, description: string): ApiError {
    return fieldError("INVALID_ARGUMENT", field, description);
}

/** The ESF (JSON transcoding) style: the message is the description and the detail's field is the path. */
export function transcodingError(field: string, message: string): ApiError {
    return new ApiError("INVALID_ARGUMENT", message, [badRequest(field, message)]);
}

export function failedPrecondition(message: string): ApiError {
    return new ApiError("FAILED_PRECONDITION", message);
}

export function invalidArgument(message: string): ApiError {
    return new ApiError("INVALID_ARGUMENT", message);
}

export function notFound(message: string): ApiError {
    return new ApiError("NOT_FOUND", message);
}

/** A request value as an error message shows it: a string as it is, anything else as JSON (never "[object Object]"). */
export function shown(value: unknown): string {
    return typeof value === "string" ? value : (JSON.stringify(value) ?? "undefined");
}
