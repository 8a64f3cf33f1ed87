// What a pure Vertex rule refused with: status, message and the BadRequest field, for table tests.

import { ApiError } from "../../emulator/core/errors";

export interface Refusal {
    status: string;
    message: string;
    field?: string;
}

export function refusal(fn: () => unknown): Refusal {
    try {
        fn();
    } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        const detail = e.details[0];
        const field = detail && "fieldViolations" in detail ? detail.fieldViolations[0]?.field : undefined;
        return field === undefined
            ? { status: e.status, message: e.message }
            : { status: e.status, message: e.message, field };
    }
    throw new Error("expected a refusal, but the call succeeded");
}
