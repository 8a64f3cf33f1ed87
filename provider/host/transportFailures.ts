// Transport failures that retrying cannot heal. A name that does not resolve, a configured endpoint where nothing
// listens, or a TLS handshake that fails (wrong scheme, untrusted certificate) gives the same answer on every attempt:
// retrying them only hides the cause behind the whole backoff (7 attempts: about 45 s). Dropped, reset or timed-out
// connections and a refused connection to Google's own endpoints can heal, and stay retried.

/** Why a request never reached the API and what to do about it; no attempt of it was sent. */
export interface UnhealableFailure {
    /** What went wrong, with the system's own words, e.g. `the host name x does not resolve (getaddrinfo ENOTFOUND x)`. */
    readonly cause: string;
    /** What to check or change. */
    readonly fix: string;
}

/** Node's and OpenSSL's codes of a TLS handshake or certificate failure. */
const TLS_CODE =
    /^(ERR_SSL_|ERR_TLS_|EPROTO$|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$)/;

/**
 * The error codes (`ENOTFOUND`, `ECONNREFUSED`, …) along an error's cause chain, outermost first, with messages;
 * `code` is "" for a link without one (fetch's own refusals, such as "bad port").
 */
function codesOf(err: unknown): { code: string; message: string }[] {
    const found: { code: string; message: string }[] = [];
    // Duck-typed, not `instanceof Error`: fetch's errors may come from another realm (a VM context, jest).
    type Link = { code?: unknown; message?: unknown; cause?: unknown };
    for (let e = err as Link | undefined, depth = 0; typeof e === "object" && e !== null && depth < 10; depth++) {
        const message = readable(typeof e.message === "string" ? e.message : "");
        found.push({ code: typeof e.code === "string" ? e.code : "", message });
        e = e.cause as Link | undefined;
    }
    return found;
}

/** fetch's own refusal of a port on its blocked list (https://fetch.spec.whatwg.org/#port-blocking). */
const BAD_PORT = "bad port";

/** One line; OpenSSL's `…:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:…` becomes its reason. */
function readable(message: string): string {
    const openSsl = /error:[0-9A-Fa-f]+:[^:]+:[^:]*:([^:]+):/.exec(message);
    return openSsl ? openSsl[1] : message.split("\n")[0].trim();
}

/**
 * The failure of a request to `baseUrl` that no retry can heal, or undefined for one that may (or an HTTP answer).
 * `configuredEndpoint` names the setting that chose `baseUrl` (e.g. `aiplatform:endpointOverride`), undefined for
 * Google's default endpoints: a refused connection there is an outage that passes, at an override it is a server
 * that is not running.
 */
export function unhealableTransportFailure(
    err: unknown,
    baseUrl: string,
    configuredEndpoint: string | undefined,
): UnhealableFailure | undefined {
    const host = hostOf(baseUrl, "host");
    const setting = configuredEndpoint ?? "the endpoint (aiplatform:endpointOverride to use another)";
    for (const { code, message } of codesOf(err)) {
        if (code === "ENOTFOUND") {
            return {
                cause: `the host name ${hostOf(baseUrl, "hostname")} does not resolve (${message})`,
                fix: `check the host name in ${setting}, and this machine's DNS and network`,
            };
        }
        if (code === "ECONNREFUSED" && configuredEndpoint !== undefined) {
            return {
                cause: `connection refused: nothing listens at ${host} (${message})`,
                fix: `start the server there (the emulator: \`npx aiplatform-ml-emulator --port <port>\`) or correct ${configuredEndpoint}`,
            };
        }
        if (code === "" && message === BAD_PORT) {
            return {
                cause: `fetch refuses to connect to port ${hostOf(baseUrl, "port") || "(default)"} of ${host} (${message}: the port is reserved for another protocol)`,
                fix: `serve the API on another port (e.g. 8080) and set it in ${setting}`,
            };
        }
        if (TLS_CODE.test(code)) {
            return {
                cause: `the TLS handshake with ${host} failed (${code}: ${message})`,
                fix:
                    `check the scheme in ${setting} (the emulator speaks plain http://) and, for https, that the ` +
                    "server's certificate is valid for that host and trusted (NODE_EXTRA_CA_CERTS for a private CA)",
            };
        }
    }
    return undefined;
}

function hostOf(url: string, part: "host" | "hostname" | "port"): string {
    try {
        return new URL(url)[part];
    } catch {
        return url;
    }
}
