// node:http adapter: reads requests (origin-form or proxy absolute-form targets), sends admin
// requests to admin.ts and everything else through the emulator's API pipeline.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { ADMIN_PREFIX, handleAdmin } from "./admin";
import type { Emulator } from "./emulator";
import { MAX_BODY_BYTES } from "./limits";

/** Past this, an oversized body is no longer drained for a polite 413: the connection is cut. */
const DRAIN_LIMIT_BYTES = 4 * MAX_BODY_BYTES;

/**
 * Split a request target into path and query. Clients configured to use the emulator as an HTTP
 * proxy (how gcloud reaches "{region}-127.0.0.1:PORT") send absolute-form targets: http://host/path.
 */
export function splitTarget(target: string): { path: string; query: URLSearchParams; host?: string } {
    // Parsed by hand: WHATWG URL rejects hosts like "us-central1-127.0.0.1" (they end in a number).
    const absolute = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/([^/?#]*)(.*)$/.exec(target);
    const rest = absolute ? absolute[2] || "/" : target;
    const q = rest.indexOf("?");
    const rawPath = q < 0 ? rest : rest.slice(0, q);
    const result: { path: string; query: URLSearchParams; host?: string } = {
        path: rawPath.startsWith("/") ? rawPath : `/${rawPath}`,
        query: new URLSearchParams(q < 0 ? "" : rest.slice(q + 1)),
    };
    if (absolute?.[1]) result.host = absolute[1];
    return result;
}

/** Reads the body; past MAX_BODY_BYTES the rest is drained and dropped, so memory stays bounded and the client gets a 413. */
function readBody(req: IncomingMessage): Promise<{ text: string; bytes: number }> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        req.on("data", (chunk: Buffer) => {
            size += chunk.length;
            if (size > DRAIN_LIMIT_BYTES) {
                req.destroy();
                return;
            }
            if (size > MAX_BODY_BYTES) {
                chunks.length = 0;
                return;
            }
            chunks.push(chunk);
        });
        req.on("end", () =>
            resolve({ text: size > MAX_BODY_BYTES ? "" : Buffer.concat(chunks).toString("utf8"), bytes: size }),
        );
        req.on("error", reject);
    });
}

function sendJson(
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string>,
    pretty: boolean,
): void {
    // Google pretty-prints JSON unless prettyPrint=false.
    const text = pretty ? `${JSON.stringify(body, null, 2)}\n` : JSON.stringify(body);
    res.writeHead(status, {
        "Content-Type": "application/json; charset=UTF-8",
        "Content-Length": String(Buffer.byteLength(text)),
        Vary: "Origin, X-Origin, Referer",
        ...headers,
    });
    res.end(text);
}

async function handle(emulator: Emulator, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? "GET").toUpperCase();
    const { path, query, host } = splitTarget(req.url ?? "/");
    const { text: bodyText, bytes: bodyBytes } = await readBody(req);
    if (path.startsWith(ADMIN_PREFIX)) {
        const r = handleAdmin(emulator, method, path, bodyText);
        sendJson(res, r.status, r.body, {}, true);
        return;
    }
    // For absolute-form targets the target's authority wins over the Host header (RFC 9112 §3.2.2).
    const headers = host ? { ...req.headers, host } : req.headers;
    const first = emulator.handleApi({ method, path, query, headers, bodyText, bodyBytes });
    // operations.wait answers later; a client that hung up meanwhile gets nothing (sending fails quietly).
    const outcome = first.kind === "later" ? await first.outcome : first;
    if (outcome.kind === "drop") {
        req.socket.destroy();
        return;
    }
    if (outcome.lostResponse) {
        // The change is applied; the client just never hears about it.
        req.socket.destroy();
        return;
    }
    sendJson(res, outcome.status, outcome.body, outcome.headers, outcome.pretty);
}

export function createEmulatorServer(emulator: Emulator): Server {
    return createServer((req, res) => {
        handle(emulator, req, res).catch((e: unknown) => {
            if (!res.headersSent) {
                sendJson(
                    res,
                    500,
                    { error: { code: 500, message: `emulator error: ${(e as Error).message}`, status: "INTERNAL" } },
                    {},
                    true,
                );
            } else {
                res.destroy();
            }
        });
    });
}
