// Out-of-band changes "as if done in the Cloud Console": applied directly to the store, bump the
// etag, start no operation and skip API validation (tests use them to simulate drift).

import { GLOBAL_NAMESPACE } from "./constants";
import { newEtag } from "../core/etag";
import { parseResourceName, versionResourceName } from "./names";
import { shown } from "../core/errors";
import type { VersionState } from "./resources";
import { OutOfBandNotFound, camelizeKeys } from "../core/outOfBand";
import { MODELS, VERSIONS, versionsOf } from "./records";
import type { OutOfBandHandler } from "../core/api";
import type { Store } from "../core/store";

const VERSION_RECORD_KEYS = new Set(["state", "errorMessage", "createTime"]);
const IGNORED_KEYS = new Set(["name", "etag", "isDefault"]);

function outOfBandPatch(
    store: Store,
    resourceName: string,
    rawFields: Record<string, unknown>,
    namespace = GLOBAL_NAMESPACE,
): void {
    const parsed = parseResourceName(resourceName);
    if (!parsed) throw new OutOfBandNotFound(`not a model or version name: ${resourceName}`);
    const ns = store.ns(namespace);
    const fields = camelizeKeys(rawFields);
    if (parsed.version === undefined) {
        const m = ns.of(MODELS).get(resourceName);
        if (!m) throw new OutOfBandNotFound(`model not found in ${namespace}: ${resourceName}`);
        for (const [key, value] of Object.entries(fields)) {
            if (IGNORED_KEYS.has(key)) continue;
            if (key === "defaultVersion") {
                const requested = typeof value === "string" ? value : (value as { name?: string } | null)?.name;
                if (!requested) {
                    delete m.defaultVersion;
                    continue;
                }
                const full = requested.includes("/")
                    ? requested
                    : versionResourceName(parsed.project, parsed.model, requested);
                const v = ns.of(VERSIONS).get(full);
                if (!v) throw new OutOfBandNotFound(`version not found in ${namespace}: ${full}`);
                const previous = m.defaultVersion ? ns.of(VERSIONS).get(m.defaultVersion) : undefined;
                if (previous) previous.etag = newEtag();
                v.etag = newEtag();
                m.defaultVersion = full;
                ns.changed(previous, v);
                continue;
            }
            const target = m.fields as Record<string, unknown>;
            if (value === null || value === undefined) delete target[key];
            else target[key] = structuredClone(value);
        }
        m.etag = newEtag();
        ns.changed(m);
    } else {
        const v = ns.of(VERSIONS).get(resourceName);
        if (!v) throw new OutOfBandNotFound(`version not found in ${namespace}: ${resourceName}`);
        for (const [key, value] of Object.entries(fields)) {
            if (IGNORED_KEYS.has(key)) continue;
            if (VERSION_RECORD_KEYS.has(key)) {
                if (key === "state") v.state = value as VersionState;
                else if (key === "createTime") v.createTime = shown(value);
                else if (value === null || value === undefined) delete v.errorMessage;
                else v.errorMessage = shown(value);
                continue;
            }
            const target = v.fields as Record<string, unknown>;
            if (value === null || value === undefined) delete target[key];
            else target[key] = structuredClone(value);
        }
        v.etag = newEtag();
        ns.changed(v);
    }
}

function outOfBandDelete(store: Store, resourceName: string, namespace = GLOBAL_NAMESPACE): void {
    const parsed = parseResourceName(resourceName);
    if (!parsed) throw new OutOfBandNotFound(`not a model or version name: ${resourceName}`);
    const ns = store.ns(namespace);
    if (parsed.version === undefined) {
        if (!ns.of(MODELS).has(resourceName))
            throw new OutOfBandNotFound(`model not found in ${namespace}: ${resourceName}`);
        // The console would refuse with versions present; as a test control we cascade.
        for (const v of versionsOf(ns, resourceName)) ns.of(VERSIONS).delete(v.name);
        ns.of(MODELS).delete(resourceName);
    } else {
        const v = ns.of(VERSIONS).get(resourceName);
        if (!v) throw new OutOfBandNotFound(`version not found in ${namespace}: ${resourceName}`);
        ns.of(VERSIONS).delete(resourceName);
        const m = ns.of(MODELS).get(v.modelName);
        if (m && m.defaultVersion === v.name) {
            delete m.defaultVersion;
            m.etag = newEtag();
            ns.changed(m);
        }
    }
}

/** Console-style changes of models and versions (`projects/P/models/M[/versions/V]`). */
export const ML_OUT_OF_BAND: OutOfBandHandler = {
    owns: (name) => parseResourceName(name) !== undefined,
    patch: (store, name, fields, namespace) => outOfBandPatch(store, name, fields, namespace),
    delete: (store, name, namespace) => outOfBandDelete(store, name, namespace),
};
