package conformance

// releaseEvidence explains a difference of a release from the pinned commit, keyed
// "RELEASE|FIELD|ASPECT" or "RELEASE|FIELD": the file and function at that tag (read with
// git -C <worktree> grep / show).
var releaseEvidence = map[string]string{}

func init() {
	for _, r := range []string{"v2.8.0", "v2.10.0"} {
		for _, a := range []string{"InstanceChargeType", "LoadBalancerSpec"} {
			releaseEvidence[r+"|(no settings)|CreateLoadBalancer "+a] = "pkg/model/load_balancer.go IsPayBySpec: \"\" is PayBySpec; clbv1/loadbalancer.go setModelDefaultValue fills LoadBalancerSpec (slb.s1.small); PayByCLCU default since 843e0b582 (2025-08-20, first tag v2.12.4)"
		}
		for _, a := range []string{"Tag.1.Key", "Tag.1.Value", "Tag.2.Key", "Tag.2.Value"} {
			releaseEvidence[r+"|(no settings)|CreateLoadBalancer "+a] = "tags not sent with CreateLoadBalancer (clbv1/loadbalancer.go Create tags after with TagCLBResource); create with tags since a3cbd52ec (2024-12-11)"
		}
		releaseEvidence[r+"|loadBalancer.instanceChargeType"] = "pkg/model/load_balancer.go IsPayBySpec (\"\" → PayBySpec): without the key the LB is PayBySpec, so PayByCLCU is the change"
		releaseEvidence[r+"|loadBalancer.networkType"] = "annotation/annotations.go declares slb-network-type but no CLB code reads it (git grep SLBNetworkType: annotations.go only); network-type since ba4191857 (authored 2025-06-23, first tag v2.12.4)"
		releaseEvidence[r+"|loadBalancer.backend.ignoreWeightUpdate"] = "annotations.go has no ignore-weight-update (added d4e59f2c8, 2025-04-22, first tag v2.11.2)"
	}
	for _, r := range []string{"v2.8.0", "v2.10.0", "v2.12.4"} {
		releaseEvidence[r+"|loadBalancer.backend.defaultWeight"] = "annotations.go has no default-weight (added d3d23fa03, 2026-04-08, first tag v2.14.0)"
		releaseEvidence[r+"|loadBalancer.listeners.domainExtensions"] = "annotations.go has no domain-extensions (added bbaea12bd, 2026-01-19, first tag v2.13.0)"
	}
	releaseEvidence["v2.8.0|loadBalancer.additionalResourceTags"] = "clbv1/loadbalancer.go Update has no updateLoadBalancerTags (only addTagIfNotExist of the reuse/name tag); added 4b71495b2 (2024-10-14, first tag v2.10.0)"
	releaseEvidence["v2.8.0|loadBalancer.preserveOnDelete"] = "annotations.go has no preserve-lb-on-delete (added 3bde88460, 2024-09-29, first tag v2.10.0)"
	for _, f := range []string{"loadBalancer.xForwardedFor.slbPort", "loadBalancer.xForwardedFor.clientSrcPort"} {
		releaseEvidence["v2.8.0|"+f] = "annotations.go has no xforwardedfor-slbport / -clientsrcport (added 8ddc424c2, 2024-01-22, first tag v2.9.1)"
	}
}

// releaseNotes ends RELEASES.md: what the issue claimed and what the recordings show.
const releaseNotes = `## The issue's claims

- Empty instance-charge-type is PayBySpec with slb.s1.small before v2.12.4, PayByCLCU since: confirmed
  (v2.8.0 and v2.10.0 create PayBySpec slb.s1.small; v2.12.4 and the pinned commit PayByCLCU).
- No network-type key before ba4191857: confirmed for the CLB code (slb-network-type is declared, so the
  getter returns it, but nothing reads it: a change has no effect where the pinned commit refuses).
  ba4191857 was authored 2025-06-23 but committed 2025-08-27; the first tag with it is v2.12.4.
- v2.8.0 lacks xforwardedfor-slbport, xforwardedfor-clientsrcport and preserve-lb-on-delete, and does not edit
  tags on an existing LB: confirmed.
- Refusals and listener re-creation are the same in all releases: confirmed for the matrix (no change or removal
  class differs between refused and recreates-listeners other than network-type, which is refused only since it is read).
- Not in the issue: domain-extensions (v2.13.0) and default-weight (v2.14.0) are not read by v2.12.4 and older;
  ignore-weight-update (v2.11.2) is not read by v2.10.0 and older; before v2.12.4 CreateLoadBalancer sends no tags.
- Harness: v2.10.0 fails a reconcile when a backend's Pod is missing (updateReadinessCondition), so its
  adaptation adds the pods; v2.8.0's SDK has no Tags in DescribeLoadBalancerAttribute.
`
