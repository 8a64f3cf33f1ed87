// Waiting for long-running operations (projects.operations.get) with a bounded backoff and a deadline of our
// own: the dynamic provider host ignores `customTimeouts`, so nobody else will stop a poll that never ends.

import { pollDelayMs } from "../plan/backoff";
import type { MlApiClient } from "./apiClient";
import { type Clock, pollAgain, pollDone, pollUntil, realClock } from "./polling";
import type { ProviderSettings } from "./settings";
import { operationUrlPath } from "../fields/resourceNames";

export interface Operation {
    name: string;
    done?: boolean;
    error?: { code?: number; message?: string };
    response?: Record<string, unknown>;
    metadata?: { operationType?: string; modelName?: string; version?: { name?: string } };
}

export class OperationFailedError extends Error {
    constructor(readonly operation: Operation) {
        super(
            `operation ${operation.name}${describe(operation)} failed: ${operation.error?.message ?? "no message"}` +
                (operation.error?.code !== undefined ? ` (code ${operation.error.code})` : ""),
        );
        this.name = "OperationFailedError";
    }
}

export class OperationTimeoutError extends Error {
    constructor(
        readonly operationName: string,
        timeoutMs: number,
        what: string,
    ) {
        super(
            `operation ${operationName} (${what}) did not finish within ${Math.round(timeoutMs / 1000)}s. It may still be running: ` +
                "the next `pulumi up` picks the resource up again. Raise `operationTimeoutSeconds` on the resource or " +
                "`pulumi config set aiplatform:operationTimeoutSeconds <seconds>` for slow operations.",
        );
        this.name = "OperationTimeoutError";
    }
}

function describe(op: Operation): string {
    const type = op.metadata?.operationType;
    const target = op.metadata?.version?.name ?? op.metadata?.modelName;
    return type || target ? ` (${[type, target].filter(Boolean).join(" ")})` : "";
}

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
