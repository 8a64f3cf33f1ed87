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
# consumable Go module, so step 3 builds a small language host embedded below against sdk/v3.
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

[ -f "$SDK_PKG_JSON" ] || die "$SDK_PKG_JSON not found: run 'npm ci' (or 'npm install') in $REPO_ROOT first"
[ -f "$SHIM_SRC" ] || die "$SHIM_SRC not found: the installed @pulumi/pulumi package looks incomplete"

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
cache_ok() {
    [ -x "$BIN/pulumi" ] && [ -x "$BIN/pulumi-language-nodejs" ] && [ "$(pulumi_version_of "$BIN/pulumi")" = "v$VERSION" ]
}

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
log "building the Pulumi CLI v$VERSION from Go modules with $("$GO" version | awk '{print $3}') (log: $LOGF)"
log "this needs the Go module proxy and takes a few minutes (measured: ~4 min cold on 2 cores, ~40 s of it downloads)"

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
cat >"$SRC/tools.go" <<'EOF'
//go:build tools

// Keeps the CLI's dependency graph in go.mod/go.sum for `go mod tidy`.
package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
EOF

cat >"$SRC/langhost/main.go" <<'EOF'
// pulumi-language-nodejs: a minimal NodeJS language host for the Pulumi CLI.
//
// Generated by scripts/ensure-pulumi-cli.sh. The upstream language host module
// (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3) is not published as a
// consumable Go module, so this small host is built instead against
// github.com/pulumi/pulumi/sdk/v3. It implements what `pulumi up`, `preview`, `refresh` and
// `destroy` need: GetPluginInfo, Handshake, GetRequiredPackages/GetRequiredPlugins,
// GetProgramDependencies, About and Run (which starts `node @pulumi/pulumi/cmd/run` with the
// same flags and environment as upstream). Not implemented (the engine falls back or reports
// "unimplemented"): InstallDependencies (`pulumi install`), RunPlugin (NodeJS component/policy
// plugins), code generation, templates.
//
// Runtime options (Pulumi.yaml `runtime.options` or -name=value flags): typescript (default
// true), tsconfig, nodeargs. Environment: PULUMI_LANGUAGE_NODEJS_RUN_PATH overrides
// @pulumi/pulumi/cmd/run; PULUMI_LANGUAGE_NODEJS_SKIP_PLUGIN_SCAN=true reports no plugins.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"
)

// Exit code used by @pulumi/pulumi/cmd/run when it already printed a user-actionable message.
const exitCodeUserActionable = 32

type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	mu            sync.Mutex
	engineAddress string
	tracing       string
	flagOptions   map[string]string // runtime options passed as -name=value flags
}

func main() {
	h := &host{flagOptions: map[string]string{}}
	var positional []string
	args := os.Args[1:]
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			positional = append(positional, args[i+1:]...)
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			positional = append(positional, a)
			continue
		}
		name := strings.TrimLeft(a, "-")
		value, hasValue := "", false
		if k, v, ok := strings.Cut(name, "="); ok {
			name, value, hasValue = k, v, true
		}
		switch name {
		case "tracing":
			if !hasValue && i+1 < len(args) {
				i++
				value = args[i]
			}
			h.tracing = value
		case "logtostderr", "logflow", "v", "root":
			// logging / informational flags: accepted and ignored.
		default:
			if !hasValue {
				value = "true"
			}
			h.flagOptions[name] = value
		}
	}
	if len(positional) > 0 {
		h.engineAddress = positional[0]
	}

	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, h)
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "fatal: could not start language host RPC server: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "fatal: language host RPC stopped serving: %v\n", err)
		os.Exit(1)
	}
}

func (h *host) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version.Version}, nil
}

func (h *host) Handshake(_ context.Context, req *pulumirpc.LanguageHandshakeRequest) (*pulumirpc.LanguageHandshakeResponse, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if req.GetEngineAddress() != "" {
		h.engineAddress = req.GetEngineAddress()
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

// options merges runtime options from flags and from ProgramInfo.options (Pulumi.yaml runtime.options).
func (h *host) options(info *pulumirpc.ProgramInfo) map[string]string {
	out := map[string]string{}
	for k, v := range h.flagOptions {
		out[k] = v
	}
	if info != nil && info.GetOptions() != nil {
		for k, v := range info.GetOptions().GetFields() {
			switch x := v.GetKind().(type) {
			case *structpb.Value_StringValue:
				out[k] = x.StringValue
			case *structpb.Value_BoolValue:
				out[k] = strconv.FormatBool(x.BoolValue)
			case *structpb.Value_NumberValue:
				out[k] = strconv.FormatFloat(x.NumberValue, 'f', -1, 64)
			}
		}
	}
	return out
}

type packageJSON struct {
	Name         string            `json:"name"`
	Version      string            `json:"version"`
	Dependencies map[string]string `json:"dependencies"`
	DevDeps      map[string]string `json:"devDependencies"`
	Pulumi       struct {
		Resource bool   `json:"resource"`
		Name     string `json:"name"`
		Version  string `json:"version"`
		Server   string `json:"server"`
	} `json:"pulumi"`
}

func readPackageJSON(path string) (*packageJSON, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var p packageJSON
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// nearestNodeModules returns the first node_modules directory from dir upwards (node's resolution order).
func nearestNodeModules(dir string) string {
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		nm := filepath.Join(d, "node_modules")
		if st, err := os.Stat(nm); err == nil && st.IsDir() {
			return nm
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}

// scanNodeModules collects Pulumi resource-plugin packages ({"pulumi": {"resource": true}}) below nm.
func scanNodeModules(nm string, seen map[string]bool, out *[]*pulumirpc.PackageDependency, depth int) {
	if depth > 8 {
		return
	}
	entries, err := os.ReadDir(nm)
	if err != nil {
		return
	}
	var pkgDirs []string
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		p := filepath.Join(nm, name)
		if strings.HasPrefix(name, "@") {
			sub, err := os.ReadDir(p)
			if err != nil {
				continue
			}
			for _, s := range sub {
				pkgDirs = append(pkgDirs, filepath.Join(p, s.Name()))
			}
			continue
		}
		pkgDirs = append(pkgDirs, p)
	}
	for _, dir := range pkgDirs {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			continue
		}
		if pj, err := readPackageJSON(filepath.Join(dir, "package.json")); err == nil && pj.Pulumi.Resource {
			name := pj.Pulumi.Name
			if name == "" {
				name = strings.TrimPrefix(strings.TrimPrefix(pj.Name, "@pulumi/"), "@")
			}
			v := pj.Pulumi.Version
			if v == "" {
				v = pj.Version
			}
			if v != "" && !strings.HasPrefix(v, "v") {
				v = "v" + v
			}
			key := name + "@" + v
			if name != "" && !seen[key] {
				seen[key] = true
				*out = append(*out, &pulumirpc.PackageDependency{
					Name: name, Kind: "resource", Version: v, Server: pj.Pulumi.Server,
				})
			}
		}
		nested := filepath.Join(dir, "node_modules")
		if st, err := os.Stat(nested); err == nil && st.IsDir() {
			scanNodeModules(nested, seen, out, depth+1)
		}
	}
}

func programDir(info *pulumirpc.ProgramInfo, fallback string) string {
	if info != nil && info.GetProgramDirectory() != "" {
		return info.GetProgramDirectory()
	}
	if fallback != "" {
		return fallback
	}
	wd, _ := os.Getwd()
	return wd
}

func (h *host) requiredPackages(dir string) []*pulumirpc.PackageDependency {
	if v := os.Getenv("PULUMI_LANGUAGE_NODEJS_SKIP_PLUGIN_SCAN"); v == "true" || v == "1" {
		return nil
	}
	var out []*pulumirpc.PackageDependency
	if nm := nearestNodeModules(dir); nm != "" {
		scanNodeModules(nm, map[string]bool{}, &out, 0)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name+out[i].Version < out[j].Name+out[j].Version })
	return out
}

func (h *host) GetRequiredPackages(_ context.Context, req *pulumirpc.GetRequiredPackagesRequest) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{Packages: h.requiredPackages(programDir(req.GetInfo(), ""))}, nil
}

func (h *host) GetRequiredPlugins(_ context.Context, req *pulumirpc.GetRequiredPluginsRequest) (*pulumirpc.GetRequiredPluginsResponse, error) {
	var plugins []*pulumirpc.PluginDependency
	for _, p := range h.requiredPackages(programDir(req.GetInfo(), req.GetProgram())) {
		plugins = append(plugins, &pulumirpc.PluginDependency{Name: p.Name, Kind: p.Kind, Version: p.Version, Server: p.Server})
	}
	return &pulumirpc.GetRequiredPluginsResponse{Plugins: plugins}, nil
}

func (h *host) GetProgramDependencies(_ context.Context, req *pulumirpc.GetProgramDependenciesRequest) (*pulumirpc.GetProgramDependenciesResponse, error) {
	dir := programDir(req.GetInfo(), req.GetProgram())
	var deps []*pulumirpc.DependencyInfo
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		if pj, err := readPackageJSON(filepath.Join(d, "package.json")); err == nil {
			names := map[string]bool{}
			for n := range pj.Dependencies {
				names[n] = true
			}
			if req.GetTransitiveDependencies() {
				for n := range pj.DevDeps {
					names[n] = true
				}
			}
			for n := range names {
				v := ""
				if dp, err := readPackageJSON(filepath.Join(d, "node_modules", n, "package.json")); err == nil {
					v = dp.Version
				}
				deps = append(deps, &pulumirpc.DependencyInfo{Name: n, Version: v})
			}
			break
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	sort.Slice(deps, func(i, j int) bool { return deps[i].Name < deps[j].Name })
	return &pulumirpc.GetProgramDependenciesResponse{Dependencies: deps}, nil
}

func (h *host) About(context.Context, *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, fmt.Errorf("could not find node on the $PATH: %w", err)
	}
	out, err := exec.Command(node, "--version").Output()
	if err != nil {
		return nil, err
	}
	return &pulumirpc.AboutResponse{Executable: node, Version: strings.TrimPrefix(strings.TrimSpace(string(out)), "v")}, nil
}

// resolveRunPath finds @pulumi/pulumi/cmd/run as node resolves it from the program directory.
func resolveRunPath(node, dir string) (string, error) {
	mod := os.Getenv("PULUMI_LANGUAGE_NODEJS_RUN_PATH")
	if mod == "" {
		mod = "@pulumi/pulumi/cmd/run"
	}
	if filepath.IsAbs(mod) {
		return mod, nil
	}
	cmd := exec.Command(node, "-e", "console.log(require.resolve(process.argv[1]))", mod)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return "", errors.New("it looks like the Pulumi SDK has not been installed (could not resolve " + mod +
			" from " + dir + "). Have you run npm install or yarn install?")
	}
	return strings.TrimSpace(string(out)), nil
}

func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, fmt.Errorf("could not find node on the $PATH: %w", err)
	}
	info := req.GetInfo()
	opts := h.options(info)
	pdir := programDir(info, req.GetPwd())

	runPath, err := resolveRunPath(node, pdir)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	h.mu.Lock()
	engine := h.engineAddress
	h.mu.Unlock()

	var args []string
	if na := opts["nodeargs"]; na != "" {
		args = append(args, strings.Fields(na)...)
	}
	args = append(args, runPath)
	add := func(k, v string) {
		if v != "" {
			args = append(args, "--"+k, v)
		}
	}
	add("monitor", req.GetMonitorAddress())
	add("engine", engine)
	add("organization", req.GetOrganization())
	add("project", req.GetProject())
	add("stack", req.GetStack())
	add("pwd", req.GetPwd())
	if info != nil {
		add("root-directory", info.GetRootDirectory())
	}
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	if req.GetParallel() > 0 {
		add("parallel", strconv.Itoa(int(req.GetParallel())))
	}
	add("tracing", h.tracing)

	// The program: "." (package.json main / index.{js,ts} in the working directory) or an explicit entry point.
	program := "."
	if info != nil && info.GetEntryPoint() != "" {
		program = info.GetEntryPoint()
		if program != "." && info.GetProgramDirectory() != "" && !filepath.IsAbs(program) {
			program = filepath.Join(info.GetProgramDirectory(), program)
		} else if program == "." && info.GetProgramDirectory() != "" && req.GetPwd() != "" &&
			filepath.Clean(info.GetProgramDirectory()) != filepath.Clean(req.GetPwd()) {
			program = info.GetProgramDirectory()
		}
	} else if req.GetProgram() != "" {
		program = req.GetProgram()
	}
	args = append(args, program)
	args = append(args, req.GetArgs()...)

	cfg := req.GetConfig()
	if cfg == nil {
		cfg = map[string]string{}
	}
	cfgJSON, err := json.Marshal(cfg)
	if err != nil {
		return nil, fmt.Errorf("failed to serialize configuration: %w", err)
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretJSON, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, fmt.Errorf("failed to serialize secret configuration keys: %w", err)
	}

	env := os.Environ()
	env = append(env, "PULUMI_CONFIG="+string(cfgJSON), "PULUMI_CONFIG_SECRET_KEYS="+string(secretJSON))
	typescript := true
	if v, ok := opts["typescript"]; ok {
		typescript = v == "true"
	}
	if typescript {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if ts := opts["tsconfig"]; ts != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+ts)
	}

	cmd := exec.Command(node, args...)
	cmd.Dir = pdir
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	cmd.Env = env
	if err := cmd.Run(); err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			if exitErr.ExitCode() == exitCodeUserActionable {
				return &pulumirpc.RunResponse{Bail: true}, nil
			}
			return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exitErr.ExitCode())}, nil
		}
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("Problem executing program (could not run language executor): %v", err)}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}
EOF

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
log "[3/4] compiling pulumi (the slow part)…"
run_logged "go build pulumi" "$GO" build -v -ldflags "$LDFLAGS" -o "$TMPBIN/pulumi" "$PKG_MOD/cmd/pulumi"
log "[4/4] compiling pulumi-language-nodejs…"
run_logged "go build pulumi-language-nodejs" "$GO" build -v -ldflags "$LDFLAGS" -o "$TMPBIN/pulumi-language-nodejs" ./langhost
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
