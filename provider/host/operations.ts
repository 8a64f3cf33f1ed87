// Long-running operations as both APIs report them (google.longrunning.Operation), and the errors of waiting for
// one: it failed, or our own deadline passed (the dynamic provider host ignores `customTimeouts`, so nobody else
// stops a wait that never ends).

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
