// Request URL paths built from resource names, one encoded segment at a time.

/**
 * One URL path segment. `check` refuses every unsafe name long before this point; this is the second
 * lock, so that even a validation bug cannot make a request escape its path: `.`/`..` (which URL
 * parsers resolve, also when written `%2e%2e`) and empty segments are refused, everything else is
 * percent-encoded (`/`, `?`, `#`, `%`, spaces, control characters). `:` stays as is: it is a valid path
 * character and part of domain-scoped project ids (`example.com:proj`).
 */
export function urlSegment(what: string, value: string): string {
    if (value === "" || value === "." || value === "..") {
        throw new Error(`refusing to build a request URL with ${what} ${JSON.stringify(value)}`);
    }
    return encodeURIComponent(value).replace(/%3A/gi, ":");
}

/** `projects/P/operations/X`, as named by the server, as a URL path. */
export function operationUrlPath(name: string): string {
    const match = /^projects\/([^/]+)\/operations\/([^/]+)$/.exec(name);
    if (!match) {
        throw new Error(`refusing to poll an operation with an unexpected name ${JSON.stringify(name)}`);
    }
    return `v1/projects/${urlSegment("project", match[1])}/operations/${urlSegment("operation", match[2])}`;
}
