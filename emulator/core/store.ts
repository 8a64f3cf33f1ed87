// In-memory state: one independent namespace per endpoint (ml: "global" or a region), each holding one map per
// record kind (registered by the APIs, plus the core's operations) keyed by full resource name. Plain data only, so it
// serializes as-is. Every change is recorded (ChangeSet), so persistence writes what changed, not the whole state.

/** Any stored record: plain JSON data with a unique (per kind and namespace) resource name. */
export interface StoredRecord {
    name: string;
}

/** A kind of record (its map name in the journal and snapshot); `T` types `ns.of(kind)`. */
export interface RecordKind<T extends StoredRecord = StoredRecord> {
    readonly name: string;
    /** Type marker only; never set. */
    readonly record?: T;
}

export function recordKind<T extends StoredRecord>(name: string): RecordKind<T> {
    return { name };
}

/** A record changed since the last save: the save writes its current value, or its deletion if it is gone. */
export interface ChangedKey {
    namespace: string;
    kind: string;
    name: string;
}

/** What changed since the last save (emulator/core/persistence.ts writes it as one journal line). */
export class ChangeSet {
    /** The whole store was cleared (reset) before the changes in `keys`. */
    cleared = false;
    readonly keys = new Map<string, ChangedKey>();

    add(namespace: string, kind: string, name: string): void {
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
    private readonly maps = new Map<string, Map<string, StoredRecord>>();

    constructor(
        kinds: readonly string[],
        private readonly onChange: (kind: string, name: string) => void,
    ) {
        for (const kind of kinds) this.maps.set(kind, new TrackedMap((key) => onChange(kind, key)));
    }

    /** The records of one kind, typed. */
    of<T extends StoredRecord>(kind: RecordKind<T>): Map<string, T> {
        return this.records(kind.name) as Map<string, T>;
    }

    /** The records of one kind, by kind name; throws for a kind no API registered. */
    records(kind: string): Map<string, StoredRecord> {
        const map = this.maps.get(kind);
        if (!map) throw new Error(`unknown record kind '${kind}'`);
        return map;
    }

    /**
     * Records changed in place (a field assigned) must be reported here so the next save writes them;
     * adding and removing records is seen by the maps themselves. Records no longer stored are ignored.
     */
    changed(...records: (StoredRecord | undefined)[]): void {
        for (const r of records) {
            if (!r) continue;
            for (const [kind, map] of this.maps) {
                if (map.get(r.name) === r) this.onChange(kind, r.name);
            }
        }
    }
}

export function byName(a: StoredRecord, b: StoredRecord): number {
    return cmp(a.name, b.name);
}

function cmp(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

export class Store {
    private namespaces = new Map<string, NamespaceState>();
    /** Every record kind, in the order the journal and snapshot write them. */
    readonly kinds: readonly string[];
    operationSeq = 0;
    /** What changed since the last save; persistence takes it (takeChanges) and writes it. */
    private changes = new ChangeSet();

    constructor(kinds: readonly RecordKind[]) {
        const names = kinds.map((k) => k.name);
        const twice = names.find((n, i) => names.indexOf(n) !== i);
        if (twice !== undefined) throw new Error(`record kind '${twice}' is registered twice`);
        this.kinds = names;
    }

    ns(namespace: string): NamespaceState {
        let state = this.namespaces.get(namespace);
        if (!state) {
            state = new NamespaceState(this.kinds, (kind, name) => this.changes.add(namespace, kind, name));
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
