#!/usr/bin/env bash
# Installs the gcp plugin STAND-IN (a test double) into a Pulumi home's plugin cache, where the engine looks for
# resource plugins at the version a program asks for (@pulumi/gcp 9.37.0 asks for gcp v9.37.0):
#   bash test/gcpPluginStandIn/install.sh "$PULUMI_HOME"
# Only for the hermetic homes of the demo and the tests (.state/*/home): never into ~/.pulumi.
set -euo pipefail
home="${1:?usage: install.sh <PULUMI_HOME>}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
version="$(node -p 'require(process.argv[1]).version' "$here/../../node_modules/@pulumi/gcp/package.json")"
dir="$home/plugins/resource-gcp-v$version"
mkdir -p "$dir"
ln -sfn "$here/pulumi-resource-gcp" "$dir/pulumi-resource-gcp"
rm -f "$dir.partial"
echo "$dir"
