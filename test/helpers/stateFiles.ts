// What an emulator's state file holds (snapshot + journal), read without touching the files: the document shape of
// the snapshot (namespaces -> models/versions/operations), whatever is still in the journal included.

import { StateFile } from "../../emulator/core/persistence";
import { Store, type ModelRecord, type OperationRecord, type VersionRecord } from "../../emulator/core/store";

export interface StateDocument {
    operationSeq: number;
    namespaces: Record<string, { models: ModelRecord[]; versions: VersionRecord[]; operations: OperationRecord[] }>;
}

export function readStateFiles(file: string): StateDocument {
    const store = new Store();
    new StateFile(file, store).load({ repair: false });
    const namespaces: StateDocument["namespaces"] = {};
    for (const name of store.namespaceNames()) {
        const ns = store.ns(name);
        namespaces[name] = {
            models: [...ns.models.values()],
            versions: [...ns.versions.values()],
            operations: [...ns.operations.values()],
        };
    }
    return { operationSeq: store.operationSeq, namespaces };
}
