// Starts fake-gcs-server (the Cloud Storage emulator, built and cached by scripts/ensure-fake-gcs-server.sh) on
// 127.0.0.1 and a free port, in memory, and reads its access log as a request log. A shell watchdog kills it when
// the test process goes away, even if that process is killed without running its exit handlers.

import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import { createServer } from "node:net";
import * as path from "node:path";

const REPO_ROOT = path.resolve(__dirname, "..", "..");

export interface GcsRequest {
    method: string;
    /** Path and query as logged, e.g. `/upload/storage/v1/b/B/o?uploadType=multipart&name=N`. */
    target: string;
    status: number;
    /** Date.now() when this process read the log line: after the server finished the request. */
    receivedAt: number;
}

export interface FakeGcs {
    /** http://127.0.0.1:PORT (the JSON API lives under /storage/v1/, uploads under /upload/storage/v1/). */
    url: string;
    port: number;
    /** Requests logged since the start or the last clearRequests(), oldest first. */
    requests(): GcsRequest[];
    clearRequests(): void;
    /** Creates a bucket (objects.insert needs one). */
    createBucket(name: string): Promise<void>;
    /** Object names in a bucket (every page). */
    listObjects(bucket: string, prefix?: string): Promise<string[]>;
    /** Bucket names. */
    listBuckets(): Promise<string[]>;
    stop(): Promise<void>;
}

/** The fake-gcs-server binary: FAKE_GCS_SERVER, else on PATH, else built/cached by the ensure script. */
export function fakeGcsBinary(): string {
    if (process.env.FAKE_GCS_SERVER) return process.env.FAKE_GCS_SERVER;
    for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
        const candidate = path.join(dir, "fake-gcs-server");
        if (dir !== "" && fs.existsSync(candidate)) return candidate;
    }
    const out = execFileSync("bash", [path.join(REPO_ROOT, "scripts", "ensure-fake-gcs-server.sh")], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
    });
    return path.join(out.trim().split("\n").pop() as string, "fake-gcs-server");
}

function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = createServer();
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const address = server.address();
            const port = typeof address === "object" && address ? address.port : 0;
            server.close(() => resolve(port));
        });
    });
}

// `time=... level=INFO msg="127.0.0.1 - - [date] \"POST /upload/... HTTP/1.1\" 200 761\n"`
const ACCESS_LINE = /\\"([A-Z]+) (\S+) HTTP\/[\d.]+\\" (\d{3})/;

async function waitUntilServing(url: string, child: ChildProcess, output: () => string): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
        if (child.exitCode !== null) throw new Error(`fake-gcs-server exited early:\n${output()}`);
        try {
            const res = await fetch(`${url}/storage/v1/b`);
            if (res.ok) return;
        } catch {
            // not listening yet
        }
        await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`fake-gcs-server did not answer within 20 s:\n${output()}`);
}

export async function startFakeGcs(): Promise<FakeGcs> {
    const binary = fakeGcsBinary();
    let lastError: unknown;
    // A free port can be taken between probing and binding: try a few.
    for (let attempt = 0; attempt < 3; attempt++) {
        const port = await freePort();
        const url = `http://127.0.0.1:${port}`;
        const args = ["-backend", "memory", "-scheme", "http", "-host", "127.0.0.1", "-port", String(port)];
        args.push("-external-url", url, "-public-host", `127.0.0.1:${port}`, "-log-level", "info");
        // The watchdog: the server runs as long as this process (WATCH) and stops with it.
        const watchdog =
            'bin="$1"; shift; "$bin" "$@" & server=$!; trap \'kill $server 2>/dev/null\' EXIT TERM INT; ' +
            'while kill -0 "$WATCH" 2>/dev/null && kill -0 $server 2>/dev/null; do sleep 1; done';
        const child = spawn("bash", ["-c", watchdog, "fake-gcs-watchdog", binary, ...args], {
            env: { ...process.env, WATCH: String(process.pid) },
            stdio: ["ignore", "pipe", "pipe"],
        });
        let out = "";
        let log: GcsRequest[] = [];
        let partial = "";
        const onData = (chunk: Buffer): void => {
            const text = chunk.toString("utf8");
            out += text;
            partial += text;
            const lines = partial.split("\n");
            partial = lines.pop() ?? "";
            for (const line of lines) {
                const m = ACCESS_LINE.exec(line);
                if (m) {
                    log.push({
                        method: m[1],
                        target: m[2],
                        status: Number(m[3]),
                        receivedAt: Date.now(),
                    });
                }
            }
        };
        child.stdout?.on("data", onData);
        child.stderr?.on("data", onData);
        const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
        try {
            await waitUntilServing(url, child, () => out);
        } catch (e) {
            lastError = e;
            child.kill("SIGTERM");
            await exited;
            continue;
        }
        log = [];
        const json = async (method: string, p: string, body?: unknown): Promise<unknown> => {
            const res = await fetch(`${url}${p}`, {
                method,
                headers: body === undefined ? {} : { "Content-Type": "application/json" },
                body: body === undefined ? undefined : JSON.stringify(body),
            });
            if (!res.ok) throw new Error(`fake-gcs-server ${method} ${p}: HTTP ${res.status} ${await res.text()}`);
            return res.json();
        };
        return {
            url,
            port,
            requests: () => [...log],
            clearRequests: () => {
                log = [];
            },
            createBucket: async (name) => {
                await json("POST", "/storage/v1/b?project=demo-project", { name });
            },
            listObjects: async (bucket, prefix = "") => {
                const names: string[] = [];
                let pageToken = "";
                do {
                    const q = new URLSearchParams({ prefix, ...(pageToken ? { pageToken } : {}) });
                    const page = (await json("GET", `/storage/v1/b/${bucket}/o?${q.toString()}`)) as {
                        items?: { name: string }[];
                        nextPageToken?: string;
                    };
                    names.push(...(page.items ?? []).map((i) => i.name));
                    pageToken = page.nextPageToken ?? "";
                } while (pageToken);
                return names.sort();
            },
            listBuckets: async () => {
                const page = (await json("GET", "/storage/v1/b?project=demo-project")) as {
                    items?: { name: string }[];
                };
                return (page.items ?? []).map((b) => b.name).sort();
            },
            stop: async () => {
                if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
                await exited;
            },
        };
    }
    throw lastError;
}
