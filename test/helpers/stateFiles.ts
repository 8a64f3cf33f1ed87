// What an emulator's state file holds (snapshot + journal), read without touching the files: the document shape of
// the snapshot (namespaces -> models/versions/operations), whatever is still in the journal included.

import { StateFile } from "../../emulator/core/persistence";
import { Store } from "../../emulator/core/store";
import { MODELS, VERSIONS, type ModelRecord, type VersionRecord } from "../../emulator/ml/records";
import { OPERATIONS, type OperationRecord } from "../../emulator/core/operations";
import { recordKindsOf } from "../../emulator/core/emulator";
import { ALL_APIS } from "../../emulator/apis";

export interface StateDocument {
    operationSeq: number;
    namespaces: Record<string, { models: ModelRecord[]; versions: VersionRecord[]; operations: OperationRecord[] }>;
}

export function readStateFiles(file: string): StateDocument {
    const store = new Store(recordKindsOf(ALL_APIS));
    new StateFile(file, store).load({ repair: false });
    const namespaces: StateDocument["namespaces"] = {};
    for (const name of store.namespaceNames()) {
        const ns = store.ns(name);
        namespaces[name] = {
            models: [...ns.of(MODELS).values()],
            versions: [...ns.of(VERSIONS).values()],
            operations: [...ns.of(OPERATIONS).values()],
        };
    }
    return { operationSeq: store.operationSeq, namespaces };
}
