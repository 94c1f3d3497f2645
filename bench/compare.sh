#!/usr/bin/env bash
# compare.sh times slbgw against a kyaml passthrough KRM function, the floor any kyaml function
# pays to read and write a ResourceList, as whole processes (start-up included):
#
#   default render   `slbgw render` (embedded profile, no base) vs passthrough on an empty ResourceList
#   1k, 10k items    slbgw as a KRM function vs passthrough, on generated ResourceLists
#
# Each command runs RUNS times (default 20) after one warm-up run, slbgw and passthrough
# alternating; the table shows the median wall time. Usage: bench/compare.sh  (RUNS=5 bench/compare.sh for a quick look)
set -euo pipefail

RUNS=${RUNS:-20}
GO=${GO:-go}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cd "$root"
"$GO" build -o "$tmp/slbgw" ./cmd/slbgw
"$GO" build -o "$tmp/passthrough" ./bench/passthrough
"$GO" build -o "$tmp/gen" ./bench/gen
"$tmp/gen" -n 0 >"$tmp/rl-0.yaml"
"$tmp/gen" -n 1000 >"$tmp/rl-1k.yaml"
"$tmp/gen" -n 10000 >"$tmp/rl-10k.yaml"

# run_ns INPUT CMD...: runs CMD once with INPUT on stdin; prints the wall time in nanoseconds.
run_ns() {
	local input=$1 start end
	shift
	start=$(date +%s%N)
	"$@" <"$input" >/dev/null 2>&1
	end=$(date +%s%N)
	echo $((end - start))
}

median_ms() {
	printf '%s\n' "$@" | sort -n | awk '{ t[NR] = $1 }
		END { m = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2; printf "%.1f\n", m / 1e6 }'
}

# pair INPUT_S CMD_S INPUT_P CMD_P: times slbgw (S) and passthrough (P) RUNS times each,
# alternating so that a change in the machine's load hits both alike, after one warm-up run of
# each (which also fails the script when a command fails). Sets S_MS and P_MS to the medians.
pair() {
	local in_s=$1 cmd_s=$2 in_p=$3 cmd_p=$4 i
	local -a ts=() tp=()
	read -r -a argv_s <<<"$cmd_s"
	read -r -a argv_p <<<"$cmd_p"
	"${argv_s[@]}" <"$in_s" >/dev/null 2>&1 || { echo "compare.sh: $cmd_s <$in_s failed" >&2; exit 1; }
	"${argv_p[@]}" <"$in_p" >/dev/null 2>&1 || { echo "compare.sh: $cmd_p <$in_p failed" >&2; exit 1; }
	for ((i = 0; i < RUNS; i++)); do
		ts+=("$(run_ns "$in_s" "${argv_s[@]}")")
		tp+=("$(run_ns "$in_p" "${argv_p[@]}")")
	done
	S_MS=$(median_ms "${ts[@]}")
	P_MS=$(median_ms "${tp[@]}")
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $("$GO" version)"
echo "runs: $RUNS per command, median wall time; input sizes: 1k $(wc -c <"$tmp/rl-1k.yaml") B, 10k $(wc -c <"$tmp/rl-10k.yaml") B"
echo

pair /dev/null "$tmp/slbgw render" "$tmp/rl-0.yaml" "$tmp/passthrough"
default_s=$S_MS default_p=$P_MS
pair "$tmp/rl-0.yaml" "$tmp/slbgw" "$tmp/rl-0.yaml" "$tmp/passthrough"
empty_s=$S_MS empty_p=$P_MS
pair "$tmp/rl-1k.yaml" "$tmp/slbgw" "$tmp/rl-1k.yaml" "$tmp/passthrough"
k1_s=$S_MS k1_p=$P_MS
pair "$tmp/rl-10k.yaml" "$tmp/slbgw" "$tmp/rl-10k.yaml" "$tmp/passthrough"
k10_s=$S_MS k10_p=$P_MS

printf '%-34s %12s %16s %7s %8s\n' "case" "slbgw ms" "passthrough ms" "ratio" "target"
printf '%-34s %12s %16s %7s %8s\n' "default render (cold start)" "$default_s" "$default_p" "$(ratio "$default_s" "$default_p")" "<= 1.20"
printf '%-34s %12s %16s %7s %8s\n' "KRM function, empty ResourceList" "$empty_s" "$empty_p" "$(ratio "$empty_s" "$empty_p")" "-"
printf '%-34s %12s %16s %7s %8s\n' "KRM function, 1k items" "$k1_s" "$k1_p" "$(ratio "$k1_s" "$k1_p")" "-"
printf '%-34s %12s %16s %7s %8s\n' "KRM function, 10k items" "$k10_s" "$k10_p" "$(ratio "$k10_s" "$k10_p")" "<= 1.15"
echo
printf 'growth 1k -> 10k (10x the items): slbgw %sx, passthrough %sx (linear: about 10x)\n' \
	"$(ratio "$k10_s" "$k1_s")" "$(ratio "$k10_p" "$k1_p")"
