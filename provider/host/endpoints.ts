// Where requests go: loopback URLs (the only place a placeholder token is ever sent, and never through a proxy).

/** True for loopback URLs: the only place a placeholder token is ever sent. */
export function isLoopbackUrl(url: string | undefined): boolean {
    if (!url) {
        return false;
    }
    try {
        const host = new URL(url).hostname;
        return host === "localhost" || host === "[::1]" || /^127\./.test(host);
    } catch {
        return false;
    }
}
