import { isRetryableStatus, parseRetryAfterMs, pollDelayMs, retryDelayMs } from "../../provider/plan/backoff";

const policy = { initialMs: 1000, multiplier: 2, maxMs: 8000 };

describe("retryDelayMs", () => {
    test.each([
        [0, 0, 500],
        [0, 1, 1000],
        [1, 0, 1000],
        [2, 1, 4000],
        [10, 1, 8000], // capped
        [10, 0, 4000],
    ])("attempt %i with random %f waits %i ms", (attempt, random, expected) => {
        expect(retryDelayMs(policy, attempt, () => random)).toBe(expected);
    });
});

describe("pollDelayMs", () => {
    test("grows geometrically to the cap", () => {
        const poll = { initialMs: 500, multiplier: 1.5, maxMs: 5000 };
        expect([0, 1, 2, 3, 10].map((i) => pollDelayMs(poll, i))).toEqual([500, 750, 1125, 1688, 5000]);
    });
});

describe("parseRetryAfterMs", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    test.each([
        ["3", 3000],
        ["0", 0],
        ["1.5", 1500],
        ["Thu, 01 Jan 2026 00:00:07 GMT", 7000],
        ["Wed, 31 Dec 2025 23:59:00 GMT", 0],
        ["86400", 120000], // capped
        ["soon", undefined],
        ["", undefined],
        [null, undefined],
    ])("%p -> %p", (header, expected) => {
        expect(parseRetryAfterMs(header, now)).toBe(expected);
    });
});

test.each([
    [429, true],
    [500, true],
    [502, true],
    [503, true],
    [504, true],
    [400, false],
    [401, false],
    [403, false],
    [404, false],
    [409, false],
])("status %i retryable: %p", (status, expected) => {
    expect(isRetryableStatus(status)).toBe(expected);
});
