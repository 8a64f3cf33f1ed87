// Errors from the v1 API, carrying the google.rpc status so callers can branch on it and users see
// everything the API said: HTTP status, canonical code, message and field violations.

export interface FieldViolation {
    readonly field: string;
    readonly description: string;
}

export interface GoogleRpcErrorBody {
    error?: {
        code?: number;
        message?: string;
        status?: string;
        details?: { "@type"?: string; fieldViolations?: FieldViolation[] }[];
    };
}

export class ApiError extends Error {
    constructor(
        /** e.g. "POST v1/projects/p/models" (never the query string: it may carry a key). */
        readonly call: string,
        readonly httpStatus: number,
        /** google.rpc canonical code, e.g. "ALREADY_EXISTS". */
        readonly rpcStatus: string,
        readonly apiMessage: string,
        readonly fieldViolations: readonly FieldViolation[],
    ) {
        super(ApiError.format(call, httpStatus, rpcStatus, apiMessage, fieldViolations));
        this.name = "ApiError";
    }

    /** Set by the client: the attempt that got this answer (> 1 means an earlier attempt may have been applied). */
    attempts = 1;

    static fromResponse(call: string, httpStatus: number, body: unknown): ApiError {
        const error = (body as GoogleRpcErrorBody | undefined)?.error;
        const violations = (error?.details ?? []).flatMap((d) => d.fieldViolations ?? []);
        return new ApiError(
            call,
            httpStatus,
            error?.status ?? "UNKNOWN",
            error?.message ?? `HTTP ${httpStatus}`,
            violations,
        );
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

/** The transport failed (connection dropped, reset, refused) after all retries. */
export class TransportError extends Error {
    constructor(
        readonly call: string,
        cause: unknown,
    ) {
        super(
            `${call} failed: ${cause instanceof Error ? (cause.cause instanceof Error ? cause.cause.message : cause.message) : String(cause)}`,
        );
        this.name = "TransportError";
    }
}

/** Google's message when new AI Platform models are refused on a project. */
export function isDeprecationRefusal(err: unknown): boolean {
    return (
        err instanceof ApiError &&
        err.httpStatus === 400 &&
        /AI Platform has been deprecated|use Vertex AI/i.test(err.apiMessage)
    );
}
