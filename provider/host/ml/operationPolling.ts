// Waiting for an ml v1 operation by polling projects.operations.get with a bounded backoff, until it is done or our
// deadline passes (used where the project's shared watcher cannot be: an operation named without a project).

import { operationUrlPath } from "../../fields/ml/resourceNames";
import { pollDelayMs } from "../../plan/backoff";
import type { MlApiClient } from "../apiClient";
import { type Operation, OperationFailedError, OperationTimeoutError } from "../operations";
import { type Clock, pollAgain, pollDone, pollUntil, realClock } from "../polling";
import type { ProviderSettings } from "../settings";

export interface WaitOptions {
    readonly endpoint?: string;
    readonly timeoutMs: number;
    readonly what: string;
    readonly clock?: Clock;
}

export async function waitForOperation(
    client: MlApiClient,
    settings: ProviderSettings,
    initial: Operation,
    options: WaitOptions,
): Promise<Operation> {
    const clock = options.clock ?? realClock;
    let op = initial;
    const deadline = clock.now() + options.timeoutMs;
    await pollUntil(
        {
            deadline,
            schedule: (poll) => pollDelayMs(settings.poll, poll),
            clock,
            onTimeout: () => new OperationTimeoutError(op.name, options.timeoutMs, options.what),
        },
        async (poll) => {
            if (poll > 0) {
                op = await client.request<Operation>("GET", operationUrlPath(op.name), {
                    endpoint: options.endpoint,
                    retryUntil: deadline,
                });
            }
            return op.done ? pollDone(op) : pollAgain();
        },
    );
    if (op.error) {
        throw new OperationFailedError(op);
    }
    return op;
}
