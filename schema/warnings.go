package schema

import (
	"fmt"
	"slices"
	"strings"
)

// A warning is something a team may decide to accept: zones fixed at creation are printed on
// every run of a profile that sets them. Each kind of warning has a stable code, so an accepted
// one can be silenced by name (--ignore SLBGW001, or the functionConfig annotation
// slbgw.dev/ignore) and --strict still fails on the others. Codes are never reused; docs/warnings.md
// is generated from this table.

// WarningCode is one kind of warning.
type WarningCode struct {
	Code    string // SLBGW and three digits, stable
	Name    string // a few words
	Summary string // what it means and when to accept it
}

// Warning codes.
const (
	WarnZonesFixed           = "SLBGW001"
	WarnForceOverride        = "SLBGW002"
	WarnDefaultWeightLocal   = "SLBGW003"
	WarnVSwitchClassic       = "SLBGW004"
	WarnSchedulerLocal       = "SLBGW005"
	WarnConnectPort          = "SLBGW006"
	WarnExternalIPType       = "SLBGW007"
	WarnNLBHealthCheckOff    = "SLBGW008"
	WarnDocRange             = "SLBGW010"
	WarnDocValue             = "SLBGW011"
	WarnDocForm              = "SLBGW012"
	WarnHTTPSWithoutCert     = "SLBGW020"
	WarnNoListenerReads      = "SLBGW021"
	WarnPortNotInService     = "SLBGW022"
	WarnExtraUnchecked       = "SLBGW030"
	WarnDomainWithoutCert    = "SLBGW040"
	WarnServiceNoNamespace   = "SLBGW050"
	WarnLegacyAnnotationGone = "SLBGW051"
	WarnUTF16Base            = "SLBGW052"
	WarnIgnoredByRelease     = "SLBGW060"
	WarnOperatorEmptyEntry   = "SLBGW070"
)

// WarningCodes lists every warning code, in order.
var WarningCodes = []WarningCode{
	{WarnZonesFixed, "zones fixed at creation", "masterZoneID or slaveZoneID is set: the controller refuses to change zones on an existing load balancer. Accept it once the zones are the load balancer's own."},
	{WarnForceOverride, "listeners taken over", "forceOverrideListeners on a reused load balancer replaces the vServer groups of listeners on the Service's ports, which may cut other traffic."},
	{WarnDefaultWeightLocal, "default weight unused", "backend.defaultWeight has no effect with externalTrafficPolicy Local."},
	{WarnVSwitchClassic, "vSwitch unused", "vswitchID has no effect with networkType classic."},
	{WarnSchedulerLocal, "scheduler with Local", "with externalTrafficPolicy Local the docs advise the wrr scheduler."},
	{WarnConnectPort, "undocumented connect port", "healthCheck.connectPort is not a port the docs allow."},
	{WarnExternalIPType, "external IP type unused", "externalIPType has no effect while hostname is set."},
	{WarnNLBHealthCheckOff, "NLB health check not switched on", "on an NLB, a health-check setting while healthCheck.layer7Enabled (health-check-flag) is not true: nlbv2 reads the health-check keys only with the flag on."},
	{WarnDocRange, "outside the documented range", "a number outside the range the cloud's docs give; the controller passes it on and the cloud API may reject it."},
	{WarnDocValue, "undocumented value", "a value the cloud's docs do not list; the controller passes it on and the cloud API may reject it."},
	{WarnDocForm, "undocumented form", "a value that does not match the form the cloud's docs give."},
	{WarnHTTPSWithoutCert, "https without a certificate", "an https listener while https.certID is not set: the Service's own certificate (the platform's self-signed one) is kept."},
	{WarnNoListenerReads, "no listener reads it", "a setting that no listener of the Service reads (its protocols), so it has no effect."},
	{WarnPortNotInService, "port not in the Service", "protocol-port names a port the Service does not have; the controller ignores it."},
	{WarnExtraUnchecked, "extra annotation unchecked", "an extraAnnotations key slbgw does not know, set as it is."},
	{WarnDomainWithoutCert, "custom domain without a certificate", "routes under a custom domain are served with the certificate the Service has (the platform's self-signed one)."},
	{WarnServiceNoNamespace, "Service without a namespace", "the gateway Service has no namespace, so kubectl applies it into the current one."},
	{WarnLegacyAnnotationGone, "legacy annotation removed", "an alicloud- annotation of an owned key was removed: the controller would read it when the current key is absent."},
	{WarnUTF16Base, "UTF-16 base", "the base file is UTF-16 (it starts with a byte order mark, as Windows PowerShell's > redirection writes): slbgw reads it as such and writes UTF-8."},
	{WarnIgnoredByRelease, "ignored by the controller release", "spec.controller.version names a release of the cloud controller that does not read the setting (since which release it does, with the evidence, is in docs/profile.md and conformance/RELEASES.md): it has no effect there."},
	{WarnOperatorEmptyEntry, "empty operator override", "the KnativeServing's spec.services entry of the gateway is left with its name only: removing it later makes the Knative Operator's next apply wipe annotations set on the Service directly."},
}

// ParseIgnore reads a comma-separated list of warning codes (--ignore, slbgw.dev/ignore); an
// unknown code is an error that lists the known ones.
func ParseIgnore(list string) ([]string, error) {
	var codes []string
	for c := range strings.SplitSeq(list, ",") {
		if c = strings.ToUpper(strings.TrimSpace(c)); c == "" {
			continue
		}
		if !slices.ContainsFunc(WarningCodes, func(w WarningCode) bool { return w.Code == c }) {
			known := make([]string, len(WarningCodes))
			for i, w := range WarningCodes {
				known[i] = w.Code
			}
			return nil, fmt.Errorf("unknown warning code %q: the codes are %s (docs/warnings.md)", c, strings.Join(known, ", "))
		}
		codes = append(codes, c)
	}
	return codes, nil
}

// Without is the findings but the warnings whose code is in codes: those a team has accepted.
// Errors are never dropped.
func (ds Diagnostics) Without(codes []string) Diagnostics {
	if len(codes) == 0 {
		return ds
	}
	return slices.DeleteFunc(slices.Clone(ds), func(d Diagnostic) bool {
		return d.Severity == SeverityWarning && slices.Contains(codes, d.Code)
	})
}
