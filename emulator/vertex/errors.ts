// Vertex AI's error shapes (reference §5). Field errors carry Vertex's "List of found errors" prefix and a
// BadRequest detail naming the field (python-aiplatform#1684); preconditions and conflicts are plain texts.

import { ApiError } from "../core/errors";
import { TYPE_BAD_REQUEST } from "../core/constants";

/** 400 INVALID_ARGUMENT for one field: "List of found errors:\t1.Field: f; Message: d\t" + BadRequest. */
export function vertexInvalidField(field: string, description: string): ApiError {
    return new ApiError("INVALID_ARGUMENT", `List of found errors:\t1.Field: ${field}; Message: ${description}\t`, [
        { "@type": TYPE_BAD_REQUEST, fieldViolations: [{ field, description }] },
    ]);
}

/** 400 FAILED_PRECONDITION: the request is valid but the resources are not in a state that allows it. */
export function vertexPrecondition(message: string): ApiError {
    return new ApiError("FAILED_PRECONDITION", message);
}

/** 400 INVALID_ARGUMENT without a single field to blame. */
export function vertexInvalid(message: string): ApiError {
    return new ApiError("INVALID_ARGUMENT", message);
}
