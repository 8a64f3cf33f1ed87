// In-memory state: one independent namespace per endpoint ("global" or a region), each holding
// models, versions and operations keyed by full resource name. Plain data only, so it serializes as-is.

import type {
    JsonObject,
    Labels,
    ModelFields,
    OperationType,
    RpcStatus,
    VersionFields,
    VersionState,
} from "./resources";

export interface ModelRecord {
    /** projects/P/models/M */
    name: string;
    /** Mutable/user fields only (no name, etag, defaultVersion). */
    fields: ModelFields;
    etag: string;
    /** Full name of the default version, if any. */
    defaultVersion?: string;
    /** Name of a running DELETE_MODEL operation. */
    pendingDelete?: string;
}

export interface VersionRecord {
    /** projects/P/models/M/versions/V */
    name: string;
    modelName: string;
    /** User fields plus server defaults (no name, isDefault, state, etag, createTime, errorMessage). */
    fields: VersionFields;
    state: VersionState;
    etag: string;
    createTime: string;
    errorMessage?: string;
    /** Name of the operation currently driving a CREATING/UPDATING/DELETING state. */
    pendingOperation?: string;
}

/** What an operation does when it completes; serializable so pending work survives a restart. */
export type PendingAction =
    | { type: "createVersion"; version: string }
    | { type: "updateVersion"; version: string; mask: string[]; patch: VersionFields }
    | { type: "deleteVersion"; version: string }
    | { type: "updateModel"; model: string; mask: string[]; patch: ModelFields }
    | { type: "deleteModel"; model: string };

export interface OperationRecord {
    /** projects/P/operations/X */
    name: string;
    /** Endpoint namespace that created it ("global" or a region); operations are scoped to it. */
    namespace: string;
    project: string;
    type: OperationType;
    /** Creation order, used for listing and for completing simultaneous operations deterministically. */
    seq: number;
    createdAtMs: number;
    /** When it completes; null = never (injected "operationHang"). */
    dueAtMs: number | null;
    endedAtMs?: number;
    modelName: string;
    versionSnapshot?: VersionFields;
    labels?: Labels;
    cancelRequested: boolean;
    done: boolean;
    error?: RpcStatus;
    response?: JsonObject;
    /** Injected "operationFailed": the error the operation will end with. */
    injectedFailure?: RpcStatus;
    action: PendingAction;
}

export class NamespaceState {
    readonly models = new Map<string, ModelRecord>();
    readonly versions = new Map<string, VersionRecord>();
    readonly operations = new Map<string, OperationRecord>();

    /** Versions of a model, sorted by name. */
    versionsOf(modelName: string): VersionRecord[] {
        const prefix = `${modelName}/versions/`;
        return [...this.versions.values()].filter((v) => v.name.startsWith(prefix)).sort((a, b) => cmp(a.name, b.name));
    }

    /** Models of a project, sorted by name. */
    modelsOf(project: string): ModelRecord[] {
        const prefix = `projects/${project}/models/`;
        return [...this.models.values()].filter((m) => m.name.startsWith(prefix)).sort((a, b) => cmp(a.name, b.name));
    }

    /** Operations of a project, in creation order. */
    operationsOf(project: string): OperationRecord[] {
        return [...this.operations.values()].filter((o) => o.project === project).sort((a, b) => a.seq - b.seq);
    }
}

export interface PersistedNamespace {
    models: ModelRecord[];
    versions: VersionRecord[];
    operations: OperationRecord[];
}

export interface PersistedState {
    formatVersion: 1;
    operationSeq: number;
    namespaces: Record<string, PersistedNamespace>;
}

function cmp(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

export class Store {
    private namespaces = new Map<string, NamespaceState>();
    operationSeq = 0;
    /** Bumped on every mutation; persistence saves when it changes. */
    revision = 0;

    ns(namespace: string): NamespaceState {
        let state = this.namespaces.get(namespace);
        if (!state) {
            state = new NamespaceState();
            this.namespaces.set(namespace, state);
        }
        return state;
    }

    namespaceNames(): string[] {
        return [...this.namespaces.keys()].sort();
    }

    touch(): void {
        this.revision++;
    }

    clear(): void {
        this.namespaces.clear();
        this.operationSeq = 0;
        this.touch();
    }

    toPersisted(): PersistedState {
        const namespaces: Record<string, PersistedNamespace> = {};
        for (const [name, s] of this.namespaces) {
            namespaces[name] = {
                models: [...s.models.values()],
                versions: [...s.versions.values()],
                operations: [...s.operations.values()],
            };
        }
        return { formatVersion: 1, operationSeq: this.operationSeq, namespaces };
    }

    load(state: PersistedState): void {
        this.namespaces.clear();
        this.operationSeq = state.operationSeq;
        for (const [name, p] of Object.entries(state.namespaces)) {
            const s = this.ns(name);
            for (const m of p.models) s.models.set(m.name, m);
            for (const v of p.versions) s.versions.set(v.name, v);
            for (const o of p.operations) s.operations.set(o.name, o);
        }
        this.touch();
    }
}
