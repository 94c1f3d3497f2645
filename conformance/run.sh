#!/usr/bin/env bash
# run.sh CCM_DIR IN.json OUT.json
#
# Builds the slbgw conformance harness (conformance/testdata/ccm/*.go) inside a checkout of
# kubernetes/cloud-provider-alibaba-cloud with `go build -overlay` (the checkout is not
# modified: the overlay adds pkg/slbgwconformance/{main,fakeclb}.go and one extra file of package
# pkg/controller/service/clbv1), then runs it on IN.json and writes OUT.json.
# Environment: SLBGW_CONFORMANCE_VERBOSE=1 prints the CCM's logs to stderr.
set -euo pipefail

PINNED=eeb0ddc687ee5ee9d3726559d6a8ec056f694947

if [ $# -ne 3 ]; then
	echo "usage: $0 CCM_DIR IN.json OUT.json" >&2
	exit 2
fi
ccm=$(cd "$1" && pwd)
in=$(realpath "$2")
out=$(realpath -m "$3")
src=$(cd "$(dirname "$0")/testdata/ccm" && pwd)

if [ ! -f "$ccm/go.mod" ] || ! grep -q '^module k8s.io/cloud-provider-alibaba-cloud' "$ccm/go.mod"; then
	echo "run.sh: $ccm is not a checkout of k8s.io/cloud-provider-alibaba-cloud" >&2
	exit 2
fi
head=$(git -C "$ccm" rev-parse HEAD 2>/dev/null || echo unknown)
if [ "$head" != "$PINNED" ]; then
	echo "run.sh: warning: $ccm is at $head, the harness is pinned to $PINNED" >&2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/overlay.json" <<EOF
{"Replace": {
  "$ccm/pkg/slbgwconformance/main.go": "$src/main.go",
  "$ccm/pkg/slbgwconformance/fakeclb.go": "$src/fakeclb.go",
  "$ccm/pkg/controller/service/clbv1/zz_slbgw_conformance_hook.go": "$src/clbv1_hook.go"
}}
EOF

bin="$tmp/slbgwconformance"
if ! (cd "$ccm" && GOTOOLCHAIN=local GOFLAGS=-mod=vendor go build -tags ccmconformance \
	-overlay "$tmp/overlay.json" -o "$bin" ./pkg/slbgwconformance) >"$tmp/build.log" 2>&1; then
	echo "run.sh: building the conformance harness inside $ccm FAILED:" >&2
	cat "$tmp/build.log" >&2
	echo "run.sh: (the CCM at $head may have changed the internals the harness uses; pinned: $PINNED)" >&2
	exit 3
fi

flags=()
if [ "${SLBGW_CONFORMANCE_VERBOSE:-}" = 1 ]; then flags+=(-v); fi
"$bin" -ccm "$ccm" -in "$in" -out "$out" "${flags[@]}"
