//go:build tools

// Keeps the CLI's dependency graph (github.com/pulumi/pulumi/pkg/v3/cmd/pulumi, built by
// scripts/ensure-pulumi-cli.sh next to this host) in the generated go.mod/go.sum for `go mod tidy`.
// The build tag keeps it out of the language host binary.
package main

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
