#!/usr/bin/env bash
# Offline generation for CI: validate every gateway.yaml under a tree, then render each one's
# Service into an output folder, mirroring the tree. A service.yaml beside a profile is the
# base to patch; without one the Service is created.
#
#   examples/ci/render-gateways.sh PROFILES_DIR OUT_DIR
#
# Exit status: 0 when every profile is valid and rendered; 1 when any profile is invalid (every
# finding is printed as FILE:LINE:COL: field: message first, and nothing is written); 2 on usage.
# slbgw must be on PATH, or set SLBGW to its path.
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 PROFILES_DIR OUT_DIR" >&2
  exit 2
fi
root=${1%/}
out=${2%/}
slbgw=${SLBGW:-slbgw}

profiles=()
while IFS= read -r -d '' f; do profiles+=("$f"); done < <(find "$root" -name gateway.yaml -type f -print0 | sort -z)
if [ ${#profiles[@]} -eq 0 ]; then
  echo "$0: no gateway.yaml under $root" >&2
  exit 1
fi

# Validate them all first, so every error in every file shows in one run and nothing is half-written.
"$slbgw" validate "${profiles[@]}"

for profile in "${profiles[@]}"; do
  dir=$(dirname "$profile")
  rel=${dir#"$root"}
  rel=${rel#/}
  mkdir -p "$out/$rel"
  args=(render -f "$profile" --out "$out/$rel/service.yaml")
  if [ -f "$dir/service.yaml" ]; then
    args+=(--base "$dir/service.yaml")
  fi
  "$slbgw" "${args[@]}"
  echo "rendered $profile -> $out/$rel/service.yaml"
done
