package schema

import (
	"fmt"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"

	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// checkProfile applies the rules JSON Schema cannot say (comparisons between values, parsed
// lists) and the advisory checks on values the cloud's docs constrain but the controller does
// not check, which are warnings. It runs on a profile that passed the schema, and also on one
// that did not, so it must not assume the schema's patterns hold.
func checkProfile(p *Profile, at locator) Diagnostics {
	var d Diagnostics
	lb := p.Spec.LoadBalancer
	const lbPath = "spec.loadBalancer."
	if lb.MasterZoneID != "" && lb.MasterZoneID == lb.SlaveZoneID {
		d = append(d, at.errorf(lbPath+"slaveZoneID", "Invalid value: %q: must differ from masterZoneID", lb.SlaveZoneID))
	}
	if lb.MasterZoneID != "" && p.Spec.Class() == ClassCLB {
		d = append(d, at.warnf(WarnZonesFixed, lbPath+"masterZoneID",
			"zones are fixed when the load balancer is created; the controller refuses to change them on an existing one (clbv1/loadbalancer.go Update)"))
	}
	if lb.ForceOverrideListeners != nil && *lb.ForceOverrideListeners && lb.ID != "" {
		d = append(d, at.warnf(WarnForceOverride, lbPath+"forceOverrideListeners",
			"the controller will take over listeners of %s with the same port and protocol as the Service's (their vServer groups replaced), which may interrupt other traffic on a shared load balancer; a listener of another protocol on such a port is not removed, and the reconcile then fails", lb.ID))
	}
	if lb.Backend.DefaultWeight != nil && p.Spec.Service.ExternalTrafficPolicy == "Local" {
		d = append(d, at.warnf(WarnDefaultWeightLocal, lbPath+"backend.defaultWeight",
			`has no effect with externalTrafficPolicy "Local": the controller weights each node by its gateway pods (clbv1/vgroups.go podNumberAlgorithm)`))
	}
	if lb.VSwitchID != "" && lb.NetworkType == "classic" {
		d = append(d, at.warnf(WarnVSwitchClassic, lbPath+"vswitchID",
			`has no effect with networkType "classic": the controller drops it (clbv1/loadbalancer.go BuildLocalModel)`))
	}
	if slices.Contains(Classes, p.Spec.Class()) { // else the schema reports the class, and nothing reads the rest by it
		d = append(d, checkClass(&p.Spec, at)...)
		d = append(d, checkListeners(p, at)...)
	}
	d = append(d, checkDocumented(&p.Spec, at)...)
	if s := lb.Listeners.Scheduler; s != "" && p.Spec.Service.ExternalTrafficPolicy == "Local" && s != "wrr" {
		d = append(d, at.warnf(WarnSchedulerLocal, lbPath+"listeners.scheduler",
			`with externalTrafficPolicy "Local" the docs advise "wrr", so nodes are weighted by how many gateway pods they run`))
	}
	if port := lb.HealthCheck.ConnectPort; port != nil && *port < 1 && *port != -520 {
		d = append(d, at.warnf(WarnConnectPort, lbPath+"healthCheck.connectPort",
			"%d is not a port the docs allow (1 to 65535, or -520 for the listener's backend port); the cloud API may reject it", *port))
	}
	if lb.Hostname != "" && lb.ExternalIPType != "" {
		d = append(d, at.warnf(WarnExternalIPType, lbPath+"externalIPType",
			"has no effect while hostname is set: the controller reports hostname in the Service's status instead"))
	}
	d = append(d, checkDomain(p, at)...)
	d = append(d, checkRelease(&p.Spec, at)...)
	d = append(d, checkKeyValueList(at, lbPath+"additionalResourceTags", lb.AdditionalResourceTags)...)
	d = append(d, checkTrimmed(at, lbPath+"additionalResourceTags", lb.AdditionalResourceTags)...)
	d = append(d, checkDomainExtensions(at, lbPath+"listeners.domainExtensions", lb.Listeners.DomainExtensions)...)
	d = append(d, checkKeyValueList(at, lbPath+"backend.labels", lb.Backend.Labels)...)
	d = append(d, checkExtraAnnotations(at, lbPath+"extraAnnotations", lb.ExtraAnnotations)...)
	return d
}

// checkDocumented warns about values outside what the cloud's docs give (each field's docRange,
// docValues and docPattern): the controller passes them on unchecked, so only the cloud API can
// say no, later.
func checkDocumented(spec *Spec, at locator) Diagnostics {
	var d Diagnostics
	for _, f := range AnnotatedFields() {
		if r := f.DocRange; r != nil {
			// Below the schema's minimum the schema already reports an error.
			if v := f.Int(spec); v != nil && (f.schemaMin == nil || *v >= *f.schemaMin) && (*v < r.Min || *v > r.Max) {
				d = append(d, at.warnf(WarnDocRange, f.Path,
					"%d is outside the documented range of %d to %d%s; the controller passes it on unchecked and the cloud API may reject it", *v, r.Min, r.Max, r.Unit))
			}
		}
		if !f.IsSet(spec) || f.kind.Kind() != reflect.String {
			continue
		}
		v, _ := f.own(spec)
		if len(f.DocValues) > 0 && !slices.Contains(f.DocValues, v) {
			d = append(d, at.warnf(WarnDocValue, f.Path,
				"%q is not a value the docs list (%s); the controller passes it on unchecked and the cloud API may reject it", v, quoteList(f.DocValues)))
		}
		if f.DocPattern != "" && !f.matchesDocForm(v) {
			d = append(d, at.warnf(WarnDocForm, f.Path,
				"%q does not match the documented form (%s); the cloud API may reject it", v, f.DocForm))
		}
	}
	return d
}

// checkClass refuses settings the controller of the profile's load-balancer class does not read
// (a CLB's zones on an NLB, an NLB's security groups on a CLB), and what that controller needs
// to create its load balancer.
func checkClass(spec *Spec, at locator) Diagnostics {
	var d Diagnostics
	class := spec.Class()
	for _, f := range AnnotatedFields() {
		if f.ReadBy(class) || !f.IsSet(spec) {
			continue
		}
		d = append(d, at.errorf(f.Path, "Forbidden: only %s reads it (%s); spec.loadBalancer.class is %s",
			classNames(f.Classes), Suffix(f.Keys[0]), class))
	}
	for _, v := range classValues {
		if value := reflect.ValueOf(spec).Elem().FieldByIndex(fieldIndex(v.path)).String(); value != "" && !slices.Contains(v.values[class], value) {
			d = append(d, at.errorf(v.path, "Unsupported value: %q: class %s takes %s (%s)", value, class, quoteList(v.values[class]), v.evidence[class]))
		}
	}
	if id := spec.LoadBalancer.ID; id != "" && strings.HasPrefix(id, "nlb-") != (class == ClassNLB) {
		want := map[string]string{ClassCLB: "lb-", ClassNLB: "nlb-"}[class]
		d = append(d, at.errorf("spec.loadBalancer.id", "Invalid value: %q: a load balancer of class %s has an id starting with %q (the %s API finds no other)", id, class, want, strings.ToUpper(class)))
	}
	if hc := spec.LoadBalancer.HealthCheck; class == ClassNLB && (hc.Layer7Enabled == nil || !*hc.Layer7Enabled) {
		for _, f := range AnnotatedFields() {
			if strings.HasPrefix(f.Path, "spec.loadBalancer.healthCheck.") && f.Path != "spec.loadBalancer.healthCheck.layer7Enabled" && f.ReadBy(class) && f.IsSet(spec) {
				d = append(d, at.warnf(WarnNLBHealthCheckOff, f.Path, "has no effect: nlbv2 reads the health-check keys only with health-check-flag on (set healthCheck.layer7Enabled: true) (nlbv2/server_groups.go setServerGroupAttributeFromAnno)"))
			}
		}
	}
	if spec.ByOperator() {
		// services_override.go ServicesTransform merges labels, annotations and selector only.
		const why = "the Knative Operator's spec.services override sets a Service's labels, annotations and selector only (pkg/reconciler/common/services_override.go ServicesTransform)"
		if class == ClassNLB {
			d = append(d, at.errorf("spec.loadBalancer.class", "Forbidden: class nlb needs spec.loadBalancerClass on the Service, and %s", why))
		}
		if spec.Service.ExternalTrafficPolicy != "" {
			d = append(d, at.errorf("spec.service.externalTrafficPolicy", "Forbidden: with owner knative-operator: %s", why))
		}
	}
	if class == ClassNLB && len(spec.LoadBalancer.NLB.ZoneMappings) == 0 && spec.LoadBalancer.ID == "" {
		d = append(d, at.errorf("spec.loadBalancer.nlb.zoneMappings",
			"Required value: an NLB needs its zones and vSwitches (or spec.loadBalancer.id to reuse one): the controller refuses to create one without them, \"ParameterMissing, zone mappings are required\" (nlbv2/loadbalancer.go BuildLocalModel)"))
	}
	for i, z := range spec.LoadBalancer.NLB.ZoneMappings {
		if z.AllocationID != "" && z.IPv4Address == "" {
			d = append(d, at.errorf(fmt.Sprintf("spec.loadBalancer.nlb.zoneMappings.%d.ipv4Address", i),
				"Required value: allocationID needs ipv4Address: zone-maps gives them by position, zone:vswitch:ipv4:allocation (nlbv2/loadbalancer.go parseZoneMappings)"))
		}
	}
	return d
}

// classValues are the values of a field that one class takes and the other does not.
var classValues = []struct {
	path     string
	values   map[string][]string
	evidence map[string]string
}{
	{"spec.loadBalancer.ipVersion",
		map[string][]string{ClassCLB: {"ipv4", "ipv6"}, ClassNLB: {"ipv4", "DualStack"}},
		map[string]string{ClassCLB: "the CLB API's AddressIPVersion", ClassNLB: "model/nlb GetAddressIpVersion; the controller passes another value on to the NLB API"}},
}

// classNames names the controllers of classes, as messages say them.
func classNames(classes []string) string {
	names := map[string]string{ClassCLB: "the CLB controller (clbv1, class clb)", ClassNLB: "the NLB controller (nlbv2, class nlb)"}
	var out []string
	for _, c := range classes {
		out = append(out, names[c])
	}
	return strings.Join(out, " and ")
}

// checkListeners checks protocolPort and forwardPort as lists, and the settings that only some
// listener protocols read (their protocols tag) against the listener layout, when the profile
// fixes it (protocolPort, or https.certID). Otherwise the Service keeps the protocol-port it has,
// which slbgw cannot see here, so those checks are skipped.
func checkListeners(p *Profile, at locator) Diagnostics {
	var d Diagnostics
	lb := &p.Spec.LoadBalancer
	const ppField = "spec.loadBalancer.listeners.protocolPort"
	const fpField = "spec.loadBalancer.listeners.forwardPort"
	class := p.Spec.Class()
	layout, layoutText := lb.Listeners.ProtocolPort, lb.Listeners.ProtocolPort
	if implied := AnnotatedFieldByPath(ppField).For(class).ImpliedValue; layout == "" && p.Spec.HTTPS.CertID != "" {
		layout, layoutText = implied, implied+", from https.certID"
	}
	var listeners []ListenerEntry
	known := false
	if layout != "" {
		entries, ok := ParseProtocolPort(layout)
		known = ok
		seen := map[int]bool{}
		for _, e := range entries {
			if !slices.Contains(ListenerProtocols, e.Protocol) {
				known = false // the schema reports it
				continue
			}
			if protocols := ListenerProtocolsOf(class); !slices.Contains(protocols, e.Protocol) {
				d = append(d, at.errorf(ppField, "Invalid value: %q: %s is not a listener protocol of class %s, whose controller takes %s (%s)",
					layout, e.Protocol, class, strings.Join(protocols, ", "), listenerProtocolEvidence[class]))
				known = false
				continue
			}
			if e.Port == 0 {
				d = append(d, at.errorf(ppField, "Invalid value: %q: port %s is not 1 to 65535", layout, e.PortText))
				known = false
				continue
			}
			if seen[e.Port] {
				d = append(d, at.errorf(ppField, "Invalid value: %q: port %d appears twice; a Service port has one listener protocol", layout, e.Port))
			}
			seen[e.Port] = true
			listeners = append(listeners, e)
		}
	}
	has := func(proto string, port int) bool {
		return slices.ContainsFunc(listeners, func(l ListenerEntry) bool { return l.Protocol == proto && (port == 0 || l.Port == port) })
	}

	if fp := lb.Listeners.ForwardPort; fp != "" {
		entries, _ := ParseProtocolPort(fp) // from:to has the shape of proto:port
		seen := map[string]bool{}
		for _, e := range entries {
			from, to := portNumber(e.Protocol), e.Port
			if from == 0 || to == 0 {
				d = append(d, at.errorf(fpField, "Invalid value: %q: ports must be 1 to 65535", fp))
				continue
			}
			if seen[e.Protocol] {
				d = append(d, at.errorf(fpField, "Invalid value: %q: port %d is forwarded twice", fp, from))
			}
			seen[e.Protocol] = true
			if !known {
				continue
			}
			if !has("http", from) {
				d = append(d, at.errorf(fpField, "Invalid value: %q: port %d needs an http listener (listeners: %q)", fp, from, layoutText))
			}
			if !has("https", to) {
				d = append(d, at.errorf(fpField, "Invalid value: %q: port %d needs an https listener (listeners: %q)", fp, to, layoutText))
			}
		}
	}
	if !known {
		return d
	}
	if lb.Listeners.ProtocolPort != "" && has("https", 0) && p.Spec.HTTPS.CertID == "" {
		d = append(d, at.warnf(WarnHTTPSWithoutCert, ppField,
			"an https listener needs a certificate, and https.certID is not set: the Service's own cert-id annotation is kept (on ASK, the platform's self-signed certificate); without one the controller cannot create the listener"))
	}
	for _, f := range AnnotatedFields() {
		g := f.For(class)
		if g == nil || g.Protocols == nil || !f.IsSet(&p.Spec) || slices.ContainsFunc(g.Protocols, func(proto string) bool { return has(proto, 0) }) {
			continue
		}
		d = append(d, at.warnf(WarnNoListenerReads, f.Path, "has no effect: the listeners (%q) include no %s listener", layoutText, strings.Join(g.Protocols, " or ")))
	}
	return d
}

// portNumber reads a port from 1 to 65535; 0 when s is not one.
func portNumber(s string) int {
	e, _ := ParseProtocolPort("x:" + s)
	if len(e) != 1 {
		return 0
	}
	return e[0].Port
}

// checkKeyValueList checks a map written as k1=v1,k2=v2: the controller splits on ',' and '='
// (annotation.GetLoadBalancerAdditionalTags), so neither may appear in a key or a value.
func checkKeyValueList(at locator, field string, m map[string]string) Diagnostics {
	var d Diagnostics
	for _, k := range slices.Sorted(maps.Keys(m)) {
		switch {
		case k == "":
			d = append(d, at.mapKeyError(field, k, "Invalid value: \"\": a key may not be empty"))
		case strings.ContainsAny(k, ",="):
			d = append(d, at.mapKeyError(field, k, "Invalid value: %q: a key may not contain ',' or '=' (the annotation is k1=v1,k2=v2)", k))
		case strings.ContainsAny(m[k], ",="):
			d = append(d, at.mapKeyError(field, k, "Invalid value: %q: a value may not contain ',' or '=' (the annotation is k1=v1,k2=v2)", m[k]))
		}
	}
	return d
}

// checkTrimmed refuses tag keys and values with leading or trailing spaces: the controller trims
// each pair (annotation.GetLoadBalancerAdditionalTags), so the LB would get other tags than the
// profile says.
func checkTrimmed(at locator, field string, m map[string]string) Diagnostics {
	var d Diagnostics
	for _, k := range slices.Sorted(maps.Keys(m)) {
		switch {
		case strings.TrimSpace(k) != k:
			d = append(d, at.mapKeyError(field, k, "Invalid value: %q: a key may not start or end with spaces (the controller trims them)", k))
		case strings.TrimSpace(m[k]) != m[k]:
			d = append(d, at.mapKeyError(field, k, "Invalid value: %q: a value may not start or end with spaces (the controller trims them)", m[k]))
		}
	}
	return d
}

// checkDomainExtensions checks the domain:certID pairs of domain-extensions: the controller
// splits on ',' and ':' (clbv1/listeners.go parseDomainExtensionsAnnotation).
func checkDomainExtensions(at locator, field string, m map[string]string) Diagnostics {
	var d Diagnostics
	for _, k := range slices.Sorted(maps.Keys(m)) {
		switch {
		case k == "" || strings.ContainsAny(k, ",: "):
			d = append(d, at.mapKeyError(field, k, "Invalid value: %q: a domain may not be empty or contain ',', ':' or spaces (the annotation is domain1:certID1,domain2:certID2)", k))
		case m[k] == "" || strings.ContainsAny(m[k], ",: "):
			d = append(d, at.mapKeyError(field, k, "Invalid value: %q: a certificate id may not be empty or contain ',', ':' or spaces (the annotation is domain1:certID1,domain2:certID2)", m[k]))
		}
	}
	return d
}

// checkExtraAnnotations refuses keys without the controller's prefix and keys a field sets,
// and warns that the others are passed on unchecked.
func checkExtraAnnotations(at locator, field string, m map[string]string) Diagnostics {
	var d Diagnostics
	owner := map[string]string{}
	for _, f := range AnnotatedFields() {
		for _, k := range f.Keys {
			owner[k] = f.Path
		}
	}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		suffix, ok := strings.CutPrefix(k, AnnotationPrefix)
		switch {
		case !ok && strings.HasPrefix(k, LegacyAnnotationPrefix):
			d = append(d, at.mapKeyError(field, k, "Invalid value: %q: must start with %q (the legacy prefix is read only when the current key is absent)", k, AnnotationPrefix))
		case !ok || suffix == "":
			d = append(d, at.mapKeyError(field, k, "Invalid value: %q: must start with %q and name an annotation of the cloud controller", k, AnnotationPrefix))
		case owner[k] != "":
			d = append(d, at.mapKeyError(field, k, "Forbidden: %s is set by a field: use %s", suffix, owner[k]))
		default:
			w := at.mapKeyDiagnostic(SeverityWarning, field, k,
				"set as it is, unchecked: slbgw does not know the values of %s; check them against the cloud controller's docs", suffix)
			w.Code = WarnExtraUnchecked
			d = append(d, w)
		}
	}
	return d
}

// mapKeyError reports an error about one key of the map at field; the finding's field is
// field[key] and its position is the key's.
func (l locator) mapKeyError(field, key, format string, args ...any) Diagnostic {
	return l.mapKeyDiagnostic(SeverityError, field, key, format, args...)
}

func (l locator) mapKeyDiagnostic(sev Severity, field, key, format string, args ...any) Diagnostic {
	node := l.valueNode(field)
	if m := resolveAlias(node); m != nil && m.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(m.Content); i += 2 {
			if m.Content[i].Value == key {
				node = m.Content[i]
				break
			}
		}
	}
	return l.diagnostic(sev, node, field+"["+key+"]", format, args...)
}

func quoteList(values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = fmt.Sprintf("%q", v)
	}
	return strings.Join(quoted, ", ")
}

// KnativeDefaultDomain is the domain Knative Serving gives routes when config-domain names none.
const KnativeDefaultDomain = "example.com"

// checkDomain checks the domains for config-domain: each domain once, selectors of valid labels
// (Knative reads them as a label selector), and a custom domain without a certificate.
func checkDomain(p *Profile, at locator) Diagnostics {
	var d Diagnostics
	dom := p.Spec.Domain
	seen := map[string]string{}
	if dom.Default != "" {
		seen[dom.Default] = "spec.domain.default"
	}
	for i, sel := range dom.Selectors {
		field := fmt.Sprintf("spec.domain.selectors.%d", i)
		if sel.Domain != "" {
			if first, dup := seen[sel.Domain]; dup {
				d = append(d, at.errorf(field+".domain", "Duplicate value: %q is already set at %s; config-domain has one key a domain", sel.Domain, first))
			}
			seen[sel.Domain] = field + ".domain"
		}
		if sel.Selector != nil && len(sel.Selector) == 0 {
			d = append(d, at.errorf(field+".selector", "Required value: at least one label: an empty selector picks every route, which is what the default domain is for"))
		}
		for _, k := range slices.Sorted(maps.Keys(sel.Selector)) {
			if msg := labelKeyProblem(k); msg != "" {
				d = append(d, at.mapKeyError(field+".selector", k, "Invalid value: %q: %s", k, msg))
			} else if v := sel.Selector[k]; v != "" && !labelValue().MatchString(v) {
				d = append(d, at.mapKeyError(field+".selector", k, "Invalid value: %q: a label value is at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit", v))
			}
		}
	}
	if dom.Default != "" && dom.Default != KnativeDefaultDomain && p.Spec.HTTPS.CertID == "" {
		d = append(d, at.warnf(WarnDomainWithoutCert, "spec.domain.default",
			"routes under %s are served over HTTPS with the certificate the Service has (on ASK, the platform's self-signed one): set spec.https.certID to a certificate for *.%s", dom.Default, dom.Default))
	}
	return d
}

// labelKeyProblem says what is wrong with a label key, or "".
func labelKeyProblem(k string) string {
	prefix, name, hasPrefix := strings.Cut(k, "/")
	if !hasPrefix {
		name, prefix = prefix, ""
	}
	switch {
	case hasPrefix && (prefix == "" || len(prefix) > 253 || !dnsSubdomain().MatchString(prefix)):
		return "a label key's prefix is a DNS subdomain (lower case) before '/'"
	case name == "" || len(name) > 63 || !labelValue().MatchString(name):
		return "a label key's name is at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit"
	}
	return ""
}

var (
	labelValue   = lazyRegexp(`^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$`)
	dnsSubdomain = lazyRegexp(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`)
)

// lazyRegexp returns a function that compiles expr the first time it is called: bounded repeats
// make large programs, and compiling them at start-up would cost every run.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}

// checkRelease warns about each setting the controller release the profile names does not
// read: it has no effect on that cluster (the declarations' since, from conformance/RELEASES.md).
func checkRelease(spec *Spec, at locator) Diagnostics {
	release := spec.Controller.Version
	if release == "" {
		return nil
	}
	var d Diagnostics
	for _, f := range AnnotatedFields() {
		if f.Since == "" || !f.IsSet(spec) || !ReleaseBefore(release, f.Since) {
			continue
		}
		d = append(d, at.warnf(WarnIgnoredByRelease, f.Path,
			"has no effect with the controller %s (spec.controller.version): it reads %s only since %s (%s)",
			release, Suffix(f.Keys[0]), f.Since, f.SinceEvidence))
	}
	return d
}

// ReleaseBefore tells whether release a (vMAJOR.MINOR.PATCH) is older than b.
func ReleaseBefore(a, b string) bool {
	parse := func(v string) [3]int {
		var n [3]int
		fmt.Sscanf(strings.TrimPrefix(v, "v"), "%d.%d.%d", &n[0], &n[1], &n[2])
		return n
	}
	x, y := parse(a), parse(b)
	for i := range x {
		if x[i] != y[i] {
			return x[i] < y[i]
		}
	}
	return false
}

// WithRelease makes release the controller release of the profile (the command line's
// --controller-version wins over spec.controller.version) and returns diags with the warnings
// about it made again. A release that is not vMAJOR.MINOR.PATCH is an error.
func (p *Profile) WithRelease(release string, diags Diagnostics) (Diagnostics, error) {
	if release == "" {
		return diags, nil
	}
	if !releasePattern().MatchString(release) {
		return diags, fmt.Errorf("--controller-version %q: want a controller release such as v2.12.4", release)
	}
	p.Spec.Controller.Version = release
	diags = slices.DeleteFunc(slices.Clone(diags), func(d Diagnostic) bool { return d.Code == WarnIgnoredByRelease })
	return append(diags, checkRelease(&p.Spec, p.Spec.source)...), nil
}
