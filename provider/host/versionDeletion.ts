// Deleting versions. The API refuses to delete a model's default version while other versions exist, and
// refuses deletion while a version is CREATING/UPDATING; `pulumi destroy` deletes all versions of a model in
// parallel in no particular order. So deleting the default waits for siblings that are being deleted, and only
// after a grace period moves the default to a surviving sibling (the case of a delete-before-replace).

import { ApiError } from "./apiError";
import { type ApiVersion, type MlApi, orUndefinedOn404 } from "./mlApi";
import {
    describeRef,
    type ModelRef,
    modelPath,
    shortName,
    type VersionRef,
    versionPath,
} from "../fields/resourceNames";
import { pollAgain, pollDone, pollUntil } from "./polling";
import { pollDelayMs } from "../plan/backoff";

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

/**
 * Deletes a version. A refused DELETE (FAILED_PRECONDITION) is explained with one list of the model's versions:
 * a busy version is waited for; the default version waits (listing, not re-sending DELETEs) for siblings being
 * deleted in parallel, and after a grace period hands the default to the newest READY survivor.
 */
export async function deleteVersion(api: MlApi, ref: VersionRef, timeoutMs: number): Promise<void> {
    const { clock } = api;
    // Time spent queued for an operation slot moves the deadline: it is not this deletion's own time.
    let deadline = clock.now() + timeoutMs;
    let handoffWaitStarted: number | undefined;
    let unexplainedRefusals = 0;
    let failure: ApiError | undefined;
    let sendDelete = true;
    const what = `deletion of ${versionPath(ref)}`;
    const coordinator = api.coordinator(ref.project);
    const siblingsKey = `versions of ${modelPath(ref)}`;
    let handoffPolls = 0;
    // Siblings this process is deleting, even those still queued for an operation slot, count as leaving.
    const endDeletion = coordinator.beginDeletion(siblingsKey, ref.version);
    try {
        await deleteVersionSteps();
    } finally {
        endDeletion();
    }

    async function deleteVersionSteps(): Promise<void> {
        await pollUntil(
            {
                get deadline() {
                    return deadline;
                },
                schedule: (poll) => pollDelayMs(api.settings.poll, poll),
                clock,
                onTimeout: () =>
                    new Error(
                        `${describeRef(ref)} could not be deleted within ${Math.round(timeoutMs / 1000)}s` +
                            (failure ? ` (last refusal: ${failure.apiMessage})` : ""),
                    ),
            },
            async () => {
                const refusedNow = sendDelete;
                if (sendDelete) {
                    try {
                        const queuedAt = clock.now();
                        await api.inOperationSlot(ref.project, what, deadline - queuedAt, async () => {
                            deadline += clock.now() - queuedAt;
                            const op = await api.startVersionDeletion(ref);
                            if (op) {
                                await api.wait(op, ref.endpoint, deadline - clock.now(), what);
                            }
                        });
                        return pollDone(undefined);
                    } catch (err) {
                        if (!(err instanceof ApiError) || !err.isFailedPrecondition) {
                            throw err;
                        }
                        failure = err;
                    }
                }
                const versions = await orUndefinedOn404(api.listVersions(ref));
                const live = versions?.find((v) => shortName(v.name) === ref.version);
                if (!versions || !live) {
                    return pollDone(undefined);
                }
                sendDelete = true;
                if (isTransitional(live.state)) {
                    await waitForStableVersion(api, ref, deadline - clock.now(), live);
                    return pollAgain(0);
                }
                const siblings = versions.filter((v) => v !== live);
                if (!live.isDefault || siblings.length === 0) {
                    // The refusal's cause is gone: the siblings finished deleting, or a parallel delete moved the default
                    // away. Try again, but not forever if the API keeps refusing for a reason we cannot see.
                    if (!refusedNow) {
                        return pollAgain(0);
                    }
                    if (++unexplainedRefusals > 3) {
                        throw failure!; // set: this turn's DELETE (or an earlier one) was refused
                    }
                    return pollAgain(pollDelayMs(api.settings.poll, unexplainedRefusals));
                }
                unexplainedRefusals = 0;
                handoffWaitStarted ??= clock.now();
                const siblingsLeaving = siblings.every(
                    (v) => v.state === "DELETING" || coordinator.isBeingDeleted(siblingsKey, shortName(v.name)),
                );
                if (siblingsLeaving || clock.now() - handoffWaitStarted < api.settings.defaultHandoffGraceMs) {
                    // Siblings are being (or about to be) deleted in parallel, as in `pulumi destroy`: a DELETE would be
                    // refused until they are gone. Look again when one of ours is gone (or on the schedule: others').
                    sendDelete = false;
                    await coordinator.changeOf(siblingsKey, pollDelayMs(api.settings.poll, ++handoffPolls));
                    return pollAgain(0);
                }
                // Siblings stay: move the default to the newest ready one so this version can go.
                const heir = siblings
                    .filter((v) => v.state === "READY")
                    .sort((a, b) => (b.createTime ?? "").localeCompare(a.createTime ?? ""))[0];
                if (!heir) {
                    throw failure!; // set: this turn's DELETE (or an earlier one) was refused
                }
                console.log(
                    `info: ${versionPath(ref)} is the default version; moving the default to ${shortName(heir.name)} so it can be deleted`,
                );
                try {
                    await api.setDefaultVersion({ ...ref, version: shortName(heir.name) });
                } catch (err) {
                    // The heir changed meanwhile (someone started deleting it, or it is already gone): look at the
                    // model again and choose among the versions that remain.
                    if (!(err instanceof ApiError) || !(err.isFailedPrecondition || err.isNotFound)) {
                        throw err;
                    }
                    return pollAgain();
                }
                return pollAgain(0);
            },
        );
    }
}

/** Deletes every version of a model: non-default ones in parallel, the default last. */
export async function deleteVersionsOfModel(
    api: MlApi,
    model: ModelRef,
    versions: ApiVersion[],
    timeoutMs: number,
): Promise<void> {
    const refOf = (v: ApiVersion): VersionRef => ({ ...model, version: shortName(v.name) });
    // All at once: the project's coordinator queues them under the concurrent-operations quota.
    await Promise.all(versions.filter((v) => !v.isDefault).map((v) => deleteVersion(api, refOf(v), timeoutMs)));
    for (const v of versions.filter((v) => v.isDefault)) {
        await deleteVersion(api, refOf(v), timeoutMs);
    }
    // Wait for versions already being deleted by someone else before deleting the model.
    await Promise.all(
        versions
            .filter((v) => v.state === "DELETING")
            .map((v) => orUndefinedOn404(waitForStableVersion(api, refOf(v), timeoutMs))),
    );
}
