// Admin/control API under /__emulator/ (never under /v1): no auth, not recorded in the request log.

import type { Emulator } from "./emulator";
import { FaultSpecError } from "./faults";
import { OutOfBandNotFound } from "./outOfBand";
import type { FaultSpec } from "../types";

export const ADMIN_PREFIX = "/__emulator/";

export interface AdminResponse {
    status: number;
    body: unknown;
}

class AdminError extends Error {
    constructor(
        readonly status: number,
        message: string,
    ) {
        super(message);
    }
}

function objectBody(text: string): Record<string, unknown> {
    if (text.trim() === "") return {};
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch {
        throw new AdminError(400, "body is not valid JSON");
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
        throw new AdminError(400, "body must be a JSON object");
    return parsed as Record<string, unknown>;
}

function stringField(body: Record<string, unknown>, key: string, required: boolean): string | undefined {
    const v = body[key];
    if (v === undefined || v === null) {
        if (required) throw new AdminError(400, `'${key}' is required`);
        return undefined;
    }
    if (typeof v !== "string") throw new AdminError(400, `'${key}' must be a string`);
    return v;
}

function route(emulator: Emulator, method: string, action: string, bodyText: string): unknown {
    const key = `${method} ${action}`;
    switch (key) {
        case "GET healthz":
            return { status: "ok" };
        case "POST reset":
            emulator.reset();
            return {};
        case "GET durations":
            return emulator.engine.getDurations();
        case "POST durations":
            try {
                emulator.setDurations(objectBody(bodyText) as Record<string, number>);
            } catch (e) {
                if (e instanceof AdminError) throw e;
                throw new AdminError(400, (e as Error).message);
            }
            return emulator.engine.getDurations();
        case "GET storage":
            return { url: emulator.storage.url ?? null };
        case "POST storage": {
            const url = objectBody(bodyText).url;
            if (url !== null && url !== undefined && typeof url !== "string")
                throw new AdminError(400, "'url' must be a string, or null to stop checking Cloud Storage");
            try {
                emulator.storage.set(url ?? undefined);
            } catch (e) {
                throw new AdminError(400, (e as Error).message);
            }
            return { url: emulator.storage.url ?? null };
        }
        case "GET quotas":
            return emulator.quotas.get();
        case "POST quotas":
            try {
                return emulator.quotas.set(objectBody(bodyText));
            } catch (e) {
                if (e instanceof AdminError) throw e;
                throw new AdminError(400, (e as Error).message);
            }
        case "GET faults":
            return { faults: emulator.faults.list() };
        case "POST faults": {
            const spec = objectBody(bodyText) as unknown as FaultSpec;
            const fault = emulator.faults.add(spec);
            return { id: fault.id };
        }
        case "DELETE faults":
            emulator.faults.clear();
            return {};
        case "GET requests":
            return { requests: emulator.requests() };
        case "DELETE requests":
            emulator.log.clear();
            return {};
        case "POST oob/patch": {
            const body = objectBody(bodyText);
            const fields = body.fields;
            if (typeof fields !== "object" || fields === null || Array.isArray(fields))
                throw new AdminError(400, "'fields' must be an object");
            emulator.outOfBandPatch(
                stringField(body, "name", true) as string,
                fields as Record<string, unknown>,
                stringField(body, "namespace", false),
            );
            return {};
        }
        case "POST oob/delete": {
            const body = objectBody(bodyText);
            emulator.outOfBandDelete(stringField(body, "name", true) as string, stringField(body, "namespace", false));
            return {};
        }
        case "GET state":
            return emulator.snapshot();
        default: {
            const apiAction = emulator.apis.map((api) => api.admin?.[key]).find((a) => a !== undefined);
            if (apiAction) return apiAction(objectBody(bodyText));
            throw new AdminError(404, `no admin endpoint ${method} ${ADMIN_PREFIX}${action}`);
        }
    }
}

export function handleAdmin(emulator: Emulator, method: string, path: string, bodyText: string): AdminResponse {
    const action = path.slice(ADMIN_PREFIX.length).replace(/\/+$/, "");
    try {
        return { status: 200, body: route(emulator, method, action, bodyText) };
    } catch (e) {
        const status =
            e instanceof AdminError
                ? e.status
                : e instanceof FaultSpecError
                  ? 400
                  : e instanceof OutOfBandNotFound
                    ? 404
                    : 500;
        return { status, body: { error: { code: status, message: (e as Error).message } } };
    }
}
