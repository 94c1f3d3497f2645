#!/usr/bin/env bash
# run.sh CCM_DIR IN.json OUT.json [RELEASE]
#
# Builds the slbgw conformance harness (conformance/testdata/ccm/*.go) inside a checkout of
# kubernetes/cloud-provider-alibaba-cloud with `go build -overlay` (the checkout is not
# modified: the overlay adds pkg/slbgwconformance/{main,cloud,fakeclb,release,nlb,fakenlb}.go, an
# extra file of package pkg/controller/service/clbv1 and one of pkg/controller/service/nlbv2),
# then runs it on IN.json and writes OUT.json.
#
# RELEASE (default: `git -C CCM_DIR describe --tags --exact-match`) picks the adaptation files of
# a controller release, testdata/ccm/releases/RELEASE/*.go, when that folder exists: a file named
# like a harness file (main.go, fakeclb.go, cloud.go, clbv1_hook.go, nlb.go, nlb_ecs.go, nlbv2_hook.go)
# replaces it, another file is added (clbv1_*.go to package clbv1, nlbv2_*.go to package nlbv2,
# the rest to pkg/slbgwconformance). A release whose NLB code the harness cannot drive has an
# nlb-unsupported.txt there saying why: the stubs/ files stand in for the NLB harness and report
# NLB cases as skipped with that text; one whose NLB code makes no security group has a
# no-ecs.txt, and stubs/nlb_ecs.go stands in for nlb_ecs.go. At the pinned commit no
# release folder applies and the harness is built as it is.
# Environment: SLBGW_CONFORMANCE_VERBOSE=1 prints the CCM's logs to stderr.
set -euo pipefail

PINNED=eeb0ddc687ee5ee9d3726559d6a8ec056f694947

if [ $# -ne 3 ] && [ $# -ne 4 ]; then
	echo "usage: $0 CCM_DIR IN.json OUT.json [RELEASE]" >&2
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
release=${4:-$(git -C "$ccm" describe --tags --exact-match 2>/dev/null || true)}
ldflags=()
declare -A files=(
	["$ccm/pkg/slbgwconformance/main.go"]="$src/main.go"
	["$ccm/pkg/slbgwconformance/cloud.go"]="$src/cloud.go"
	["$ccm/pkg/slbgwconformance/fakeclb.go"]="$src/fakeclb.go"
	["$ccm/pkg/slbgwconformance/release.go"]="$src/release.go"
	["$ccm/pkg/controller/service/clbv1/zz_slbgw_conformance_hook.go"]="$src/clbv1_hook.go"
	["$ccm/pkg/controller/service/clbv1/zz_slbgw_clbv1_release.go"]="$src/clbv1_release.go"
	["$ccm/pkg/slbgwconformance/nlb.go"]="$src/nlb.go"
	["$ccm/pkg/slbgwconformance/nlb_ecs.go"]="$src/nlb_ecs.go"
	["$ccm/pkg/slbgwconformance/fakenlb.go"]="$src/fakenlb.go"
	["$ccm/pkg/controller/service/nlbv2/zz_slbgw_conformance_hook.go"]="$src/nlbv2_hook.go"
)
if [ "$head" != "$PINNED" ] && [ -n "$release" ] && [ -d "$src/releases/$release" ]; then
	for f in "$src/releases/$release"/*.go; do
		[ -e "$f" ] || continue
		name=$(basename "$f")
		case "$name" in
		clbv1_hook.go) files["$ccm/pkg/controller/service/clbv1/zz_slbgw_conformance_hook.go"]=$f ;;
		clbv1_*.go) files["$ccm/pkg/controller/service/clbv1/zz_slbgw_$name"]=$f ;;
		nlbv2_hook.go) files["$ccm/pkg/controller/service/nlbv2/zz_slbgw_conformance_hook.go"]=$f ;;
		nlbv2_*.go) files["$ccm/pkg/controller/service/nlbv2/zz_slbgw_$name"]=$f ;;
		*) files["$ccm/pkg/slbgwconformance/$name"]=$f ;;
		esac
	done
	if [ -f "$src/releases/$release/nlb-unsupported.txt" ]; then
		# The NLB harness does not run at this release: the stubs report NLB cases as skipped.
		files["$ccm/pkg/slbgwconformance/nlb.go"]="$src/stubs/nlb.go"
		files["$ccm/pkg/controller/service/nlbv2/zz_slbgw_conformance_hook.go"]="$src/stubs/nlbv2_hook.go"
		files["$ccm/pkg/slbgwconformance/nlb_ecs.go"]="$src/stubs/nlb_ecs.go"
		ldflags=(-ldflags "-X 'main.nlbUnsupported=$(tr -d "\n'" <"$src/releases/$release/nlb-unsupported.txt")'")
	elif [ -f "$src/releases/$release/no-ecs.txt" ]; then
		files["$ccm/pkg/slbgwconformance/nlb_ecs.go"]="$src/stubs/nlb_ecs.go"
	fi
	echo "run.sh: release $release: adaptations from releases/$release" >&2
fi
{
	echo '{"Replace": {'
	sep=
	for k in "${!files[@]}"; do
		printf '%s  "%s": "%s"' "$sep" "$k" "${files[$k]}"
		sep=$',\n'
	done
	printf '\n}}\n'
} >"$tmp/overlay.json"

bin="$tmp/slbgwconformance"
if ! (cd "$ccm" && GOTOOLCHAIN=local GOFLAGS=-mod=vendor go build -tags ccmconformance "${ldflags[@]}" \
	-overlay "$tmp/overlay.json" -o "$bin" ./pkg/slbgwconformance) >"$tmp/build.log" 2>&1; then
	echo "run.sh: building the conformance harness inside $ccm FAILED:" >&2
	cat "$tmp/build.log" >&2
	echo "run.sh: (the CCM at $head may have changed the internals the harness uses; pinned: $PINNED)" >&2
	exit 3
fi

flags=()
if [ "${SLBGW_CONFORMANCE_VERBOSE:-}" = 1 ]; then flags+=(-v); fi
"$bin" -ccm "$ccm" -in "$in" -out "$out" "${flags[@]}"
