#!/usr/bin/env bash
# The commands a GitOps pipeline runs (see .github/workflows/pulumi.yml); the end-to-end suite runs this same
# script against the emulator.
#   pulumi-ci.sh preview   # on a pull request: the diff a reviewer reads, saved to $PREVIEW_OUTPUT for a comment
#   pulumi-ci.sh up        # on merge: apply
#   pulumi-ci.sh drift     # nightly: fail if the cloud drifted from the code (refresh + expect no changes)
# Environment: PULUMI_STACK (required), PULUMI_PROGRAM_DIR (default: the current directory, where
# Pulumi.yaml is), PULUMI_BACKEND_URL
# (e.g. gs://my-state-bucket), PULUMI_CONFIG_PASSPHRASE or a cloud secrets provider, Google credentials (ADC).
set -euo pipefail
command="${1:?usage: pulumi-ci.sh preview|up|drift}"
stack="${PULUMI_STACK:?set PULUMI_STACK}"
cd "${PULUMI_PROGRAM_DIR:-.}"
pulumi stack select "$stack" --create --non-interactive >/dev/null
common=(--non-interactive --color never --suppress-progress)
case "$command" in
    preview)
        out="${PREVIEW_OUTPUT:-$PWD/preview.txt}"
        { echo '```diff'; pulumi preview --diff "${common[@]}"; echo '```'; } | tee "$out"
        ;;
    up)
        pulumi up --yes --skip-preview "${common[@]}"
        ;;
    drift)
        pulumi preview --refresh --expect-no-changes "${common[@]}"
        ;;
    *)
        echo "unknown command: $command (preview, up or drift)" >&2
        exit 2
        ;;
esac
