// Out-of-band changes to Vertex resources "as if done in the Cloud Console" (admin oob/patch, oob/delete): applied to
// the store directly, no validation, no operation, a new etag. Names:
//   projects/P/locations/L/endpoints/E            patch displayName, description, labels, trafficSplit, …
//   projects/P/locations/L/endpoints/E/deployedModels/D
//                                                 patch dedicatedResources (merged), displayName, predictFailure
//                                                 (a reason: predictions on it fail; null clears); delete = undeploy
//   projects/P/locations/L/models/M[@V]           patch displayName, description, labels (model) or version fields
// (project ID or number accepted).

import type { OutOfBandHandler } from "../core/api";
import { newEtag } from "../core/etag";
import { OutOfBandNotFound, camelizeKeys } from "../core/outOfBand";
import { shown } from "../core/errors";
import type { JsonObject } from "../core/proto3json";
import type { Store } from "../core/store";
import { derivedProjectNumber } from "../core/projectNumber";
import { ENDPOINTS, MODELS, VERSIONS, VERTEX_NAMESPACE, versionsOf } from "./records";
import type { TrafficSplit } from "./traffic";

const NAME =
    /^projects\/([^/]+)\/locations\/([^/]+)\/(endpoints|models)\/([^/@]+)(?:@([^/]+)|\/deployedModels\/([^/]+))?$/;

function canonical(name: string): RegExpExecArray {
    const m = NAME.exec(name);
    if (!m) throw new OutOfBandNotFound(`not a Vertex endpoint, deployed model or model name: ${name}`);
    const project = m[1];
    m[1] = /^[0-9]+$/.test(project) ? project : derivedProjectNumber(project);
    return m;
}

function merge(target: JsonObject, fields: Record<string, unknown>): void {
    for (const [k, v] of Object.entries(fields)) {
        if (v === null) delete target[k];
        else target[k] = v as JsonObject[string];
    }
}

export const VERTEX_OUT_OF_BAND: OutOfBandHandler = {
    owns: (name) => NAME.test(name),
    patch(store: Store, name: string, raw: Record<string, unknown>) {
        const m = canonical(name);
        const ns = store.ns(VERTEX_NAMESPACE);
        const base = `projects/${m[1]}/locations/${m[2]}/${m[3]}/${m[4]}`;
        const fields = camelizeKeys(raw);
        if (m[3] === "endpoints") {
            const endpoint = ns.of(ENDPOINTS).get(base);
            if (!endpoint) throw new OutOfBandNotFound(`endpoint not found: ${name}`);
            if (m[6] !== undefined) {
                const dm = endpoint.deployedModels.find((d) => d.id === m[6]);
                if (!dm) throw new OutOfBandNotFound(`deployed model not found: ${name}`);
                for (const [k, v] of Object.entries(fields)) {
                    if (k === "dedicatedResources") merge(dm.dedicatedResources, v as Record<string, unknown>);
                    else if (k === "displayName") dm.displayName = String(v);
                    else if (k === "predictFailure") {
                        if (v === null) delete dm.predictFailure;
                        else dm.predictFailure = shown(v);
                    } else merge(dm.extra, { [k]: v });
                }
            } else {
                for (const [k, v] of Object.entries(fields)) {
                    if (k === "trafficSplit") endpoint.trafficSplit = { ...((v ?? {}) as TrafficSplit) };
                    else if (k === "displayName") endpoint.displayName = String(v);
                    else merge(endpoint.fields, { [k]: v });
                }
            }
            endpoint.etag = newEtag();
            ns.changed(endpoint);
            return;
        }
        const model = ns.of(MODELS).get(base);
        if (!model) throw new OutOfBandNotFound(`model not found: ${name}`);
        if (m[5] !== undefined) {
            const version = versionsOf(ns, base).find((v) => v.versionId === m[5] || v.aliases.includes(m[5]));
            if (!version) throw new OutOfBandNotFound(`model version not found: ${name}`);
            for (const [k, v] of Object.entries(fields)) {
                if (k === "predictFailure") {
                    if (v === null) delete version.predictFailure;
                    else version.predictFailure = shown(v);
                } else merge(version.fields, { [k]: v });
            }
            ns.changed(version);
        } else {
            for (const [k, v] of Object.entries(fields)) {
                if (k === "displayName") model.displayName = String(v);
                else merge(model.fields, { [k]: v });
            }
        }
        model.etag = newEtag();
        ns.changed(model);
    },
    delete(store: Store, name: string) {
        const m = canonical(name);
        const ns = store.ns(VERTEX_NAMESPACE);
        const base = `projects/${m[1]}/locations/${m[2]}/${m[3]}/${m[4]}`;
        if (m[3] === "endpoints") {
            const endpoint = ns.of(ENDPOINTS).get(base);
            if (!endpoint) throw new OutOfBandNotFound(`endpoint not found: ${name}`);
            if (m[6] === undefined) {
                ns.of(ENDPOINTS).delete(base);
                return;
            }
            if (!endpoint.deployedModels.some((d) => d.id === m[6]))
                throw new OutOfBandNotFound(`deployed model not found: ${name}`);
            endpoint.deployedModels = endpoint.deployedModels.filter((d) => d.id !== m[6]);
            const split: Record<string, number> = { ...endpoint.trafficSplit };
            delete split[m[6]];
            endpoint.trafficSplit = split;
            endpoint.etag = newEtag();
            ns.changed(endpoint);
            return;
        }
        if (!ns.of(MODELS).has(base)) throw new OutOfBandNotFound(`model not found: ${name}`);
        const versions = versionsOf(ns, base);
        const doomed =
            m[5] === undefined ? versions : versions.filter((v) => v.versionId === m[5] || v.aliases.includes(m[5]));
        if (doomed.length === 0) throw new OutOfBandNotFound(`model version not found: ${name}`);
        for (const v of doomed) ns.of(VERSIONS).delete(v.name);
        if (m[5] === undefined || doomed.length === versions.length) ns.of(MODELS).delete(base);
    },
};
