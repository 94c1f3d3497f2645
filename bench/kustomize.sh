#!/usr/bin/env bash
# kustomize.sh times `kustomize build` of 1,000 resources (bench/gen -manifests: ConfigMaps,
# Deployments, Services and the ingress-gateway Service) as whole processes, four ways:
#
#   no patch        the resources alone: kustomize's own floor
#   hand patch      a hand-written strategic-merge patch giving the gateway Service the profile's
#                   annotations (what a user would write without slbgw)
#   slbgw patch     the patch `slbgw render --patch` writes (the GitOps flow: no exec)
#   exec            slbgw as an exec transformer (--enable-alpha-plugins --enable-exec)
#
# The three builds that apply the profile must print the same bytes; the script fails if not.
# Each build runs RUNS times (default 10) after one warm-up, the four alternating so that a
# change in the machine's load hits all alike; the table shows the median wall and CPU times
# and their ratios to the hand-written patch. Usage: bench/kustomize.sh  (RUNS=3 bench/kustomize.sh for a
# quick look; KUSTOMIZE=path, N=resources)
set -euo pipefail

RUNS=${RUNS:-10}
N=${N:-1000}
GO=${GO:-go}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KUSTOMIZE=${KUSTOMIZE:-$root/bin/kustomize}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cd "$root"
[[ -x $KUSTOMIZE ]] || { echo "kustomize.sh: no kustomize at $KUSTOMIZE (make tools)" >&2; exit 1; }
mkdir -p "$tmp/bin"
"$GO" build -o "$tmp/bin/slbgw" ./cmd/slbgw
"$GO" build -o "$tmp/gen" ./bench/gen
export PATH="$tmp/bin:$PATH" # kustomize finds the exec function by its bare name

# The profile of bench/resourcelist, as a file; the gateway Service there has a legacy key
# (alicloud-loadbalancer-spec) that the profile's instanceSpec makes slbgw remove.
profile='apiVersion: slbgw.dev/v1alpha1
kind: SLBGateway
metadata:
  name: bench
  annotations:
    config.kubernetes.io/function: |
      exec:
        path: slbgw
spec:
  service:
    externalTrafficPolicy: Local
  loadBalancer:
    addressType: intranet
    networkType: vpc
    instanceSpec: slb.s2.small'

hand_patch='apiVersion: v1
kind: Service
metadata:
  name: ingress-gateway
  namespace: knative-serving
  annotations:
    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type: intranet
    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-network-type: vpc
    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-slb-network-type: vpc
    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-spec: slb.s2.small
    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-instance-charge-type: PayBySpec
    service.beta.kubernetes.io/alicloud-loadbalancer-spec: null
spec:
  externalTrafficPolicy: Local'

cases=(none hand slbgw exec)
for c in "${cases[@]}"; do
	mkdir -p "$tmp/$c"
	"$tmp/gen" -n "$N" -manifests >"$tmp/$c/resources.yaml"
done
printf 'resources:\n- resources.yaml\n' >"$tmp/none/kustomization.yaml"
printf '%s\n' "$hand_patch" >"$tmp/hand/gateway-patch.yaml"
printf 'resources:\n- resources.yaml\npatches:\n- path: gateway-patch.yaml\n' | tee "$tmp/hand/kustomization.yaml" >"$tmp/slbgw/kustomization.yaml"
printf '%s\n' "$profile" >"$tmp/gateway.yaml"
"$tmp/bin/slbgw" render --patch -f "$tmp/gateway.yaml" --base "$tmp/slbgw/resources.yaml" --out "$tmp/slbgw/gateway-patch.yaml" 2>/dev/null
printf '%s\n' "$profile" >"$tmp/exec/gateway.yaml"
printf 'resources:\n- resources.yaml\ntransformers:\n- gateway.yaml\n' >"$tmp/exec/kustomization.yaml"

# build CASE: the kustomize command line of a case.
build() {
	case $1 in
	exec) echo "$KUSTOMIZE build --enable-alpha-plugins --enable-exec $tmp/exec" ;;
	*) echo "$KUSTOMIZE build $tmp/$1" ;;
	esac
}

# Warm-up, and the check that the three ways of applying the profile agree.
for c in "${cases[@]}"; do
	read -r -a argv <<<"$(build "$c")"
	"${argv[@]}" >"$tmp/$c.out" 2>"$tmp/$c.err" || { echo "kustomize.sh: $(build "$c") failed:" >&2; cat "$tmp/$c.err" >&2; exit 1; }
done
for c in slbgw exec; do
	cmp -s "$tmp/hand.out" "$tmp/$c.out" || { echo "kustomize.sh: the $c build differs from the hand-written patch's:" >&2; diff "$tmp/hand.out" "$tmp/$c.out" | head -20 >&2; exit 1; }
done

# Wall time and CPU time (user + system, the exec function's processes included) of each run,
# in seconds. On a shared machine the CPU time is the steadier figure: other load stretches the
# wall time, not the work done.
declare -A wall cpu
TIMEFORMAT='%R %U %S'
for ((i = 0; i < RUNS; i++)); do
	for c in "${cases[@]}"; do
		read -r -a argv <<<"$(build "$c")"
		read -r real user sys < <({ time "${argv[@]}" >/dev/null 2>&1; } 2>&1)
		wall[$c]+="$real "
		cpu[$c]+="$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }') "
	done
done

median_ms() {
	printf '%s\n' $1 | sort -n | awk '{ t[NR] = $1 }
		END { m = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2; printf "%.1f\n", m * 1000 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $("$GO" version)"
echo "$("$KUSTOMIZE" version), $N resources ($(wc -c <"$tmp/none/resources.yaml") B); patch sizes: hand $(wc -c <"$tmp/hand/gateway-patch.yaml") B, slbgw $(wc -c <"$tmp/slbgw/gateway-patch.yaml") B"
echo "runs: $RUNS per build, alternating; medians of wall time and of CPU time (user + system)"
echo
hand_wall=$(median_ms "${wall[hand]}") hand_cpu=$(median_ms "${cpu[hand]}")
printf '%-28s %9s %8s %9s %8s %8s\n' "kustomize build" "wall ms" "/ hand" "CPU ms" "/ hand" "target"
for c in "${cases[@]}"; do
	w=$(median_ms "${wall[$c]}") u=$(median_ms "${cpu[$c]}")
	case $c in
	none) label="no patch" target="-" ;;
	hand) label="hand-written patch" target="-" ;;
	slbgw) label="slbgw render --patch" target="<= 1.05" ;;
	exec) label="slbgw as exec transformer" target="-" ;;
	esac
	printf '%-28s %9s %8s %9s %8s %8s\n' "$label" "$w" "$(ratio "$w" "$hand_wall")" "$u" "$(ratio "$u" "$hand_cpu")" "$target"
done
