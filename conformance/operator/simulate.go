package main

import (
	"fmt"
	"io"

	mf "github.com/manifestival/manifestival"
	"github.com/manifestival/manifestival/fake"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/util/strategicpatch"
	"sigs.k8s.io/yaml"

	"knative.dev/operator/pkg/apis/operator/base"
	"knative.dev/operator/pkg/apis/operator/v1beta1"
)

// The annotation a person (or another tool) sets directly on the live
// kourier Service, outside the KnativeServing.
const (
	directKey   = "example.com/set-directly"
	directValue = "by-hand"
	gatewayName = "kourier"
)

// SimReport is what -simulate prints (as YAML).
type SimReport struct {
	OperatorVersion string `json:"operatorVersion"`
	// DirectAnnotation is the key set directly on the live Service.
	DirectAnnotation string `json:"directAnnotation"`
	// OverrideSynthesized is true when the input had no spec.services
	// entry named kourier and one was added for the cases that need it.
	OverrideSynthesized bool      `json:"overrideSynthesized,omitempty"`
	Cases               []SimCase `json:"cases"`
}

// SimCase is one scenario, run against a fresh fake cluster.
type SimCase struct {
	Name string `json:"name"`
	What string `json:"what"`
	// DirectAnnotationSurvives: the directly-set annotation is on the
	// live Service after the last step.
	DirectAnnotationSurvives bool      `json:"directAnnotationSurvives"`
	Steps                    []SimStep `json:"steps"`
}

// SimStep records the live Service's annotations after one step.
type SimStep struct {
	Step string `json:"step"`
	// DirectAnnotation: the directly-set annotation is on the live
	// Service after this step.
	DirectAnnotation bool `json:"directAnnotation"`
	// Annotations of the live Service, without the last-applied one.
	Annotations map[string]string `json:"annotations"`
	// LastAppliedAnnotations: the annotations recorded in
	// kubectl.kubernetes.io/last-applied-configuration (the "original"
	// of the next three-way merge).
	LastAppliedAnnotations map[string]string `json:"lastAppliedAnnotations"`
	// Patch is the merge patch manifestival computed, for operator steps
	// that update.
	Patch string `json:"patch,omitempty"`
}

type sim struct {
	r    *renderer
	c    SimCase
	live *unstructured.Unstructured // reference (GVK, namespace, name) to Get
}

func (r *renderer) simulate(ks *v1beta1.KnativeServing, w io.Writer) error {
	rep := SimReport{OperatorVersion: operatorVersion(), DirectAnnotation: directKey}
	with := ks.DeepCopy()
	if !hasOverride(with, gatewayName) {
		with.Spec.ServiceOverride = append(with.Spec.ServiceOverride, base.ServiceOverride{
			Name:        gatewayName,
			Annotations: map[string]string{"example.com/from-override": "yes"},
		})
		rep.OverrideSynthesized = true
	}
	without := ks.DeepCopy()
	without.Spec.ServiceOverride = nil
	for _, s := range ks.Spec.ServiceOverride {
		if s.Name != gatewayName {
			without.Spec.ServiceOverride = append(without.Spec.ServiceOverride, s)
		}
	}
	// changed: the kourier entry stays, its annotations replaced.
	changed := with.DeepCopy()
	for i := range changed.Spec.ServiceOverride {
		if changed.Spec.ServiceOverride[i].Name == gatewayName {
			changed.Spec.ServiceOverride[i].Annotations = map[string]string{"example.com/replacement": "yes"}
		}
	}
	// emptied: the kourier entry stays, without annotations.
	emptied := with.DeepCopy()
	for i := range emptied.Spec.ServiceOverride {
		if emptied.Spec.ServiceOverride[i].Name == gatewayName {
			emptied.Spec.ServiceOverride[i].Annotations = nil
		}
	}

	type scenario struct {
		name, what string
		run        func(s *sim) error
	}
	scenarios := []scenario{
		{"a", "no spec.services entry for kourier: the operator creates the Service, the annotation is set directly, the operator re-applies", func(s *sim) error {
			return s.all(s.operator(without, "operator creates the Service"), s.direct(), s.operator(without, "operator re-applies (first re-apply)"))
		}},
		{"a-later", "as (a), the annotation set directly only after the first re-apply", func(s *sim) error {
			return s.all(s.operator(without, "operator creates the Service"), s.operator(without, "operator re-applies (first re-apply)"), s.direct(), s.operator(without, "operator re-applies (second re-apply)"))
		}},
		{"a-with-override", "as (a), with a spec.services entry carrying annotations for kourier", func(s *sim) error {
			return s.all(s.operator(with, "operator creates the Service"), s.direct(), s.operator(with, "operator re-applies (first)"))
		}},
		{"b", "the annotation is set directly while a spec.services entry for kourier exists, then the entry is removed", func(s *sim) error {
			return s.all(s.operator(with, "operator creates the Service"), s.operator(with, "operator re-applies"), s.direct(), s.operator(with, "operator re-applies, entry still there"), s.operator(without, "entry removed, operator re-applies"))
		}},
		{"b-keys-changed", "as (b), but the entry stays with other annotations: only the keys leaving the entry are deleted", func(s *sim) error {
			return s.all(s.operator(with, "operator creates the Service"), s.operator(with, "operator re-applies"), s.direct(), s.operator(changed, "entry's annotations replaced, operator re-applies"))
		}},
		{"b-annotations-emptied", "as (b), but the entry stays without annotations (a Service with no annotations, as when the entry is removed)", func(s *sim) error {
			return s.all(s.operator(with, "operator creates the Service"), s.operator(with, "operator re-applies"), s.direct(), s.operator(emptied, "entry's annotations removed, operator re-applies"))
		}},
		{"c", "a client-side kubectl apply of the kourier Service (the operator's object plus the annotation), then the operator re-applies; with a spec.services entry", func(s *sim) error {
			return s.all(s.operator(with, "operator creates the Service"), s.operator(with, "operator re-applies"), s.kubectlApply(with), s.operator(with, "operator re-applies after the kubectl apply"))
		}},
		{"c-no-override", "as (c), without a spec.services entry for kourier", func(s *sim) error {
			return s.all(s.operator(without, "operator creates the Service"), s.operator(without, "operator re-applies"), s.kubectlApply(without), s.operator(without, "operator re-applies after the kubectl apply"))
		}},
	}
	for _, sc := range scenarios {
		r.client = copyingClient()
		s := &sim{r: r, c: SimCase{Name: sc.name, What: sc.what}}
		if err := sc.run(s); err != nil {
			return fmt.Errorf("case %s: %w", sc.name, err)
		}
		s.c.DirectAnnotationSurvives = s.c.Steps[len(s.c.Steps)-1].DirectAnnotation
		rep.Cases = append(rep.Cases, s.c)
	}
	b, err := yaml.Marshal(rep)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// copyingClient is manifestival's fake client, storing and returning
// copies, as an API server does (the fake hands out its stored pointers,
// which Manifest.DryRun and Apply would then modify in place).
func copyingClient() fake.Client {
	c := fake.New()
	get, create, update := c.Stubs.Get, c.Stubs.Create, c.Stubs.Update
	c.Stubs.Get = func(u *unstructured.Unstructured) (*unstructured.Unstructured, error) {
		v, err := get(u)
		if v != nil {
			v = v.DeepCopy()
		}
		return v, err
	}
	c.Stubs.Create = func(u *unstructured.Unstructured) error { return create(u.DeepCopy()) }
	c.Stubs.Update = func(u *unstructured.Unstructured) error { return update(u.DeepCopy()) }
	return c
}

func hasOverride(ks *v1beta1.KnativeServing, name string) bool {
	for _, s := range ks.Spec.ServiceOverride {
		if s.Name == name {
			return true
		}
	}
	return false
}

// step is deferred so a scenario reads as a list.
type step func() error

func (s *sim) all(steps ...step) error {
	for _, st := range steps {
		if err := st(); err != nil {
			return err
		}
	}
	return nil
}

// desired renders ks with the operator's code and returns the transformed
// kourier Service, in a manifest that uses the simulation's client.
func (s *sim) desired(ks *v1beta1.KnativeServing) (mf.Manifest, error) {
	m, err := s.r.render(ks)
	if err != nil {
		return mf.Manifest{}, err
	}
	svc := m.Filter(mf.ByKind("Service"), mf.ByName(gatewayName))
	if n := len(svc.Resources()); n != 1 {
		return mf.Manifest{}, fmt.Errorf("%d Services named %s in the manifest", n, gatewayName)
	}
	return svc, nil
}

// operator applies the kourier Service as the operator does
// (common.Install → Manifest.Apply, no options).
func (s *sim) operator(ks *v1beta1.KnativeServing, name string) step {
	return func() error {
		m, err := s.desired(ks)
		if err != nil {
			return err
		}
		if s.live == nil {
			s.live = &m.Resources()[0]
		}
		// The patch Apply will compute, for the report: recomputed with
		// the call manifestival's internal/patch.New makes (that package
		// is internal); Apply below runs manifestival's own code.
		patch := ""
		if cur, err := s.get(); err != nil {
			return err
		} else if cur != nil {
			spec := m.Resources()[0]
			if patch, err = threeWay(cur, &spec); err != nil {
				return err
			}
		}
		if err := m.Apply(); err != nil {
			return err
		}
		return s.record(name, patch)
	}
}

// direct sets the annotation on the live object without touching
// last-applied-configuration, as kubectl annotate, kubectl edit, a
// patch or an update by a controller do.
func (s *sim) direct() step {
	return func() error {
		live, err := s.get()
		if err != nil {
			return err
		}
		a := live.GetAnnotations()
		if a == nil {
			a = map[string]string{}
		}
		a[directKey] = directValue
		live.SetAnnotations(a)
		if err := s.r.client.Update(live); err != nil {
			return err
		}
		return s.record("annotation set directly (kubectl annotate)", "")
	}
}

// kubectlApply is a client-side `kubectl apply -f` of a file holding the
// operator's kourier Service for ks plus the annotation: the steps of
// k8s.io/kubectl pkg/util/apply.go GetModifiedConfiguration (the file,
// without the last-applied annotation, serialized and stored as the new
// last-applied annotation) and pkg/cmd/apply/patcher.go patchSimple
// (strategicpatch.CreateThreeWayMergePatch(original = live's
// last-applied, modified, current = live, Service patch meta,
// overwrite=true), applied by the API server as a strategic merge patch).
func (s *sim) kubectlApply(ks *v1beta1.KnativeServing) step {
	return func() error {
		m, err := s.desired(ks)
		if err != nil {
			return err
		}
		file := m.Resources()[0]
		a := file.GetAnnotations()
		if a == nil {
			a = map[string]string{}
		}
		a[directKey] = directValue
		delete(a, corev1.LastAppliedConfigAnnotation)
		file.SetAnnotations(a)
		noAnn, err := file.MarshalJSON()
		if err != nil {
			return err
		}
		a[corev1.LastAppliedConfigAnnotation] = string(noAnn)
		file.SetAnnotations(a)
		modified, err := file.MarshalJSON()
		if err != nil {
			return err
		}
		live, err := s.get()
		if err != nil {
			return err
		}
		original := []byte(live.GetAnnotations()[corev1.LastAppliedConfigAnnotation])
		current, err := live.MarshalJSON()
		if err != nil {
			return err
		}
		meta, err := strategicpatch.NewPatchMetaFromStruct(&corev1.Service{})
		if err != nil {
			return err
		}
		patch, err := strategicpatch.CreateThreeWayMergePatch(original, modified, current, meta, true)
		if err != nil {
			return err
		}
		result, err := strategicpatch.StrategicMergePatchUsingLookupPatchMeta(current, patch, meta)
		if err != nil {
			return err
		}
		if err := live.UnmarshalJSON(result); err != nil {
			return err
		}
		if err := s.r.client.Update(live); err != nil {
			return err
		}
		return s.record("kubectl apply -f (client-side) of the Service with the annotation", string(patch))
	}
}

// threeWay is the strategic three-way merge patch of
// manifestival/internal/patch.New for a v1 Service.
func threeWay(live, spec *unstructured.Unstructured) (string, error) {
	original := []byte(live.GetAnnotations()[corev1.LastAppliedConfigAnnotation])
	modified, err := spec.MarshalJSON()
	if err != nil {
		return "", err
	}
	current, err := live.MarshalJSON()
	if err != nil {
		return "", err
	}
	meta, err := strategicpatch.NewPatchMetaFromStruct(&corev1.Service{})
	if err != nil {
		return "", err
	}
	p, err := strategicpatch.CreateThreeWayMergePatch(original, modified, current, meta, true)
	return string(p), err
}

func (s *sim) get() (*unstructured.Unstructured, error) {
	if s.live == nil {
		return nil, nil
	}
	u, err := s.r.client.Get(s.live)
	if apierrors.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return u, nil
}

func (s *sim) record(name, patch string) error {
	live, err := s.get()
	if err != nil {
		return err
	}
	st := SimStep{Step: name, Annotations: map[string]string{}, LastAppliedAnnotations: map[string]string{}, Patch: patch}
	for k, v := range live.GetAnnotations() {
		if k == corev1.LastAppliedConfigAnnotation {
			var la unstructured.Unstructured
			if err := la.UnmarshalJSON([]byte(v)); err != nil {
				return fmt.Errorf("last-applied-configuration: %w", err)
			}
			for k2, v2 := range la.GetAnnotations() {
				st.LastAppliedAnnotations[k2] = v2
			}
			continue
		}
		st.Annotations[k] = v
	}
	_, st.DirectAnnotation = st.Annotations[directKey]
	s.c.Steps = append(s.c.Steps, st)
	return nil
}
