import { ApiError, isDeprecationRefusal } from "../../provider/host/apiError";

describe("ApiError", () => {
    const body = {
        error: {
            code: 409,
            message: "Field: model.name Error: A model with the same name already exists.",
            status: "ALREADY_EXISTS",
            details: [
                {
                    "@type": "type.googleapis.com/google.rpc.BadRequest",
                    fieldViolations: [
                        { field: "model.name", description: "A model with the same name already exists." },
                    ],
                },
            ],
        },
    };

    test("shows the call, HTTP status, google.rpc status, message and field violations", () => {
        const error = ApiError.fromResponse("POST v1/projects/p/models", 409, body);
        expect(error.message).toBe(
            "POST v1/projects/p/models failed: HTTP 409 ALREADY_EXISTS: Field: model.name Error: A model with the same name already exists. " +
                "[field violations: model.name: A model with the same name already exists.]",
        );
        expect(error.isAlreadyExists).toBe(true);
    });

    test.each([
        [409, "ABORTED", "etag mismatch", { isEtagMismatch: true, isAlreadyExists: false }],
        [
            400,
            "FAILED_PRECONDITION",
            "The etag in the request does not match",
            { isEtagMismatch: true, isFailedPrecondition: true },
        ],
        [
            400,
            "FAILED_PRECONDITION",
            "A model with versions cannot be deleted.",
            { isEtagMismatch: false, isFailedPrecondition: true },
        ],
        [404, "NOT_FOUND", "not found", { isNotFound: true }],
    ] as const)("HTTP %i %s classifies", (status, rpc, message, expected) => {
        const error = ApiError.fromResponse("GET x", status, { error: { code: status, status: rpc, message } });
        expect(error).toMatchObject(expected);
    });

    test("a non-JSON or empty error body still yields a message", () => {
        expect(ApiError.fromResponse("GET x", 502, undefined).message).toBe("GET x failed: HTTP 502 UNKNOWN: HTTP 502");
    });

    test("recognizes Google's deprecation refusal", () => {
        const refusal = ApiError.fromResponse("POST m", 400, {
            error: {
                status: "FAILED_PRECONDITION",
                message: "Cloud AI Platform has been deprecated. Please use Vertex AI",
            },
        });
        expect(isDeprecationRefusal(refusal)).toBe(true);
        expect(isDeprecationRefusal(ApiError.fromResponse("POST m", 400, { error: { message: "other" } }))).toBe(false);
    });
});
