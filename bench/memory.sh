#!/usr/bin/env bash
# memory.sh measures slbgw's peak memory (max RSS, GNU time) against input size: `slbgw render
# --base` over generated manifest streams up to the 64 MiB slbgw reads, and the KRM function
# over generated ResourceLists. Usage: bench/memory.sh
set -euo pipefail

GO=${GO:-go}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root"
"$GO" build -o "$tmp/slbgw" ./cmd/slbgw
"$GO" build -o "$tmp/gen" ./bench/gen

measure() { # measure LABEL INPUT CMD...: one line: label, input MB, seconds, peak RSS MB
	local label=$1 input=$2
	shift 2
	/usr/bin/time -f "%e %M" -o "$tmp/time" "$@" <"$input" >/dev/null 2>&1 || true
	read -r secs kb <"$tmp/time"
	printf '%-34s %8.1f %8.2f %10.0f\n' "$label" "$(stat -c %s "$input" | awk '{print $1/1048576}')" "$secs" "$((kb / 1024))"
}

printf '%-34s %8s %8s %10s\n' case "input MB" seconds "peak MB"
for n in 10000 45000 140000; do
	"$tmp/gen" -n "$n" -manifests >"$tmp/base-$n.yaml"
	measure "render --base, $n documents" "$tmp/base-$n.yaml" "$tmp/slbgw" render --base -
done
for n in 1000 10000 40000; do
	"$tmp/gen" -n "$n" >"$tmp/rl-$n.yaml"
	measure "KRM function, $n items" "$tmp/rl-$n.yaml" "$tmp/slbgw" fn
done
