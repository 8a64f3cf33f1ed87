// Deleting versions. The API refuses to delete a model's default version while other versions exist, and
// refuses deletion while a version is CREATING/UPDATING; `pulumi destroy` deletes all versions of a model in
// parallel in no particular order. So deleting the default waits for siblings that are being deleted, and only
// after a grace period moves the default to a surviving sibling (the case of a delete-before-replace).

import { ApiError, orUndefinedOn404 } from "../apiError";
import type { ApiVersion, MlApi } from "./mlApi";
import type { ProjectCoordinator } from "../coordinator";
import {
    describeRef,
    type ModelRef,
    modelPath,
    shortName,
    type VersionRef,
    versionPath,
} from "../../fields/ml/resourceNames";
import { pollAgain, pollDone, type PollResult, pollUntil } from "../polling";
import { pollDelayMs } from "../../plan/backoff";
import { isTransitional, waitForStableVersion } from "./versionStates";

/**
 * Deletes a version. A refused DELETE (FAILED_PRECONDITION) is explained with one list of the model's versions:
 * a busy version is waited for; the default version waits (listing, not re-sending DELETEs) for siblings being
 * deleted in parallel, and after a grace period hands the default to the newest READY survivor.
 */
export async function deleteVersion(api: MlApi, ref: VersionRef, timeoutMs: number): Promise<void> {
    await new VersionDeletion(api, ref, timeoutMs).run();
}

/** One version's deletion, as turns: send DELETE; when refused, list the versions and act on why. */
class VersionDeletion {
    /** Time spent queued for an operation slot moves the deadline: it is not this deletion's own time. */
    private deadline: number;
    private readonly what: string;
    private readonly coordinator: ProjectCoordinator;
    /** The coordinator's key for the siblings this process is deleting (queued ones included). */
    private readonly siblingsKey: string;
    /** False while the default waits for its siblings: the next turn lists without sending a DELETE. */
    private sendNext = true;
    private lastRefusal: ApiError | undefined;
    private unexplainedRefusals = 0;
    private handoffWaitStarted: number | undefined;
    private handoffPolls = 0;

    constructor(
        private readonly api: MlApi,
        private readonly ref: VersionRef,
        private readonly timeoutMs: number,
    ) {
        this.deadline = api.clock.now() + timeoutMs;
        this.what = `deletion of ${versionPath(ref)}`;
        this.coordinator = api.coordinator(ref.project);
        this.siblingsKey = `versions of ${modelPath(ref)}`;
    }

    async run(): Promise<void> {
        // Siblings this process is deleting, even those still queued for an operation slot, count as leaving.
        const endDeletion = this.coordinator.beginDeletion(this.siblingsKey, this.ref.version);
        const currentDeadline = () => this.deadline;
        try {
            await pollUntil(
                {
                    get deadline() {
                        return currentDeadline();
                    },
                    schedule: (poll) => pollDelayMs(this.api.settings.poll, poll),
                    clock: this.api.clock,
                    onTimeout: () =>
                        new Error(
                            `${describeRef(this.ref)} could not be deleted within ${Math.round(this.timeoutMs / 1000)}s` +
                                (this.lastRefusal ? ` (last refusal: ${this.lastRefusal.apiMessage})` : ""),
                        ),
                },
                () => this.turn(),
            );
        } finally {
            endDeletion();
        }
    }

    private async turn(): Promise<PollResult<undefined>> {
        const sent = this.sendNext;
        if (sent && (await this.sendDelete())) {
            return pollDone(undefined);
        }
        const versions = await orUndefinedOn404(this.api.listVersions(this.ref));
        const live = versions?.find((v) => shortName(v.name) === this.ref.version);
        if (!versions || !live) {
            return pollDone(undefined);
        }
        this.sendNext = true;
        if (isTransitional(live.state)) {
            await waitForStableVersion(this.api, this.ref, this.deadline - this.api.clock.now(), live);
            return pollAgain(0);
        }
        const siblings = versions.filter((v) => v !== live);
        if (!live.isDefault || siblings.length === 0) {
            return this.retryUnexplained(sent);
        }
        this.unexplainedRefusals = 0;
        if (this.siblingsMayLeave(siblings)) {
            return this.waitForSiblings();
        }
        return this.handOffDefault(siblings);
    }

    /** Sends DELETE in an operation slot and waits for it: true when deleted, false when refused as a precondition. */
    private async sendDelete(): Promise<boolean> {
        const { api, ref } = this;
        try {
            const queuedAt = api.clock.now();
            await api.inOperationSlot(ref, this.what, this.deadline - queuedAt, async () => {
                this.deadline += api.clock.now() - queuedAt;
                const op = await api.startVersionDeletion(ref);
                if (op) {
                    await api.wait(op, ref.endpoint, this.deadline - api.clock.now(), this.what);
                }
            });
            return true;
        } catch (err) {
            if (!(err instanceof ApiError) || !err.isFailedPrecondition) {
                throw err;
            }
            this.lastRefusal = err;
            return false;
        }
    }

    /**
     * The refusal's cause is gone: the siblings finished deleting, or a parallel delete moved the default away. Try
     * again, but not forever if the API keeps refusing for a reason we cannot see.
     */
    private retryUnexplained(sent: boolean): PollResult<undefined> {
        if (!sent) {
            return pollAgain(0);
        }
        if (++this.unexplainedRefusals > 3) {
            throw this.lastRefusal!; // set: this turn's DELETE (or an earlier one) was refused
        }
        return pollAgain(pollDelayMs(this.api.settings.poll, this.unexplainedRefusals));
    }

    /** Siblings are being (or, within the grace period, may be about to be) deleted in parallel. */
    private siblingsMayLeave(siblings: readonly ApiVersion[]): boolean {
        const now = this.api.clock.now();
        this.handoffWaitStarted ??= now;
        const leaving = siblings.every(
            (v) => v.state === "DELETING" || this.coordinator.isBeingDeleted(this.siblingsKey, shortName(v.name)),
        );
        return leaving || now - this.handoffWaitStarted < this.api.settings.defaultHandoffGraceMs;
    }

    /**
     * As in `pulumi destroy`: a DELETE would be refused until the siblings are gone. Look again when one of ours is
     * gone (or on the schedule: others').
     */
    private async waitForSiblings(): Promise<PollResult<undefined>> {
        this.sendNext = false;
        await this.coordinator.changeOf(this.siblingsKey, pollDelayMs(this.api.settings.poll, ++this.handoffPolls));
        return pollAgain(0);
    }

    /** Siblings stay: move the default to the newest ready one so this version can go. */
    private async handOffDefault(siblings: readonly ApiVersion[]): Promise<PollResult<undefined>> {
        const heir = siblings
            .filter((v) => v.state === "READY")
            .sort((a, b) => (b.createTime ?? "").localeCompare(a.createTime ?? ""))[0];
        if (!heir) {
            throw this.lastRefusal!; // set: this turn's DELETE (or an earlier one) was refused
        }
        console.log(
            `info: ${versionPath(this.ref)} is the default version; moving the default to ${shortName(heir.name)} so it can be deleted`,
        );
        try {
            await this.api.setDefaultVersion({ ...this.ref, version: shortName(heir.name) });
        } catch (err) {
            // The heir changed meanwhile (someone started deleting it, or it is already gone): look at the model
            // again and choose among the versions that remain.
            if (!(err instanceof ApiError) || !(err.isFailedPrecondition || err.isNotFound)) {
                throw err;
            }
            return pollAgain();
        }
        return pollAgain(0);
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
