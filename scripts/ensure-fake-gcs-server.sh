#!/usr/bin/env bash
# ensure-fake-gcs-server.sh — make fake-gcs-server (the Cloud Storage emulator, github.com/fsouza/fake-gcs-server)
# available and print the directory that holds the `fake-gcs-server` binary as the LAST line on stdout (everything
# else goes to stderr). Callers do:
#   PATH="$(bash scripts/ensure-fake-gcs-server.sh | tail -n1):$PATH"
#
# Order of preference (as scripts/ensure-pulumi-cli.sh does for the Pulumi CLI):
#   1. a `fake-gcs-server` already on PATH (unless FAKE_GCS_IGNORE_PATH=1);
#   2. a cached build in ${FAKE_GCS_CACHE:-$HOME/.cache/pulumi-aiplatform/fake-gcs-server}/v<version>/bin;
#   3. `go install github.com/fsouza/fake-gcs-server@v<version>` from the Go module proxy into that cache
#      (about 70-80 s on 2 cores, 35 MB binary).
#
# Environment:
#   FAKE_GCS_CACHE        cache root (default $HOME/.cache/pulumi-aiplatform/fake-gcs-server)
#   FAKE_GCS_IGNORE_PATH  1 = ignore a fake-gcs-server already on PATH
#   FAKE_GCS_REBUILD      1 = rebuild the cache even if it holds a binary (implies IGNORE_PATH)
#   GO                    go binary to use (default: `go` on PATH, else /usr/local/go/bin/go)
set -euo pipefail

# Pinned: the tests and the demo are written against this version's JSON API and access log.
VERSION="1.56.1"
MODULE="github.com/fsouza/fake-gcs-server"

log() { printf 'ensure-fake-gcs-server: %s\n' "$*" >&2; }
die() { printf 'ensure-fake-gcs-server: ERROR: %s\n' "$*" >&2; exit 1; }

CACHE_ROOT="${FAKE_GCS_CACHE:-$HOME/.cache/pulumi-aiplatform/fake-gcs-server}"
VDIR="$CACHE_ROOT/v$VERSION"
BIN="$VDIR/bin"

# `fake-gcs-server -help` exits 0 and names its flags: enough to know the binary runs on this machine.
runs() { "$1" -help 2>&1 | grep -- '-backend' >/dev/null; }

if [ "${FAKE_GCS_IGNORE_PATH:-0}" != "1" ] && [ "${FAKE_GCS_REBUILD:-0}" != "1" ] &&
    ON_PATH="$(command -v fake-gcs-server 2>/dev/null)" && [ -n "$ON_PATH" ] && runs "$ON_PATH"; then
    dir="$(cd "$(dirname "$ON_PATH")" && pwd -P)"
    [ "$dir" = "$(cd "$BIN" 2>/dev/null && pwd -P || echo "$BIN")" ] || log "using fake-gcs-server from PATH ($ON_PATH)"
    printf '%s\n' "$dir"
    exit 0
fi

if [ "${FAKE_GCS_REBUILD:-0}" != "1" ] && [ -x "$BIN/fake-gcs-server" ] && runs "$BIN/fake-gcs-server"; then
    printf '%s\n' "$BIN"
    exit 0
fi

mkdir -p "$VDIR"
if command -v flock >/dev/null 2>&1; then
    exec 9>"$VDIR/.lock"
    if ! flock -n 9; then
        log "another build of v$VERSION is running; waiting for it to finish…"
        flock 9
    fi
    if [ "${FAKE_GCS_REBUILD:-0}" != "1" ] && [ -x "$BIN/fake-gcs-server" ] && runs "$BIN/fake-gcs-server"; then
        printf '%s\n' "$BIN"
        exit 0
    fi
fi

GO="${GO:-}"
if [ -z "$GO" ]; then
    if command -v go >/dev/null 2>&1; then GO="$(command -v go)"
    elif [ -x /usr/local/go/bin/go ]; then GO=/usr/local/go/bin/go
    else die "fake-gcs-server v$VERSION is not installed and Go is not available to build it (install Go, or put fake-gcs-server on PATH)"
    fi
fi

TMPBIN="$VDIR/bin.tmp.$$"
LOGF="$VDIR/build.log"
trap 'rm -rf "$TMPBIN"' EXIT
rm -rf "$TMPBIN"
mkdir -p "$TMPBIN"
START=$(date +%s)
log "building $MODULE@v$VERSION with $("$GO" version | awk '{print $3}') (about 80 s the first time; log: $LOGF)"
if ! GOBIN="$TMPBIN" CGO_ENABLED=0 GOFLAGS="${GOFLAGS:-} -mod=mod" GOTOOLCHAIN="${GOTOOLCHAIN:-auto}" \
    "$GO" install -ldflags "-s -w" "$MODULE@v$VERSION" >"$LOGF" 2>&1; then
    tail -n 30 "$LOGF" >&2
    die "go install $MODULE@v$VERSION failed; full log: $LOGF"
fi
runs "$TMPBIN/fake-gcs-server" || die "the freshly built fake-gcs-server does not run (see $LOGF)"
# Swap the new bin dir in with renames so an interrupted build never leaves a broken cache.
rm -rf "$BIN.old"
if [ -e "$BIN" ]; then mv "$BIN" "$BIN.old"; fi
mv "$TMPBIN" "$BIN"
rm -rf "$BIN.old"
log "built fake-gcs-server v$VERSION in $(( $(date +%s) - START ))s: $BIN"
printf '%s\n' "$BIN"
