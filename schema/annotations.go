package schema

import (
	"cmp"
	"fmt"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Each annotation slbgw writes is declared once, by struct tags on the profile field that sets
// it. Everything else reads the declaration: rendering (which keys to set and remove, how to
// write the value), the drift check, docs/profile.md, the advisory warnings, the
// extraAnnotations check, and `plan` (what the controller does when the value changes on a
// running load balancer). kustomize's FieldSpecs are the model: facts as data, code that walks
// them. The tags:
//
//	annotation  the key suffix after AnnotationPrefix, or a whole key (it contains '/');
//	            several comma-separated when one field sets several keys
//	switch      for a *bool: the values written for true and false (default "on,off"); "-"
//	            leaves the annotation out
//	separator   for a map: what joins a key and its value (default "=")
//	caseInsensitive  "true" when the controller compares the value case-insensitively
//	unset       "keep": a Service keeps the annotation when the field is left out (the
//	            certificate); otherwise leaving the field out removes it
//	implies     on a field that, when set, gives another field's annotation a value while that
//	            field is left out: "spec.path.of.other=value"
//	default     what applies when the annotation is absent, and defaultBy who applies it:
//	            controller (its code), CLB API (the cloud's own default, the controller sends
//	            nothing), docs (only the controller's documentation says so), slbgw
//	evidence    where the controller's code shows the default and the behaviour, at the commit
//	            in CCMCommit: file (under pkg/) and function, ';'-separated
//	change      what the controller does when the value changes on an existing load balancer
//	            (a ChangeClass)
//	removal     what it does when the annotation is removed from such a Service (a ChangeClass;
//	            default no-effect: the load balancer keeps its value)
//	protocols   the listener protocols that read the setting, when not all do
//	docRange    "min..max[ unit]": the range the cloud's docs give; the controller does not
//	            check it, so a value outside is a warning
//	docValues   the values the cloud's docs list; another is a warning
//	docPattern  and docForm: a regexp of the form the docs give, and that form in words
//	since       the first controller release that reads the key ("v2.10.0"), with sinceEvidence:
//	            the commit that added it and the file at that tag (conformance/RELEASES.md)
//	defaultBefore  "vX.Y.Z=value": the default of the releases before vX.Y.Z, where it changed,
//	            with defaultBeforeEvidence
//	changeSince the first release that changes the setting on an existing load balancer, when
//	            later, with changeSinceEvidence
//	lbAttribute the field of the CLB API's DescribeLoadBalancerAttribute response that holds
//	            the load balancer's own value (MasterZoneId), for plan --lb
//	classes     the load-balancer classes whose controller reads the key: clb (clbv1), nlb
//	            (nlbv2), or both, comma-separated; default clb. The tags above describe how the
//	            first class reads it; for a key both read, the nlb* tags (nlbChange, nlbRemoval,
//	            nlbDefault, nlbDefaultBy, nlbEvidence, nlbProtocols, nlbImplies, nlbAttribute,
//	            nlbCaseInsensitive, nlbDocRange, nlbDocValues, nlbSince)
//	            say how nlbv2 does: none falls back to the plain tag, since one controller's
//	            facts are not the other's
//
// Type decides the value format: a string is written as it is, an integer in decimal, a switch
// as the switch tag says, a map as k1=v1,k2=v2 sorted by key, a list comma-separated.

// AnnotationPrefix starts every annotation of the Alibaba Cloud controller (CCM) for a
// CLB-backed LoadBalancer Service.
const AnnotationPrefix = "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-"

// LegacyAnnotationPrefix is the prefix before 2019-09-11. The controller still reads it when
// the current key is absent (annotation.Get in pkg/controller/service/reconcile/annotation), so
// a legacy key can silently stand in for one slbgw removed.
const LegacyAnnotationPrefix = "service.beta.kubernetes.io/alicloud-loadbalancer-"

// releasePattern is a controller release tag: vMAJOR.MINOR.PATCH.
var releasePattern = lazyRegexp(`^v[0-9]+\.[0-9]+\.[0-9]+$`)

// LoadBalancerClass is a controller of the Alibaba Cloud CCM that makes the gateway's load balancer.
const (
	// ClassCLB is the Classic Load Balancer (pkg/controller/service/clbv1), for a Service without
	// spec.loadBalancerClass.
	ClassCLB = "clb"
	// ClassNLB is the Network Load Balancer (pkg/controller/service/nlbv2), for a Service whose
	// spec.loadBalancerClass is NLBServiceClass.
	ClassNLB = "nlb"
	// NLBServiceClass is the spec.loadBalancerClass of an NLB Service (helper.NLBClass,
	// pkg/controller/helper/service_utils.go NeedNLB).
	NLBServiceClass = "alibabacloud.com/nlb"
)

// Classes are the load-balancer classes slbgw knows, in the order docs list them.
var Classes = []string{ClassCLB, ClassNLB}

// CCMCommit is the commit of kubernetes/cloud-provider-alibaba-cloud whose code the evidence
// tags cite and the conformance suite runs.
const CCMCommit = "eeb0ddc687ee5ee9d3726559d6a8ec056f694947"

// ChangeClass says what the cloud controller does when an annotation's value changes on a
// Service whose load balancer exists.
type ChangeClass string

const (
	// ChangeInPlace: the controller updates the load balancer or its listeners in place.
	ChangeInPlace ChangeClass = "in-place"
	// ChangeRefused: the controller refuses the change on every sync (an error event) and the
	// load balancer stays as it was; only a new Service (and a new address) gets the new value.
	ChangeRefused ChangeClass = "refused"
	// ChangeRecreatesListeners: the controller deletes and re-creates the listeners concerned,
	// a short interruption on their ports.
	ChangeRecreatesListeners ChangeClass = "listeners-recreated"
	// ChangeNoEffect: the controller does not apply the new value to an existing load balancer.
	ChangeNoEffect ChangeClass = "no-effect"
	// ChangeStatusOnly: the value changes only what the controller reports in the Service's
	// status, not the load balancer.
	ChangeStatusOnly ChangeClass = "status-only"
)

var changeClasses = []ChangeClass{ChangeInPlace, ChangeRefused, ChangeRecreatesListeners, ChangeNoEffect, ChangeStatusOnly}

// AnnotatedField is the declaration of a profile field that sets annotations, read from its
// struct tags.
type AnnotatedField struct {
	// Path is the dotted path of the field, such as spec.loadBalancer.healthCheck.interval.
	Path string
	// Keys are the whole annotation keys the field sets.
	Keys []string
	// Switch holds the values a *bool writes for true and false; "-" writes nothing.
	Switch [2]string
	// Separator joins a map's key and value.
	Separator string
	// CaseInsensitive is true when the controller compares the value case-insensitively.
	CaseInsensitive bool
	// KeepWhenUnset leaves an existing annotation alone when the field is left out.
	KeepWhenUnset bool
	// ImpliedBy is the field whose value, when this one is left out, makes this one's
	// annotations ImpliedValue (https.certID implies protocol-port "https:443,http:80").
	ImpliedBy    string
	ImpliedValue string
	// Default, DefaultBy and Evidence: what applies when the annotation is absent, who applies
	// it, and where the controller's code shows it.
	Default, DefaultBy, Evidence string
	// Change is what the controller does when the value changes on an existing load balancer.
	Change ChangeClass
	// Removal is what it does when the annotation is removed from such a Service.
	Removal ChangeClass
	// Protocols are the listener protocols that read the setting; nil when all do.
	Protocols []string
	// DocRange is the range the cloud's docs give for an integer; nil when none.
	DocRange *DocRange
	// Since is the first controller release that reads the key, "" for every release slbgw knows;
	// SinceEvidence says where that shows.
	Since, SinceEvidence string
	// DefaultBefore is the default of releases before a given one, where it changed
	// ("v2.12.4=PayBySpec"); DefaultBeforeEvidence says where that shows.
	DefaultBefore, DefaultBeforeEvidence string
	// ChangeSince is the first release that changes the setting on an existing load balancer,
	// when later than Since; ChangeSinceEvidence says where that shows.
	ChangeSince, ChangeSinceEvidence string
	// LBAttribute is the field of DescribeLoadBalancerAttribute's response that holds the load
	// balancer's own value of the setting; "" when that response has none.
	LBAttribute string
	// DocValues are the values the docs list for a string; DocPattern and DocForm the form.
	DocValues  []string
	DocPattern string
	DocForm    string
	// Class is the load-balancer class this declaration describes (clb or nlb), and Classes all
	// the classes whose controller reads the key; For gives the declaration as another reads it.
	Class   string
	Classes []string

	views map[string]*AnnotatedField // by class, this one included

	schemaMin *int64                // the jsonschema tag's minimum: below it the schema reports an error
	docForm   func() *regexp.Regexp // DocPattern, compiled on first use
	index     []int                 // reflect field index from Spec
	implyIdx  []int
	kind      reflect.Type
}

// For is the declaration as the controller of a load-balancer class reads the key ("" means
// clb), or nil when that controller does not read it.
func (f *AnnotatedField) For(class string) *AnnotatedField {
	if class == "" {
		class = ClassCLB
	}
	return f.views[class]
}

// ReadBy tells whether the controller of a class reads the key.
func (f *AnnotatedField) ReadBy(class string) bool { return f.For(class) != nil }

// DocRange is a documented range of an integer field.
type DocRange struct {
	Min, Max int64
	Unit     string // " seconds", " Mbps", or ""
}

// DefaultFor is the default of the field on the controller release given ("" for the one
// slbgw's facts are checked against), and the evidence when it is an older release's.
func (f *AnnotatedField) DefaultFor(release string) (string, string) {
	if before, value, ok := strings.Cut(f.DefaultBefore, "="); ok && release != "" && ReleaseBefore(release, before) {
		return value, f.DefaultBeforeEvidence
	}
	return f.Default, f.Evidence
}

// LegacyKeys returns the legacy form of each key the controller still reads: the
// alibaba-cloud- part of the key becomes alicloud- (backend-type has none).
func (f *AnnotatedField) LegacyKeys() []string {
	var out []string
	for _, k := range f.Keys {
		if l := LegacyKey(k); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// LegacyKey is the pre-2019 form of an annotation key, or "" when the controller reads none.
func LegacyKey(key string) string {
	const current, legacy = "service.beta.kubernetes.io/alibaba-cloud-", "service.beta.kubernetes.io/alicloud-"
	if rest, ok := strings.CutPrefix(key, current); ok {
		return legacy + rest
	}
	return ""
}

// Suffix is the key without AnnotationPrefix, or the whole key when it does not start with it.
func Suffix(key string) string {
	return strings.TrimPrefix(key, AnnotationPrefix)
}

// Value is what the field writes into its annotations for spec, and whether it writes
// anything: false when the field (and whatever implies it) is left out.
func (f *AnnotatedField) Value(spec *Spec) (string, bool) {
	if v, ok := f.own(spec); ok {
		return v, true
	}
	if g := f.For(spec.Class()); g != nil && g.implyIdx != nil {
		if v := reflect.ValueOf(spec).Elem().FieldByIndex(g.implyIdx); !v.IsZero() {
			return g.ImpliedValue, true
		}
	}
	return "", false
}

func (f *AnnotatedField) own(spec *Spec) (string, bool) {
	v := reflect.ValueOf(spec).Elem().FieldByIndex(f.index)
	switch v.Kind() {
	case reflect.String:
		return v.String(), v.String() != ""
	case reflect.Pointer:
		if v.IsNil() {
			return "", false
		}
		switch e := v.Elem(); e.Kind() {
		case reflect.Bool:
			v := f.Switch[1]
			if e.Bool() {
				v = f.Switch[0]
			}
			return v, v != "-"
		case reflect.Int64:
			return strconv.FormatInt(e.Int(), 10), true
		}
	case reflect.Map:
		m := v.Interface().(map[string]string)
		pairs := make([]string, 0, len(m))
		for _, k := range slices.Sorted(maps.Keys(m)) {
			pairs = append(pairs, k+f.Separator+m[k])
		}
		return strings.Join(pairs, ","), len(m) > 0
	case reflect.Slice:
		if list, ok := v.Interface().([]string); ok {
			return strings.Join(list, ","), len(list) > 0
		}
		items := make([]string, v.Len())
		for i := range v.Len() {
			items[i] = v.Index(i).Interface().(annotationItem).AnnotationItem()
		}
		return strings.Join(items, ","), len(items) > 0
	}
	panic(fmt.Sprintf("schema: %s has type %s, which no annotation format covers", f.Path, v.Type()))
}

// annotationItem is an element of a list field that is not a string: it says how it is written
// (ZoneMapping).
type annotationItem interface{ AnnotationItem() string }

// IsSwitch tells whether the field is a *bool.
func (f *AnnotatedField) IsSwitch() bool {
	return f.kind.Kind() == reflect.Pointer && f.kind.Elem().Kind() == reflect.Bool
}

// Int returns the value of an integer field, nil when it is left out or not an integer.
func (f *AnnotatedField) Int(spec *Spec) *int64 {
	if f.kind != reflect.TypeFor[*int64]() {
		return nil
	}
	v := reflect.ValueOf(spec).Elem().FieldByIndex(f.index)
	if v.IsNil() {
		return nil
	}
	n := v.Elem().Int()
	return &n
}

// IsSet tells whether spec sets the field itself (implied values aside).
func (f *AnnotatedField) IsSet(spec *Spec) bool {
	_, ok := f.own(spec)
	return ok
}

// AnnotatedFields lists the declaration of every field that sets annotations, in declaration
// order. New annotations are added to a Service in this order.
func AnnotatedFields() []*AnnotatedField {
	fields, err := annotatedFields()
	if err != nil {
		panic(err) // the declarations are fixed at build time; TestAnnotationDeclarations reads them
	}
	return fields
}

// AnnotatedFieldByPath returns the declaration of the field at a dotted path, or nil.
func AnnotatedFieldByPath(path string) *AnnotatedField {
	for _, f := range AnnotatedFields() {
		if f.Path == path {
			return f
		}
	}
	return nil
}

// AnnotatedFieldByKey returns the declaration of the field that writes an annotation key, or nil.
func AnnotatedFieldByKey(key string) *AnnotatedField {
	for _, f := range AnnotatedFields() {
		if slices.Contains(f.Keys, key) {
			return f
		}
	}
	return nil
}

// annotatedFields reads the declarations from the struct tags once. An error is a mistake in a
// declaration, such as an unknown change class.
var annotatedFields = sync.OnceValues(func() ([]*AnnotatedField, error) {
	var out []*AnnotatedField
	var errs []string
	byPath := map[string]*AnnotatedField{}
	type implication struct{ target, class string }
	implies := map[implication][2]string{} // target path and class → implying field, value
	var walk func(prefix string, index []int, t reflect.Type)
	walk = func(prefix string, index []int, t reflect.Type) {
		for i := range t.NumField() {
			sf := t.Field(i)
			name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
			if name == "" || name == "-" {
				continue
			}
			path := prefix + name
			idx := append(slices.Clone(index), i)
			for tag, class := range map[string]string{"implies": ClassCLB, "nlbImplies": ClassNLB} {
				if imp := sf.Tag.Get(tag); imp != "" {
					target, value, ok := strings.Cut(imp, "=")
					if !ok {
						errs = append(errs, path+": "+tag+" must be path=value")
					}
					implies[implication{target, class}] = [2]string{path, value}
				}
			}
			tag := sf.Tag.Get("annotation")
			if tag == "" {
				if sf.Type.Kind() == reflect.Struct {
					walk(path+".", idx, sf.Type)
				}
				continue
			}
			f, err := declaration(path, idx, sf)
			if err != nil {
				errs = append(errs, err.Error())
				continue
			}
			byPath[path] = f
			out = append(out, f)
		}
	}
	walk("spec.", nil, reflect.TypeFor[Spec]())
	for imp, by := range implies {
		f := byPath[imp.target]
		src := fieldIndex(by[0])
		if f == nil || src == nil || f.For(imp.class) == nil {
			errs = append(errs, fmt.Sprintf("%s implies %s (%s), which is not an annotated field of that class", by[0], imp.target, imp.class))
			continue
		}
		g := f.For(imp.class)
		g.ImpliedBy, g.ImpliedValue, g.implyIdx = by[0], by[1], src
	}
	if len(errs) > 0 {
		slices.Sort(errs)
		return nil, fmt.Errorf("annotation declarations: %s", strings.Join(errs, "; "))
	}
	return out, nil
})

// declaration reads the tags of one annotated field.
func declaration(path string, index []int, sf reflect.StructField) (*AnnotatedField, error) {
	tag := sf.Tag
	f := &AnnotatedField{
		Path:                  path,
		Switch:                [2]string{"on", "off"},
		Separator:             "=",
		CaseInsensitive:       tag.Get("caseInsensitive") == "true",
		KeepWhenUnset:         tag.Get("unset") == "keep",
		Default:               tag.Get("default"),
		DefaultBy:             tag.Get("defaultBy"),
		Evidence:              tag.Get("evidence"),
		Change:                ChangeClass(tag.Get("change")),
		Removal:               ChangeClass(cmp.Or(tag.Get("removal"), string(ChangeNoEffect))),
		DocPattern:            tag.Get("docPattern"),
		DocForm:               tag.Get("docForm"),
		LBAttribute:           tag.Get("lbAttribute"),
		Since:                 tag.Get("since"),
		SinceEvidence:         tag.Get("sinceEvidence"),
		ChangeSince:           tag.Get("changeSince"),
		DefaultBefore:         tag.Get("defaultBefore"),
		DefaultBeforeEvidence: tag.Get("defaultBeforeEvidence"),
		ChangeSinceEvidence:   tag.Get("changeSinceEvidence"),
		index:                 index,
		kind:                  sf.Type,
	}
	f.Classes = strings.Split(cmp.Or(tag.Get("classes"), ClassCLB), ",")
	f.Class = f.Classes[0]
	for _, c := range f.Classes {
		if !slices.Contains(Classes, c) {
			return nil, fmt.Errorf("%s: class %q is not one of %v", path, c, Classes)
		}
	}
	for key := range strings.SplitSeq(tag.Get("annotation"), ",") {
		if !strings.Contains(key, "/") {
			key = AnnotationPrefix + key
		}
		f.Keys = append(f.Keys, key)
	}
	if sep := tag.Get("separator"); sep != "" {
		f.Separator = sep
	}
	if s := tag.Get("switch"); s != "" {
		on, off, _ := strings.Cut(s, ",")
		f.Switch = [2]string{on, off}
	}
	if p := tag.Get("protocols"); p != "" {
		f.Protocols = strings.Split(p, ",")
	}
	if v := tag.Get("docValues"); v != "" {
		f.DocValues = strings.Split(v, ",")
	}
	var err error
	if f.DocRange, err = parseDocRange(tag.Get("docRange")); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for part := range strings.SplitSeq(tag.Get("jsonschema"), ",") {
		if v, ok := strings.CutPrefix(part, "minimum="); ok {
			if n, err := strconv.ParseInt(v, 10, 64); err == nil {
				f.schemaMin = &n
			}
		}
	}
	if err := f.check(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if f.DocPattern != "" {
		// Compiled on first use, not here: every run reads the declarations, few need the
		// pattern. TestAnnotationDeclarations compiles each.
		f.docForm = lazyRegexp(f.DocPattern)
	}
	f.views = map[string]*AnnotatedField{f.Class: f}
	for _, class := range f.Classes[1:] {
		v, err := f.view(class, tag)
		if err != nil {
			return nil, err
		}
		f.views[class] = v
	}
	return f, nil
}

// view is the declaration of a key as the controller of another class reads it, from the
// class's prefixed tags (nlbChange, ...). Only the value's format is shared with the plain tags:
// the facts of another controller are its own (removal defaults to no-effect, protocols to all),
// need their own evidence, and the view is checked as a declaration of its own.
func (f *AnnotatedField) view(class string, tag reflect.StructTag) (*AnnotatedField, error) {
	v := *f
	v.Class = class
	v.ImpliedBy, v.ImpliedValue, v.implyIdx = "", "", nil
	get := func(name, fallback string) string {
		if s, ok := tag.Lookup(class + strings.ToUpper(name[:1]) + name[1:]); ok {
			return s
		}
		return fallback
	}
	v.CaseInsensitive = get("caseInsensitive", "") == "true"
	v.Change = ChangeClass(get("change", ""))
	v.Removal = ChangeClass(get("removal", string(ChangeNoEffect)))
	v.Default, v.DefaultBy = get("default", ""), get("defaultBy", "")
	v.Evidence = get("evidence", "")
	v.LBAttribute = get("attribute", "")
	v.Protocols, v.DocValues = nil, nil
	if p := get("protocols", ""); p != "" {
		v.Protocols = strings.Split(p, ",")
	}
	if p := get("docValues", ""); p != "" {
		v.DocValues = strings.Split(p, ",")
	}
	var err error
	if v.DocRange, err = parseDocRange(get("docRange", "")); err != nil {
		return nil, fmt.Errorf("%s (%s): %w", f.Path, class, err)
	}
	v.DocPattern, v.DocForm = get("docPattern", ""), get("docForm", "")
	if v.DocPattern != "" {
		v.docForm = lazyRegexp(v.DocPattern)
	}
	// Release facts are clbv1's unless the class says its own.
	v.Since, v.SinceEvidence = get("since", ""), get("sinceEvidence", "")
	v.ChangeSince, v.ChangeSinceEvidence, v.DefaultBefore, v.DefaultBeforeEvidence = "", "", "", ""
	if v.Evidence == "" {
		return nil, fmt.Errorf("%s: the %s controller reads it, and %sEvidence does not say where", f.Path, class, class)
	}
	if err := v.check(); err != nil {
		return nil, fmt.Errorf("%s (%s): %w", f.Path, class, err)
	}
	return &v, nil
}

// parseDocRange reads a docRange tag, "min..max[ unit]"; nil for "".
func parseDocRange(r string) (*DocRange, error) {
	if r == "" {
		return nil, nil
	}
	span, unit, _ := strings.Cut(r, " ")
	lo, hi, _ := strings.Cut(span, "..")
	min, err1 := strconv.ParseInt(lo, 10, 64)
	max, err2 := strconv.ParseInt(hi, 10, 64)
	if err1 != nil || err2 != nil {
		return nil, fmt.Errorf("docRange %q is not min..max[ unit]", r)
	}
	d := &DocRange{Min: min, Max: max}
	if unit != "" {
		d.Unit = " " + unit
	}
	return d, nil
}

// fieldIndex is the reflect index of the field at a dotted path (spec.…) in Spec, nil if none.
func fieldIndex(path string) []int {
	t := reflect.TypeFor[Spec]()
	var index []int
	for _, seg := range strings.Split(strings.TrimPrefix(path, "spec."), ".") {
		found := false
		for i := range t.NumField() {
			name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
			if name == seg {
				index = append(index, i)
				t = t.Field(i).Type
				found = true
				break
			}
		}
		if !found {
			return nil
		}
	}
	return index
}

// matchesDocForm tells whether s has the form the docs give (docPattern).
func (f *AnnotatedField) matchesDocForm(s string) bool {
	return f.docForm().MatchString(s)
}

// check is the consistency of a declaration's facts.
func (f *AnnotatedField) check() error {
	switch {
	case !slices.Contains(changeClasses, f.Change):
		return fmt.Errorf("change %q is not one of %v", f.Change, changeClasses)
	case !slices.Contains(changeClasses, f.Removal):
		return fmt.Errorf("removal %q is not one of %v", f.Removal, changeClasses)
	case f.Default != "" && !slices.Contains([]string{"controller", "CLB API", "NLB API", "docs", "slbgw"}, f.DefaultBy):
		return fmt.Errorf("defaultBy %q must be controller, CLB API, NLB API, docs or slbgw", f.DefaultBy)
	case f.DefaultBy == "controller" && f.Evidence == "":
		return fmt.Errorf("a controller default needs its evidence")
	case (f.Change == ChangeRefused || f.Removal == ChangeRefused || f.Protocols != nil) && f.Evidence == "":
		return fmt.Errorf("a refusal, or the protocols that read it, needs its evidence in the controller's code")
	case (f.DocPattern == "") != (f.DocForm == ""):
		return fmt.Errorf("docPattern and docForm go together")
	case f.Since != "" && (f.SinceEvidence == "" || !releasePattern().MatchString(f.Since)):
		return fmt.Errorf("since %q needs a release vX.Y.Z and its evidence (sinceEvidence)", f.Since)
	case f.DefaultBefore != "" && (f.DefaultBeforeEvidence == "" || !strings.Contains(f.DefaultBefore, "=") || !releasePattern().MatchString(strings.SplitN(f.DefaultBefore, "=", 2)[0])):
		return fmt.Errorf("defaultBefore %q needs the form vX.Y.Z=value and its evidence (defaultBeforeEvidence)", f.DefaultBefore)
	case f.ChangeSince != "" && (f.ChangeSinceEvidence == "" || !releasePattern().MatchString(f.ChangeSince)):
		return fmt.Errorf("changeSince %q needs a release vX.Y.Z and its evidence (changeSinceEvidence)", f.ChangeSince)
	}
	return nil
}
