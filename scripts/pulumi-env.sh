# Sourced by the demo and CI scripts: a hermetic, offline Pulumi environment under .state/<name>.
# Usage: source scripts/pulumi-env.sh <name>
_pulumi_env_name="${1:?usage: source scripts/pulumi-env.sh <name>}"
_pulumi_env_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PULUMI_STATE_DIR="$_pulumi_env_root/.state/$_pulumi_env_name"
mkdir -p "$PULUMI_STATE_DIR/backend" "$PULUMI_STATE_DIR/home"
export PULUMI_BACKEND_URL="file://$PULUMI_STATE_DIR/backend"
export PULUMI_HOME="$PULUMI_STATE_DIR/home"
export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE:-local-demo-passphrase}"
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK=true
_pulumi_cli_dir="$(bash "$_pulumi_env_root/scripts/ensure-pulumi-cli.sh" | tail -n 1)" || return 1
export PATH="$_pulumi_cli_dir:$PATH"
