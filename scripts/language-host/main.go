// pulumi-language-nodejs: a minimal NodeJS language host for the Pulumi CLI.
//
// Built by scripts/ensure-pulumi-cli.sh, which generates a go.mod for the installed @pulumi/pulumi
// SDK's version and rebuilds this host whenever this file changes. The upstream language host module
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
