// Calls of this process that must not overlap, chained by key: uploads of one model (the first creates it),
// deletions of its versions (the last deletes the model), operations on one endpoint (Vertex runs one at a time).

const queues = new Map<string, Promise<unknown>>();

/** Runs `call` after every earlier call with the same key has settled (whatever its outcome). */
export function serialize<T>(key: string, call: () => Promise<T>): Promise<T> {
    const previous = queues.get(key) ?? Promise.resolve();
    const run = previous.then(call, call);
    const settled = run.then(
        () => undefined,
        () => undefined,
    );
    queues.set(key, settled);
    void settled.then(() => {
        if (queues.get(key) === settled) queues.delete(key);
    });
    return run;
}
