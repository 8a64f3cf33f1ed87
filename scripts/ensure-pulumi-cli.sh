#!/usr/bin/env bash
# ensure-pulumi-cli.sh — make the Pulumi CLI usable offline and print the directory that holds
#   pulumi, pulumi-language-nodejs and pulumi-resource-pulumi-nodejs
# as the LAST line on stdout (everything else goes to stderr). Callers do:
#   PATH="$(bash scripts/ensure-pulumi-cli.sh | tail -n1):$PATH"
#
# Order of preference:
#   1. a `pulumi` + `pulumi-language-nodejs` already on PATH (unless PULUMI_CLI_IGNORE_PATH=1);
#   2. a cached build in ${PULUMI_CLI_CACHE:-$HOME/.cache/pulumi-aiplatform/cli}/v<version>/bin;
#   3. a build from the Go modules github.com/pulumi/pulumi/{pkg,sdk}/v3 at the version of the
#      installed @pulumi/pulumi npm package (needs only Go and the Go module proxy; slow: many minutes).
#
# The upstream NodeJS language host (sdk/nodejs/cmd/pulumi-language-nodejs) is not published as a
# consumable Go module, so step 3 builds a small language host, scripts/language-host/*.go, against sdk/v3.
# The cache records the sha256 of that source: when it changes, only the language host is rebuilt.
#
# Environment:
#   PULUMI_CLI_CACHE        cache root (default $HOME/.cache/pulumi-aiplatform/cli)
#   PULUMI_CLI_IGNORE_PATH  1 = ignore a pulumi already on PATH, always use/build the cache
#   PULUMI_CLI_REBUILD      1 = rebuild the cache even if it holds working binaries (implies IGNORE_PATH)
#   GO                      go binary to use (default: `go` on PATH, else /usr/local/go/bin/go)
set -euo pipefail

log() { printf 'ensure-pulumi-cli: %s\n' "$*" >&2; }
die() { printf 'ensure-pulumi-cli: ERROR: %s\n' "$*" >&2; exit 1; }

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd -P)"
SDK_DIR="$REPO_ROOT/node_modules/@pulumi/pulumi"
SDK_PKG_JSON="$SDK_DIR/package.json"
SHIM_SRC="$SDK_DIR/pulumi-resource-pulumi-nodejs"
LANGHOST_SRC="$SCRIPT_DIR/language-host"

[ -f "$SDK_PKG_JSON" ] || die "$SDK_PKG_JSON not found: run 'npm ci' (or 'npm install') in $REPO_ROOT first"
[ -f "$SHIM_SRC" ] || die "$SHIM_SRC not found: the installed @pulumi/pulumi package looks incomplete"
[ -f "$LANGHOST_SRC/main.go" ] || die "$LANGHOST_SRC/main.go not found"

# --- 1. required version ------------------------------------------------------------------------
if command -v node >/dev/null 2>&1; then
    VERSION="$(node -p 'require(process.argv[1]).version' "$SDK_PKG_JSON")"
else
    VERSION="$(sed -n 's/^[[:space:]]*"version"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$SDK_PKG_JSON" | head -n1)"
fi
[[ "$VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+([-+].*)?$ ]] || die "could not read a version from $SDK_PKG_JSON (got '$VERSION')"

CACHE_ROOT="${PULUMI_CLI_CACHE:-$HOME/.cache/pulumi-aiplatform/cli}"
VDIR="$CACHE_ROOT/v$VERSION"
BIN="$VDIR/bin"

# Prints the version reported by a pulumi binary ("v3.248.0"), or nothing.
pulumi_version_of() {
    PULUMI_SKIP_UPDATE_CHECK=true timeout 20 "$1" version 2>/dev/null | tail -n1 | tr -d '[:space:]' || true
}

# Copies the dynamic-provider shim into directory $1 (mode 755) unless an identical copy is there.
install_shim() {
    local dest="$1/pulumi-resource-pulumi-nodejs"
    if [ -f "$dest" ] && [ ! -L "$dest" ] && cmp -s "$SHIM_SRC" "$dest" && [ -x "$dest" ]; then
        return 0
    fi
    cp "$SHIM_SRC" "$dest.tmp.$$"
    chmod 755 "$dest.tmp.$$"
    mv -f "$dest.tmp.$$" "$dest"
}

# --- 2. a pulumi already on PATH ----------------------------------------------------------------
if [ "${PULUMI_CLI_IGNORE_PATH:-0}" != "1" ] && [ "${PULUMI_CLI_REBUILD:-0}" != "1" ] && PATH_PULUMI="$(command -v pulumi 2>/dev/null)" && [ -n "$PATH_PULUMI" ]; then
    PATH_DIR="$(cd "$(dirname "$PATH_PULUMI")" && pwd -P)"
    if [ "$PATH_DIR" != "$(cd "$BIN" 2>/dev/null && pwd -P || echo "$BIN")" ]; then
        LANG_HOST=""
        if [ -x "$PATH_DIR/pulumi-language-nodejs" ]; then
            LANG_HOST="$PATH_DIR/pulumi-language-nodejs"
        elif command -v pulumi-language-nodejs >/dev/null 2>&1; then
            LANG_HOST="$(command -v pulumi-language-nodejs)"
        fi
        if [ -n "$LANG_HOST" ]; then
            have="$(pulumi_version_of "$PATH_PULUMI")"
            if [ "$have" != "v$VERSION" ]; then
                log "note: using pulumi ${have:-<unknown version>} from PATH ($PATH_PULUMI); the @pulumi/pulumi SDK is v$VERSION (set PULUMI_CLI_IGNORE_PATH=1 to use a matching build)"
            else
                log "using pulumi $have from PATH ($PATH_PULUMI)"
            fi
            if [ -x "$PATH_DIR/pulumi-resource-pulumi-nodejs" ] && [ "$(dirname "$LANG_HOST")" = "$PATH_DIR" ]; then
                printf '%s\n' "$PATH_DIR"
                exit 0
            fi
            # The shim (or the language host) is not next to pulumi: assemble a directory with all three.
            # pulumi looks for its bundled plugins next to its resolved executable (and warns "using
            # ... from $PATH" otherwise), so pulumi itself is hard-linked (or copied), not symlinked.
            AMBIENT="$CACHE_ROOT/ambient/bin"
            mkdir -p "$AMBIENT"
            REAL_PULUMI="$(readlink -f "$PATH_PULUMI")"
            if ! { [ "$AMBIENT/pulumi" -ef "$REAL_PULUMI" ] || cmp -s "$AMBIENT/pulumi" "$REAL_PULUMI"; }; then
                rm -f "$AMBIENT/pulumi.tmp.$$"
                ln "$REAL_PULUMI" "$AMBIENT/pulumi.tmp.$$" 2>/dev/null || cp "$REAL_PULUMI" "$AMBIENT/pulumi.tmp.$$"
                mv -f "$AMBIENT/pulumi.tmp.$$" "$AMBIENT/pulumi"
            fi
            ln -sfn "$(readlink -f "$LANG_HOST")" "$AMBIENT/pulumi-language-nodejs"
            install_shim "$AMBIENT"
            log "assembled $AMBIENT (the PATH pulumi + its language host, and the SDK's dynamic-provider shim)"
            printf '%s\n' "$AMBIENT"
            exit 0
        fi
        log "pulumi on PATH ($PATH_PULUMI) has no pulumi-language-nodejs next to it or on PATH; using the cache"
    fi
fi

# --- 3. a cached build --------------------------------------------------------------------------
sha256_of() { sha256sum "$1" | cut -d' ' -f1; }
# The cache key of the language host: its Go source (tools.go only feeds `go mod tidy`).
LANGHOST_SUM="$(sha256_of "$LANGHOST_SRC/main.go")"
LANGHOST_STAMP="$BIN/.language-host.sha256"
# Caches built before the stamp existed still hold the source they were built from: record its sum once.
if [ -x "$BIN/pulumi-language-nodejs" ] && [ ! -f "$LANGHOST_STAMP" ] && [ -f "$VDIR/src/langhost/main.go" ]; then
    sha256_of "$VDIR/src/langhost/main.go" >"$LANGHOST_STAMP.tmp.$$" && mv -f "$LANGHOST_STAMP.tmp.$$" "$LANGHOST_STAMP"
fi
pulumi_ok() {
    [ -x "$BIN/pulumi" ] && [ "$(pulumi_version_of "$BIN/pulumi")" = "v$VERSION" ]
}
langhost_ok() {
    [ -x "$BIN/pulumi-language-nodejs" ] && [ -f "$LANGHOST_STAMP" ] && [ "$(cat "$LANGHOST_STAMP")" = "$LANGHOST_SUM" ]
}
cache_ok() { pulumi_ok && langhost_ok; }

if [ "${PULUMI_CLI_REBUILD:-0}" != "1" ] && cache_ok; then
    install_shim "$BIN"
    printf '%s\n' "$BIN"
    exit 0
fi

# --- 4. build from the Go modules ---------------------------------------------------------------
mkdir -p "$VDIR"
if command -v flock >/dev/null 2>&1; then
    exec 9>"$VDIR/.lock"
    if ! flock -n 9; then
        log "another build of v$VERSION is running; waiting for it to finish…"
        flock 9
    fi
    if [ "${PULUMI_CLI_REBUILD:-0}" != "1" ] && cache_ok; then
        install_shim "$BIN"
        printf '%s\n' "$BIN"
        exit 0
    fi
fi

# A cached pulumi of the right version is kept when only the language host has to be rebuilt.
REUSE_PULUMI=0
if [ "${PULUMI_CLI_REBUILD:-0}" != "1" ] && pulumi_ok; then REUSE_PULUMI=1; fi

GO="${GO:-}"
if [ -z "$GO" ]; then
    if command -v go >/dev/null 2>&1; then GO="$(command -v go)"
    elif [ -x /usr/local/go/bin/go ]; then GO=/usr/local/go/bin/go
    else die "the Pulumi CLI v$VERSION is not installed and Go is not available to build it (install Go >= 1.25, or put pulumi + pulumi-language-nodejs on PATH)"
    fi
fi
"$GO" version >/dev/null 2>&1 || die "'$GO version' failed"

SRC="$VDIR/src"
LOGF="$VDIR/build.log"
TMPBIN="$VDIR/bin.tmp.$$"
RUN_PID=""
cleanup() {
    if [ -n "$RUN_PID" ]; then kill "$RUN_PID" 2>/dev/null || true; fi
    rm -rf "$TMPBIN" "$VDIR/dl.$$"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

: >"$LOGF"
START=$(date +%s)
if [ "$REUSE_PULUMI" = "1" ]; then
    log "rebuilding the language host for the Pulumi CLI v$VERSION ($LANGHOST_SRC/main.go changed; log: $LOGF)"
else
    log "building the Pulumi CLI v$VERSION from Go modules with $("$GO" version | awk '{print $3}') (log: $LOGF)"
    log "this needs the Go module proxy and takes a few minutes (measured: ~4 min cold on 2 cores, ~40 s of it downloads)"
fi

# GOFLAGS may already hold flags (e.g. -buildvcs=false): keep them, force -mod=mod.
export GOFLAGS="$(echo "${GOFLAGS:-$("$GO" env GOFLAGS 2>/dev/null || true)}" | sed 's/-mod=[a-z]*//g') -mod=mod"
export CGO_ENABLED=0
export GOTOOLCHAIN="${GOTOOLCHAIN:-auto}"

PKG_MOD="github.com/pulumi/pulumi/pkg/v3"
SDK_MOD="github.com/pulumi/pulumi/sdk/v3"

# Module download, retried without the checksum database for the pulumi modules if the database
# has no record of them (seen with pkg/v3: "verifying go.mod: ... 404 Not Found").
download_json() { # $1 = module@version; prints `go mod download -json` output
    local dl="$VDIR/dl.$$"
    mkdir -p "$dl"
    (cd "$dl" && "$GO" mod download -json "$1") 2>>"$LOGF"
}
json_field() { # $1 = field name; reads go's indented JSON from stdin
    sed -n "s/^[[:space:]]*\"$1\": \"\(.*\)\",\{0,1\}\$/\1/p" | head -n1
}
fetch_module() { # $1 = module; sets MODULE_DIR (not run in a subshell, so GONOSUMDB sticks)
    local out err
    out="$(download_json "$1@v$VERSION" || true)"
    err="$(printf '%s\n' "$out" | json_field Error)"
    if [ -n "$err" ] && printf '%s' "$err" | grep -q 'verifying\|sumdb\|checksum database'; then
        log "warning: the Go checksum database has no record of $1@v$VERSION ($err)"
        log "warning: retrying with GONOSUMDB=github.com/pulumi/pulumi (hashes are then taken from the module proxy only)"
        export GONOSUMDB="${GONOSUMDB:+$GONOSUMDB,}github.com/pulumi/pulumi"
        out="$(download_json "$1@v$VERSION" || true)"
        err="$(printf '%s\n' "$out" | json_field Error)"
    fi
    [ -z "$err" ] || die "cannot download $1@v$VERSION: $err"
    local dir
    dir="$(printf '%s\n' "$out" | json_field Dir)"
    [ -n "$dir" ] && [ -f "$dir/go.mod" ] || die "cannot download $1@v$VERSION (see $LOGF)"
    MODULE_DIR="$dir"
}

log "[1/4] downloading $PKG_MOD and $SDK_MOD v$VERSION…"
fetch_module "$PKG_MOD"; PKG_DIR="$MODULE_DIR"
fetch_module "$SDK_MOD"

# Non-relative replace directives of a go.mod, one "old => new version" per line.
replaces_of() {
    awk '
        { sub(/\/\/.*$/, "") }
        /^replace[ \t]*\([ \t]*$/ { inblock = 1; next }
        inblock && /^[ \t]*\)/ { inblock = 0; next }
        inblock || /^replace[ \t]/ {
            line = $0
            sub(/^replace[ \t]+/, "", line)
            n = index(line, "=>")
            if (n == 0) next
            lhs = substr(line, 1, n - 1); rhs = substr(line, n + 2)
            gsub(/^[ \t]+|[ \t]+$/, "", lhs); gsub(/^[ \t]+|[ \t]+$/, "", rhs)
            gsub(/[ \t]+/, " ", lhs); gsub(/[ \t]+/, " ", rhs)
            if (rhs ~ /^\.\.?\// || rhs ~ /^\.\.?$/ || rhs ~ /^\//) next   # local directory: skip
            print lhs " => " rhs
        }
    ' "$1"
}
# The CLI's main package lives in pkg/v3, whose go.mod is the main module upstream builds it with:
# repeat its non-relative replaces. (sdk/v3's own replaces never apply when building the CLI upstream:
# e.g. its `golang.org/x/text => v0.3.8` would downgrade x/text below what pkg/v3 requires.)
REPLACES="$(replaces_of "$PKG_DIR/go.mod" | sort -u)"
GO_DIRECTIVE="$(awk '$1 == "go" { print $2; exit }' "$PKG_DIR/go.mod")"

rm -rf "$SRC"
mkdir -p "$SRC/langhost"
{
    echo "// Generated by scripts/ensure-pulumi-cli.sh: builds the Pulumi CLI v$VERSION."
    echo "module pulumi-aiplatform.local/pulumi-cli"
    echo
    echo "go ${GO_DIRECTIVE:-1.25}"
    echo
    echo "require ("
    echo "	$PKG_MOD v$VERSION"
    echo "	$SDK_MOD v$VERSION"
    echo ")"
    if [ -n "$REPLACES" ]; then
        echo
        while IFS= read -r r; do echo "replace $r"; done <<<"$REPLACES"
    fi
} >"$SRC/go.mod"
# The language host's Go files (main.go, and tools.go, which keeps the CLI's graph in go.mod for tidy).
cp "$LANGHOST_SRC"/*.go "$SRC/langhost/"

# Runs a long go command with output in the log and a progress line on stderr every 30 s.
run_logged() { # $1 = label, rest = command
    local label="$1"; shift
    local t0 pid rc
    t0=$(date +%s)
    echo "+ $*" >>"$LOGF"
    ( cd "$SRC" && exec "$@" ) >>"$LOGF" 2>&1 &
    pid=$!
    RUN_PID=$pid
    while kill -0 "$pid" 2>/dev/null; do
        for _ in $(seq 30); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 1
        done
        if kill -0 "$pid" 2>/dev/null; then
            log "      … $label: $(( $(date +%s) - t0 ))s, $(wc -l <"$LOGF" | tr -d ' ') log lines, last: $(tail -n1 "$LOGF" | cut -c1-100)"
        fi
    done
    rc=0
    wait "$pid" || rc=$?
    RUN_PID=""
    if [ "$rc" -ne 0 ]; then
        tail -n 30 "$LOGF" >&2
        die "$label failed (exit $rc); full log: $LOGF"
    fi
    log "      $label done in $(( $(date +%s) - t0 ))s"
}

log "[2/4] resolving dependencies (go mod tidy)…"
run_logged "go mod tidy" "$GO" mod tidy

LDFLAGS="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$VERSION"
rm -rf "$TMPBIN"
mkdir -p "$TMPBIN"
if [ "$REUSE_PULUMI" = "1" ]; then
    log "[3/4] keeping the cached pulumi v$VERSION (only the language host source changed)"
    ln "$BIN/pulumi" "$TMPBIN/pulumi" 2>/dev/null || cp "$BIN/pulumi" "$TMPBIN/pulumi"
else
    log "[3/4] compiling pulumi (the slow part)…"
    run_logged "go build pulumi" "$GO" build -v -ldflags "$LDFLAGS" -o "$TMPBIN/pulumi" "$PKG_MOD/cmd/pulumi"
fi
log "[4/4] compiling pulumi-language-nodejs…"
run_logged "go build pulumi-language-nodejs" "$GO" build -v -ldflags "$LDFLAGS" -o "$TMPBIN/pulumi-language-nodejs" ./langhost
if ! ( cd "$SRC" && "$GO" vet ./langhost ) >>"$LOGF" 2>&1; then
    log "warning: go vet reports problems in $LANGHOST_SRC/main.go (see $LOGF)"
fi
printf '%s\n' "$LANGHOST_SUM" >"$TMPBIN/.language-host.sha256"
install_shim "$TMPBIN"

got="$(pulumi_version_of "$TMPBIN/pulumi")"
[ "$got" = "v$VERSION" ] || die "the freshly built pulumi reports '${got:-nothing}' instead of v$VERSION"

# Swap the new bin dir in with renames so an interrupted build never leaves a broken cache.
rm -rf "$BIN.old"
if [ -e "$BIN" ]; then mv "$BIN" "$BIN.old"; fi
mv "$TMPBIN" "$BIN"
rm -rf "$BIN.old"
log "built the Pulumi CLI v$VERSION in $(( $(date +%s) - START ))s: $BIN"
printf '%s\n' "$BIN"
