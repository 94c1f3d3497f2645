package render

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/slbgw/slbgw/change"
	"github.com/slbgw/slbgw/schema"
)

// checkListeners applies the listener rules that need the Service itself, so the profile alone
// cannot be checked for them: it runs on the Service as Edit left it, whose
// protocol-port and cert-id may come from the base (the platform's) rather than the profile.
//
//   - An https listener needs a certificate: without cert-id the controller cannot create it.
//     An error.
//   - The controller reads protocol-port for the Service's own ports and ignores entries for
//     other ports, so such an entry is a slip: a warning.
func checkListeners(svc *yaml.RNode) schema.Diagnostics {
	annotations := svc.GetAnnotations()
	protocolPortKey := schema.AnnotationPrefix + "protocol-port"
	value, ok := annotations[protocolPortKey]
	if !ok {
		return nil
	}
	field := "metadata.annotations[" + protocolPortKey + "]"
	var findings schema.Diagnostics
	var servicePorts []int
	for _, l := range change.ServiceListeners(svc) {
		servicePorts = append(servicePorts, l.Port)
	}
	// The schema checked the profile's value; a base's malformed items are the base's.
	entries, _ := schema.ParseProtocolPort(value)
	for _, e := range entries {
		if e.Protocol == "https" {
			if _, hasCert := annotations[schema.AnnotationPrefix+"cert-id"]; !hasCert {
				findings = append(findings, listenerFinding(svc, protocolPortKey, schema.SeverityError, "", field,
					"the https listener on port %s needs a certificate: set spec.https.certID", e.PortText))
			}
		}
		if n, err := strconv.Atoi(e.PortText); err == nil && len(servicePorts) > 0 && !slices.Contains(servicePorts, n) {
			findings = append(findings, listenerFinding(svc, protocolPortKey, schema.SeverityWarning, schema.WarnPortNotInService, field,
				"port %d is not a port of the Service (%s); the controller ignores it", n, joinInts(servicePorts)))
		}
	}
	return findings
}

// checkUnusedSettings warns about settings that no listener of the Service reads (their
// protocols declaration), when the profile leaves the listener layout to the Service: then only
// the Service tells which listeners the controller makes (the profile's own check covers a
// layout the profile fixes). The default gateway's listeners are tcp:80 and tcp:443, which never
// get the health check's method or timeout, for example (provider/alibaba/slb/listener.go).
func checkUnusedSettings(svc *yaml.RNode, spec *schema.Spec) schema.Diagnostics {
	if spec.LoadBalancer.Listeners.ProtocolPort != "" || spec.HTTPS.CertID != "" {
		return nil
	}
	listeners := change.ServiceListeners(svc)
	if len(listeners) == 0 {
		return nil
	}
	var layout []string
	for _, l := range listeners {
		layout = append(layout, l.Protocol+":"+l.PortText)
	}
	// The finding points at what decides the listeners: protocol-port, or else the ports.
	where := &yaml.Node{}
	if n, _ := svc.Pipe(yaml.Lookup(yaml.MetadataField, yaml.AnnotationsField, schema.AnnotationPrefix+"protocol-port")); n != nil {
		where = n.YNode()
	} else if n := svc.Field("spec"); n != nil {
		if ports := n.Value.Field("ports"); ports != nil {
			where = ports.Key.YNode()
		}
	}
	var findings schema.Diagnostics
	for _, f := range schema.AnnotatedFields() {
		if f.Protocols == nil || !f.IsSet(spec) ||
			slices.ContainsFunc(listeners, func(l schema.ListenerEntry) bool { return slices.Contains(f.Protocols, l.Protocol) }) {
			continue
		}
		d := schema.Diagnostic{Severity: schema.SeverityWarning, Code: schema.WarnNoListenerReads, Field: f.Path, Line: where.Line, Column: where.Column,
			Message: fmt.Sprintf("has no effect: the Service's listeners (%q, from its ports and protocol-port) include no %s listener",
				strings.Join(layout, ","), strings.Join(f.Protocols, " or "))}
		findings = append(findings, d)
	}
	return findings
}

func listenerFinding(svc *yaml.RNode, key string, sev schema.Severity, code, field, format string, args ...any) schema.Diagnostic {
	d := schema.Diagnostic{Severity: sev, Code: code, Field: field, Message: fmt.Sprintf(format, args...)}
	if n, _ := svc.Pipe(yaml.Lookup(yaml.MetadataField, yaml.AnnotationsField, key)); n != nil {
		d.Line, d.Column = n.YNode().Line, n.YNode().Column
	}
	return d
}

func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ", ")
}
