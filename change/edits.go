// Package change says what a profile changes, and what the Alibaba Cloud cloud controller does
// with each change. It is the one place that turns a spec into edits: the list of set, clear and
// keep operations on the gateway Service's annotations and spec, and on config-domain's data and
// annotations. Every pipeline reads that list: render applies it (to kyaml nodes in the KRM
// function, to the file's bytes on the command line), patch writes it as a strategic-merge patch,
// the drift check compares it, and Classify (plan, and the refusal check on live objects) says
// what the controller does with each entry.
package change

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/slbgw/slbgw/schema"
)

// Target is the mapping of an object that an edit changes.
type Target int

const (
	// Annotations is metadata.annotations.
	Annotations Target = iota
	// ServiceSpec is the Service's spec.
	ServiceSpec
	// Data is the ConfigMap's data (on a KnativeServing: spec.config.domain).
	Data
	// ServiceEntry is the annotations of the KnativeServing's spec.services entry of the gateway
	// Service, which the Knative Operator merges into the Service.
	ServiceEntry
)

// Path is the dotted path of the target mapping, as findings name fields.
func (t Target) Path() string {
	switch t {
	case ServiceSpec:
		return "spec"
	case Data:
		return "data"
	case ServiceEntry:
		return "spec.services[].annotations"
	}
	return "metadata.annotations"
}

// Field is the finding field path of one key of the target: metadata.annotations[key].
func (t Target) Field(key string) string {
	if t == ServiceSpec {
		return "spec." + key
	}
	return t.Path() + "[" + key + "]"
}

// Op is what an edit does to its key.
type Op int

const (
	// Set gives the key Value.
	Set Op = iota
	// Clear removes the key, if present.
	Clear
	// Keep leaves the key as it is: a field the profile leaves out whose annotation the Service
	// keeps (the platform's certificate).
	Keep
)

// Edit is one operation on one key of an object.
type Edit struct {
	Target Target
	Key    string
	Op     Op
	Value  string // for Set
	// Owner is the profile field that owns the key (spec.loadBalancer.addressType,
	// spec.loadBalancer.extraAnnotations, spec.domain).
	Owner string
	// Declared is the annotation's declaration; nil for extra annotations, records and domains.
	Declared *schema.AnnotatedField
	// LegacyOf is, for the removal of a legacy key, the current key it would stand in for.
	LegacyOf string
	// Record marks slbgw's own bookkeeping annotation (which extra annotations or domains an
	// earlier render set).
	Record bool
}

// ExtraAnnotationsRecord is the annotation on the Service that lists the suffixes of the extra
// annotations (spec.loadBalancer.extraAnnotations) slbgw set, comma-separated and sorted, so that
// it can remove those a later profile drops.
const ExtraAnnotationsRecord = "slbgw.dev/extra-annotations"

const extraOwner = "spec.loadBalancer.extraAnnotations"

// Service lists the edits that give the gateway Service what spec asks for. have are the
// Service's annotations, nil when the Service is not known (a patch written without a base): the
// extra annotations its record lists and spec dropped can then not be removed. haveClass is the
// Service's spec.loadBalancerClass ("" when it has none or is not known).
//
// The order is the declaration order, each key followed by the removal of its legacy key, then
// the extra annotations (sorted), the dropped ones and the record, then spec fields: new keys are
// added to a Service in this order, and a patch lists them so.
func Service(spec *schema.Spec, have map[string]string, haveClass string) []Edit {
	var out []Edit
	owned := map[string]bool{} // suffixes of the owned keys
	for _, f := range schema.AnnotatedFields() {
		for _, key := range f.Keys {
			owned[schema.Suffix(key)] = true
		}
		value, set := f.Value(spec)
		for _, key := range f.Keys {
			e := Edit{Target: Annotations, Key: key, Owner: f.Path, Declared: f, Op: Clear}
			switch {
			case set:
				e.Op, e.Value = Set, value
			case f.KeepWhenUnset:
				e.Op = Keep
			}
			out = append(out, e)
			if legacy := schema.LegacyKey(key); legacy != "" && e.Op != Keep {
				out = append(out, Edit{Target: Annotations, Key: legacy, Op: Clear, Owner: f.Path, LegacyOf: key})
			}
		}
	}
	extra := spec.LoadBalancer.ExtraAnnotations
	var suffixes []string
	for _, key := range slices.Sorted(maps.Keys(extra)) {
		suffixes = append(suffixes, schema.Suffix(key))
		owner := extraOwner + "[" + key + "]"
		out = append(out, Edit{Target: Annotations, Key: key, Op: Set, Value: extra[key], Owner: owner})
		if legacy := schema.LegacyKey(key); legacy != "" {
			out = append(out, Edit{Target: Annotations, Key: legacy, Op: Clear, Owner: owner, LegacyOf: key})
		}
	}
	for _, suffix := range RecordedExtras(have) {
		if _, kept := extra[schema.AnnotationPrefix+suffix]; !kept && !owned[suffix] { // owned keys have their rows
			key := schema.AnnotationPrefix + suffix
			out = append(out, Edit{Target: Annotations, Key: key, Op: Clear, Owner: extraOwner + "[" + key + "]"})
		}
	}
	record := Edit{Target: Annotations, Key: ExtraAnnotationsRecord, Op: Clear, Owner: extraOwner, Record: true}
	if len(suffixes) > 0 {
		record.Op, record.Value = Set, strings.Join(suffixes, ",")
	}
	out = append(out, record)
	if policy := spec.Service.ExternalTrafficPolicy; policy != "" {
		out = append(out, Edit{Target: ServiceSpec, Key: "externalTrafficPolicy", Op: Set, Value: policy, Owner: "spec.service.externalTrafficPolicy"})
	}
	// The class: an NLB Service names its class; a CLB Service has none, so a profile of class
	// clb clears the NLB class of a Service that has it (Classify says the API server refuses
	// that on an existing Service) and leaves any other alone (render refuses a foreign class).
	class := Edit{Target: ServiceSpec, Key: LoadBalancerClass, Owner: ClassOwner, Op: Keep}
	switch {
	case spec.Class() == schema.ClassNLB:
		class.Op, class.Value = Set, schema.NLBServiceClass
	case haveClass == schema.NLBServiceClass:
		class.Op = Clear
	}
	return append(out, class)
}

// LoadBalancerClass is the Service's spec field that picks the controller (clbv1 without one,
// nlbv2 with schema.NLBServiceClass); ClassOwner the profile field that sets it.
const (
	LoadBalancerClass = "loadBalancerClass"
	ClassOwner        = "spec.loadBalancer.class"
)

// RecordedExtras lists the suffixes the extra-annotations record in annotations names, sorted
// and without repeats.
func RecordedExtras(annotations map[string]string) []string {
	return recordList(annotations[ExtraAnnotationsRecord])
}

func recordList(record string) []string {
	var out []string
	for item := range strings.SplitSeq(record, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// The gateway answers for Knative's route domains, which Knative Serving reads from the
// config-domain ConfigMap in its namespace: each key is a domain, an empty value makes it the
// default, a "selector:" value gives it to the routes with those labels. The profile's
// spec.domain sets them there, with the same rules as the Service's annotations: set what the
// profile asks for, remove what an earlier render set and the profile dropped, keep everything
// else (Knative's _example key and its knative.dev/example-checksum annotation included).

// DomainConfigMap is the name of Knative Serving's ConfigMap of route domains.
const DomainConfigMap = "config-domain"

// DomainRecordPrefix starts the annotation on config-domain that lists, comma-separated, the
// domains the profile of one gateway Service set: slbgw.dev/domains.<service>. Each gateway has
// its own, so two profiles share the ConfigMap without removing each other's domains.
const DomainRecordPrefix = "slbgw.dev/domains."

// DomainEntry is one key of config-domain and its value.
type DomainEntry struct{ Domain, Value string }

// DomainEntries are the keys the profile asks for: the default (an empty value), then each
// selector's domain with its labels sorted.
func DomainEntries(d schema.Domain) []DomainEntry {
	var out []DomainEntry
	if d.Default != "" {
		out = append(out, DomainEntry{d.Default, ""})
	}
	for _, sel := range d.Selectors {
		var b strings.Builder
		b.WriteString("selector:\n")
		for _, k := range slices.Sorted(maps.Keys(sel.Selector)) {
			fmt.Fprintf(&b, "  %s: %s\n", k, schema.YAMLScalar(sel.Selector[k]))
		}
		out = append(out, DomainEntry{sel.Domain, b.String()})
	}
	return out
}

// WantsDomains tells whether the profile sets domains.
func WantsDomains(spec *schema.Spec) bool {
	return spec.Domain.Default != "" || len(spec.Domain.Selectors) > 0
}

// Domain lists the edits that give config-domain the profile's domains for its gateway. data and
// annotations are the ConfigMap's, nil when it is not known (a patch without a base: Knative's
// placeholder and dropped domains are then not removed). It is nil when there is nothing to do:
// the profile sets no domains and no earlier render of this gateway did.
//
// The order: each domain the profile sets, the dropped ones, Knative's placeholder, the record.
func Domain(spec *schema.Spec, data, annotations map[string]string) []Edit {
	recordKey := DomainRecordPrefix + spec.Service.Name
	recorded := recordList(annotations[recordKey])
	entries := DomainEntries(spec.Domain)
	if len(entries) == 0 && len(recorded) == 0 {
		return nil
	}
	var out []Edit
	wanted := map[string]bool{}
	var domains []string
	for _, e := range entries {
		wanted[e.Domain] = true
		domains = append(domains, e.Domain)
		out = append(out, Edit{Target: Data, Key: e.Domain, Op: Set, Value: e.Value, Owner: "spec.domain"})
	}
	for _, d := range recorded {
		if !wanted[d] {
			out = append(out, Edit{Target: Data, Key: d, Op: Clear, Owner: "spec.domain"})
		}
	}
	// Knative's placeholder default goes once the profile names the default.
	if def := spec.Domain.Default; def != "" && def != schema.KnativeDefaultDomain {
		if v, ok := data[schema.KnativeDefaultDomain]; ok && strings.TrimSpace(v) == "" {
			out = append(out, Edit{Target: Data, Key: schema.KnativeDefaultDomain, Op: Clear, Owner: "spec.domain"})
		}
	}
	record := Edit{Target: Annotations, Key: recordKey, Op: Clear, Owner: "spec.domain", Record: true}
	if len(domains) > 0 {
		record.Op, record.Value = Set, strings.Join(domains, ",")
	}
	return append(out, record)
}
