import { durationSeconds } from "../../provider/plan/durations";

describe("durationSeconds (Go duration syntax, as customTimeouts uses)", () => {
    test.each([
        ["30m", 1800],
        ["1h30m", 5400],
        ["90s", 90],
        ["1.5h", 5400],
        ["2h45m30s", 9930],
        ["500ms", 0.5],
        [" 10m ", 600],
    ])("%s = %d s", (text, seconds) => {
        expect(durationSeconds(text)).toBeCloseTo(seconds, 9);
    });

    test.each(["", "10", "10 minutes", "-5m", "5d", "m", "1h-5m", "0s"])("%j is refused", (text) => {
        expect(durationSeconds(text)).toBeUndefined();
    });
});
