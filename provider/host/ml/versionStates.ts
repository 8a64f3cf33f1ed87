// A version's transitional states. The API refuses PATCH, setDefault and DELETE while a version is CREATING,
// UPDATING or DELETING, so updates and deletions wait for it to settle first.

import { describeRef, type VersionRef } from "../../fields/ml/resourceNames";
import type { ApiVersion, MlApi } from "./mlApi";
import { pollAgain, pollDone, pollUntil } from "../polling";
import { pollDelayMs } from "../../plan/backoff";

const transitional = new Set(["CREATING", "UPDATING", "DELETING"]);

/** CREATING, UPDATING and DELETING refuse patch and delete until they settle. */
export function isTransitional(state: string | undefined): boolean {
    return transitional.has(state ?? "");
}

/**
 * Polls a version until it leaves CREATING/UPDATING/DELETING; undefined when it no longer exists. `alreadyRead`
 * is a copy the caller just fetched, used as the first poll instead of reading it again.
 */
export async function waitForStableVersion(
    api: MlApi,
    ref: VersionRef,
    timeoutMs: number,
    alreadyRead?: ApiVersion,
): Promise<ApiVersion | undefined> {
    let live = alreadyRead;
    return pollUntil(
        {
            deadline: api.clock.now() + timeoutMs,
            schedule: (poll) => pollDelayMs(api.settings.poll, poll),
            clock: api.clock,
            onTimeout: () =>
                new Error(
                    `${describeRef(ref)} stayed ${live?.state} for ${Math.round(timeoutMs / 1000)}s; ` +
                        "try again later or raise operationTimeoutSeconds",
                ),
        },
        async (poll) => {
            live = poll === 0 && alreadyRead ? alreadyRead : await api.getVersion(ref);
            return !live || !isTransitional(live.state) ? pollDone(live) : pollAgain();
        },
    );
}
