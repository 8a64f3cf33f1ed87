// In-memory state: one independent namespace per endpoint ("global" or a region), each holding
// models, versions and operations keyed by full resource name. Plain data only, so it serializes as-is.
// Every change is recorded (ChangeSet), so persistence writes what changed, not the whole state.

import type {
    JsonObject,
    Labels,
    ModelFields,
    OperationType,
    RpcStatus,
    VersionFields,
    VersionState,
} from "../ml/resources";

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

/** The three record maps of a namespace; the journal names them so. */
export type RecordKind = "models" | "versions" | "operations";
export const RECORD_KINDS: readonly RecordKind[] = ["models", "versions", "operations"];

export type StoredRecord = ModelRecord | VersionRecord | OperationRecord;

/** A record changed since the last save: the save writes its current value, or its deletion if it is gone. */
export interface ChangedKey {
    namespace: string;
    kind: RecordKind;
    name: string;
}

/** What changed since the last save (emulator/core/persistence.ts writes it as one journal line). */
export class ChangeSet {
    /** The whole store was cleared (reset) before the changes in `keys`. */
    cleared = false;
    readonly keys = new Map<string, ChangedKey>();

    add(namespace: string, kind: RecordKind, name: string): void {
        this.keys.set(`${namespace}\n${kind}\n${name}`, { namespace, kind, name });
    }

    get empty(): boolean {
        return !this.cleared && this.keys.size === 0;
    }
}

/** A Map that reports every set and delete: adding or removing a record can never be missed by persistence. */
class TrackedMap<V> extends Map<string, V> {
    constructor(private readonly onChange: (key: string) => void) {
        super();
    }

    override set(key: string, value: V): this {
        this.onChange(key);
        return super.set(key, value);
    }

    override delete(key: string): boolean {
        const had = super.delete(key);
        if (had) this.onChange(key);
        return had;
    }

    override clear(): void {
        for (const key of this.keys()) this.onChange(key);
        super.clear();
    }
}

export class NamespaceState {
    readonly models: Map<string, ModelRecord>;
    readonly versions: Map<string, VersionRecord>;
    readonly operations: Map<string, OperationRecord>;

    constructor(private readonly onChange: (kind: RecordKind, name: string) => void) {
        this.models = new TrackedMap((key) => onChange("models", key));
        this.versions = new TrackedMap((key) => onChange("versions", key));
        this.operations = new TrackedMap((key) => onChange("operations", key));
    }

    /**
     * Records changed in place (a field assigned) must be reported here so the next save writes them;
     * adding and removing records is seen by the maps themselves. Records no longer stored are ignored.
     */
    changed(...records: (StoredRecord | undefined)[]): void {
        for (const r of records) {
            if (!r) continue;
            for (const kind of RECORD_KINDS) {
                if (this.records(kind).get(r.name) === r) this.onChange(kind, r.name);
            }
        }
    }

    records(kind: RecordKind): Map<string, StoredRecord> {
        return this[kind] as Map<string, StoredRecord>;
    }

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

function cmp(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

export class Store {
    private namespaces = new Map<string, NamespaceState>();
    operationSeq = 0;
    /** What changed since the last save; persistence takes it (takeChanges) and writes it. */
    private changes = new ChangeSet();

    ns(namespace: string): NamespaceState {
        let state = this.namespaces.get(namespace);
        if (!state) {
            state = new NamespaceState((kind, name) => this.changes.add(namespace, kind, name));
            this.namespaces.set(namespace, state);
        }
        return state;
    }

    /** The namespace if it exists (ns() creates it). */
    existingNs(namespace: string): NamespaceState | undefined {
        return this.namespaces.get(namespace);
    }

    namespaceNames(): string[] {
        return [...this.namespaces.keys()].sort();
    }

    clear(): void {
        this.namespaces.clear();
        this.operationSeq = 0;
        this.changes = new ChangeSet();
        this.changes.cleared = true;
    }

    get hasChanges(): boolean {
        return !this.changes.empty;
    }

    /** The changes since the last call; the store starts recording a new set. */
    takeChanges(): ChangeSet {
        const taken = this.changes;
        this.changes = new ChangeSet();
        return taken;
    }

    /** Returns taken changes that could not be written, so the next save writes them (with any newer ones). */
    putBackChanges(taken: ChangeSet): void {
        if (taken.cleared) this.changes.cleared = true;
        for (const { namespace, kind, name } of taken.keys.values()) this.changes.add(namespace, kind, name);
    }
}
