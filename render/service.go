package render

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/slbgw/slbgw/schema"
)

// LoadBalancerType is the Service type that makes the cloud controller create the SLB.
const LoadBalancerType = "LoadBalancer"

// newServiceTemplate is the ASK Knative ingress gateway Service: type LoadBalancer with the http
// (80) and https (443) ports. Name and namespace are set from the profile.
const newServiceTemplate = `apiVersion: v1
kind: Service
metadata:
  name: ingress-gateway
  namespace: knative-serving
  labels:
    app.kubernetes.io/managed-by: slbgw
spec:
  type: LoadBalancer
  ports:
  - name: http
    port: 80
    protocol: TCP
  - name: https
    port: 443
    protocol: TCP
`

// NewService returns the default gateway Service for spec.service, without the profile applied.
func NewService(svc schema.Service) (*yaml.RNode, error) {
	node, err := yaml.Parse(newServiceTemplate)
	if err != nil {
		return nil, fmt.Errorf("parsing the Service template: %w", err)
	}
	if err := node.SetName(svc.Name); err != nil {
		return nil, fmt.Errorf("setting the Service name: %w", err)
	}
	if err := node.SetNamespace(svc.Namespace); err != nil {
		return nil, fmt.Errorf("setting the Service namespace: %w", err)
	}
	return node, nil
}

// Edit changes the Service svc in place so its load balancer is the one the profile asks for.
// It sets the owned annotations spec sets, removes those it leaves out (but for KeepWhenUnset
// ones), removes legacy keys that would shadow or stand in for an owned key (with a warning),
// sets spec.loadBalancer.extraAnnotations (removing the extra ones an earlier run set that spec
// no longer has), and sets spec.externalTrafficPolicy when spec asks. Nothing else changes; a node whose value
// is already right is not touched, so applying a profile twice changes nothing.
//
// The findings have Field, Message, Line and Column (positions in svc's source); File is left
// to the caller.
func (p Patch) Edit(svc *yaml.RNode) (schema.Diagnostics, error) {
	spec := p.Spec
	if d, ok := checkServiceType(svc); !ok {
		return schema.Diagnostics{d}, nil
	}
	var findings schema.Diagnostics
	annotations, err := svc.Pipe(yaml.Lookup(yaml.MetadataField, yaml.AnnotationsField))
	if err != nil {
		return nil, fmt.Errorf("reading metadata.annotations: %w", err)
	}
	if annotations != nil && annotations.YNode().Kind != yaml.MappingNode {
		if !annotations.IsNil() {
			return schema.Diagnostics{serviceError(annotations.YNode(), "metadata.annotations", "Invalid value: must be a mapping")}, nil
		}
		annotations = nil
	}
	for _, owned := range schema.AnnotatedFields() {
		value, set := owned.Value(spec)
		if !set && owned.KeepWhenUnset {
			continue
		}
		for _, key := range owned.Keys {
			if annotations != nil {
				if legacyKey := schema.LegacyKey(key); legacyKey != "" {
					if legacy := annotations.Field(legacyKey); legacy != nil {
						findings = append(findings, legacyFinding(legacy, legacyKey, key, owned.Path))
						if err := annotations.PipeE(yaml.Clear(legacyKey)); err != nil {
							return nil, fmt.Errorf("removing %s: %w", legacyKey, err)
						}
					}
				}
			}
			if !set {
				if annotations != nil {
					if err := annotations.PipeE(yaml.Clear(key)); err != nil {
						return nil, fmt.Errorf("removing %s: %w", key, err)
					}
				}
				continue
			}
			if annotations == nil {
				if annotations, err = svc.Pipe(yaml.LookupCreate(yaml.MappingNode, yaml.MetadataField, yaml.AnnotationsField)); err != nil {
					return nil, fmt.Errorf("creating metadata.annotations: %w", err)
				}
			}
			if err := setString(annotations, key, value); err != nil {
				return nil, fmt.Errorf("setting %s: %w", key, err)
			}
		}
	}
	extraFindings, err := applyExtraAnnotations(svc, annotations, spec.LoadBalancer.ExtraAnnotations)
	if err != nil {
		return nil, err
	}
	findings = append(findings, extraFindings...)
	findings = append(findings, checkListeners(svc)...)
	findings = append(findings, checkUnusedSettings(svc, spec)...)
	if policy := spec.Service.ExternalTrafficPolicy; policy != "" {
		specNode, err := svc.Pipe(yaml.LookupCreate(yaml.MappingNode, "spec"))
		if err != nil {
			return nil, fmt.Errorf("reading spec: %w", err)
		}
		if err := setString(specNode, "externalTrafficPolicy", policy); err != nil {
			return nil, fmt.Errorf("setting spec.externalTrafficPolicy: %w", err)
		}
	}
	return findings, nil
}

// applyExtraAnnotations sets spec.loadBalancer.extraAnnotations as they are, removes the extra
// annotations an earlier run set that extra no longer has (the ExtraAnnotationsRecord
// annotation lists them), and records the ones it set. annotations is the Service's annotation
// mapping, nil when it has none yet. Like the owned keys, a legacy key of an extra annotation is
// removed with a warning.
func applyExtraAnnotations(svc, annotations *yaml.RNode, extra map[string]string) (schema.Diagnostics, error) {
	var findings schema.Diagnostics
	owned := map[string]bool{}
	for _, a := range schema.AnnotatedFields() {
		for _, k := range a.Keys {
			owned[schema.Suffix(k)] = true
		}
	}
	if annotations != nil {
		if record := annotations.Field(ExtraAnnotationsRecord); record != nil {
			for suffix := range strings.SplitSeq(record.Value.YNode().Value, ",") {
				suffix = strings.TrimSpace(suffix)
				if suffix == "" || owned[suffix] {
					continue // an owned key is set or removed by its row
				}
				if _, keep := extra[schema.AnnotationPrefix+suffix]; keep {
					continue
				}
				if err := annotations.PipeE(yaml.Clear(schema.AnnotationPrefix + suffix)); err != nil {
					return nil, fmt.Errorf("removing %s: %w", schema.AnnotationPrefix+suffix, err)
				}
			}
		}
	}
	if len(extra) == 0 {
		if annotations != nil {
			if err := annotations.PipeE(yaml.Clear(ExtraAnnotationsRecord)); err != nil {
				return nil, fmt.Errorf("removing %s: %w", ExtraAnnotationsRecord, err)
			}
		}
		return findings, nil
	}
	if annotations == nil {
		var err error
		if annotations, err = svc.Pipe(yaml.LookupCreate(yaml.MappingNode, yaml.MetadataField, yaml.AnnotationsField)); err != nil {
			return nil, fmt.Errorf("creating metadata.annotations: %w", err)
		}
	}
	var suffixes []string
	for _, key := range slices.Sorted(maps.Keys(extra)) {
		suffixes = append(suffixes, schema.Suffix(key))
		legacyKey := schema.LegacyKey(key)
		if legacy := annotations.Field(legacyKey); legacy != nil {
			findings = append(findings, legacyFinding(legacy, legacyKey, key, "spec.loadBalancer.extraAnnotations["+key+"]"))
			if err := annotations.PipeE(yaml.Clear(legacyKey)); err != nil {
				return nil, fmt.Errorf("removing %s: %w", legacyKey, err)
			}
		}
		if err := setString(annotations, key, extra[key]); err != nil {
			return nil, fmt.Errorf("setting %s: %w", key, err)
		}
	}
	if err := setString(annotations, ExtraAnnotationsRecord, strings.Join(suffixes, ",")); err != nil {
		return nil, fmt.Errorf("setting %s: %w", ExtraAnnotationsRecord, err)
	}
	return findings, nil
}

// checkServiceType refuses a Service that is not type LoadBalancer: only that type gets an SLB,
// and turning a ClusterIP or NodePort Service into one would expose it, which is not slbgw's
// call to make.
func checkServiceType(svc *yaml.RNode) (schema.Diagnostic, bool) {
	typ, _ := svc.Pipe(yaml.Lookup("spec", "type"))
	if typ == nil {
		node := svc.YNode()
		if spec := svc.Field("spec"); spec != nil {
			node = spec.Key.YNode()
		}
		return serviceError(node, "spec.type",
			"Required value: the gateway Service must be type %q (the default, ClusterIP, gets no load balancer)", LoadBalancerType), false
	}
	if v := typ.YNode().Value; v != LoadBalancerType {
		return serviceError(typ.YNode(), "spec.type",
			"Unsupported value: %q: the gateway Service must be type %q; change the type in the base, slbgw does not", v, LoadBalancerType), false
	}
	return schema.Diagnostic{}, true
}

// legacyFinding reports a legacy key removed from the Service: the controller reads it when key
// is absent, so it would stand in for what field sets (or leaves out).
func legacyFinding(legacy *yaml.MapNode, legacyKey, key, field string) schema.Diagnostic {
	node := legacy.Key.YNode()
	return schema.Diagnostic{
		Severity: schema.SeverityWarning,
		Line:     node.Line,
		Column:   node.Column,
		Field:    "metadata.annotations[" + legacyKey + "]",
		Message: fmt.Sprintf("removed legacy annotation (value %q): the controller reads it when %s is absent, so it would override %s",
			legacy.Value.YNode().Value, key, field),
	}
}

func serviceError(node *yaml.Node, field, format string, args ...any) schema.Diagnostic {
	return schema.Diagnostic{
		Severity: schema.SeverityError,
		Line:     node.Line,
		Column:   node.Column,
		Field:    field,
		Message:  fmt.Sprintf(format, args...),
	}
}

// setString sets a string field of a mapping, leaving it untouched when it already holds the
// value. A new value keeps the old one's line comment. Values a YAML 1.1 reader (the API
// server's) would take for a bool or a number are double-quoted, so an annotation stays a string.
func setString(mapping *yaml.RNode, key, value string) error {
	if old := mapping.Field(key); old != nil {
		n := old.Value.YNode()
		if n.Kind == yaml.ScalarNode && n.ShortTag() == yaml.NodeTagString && n.Value == value {
			return nil
		}
		node := stringNode(value)
		node.YNode().LineComment = n.LineComment
		return mapping.PipeE(yaml.SetField(key, node))
	}
	return mapping.PipeE(yaml.SetField(key, stringNode(value)))
}

func stringNode(value string) *yaml.RNode {
	node := yaml.NewStringRNode(value)
	if yaml.IsValueNonString(value) {
		node.YNode().Style = yaml.DoubleQuotedStyle
	}
	return node
}
