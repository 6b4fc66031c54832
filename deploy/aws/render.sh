#!/bin/sh
# Writes a deploy/aws policy with its ${NAME} placeholders replaced by the values of a parameters file
# (NAME=value lines, see parameters.env.example); NAME=value arguments take precedence over the file, e.g.
#   deploy/aws/render.sh parameters.env deploy/aws/irsa-trust.json SERVICE_ACCOUNT=event-pipeline-loader
# Exits 1 naming any placeholder left without a value, so a half-rendered policy is never printed.
set -eu
[ $# -ge 2 ] || { echo "usage: $0 PARAMETERS.env POLICY.json [NAME=value ...]" >&2; exit 2; }
params=$1 policy=$2
shift 2
script=$(mktemp)
trap 'rm -f "$script"' EXIT
{ for a in "$@"; do echo "$a"; done; grep -E '^[A-Z_]+=' "$params" || true; } | while IFS='=' read -r name value; do
  escaped=$(printf '%s' "$value" | sed 's/[\\|&]/\\&/g')
  printf 's|${%s}|%s|g\n' "$name" "$escaped"
done > "$script"
rendered=$(sed -f "$script" "$policy")
left=$(printf '%s\n' "$rendered" | grep -o '\${[A-Z_]*}' | sort -u | tr '\n' ' ' | sed 's/ $//' || true)
[ -z "$left" ] || { echo "$0: no value for $left in $params" >&2; exit 1; }
printf '%s\n' "$rendered"
