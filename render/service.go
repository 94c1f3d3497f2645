package render

import (
	"fmt"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/slbgw/slbgw/change"
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

// ApplyEdits is applyEdits for the packages that compute edits of their own (plan, for what the
// Knative Operator applies to the Service).
func ApplyEdits(obj *yaml.RNode, edits []change.Edit) (schema.Diagnostics, error) {
	return applyEdits(obj, edits)
}

// applyEdits applies the edits to obj in place: a Set gives its key the value (a node whose
// value is already right is not touched, so applying a profile twice changes nothing, and a new
// value keeps the old one's line comment), a Clear removes its key, a Keep leaves it. A mapping
// the edits empty is removed, as kyaml drops empty annotations. The removal of a legacy key that
// is present is a warning: the controller reads it when the current key is absent.
func applyEdits(obj *yaml.RNode, edits []change.Edit) (schema.Diagnostics, error) {
	var findings schema.Diagnostics
	type target struct {
		node    *yaml.RNode
		removed int
	}
	targets := map[change.Target]*target{}
	lookup := func(t change.Target, create bool) (*target, error) {
		if tg, ok := targets[t]; ok && (tg.node != nil || !create) {
			return tg, nil
		}
		path := []string{t.Path()}
		if t == change.Annotations {
			path = []string{yaml.MetadataField, yaml.AnnotationsField}
		}
		var node *yaml.RNode
		var err error
		if create {
			// A null mapping ("annotations:" or "annotations: null") is replaced by a mapping.
			if n, _ := obj.Pipe(yaml.Lookup(path...)); n != nil && yaml.IsMissingOrNull(n) {
				parent, err := obj.Pipe(yaml.Lookup(path[:len(path)-1]...))
				if err != nil {
					return nil, fmt.Errorf("reading %s: %w", t.Path(), err)
				}
				if err := parent.PipeE(yaml.Clear(path[len(path)-1])); err != nil {
					return nil, fmt.Errorf("replacing the null %s: %w", t.Path(), err)
				}
			}
			node, err = obj.Pipe(yaml.LookupCreate(yaml.MappingNode, path...))
		} else {
			node, err = obj.Pipe(yaml.Lookup(path...))
		}
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", t.Path(), err)
		}
		if node != nil && node.YNode().Kind != yaml.MappingNode {
			node = nil
		}
		tg := &target{node: node}
		if old, ok := targets[t]; ok {
			tg.removed = old.removed
		}
		targets[t] = tg
		return tg, nil
	}
	for _, e := range edits {
		switch e.Op {
		case change.Set:
			tg, err := lookup(e.Target, true)
			if err != nil {
				return nil, err
			}
			if err := setString(tg.node, e.Key, e.Value); err != nil {
				return nil, fmt.Errorf("setting %s: %w", e.Target.Field(e.Key), err)
			}
		case change.Clear:
			tg, err := lookup(e.Target, false)
			if err != nil {
				return nil, err
			}
			if tg.node == nil {
				continue
			}
			old := tg.node.Field(e.Key)
			if old == nil {
				continue
			}
			if e.LegacyOf != "" {
				findings = append(findings, legacyFinding(old, e.Key, e.LegacyOf, e.Owner))
			}
			if err := tg.node.PipeE(yaml.Clear(e.Key)); err != nil {
				return nil, fmt.Errorf("removing %s: %w", e.Target.Field(e.Key), err)
			}
			tg.removed++
		}
	}
	for t, tg := range targets {
		if tg.node == nil || tg.removed == 0 || len(tg.node.YNode().Content) > 0 {
			continue
		}
		parent, key := obj, t.Path()
		if t == change.Annotations {
			parent, key = obj.Field(yaml.MetadataField).Value, yaml.AnnotationsField
		}
		if err := parent.PipeE(yaml.Clear(key)); err != nil {
			return nil, fmt.Errorf("removing the empty %s: %w", t.Path(), err)
		}
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

// serviceClass is the Service's spec.loadBalancerClass, "" when it has none.
func serviceClass(svc *yaml.RNode) string {
	if n := valueAt(svc.YNode(), "spec", change.LoadBalancerClass); n != nil && n.Kind == yaml.ScalarNode && n.Tag != "!!null" {
		return n.Value
	}
	return ""
}

// checkServiceClass refuses a Service whose spec.loadBalancerClass slbgw cannot serve: a class
// the Alibaba Cloud controller does not serve (it ignores such a Service: helper NeedCLB,
// NeedNLB), or an NLB Service under a profile of class clb that has no load balancer yet, where
// removing the class would silently turn the gateway into a CLB. (On a Service with a load
// balancer, the class change is a refusal plan and the live checks report.)
func checkServiceClass(svc *yaml.RNode, spec *schema.Spec) (schema.Diagnostic, bool) {
	have := serviceClass(svc)
	if have == "" || have == schema.NLBServiceClass && spec.Class() == schema.ClassNLB {
		return schema.Diagnostic{}, true
	}
	node := valueAt(svc.YNode(), "spec", change.LoadBalancerClass)
	field := "spec." + change.LoadBalancerClass
	if have != schema.NLBServiceClass {
		return serviceError(node, field,
			"Unsupported value: %q: the Alibaba Cloud controller serves a Service without a load-balancer class (CLB) or with %q (NLB) only (helper/service_utils.go NeedCLB, NeedNLB); another class belongs to another controller", have, schema.NLBServiceClass), false
	}
	if change.HasLoadBalancer(svc) {
		return schema.Diagnostic{}, true
	}
	return serviceError(node, field,
		"Invalid value: %q: the Service is an NLB Service, and spec.loadBalancer.class is clb (the default): set spec.loadBalancer.class: nlb, or remove spec.loadBalancerClass from the Service yourself if it is to be a CLB", have), false
}

// legacyFinding reports a legacy key removed from the Service: the controller reads it when key
// is absent, so it would stand in for what field sets (or leaves out).
func legacyFinding(legacy *yaml.MapNode, legacyKey, key, field string) schema.Diagnostic {
	node := legacy.Key.YNode()
	return schema.Diagnostic{
		Severity: schema.SeverityWarning,
		Code:     schema.WarnLegacyAnnotationGone,
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
		node := schema.StringNode(value)
		node.YNode().LineComment = n.LineComment
		return mapping.PipeE(yaml.SetField(key, node))
	}
	return mapping.PipeE(yaml.SetField(key, schema.StringNode(value)))
}
