//go:build ccmconformance

// Command slbgwconformance runs the Alibaba Cloud CCM's own CLB code on Services that slbgw
// rendered. It is built inside a CCM checkout (see ../run.sh): this file becomes
// pkg/slbgwconformance/main.go, clbv1_hook.go an extra file of pkg/controller/service/clbv1.
//
// For each case it reports what the CCM's annotation getter returns (with the legacy-prefix
// fallback), the CCM's local CLB model of `new`, the CLB API calls of the CCM's reconcile of
// `new` from scratch (create), and, when `old` is given, the calls of reconciling `new` after
// `old` (update). The cloud is the CCM's real SLB provider and the real Alibaba Cloud SDK with a
// fake HTTP transport (fakeclb.go); Kubernetes is controller-runtime's fake client.
//
// A Service of spec.loadBalancerClass alibabacloud.com/nlb is reconciled by the CCM's nlbv2 code
// instead, against its real NLB provider and SDK client on a fake NLB API (nlb.go, fakenlb.go,
// nlbv2_hook.go); its results have the same shape, with NLB API actions and field names.
//
// Usage: slbgwconformance -ccm CCM_DIR -in IN.json -out OUT.json [-v]
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"time"

	v1 "k8s.io/api/core/v1"
	discovery "k8s.io/api/discovery/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/tools/record"
	"k8s.io/cloud-provider-alibaba-cloud/pkg/controller/helper"
	"k8s.io/cloud-provider-alibaba-cloud/pkg/controller/service/clbv1"
	"k8s.io/cloud-provider-alibaba-cloud/pkg/controller/service/reconcile/annotation"
	prvd "k8s.io/cloud-provider-alibaba-cloud/pkg/provider"
	"k8s.io/klog/v2"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/fake"
	"sigs.k8s.io/yaml"
)

const (
	PinnedCommit = "eeb0ddc687ee5ee9d3726559d6a8ec056f694947"
	clusterID    = "c-slbgwconformance"
	region       = "cn-hangzhou"
	fakeVPC      = "vpc-fakecluster"
	fakeVSwitch  = "vsw-fakecluster"
	defaultUID   = "5e4dbfc9-c2ae-4642-b033-5607860aef60"
)

// ---------- input / output ----------

type SeedListener struct {
	Port        int               `json:"port"`
	Protocol    string            `json:"protocol"`
	Description string            `json:"description"`
	Params      map[string]string `json:"params,omitempty"`
}

// SeedLB is a load balancer that exists before the CCM runs: a CLB, or an NLB when the case's
// `new` Service is an NLB Service (spec.loadBalancerClass alibabacloud.com/nlb). For an NLB,
// attributes use the NLB API's field names (AddressType Internet|Intranet, AddressIpVersion,
// LoadBalancerName, VpcId, CrossZoneEnabled, ResourceGroupId, ...; unset: Internet, the
// cluster's VPC and the fake's defaults), zoneMappings default to cn-hangzhou-k:vsw-k1 and
// cn-hangzhou-j:vsw-j1, listeners take a protocol TCP|UDP|TCPSSL and CreateListener parameters
// in params (ServerGroupId, CertificateIds.1, ...), and vServerGroups are server groups
// (sgp-..., with an optional protocol, TCP by default).
type SeedLB struct {
	ID         string            `json:"id"`
	Attributes map[string]string `json:"attributes,omitempty"`
	Tags       map[string]string `json:"tags,omitempty"`
	Listeners  []SeedListener    `json:"listeners,omitempty"`
	// VServerGroups are user-created vServer groups ({"id": "rsp-...", "name": "..."}).
	VServerGroups []SeedVGroup `json:"vServerGroups,omitempty"`
	// ZoneMappings and SecurityGroupIds: an NLB's zones and security groups.
	ZoneMappings     []SeedZone `json:"zoneMappings,omitempty"`
	SecurityGroupIds []string   `json:"securityGroupIds,omitempty"`
}

type SeedVGroup struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Protocol string `json:"protocol,omitempty"`
}

type SeedZone struct {
	ZoneId    string `json:"zoneId"`
	VSwitchId string `json:"vSwitchId"`
}

type Case struct {
	Name string `json:"name"`
	Old  string `json:"old,omitempty"`
	New  string `json:"new"`
	// Cloud seeds load balancers that exist before the CCM runs (for the id / reuse cases).
	Cloud []SeedLB `json:"cloud,omitempty"`
	// Drift sets load balancer attributes (CLB API field names, e.g. LoadBalancerSpec) in the
	// fake cloud after the old pass and before the update pass: a console edit. For an NLB case:
	// AddressType, LoadBalancerName, CrossZoneEnabled (NLB API field names).
	Drift map[string]string `json:"drift,omitempty"`
}

// isNLB: the Service is reconciled by the CCM's NLB controller.
func isNLB(svc *v1.Service) bool {
	return svc.Spec.LoadBalancerClass != nil && *svc.Spec.LoadBalancerClass == helper.NLBClass
}

// nlbReconciler is the CCM's ReconcileNLB as nlb.go exposes it.
type nlbReconciler interface {
	SlbgwReconcile(ctx context.Context, nn types.NamespacedName) error
	SlbgwBuildLocalModel(ctx context.Context, svc *v1.Service) (any, error)
}

type Input struct {
	Cases []Case `json:"cases"`
}

type Pass struct {
	Calls   []Call            `json:"calls"`
	Error   string            `json:"error,omitempty"`
	Events  []string          `json:"events,omitempty"`
	Log     []string          `json:"log,omitempty"`
	Status  []string          `json:"statusIngress,omitempty"`
	Labels  map[string]string `json:"serviceLabels,omitempty"`
	Cloud   []map[string]any  `json:"cloudAfter,omitempty"`
	Skipped string            `json:"skipped,omitempty"`
	// Reads are the read actions of the pass (NLB only: Get*, List*, Describe*), sorted, each
	// once; Calls has the mutating ones.
	Reads []string `json:"reads,omitempty"`
}

type Result struct {
	Name string `json:"name"`
	// Annotations: suffix -> value the CCM getter (AnnotationRequest.Get) returns, for every
	// suffix the CCM declares that is present on `new` (current or legacy prefix).
	Annotations map[string]string `json:"annotations,omitempty"`
	// AnnotationsFromLegacy: suffixes whose value came from the legacy alicloud- prefix.
	AnnotationsFromLegacy []string `json:"annotationsFromLegacy,omitempty"`
	// UnknownAnnotations: service.beta.kubernetes.io/ keys on `new` that the CCM does not read.
	UnknownAnnotations []string `json:"unknownAnnotations,omitempty"`
	ServiceHash        string   `json:"serviceHash,omitempty"`
	Model              any      `json:"model,omitempty"`
	ModelError         string   `json:"modelError,omitempty"`
	Create             *Pass    `json:"create,omitempty"`
	OldPass            *Pass    `json:"oldPass,omitempty"`
	Update             *Pass    `json:"update,omitempty"`
	// LBAttribute is the cloud's view of the Service's load balancer (the id in its
	// loadbalancer-id label, else its id annotation) that the update pass starts from: after
	// the old pass and Drift; for a case without old, after the create pass. It is the fake
	// API's DescribeLoadBalancerAttribute answer (slb.DescribeLoadBalancerAttributeResponse,
	// the API's field names: what `aliyun slb DescribeLoadBalancerAttribute --LoadBalancerId
	// lb-...` prints). Absent when there is no such load balancer.
	LBAttribute json.RawMessage `json:"lbAttribute,omitempty"`
	// LBListeners: the DescribeLoadBalancerListeners answer for the same load balancer
	// (slb.DescribeLoadBalancerListenersResponse).
	LBListeners json.RawMessage `json:"lbListeners,omitempty"`
	// LBViewError says why LBAttribute is absent when the Service names a load balancer.
	LBViewError string `json:"lbViewError,omitempty"`
	Error       string `json:"error,omitempty"`
	// NLB: the case's Service is an NLB Service (spec.loadBalancerClass alibabacloud.com/nlb);
	// then Model is the CCM's nlbmodel.NetworkLoadBalancer, the calls are NLB API actions, and
	// LBAttribute / LBListeners are the fake NLB API's GetLoadBalancerAttribute and ListListeners
	// answers (the API's field names: LoadBalancerId, AddressType, ZoneMappings, DNSName, ...).
	NLB bool `json:"nlb,omitempty"`
	// Skipped says why the case was not run (an NLB case at a release whose NLB code the harness
	// cannot drive).
	Skipped string `json:"skipped,omitempty"`
}

type Output struct {
	CCMCommit    string            `json:"ccmCommit"`
	FakeDefaults map[string]string `json:"fakeCloudDefaults"`
	Results      []Result          `json:"results"`
}

// ---------- fake cloud provider: real SLB provider + vmock for the rest ----------

type meta struct{ prvd.IMetaData }

func (meta) VpcID() (string, error)        { return fakeVPC, nil }
func (meta) VswitchIDs() ([]string, error) { return []string{fakeVSwitch}, nil }
func (meta) VswitchID() (string, error)    { return fakeVSwitch, nil }
func (meta) ClusterID() string             { return clusterID }
func (meta) Region() (string, error)       { return region, nil }

// ---------- fake kube client ----------

// kubeClient wraps controller-runtime's fake client so that a status patch also keeps the
// metadata changes it carries, as the API server does for Services: the CCM writes its hash and
// loadbalancer-id labels through Status().Patch (service_controller.go addServiceLabels).
type kubeClient struct{ client.Client }

func (k kubeClient) Status() client.SubResourceWriter { return statusWriter{k.Client} }

type statusWriter struct{ c client.Client }

func (s statusWriter) Create(ctx context.Context, obj client.Object, sub client.Object, opts ...client.SubResourceCreateOption) error {
	return s.c.Status().Create(ctx, obj, sub, opts...)
}
func (s statusWriter) Update(ctx context.Context, obj client.Object, opts ...client.SubResourceUpdateOption) error {
	if err := s.c.Update(ctx, obj.DeepCopyObject().(client.Object)); err != nil {
		return err
	}
	return s.c.Status().Update(ctx, obj, opts...)
}
func (s statusWriter) Patch(ctx context.Context, obj client.Object, patch client.Patch, opts ...client.SubResourcePatchOption) error {
	if err := s.c.Patch(ctx, obj.DeepCopyObject().(client.Object), patch); err != nil {
		return err
	}
	return s.c.Status().Patch(ctx, obj, patch, opts...)
}

var nodeNames = []string{"cn-hangzhou.192.168.1.1", "cn-hangzhou.192.168.1.2"}

func nodes() []client.Object {
	var out []client.Object
	for i, n := range nodeNames {
		// Each node has its own pool label (backend-label picks one), and the second is
		// cordoned (remove-unscheduled-backend removes it; by default it stays a backend).
		out = append(out, &v1.Node{
			ObjectMeta: metav1.ObjectMeta{Name: n, Labels: map[string]string{"pool": string(rune('a' + i))}},
			Spec:       v1.NodeSpec{ProviderID: fmt.Sprintf("%s.i-node%d", region, i+1), Unschedulable: i == 1},
			Status: v1.NodeStatus{
				Conditions: []v1.NodeCondition{{Type: v1.NodeReady, Status: v1.ConditionTrue, Reason: "KubeletReady"}},
				Addresses:  []v1.NodeAddress{{Type: v1.NodeInternalIP, Address: fmt.Sprintf("192.168.1.%d", i+1)}},
			},
		})
	}
	return out
}

// endpoints: one ready pod per node, serving every port of the Service.
func endpoints(svc *v1.Service) *v1.Endpoints {
	ep := &v1.Endpoints{ObjectMeta: metav1.ObjectMeta{Name: svc.Name, Namespace: svc.Namespace}}
	var ss v1.EndpointSubset
	for i := range nodeNames {
		nn := nodeNames[i]
		ss.Addresses = append(ss.Addresses, v1.EndpointAddress{IP: fmt.Sprintf("10.0.0.%d", i+10), NodeName: &nn,
			TargetRef: &v1.ObjectReference{Kind: "Pod", Namespace: svc.Namespace, Name: fmt.Sprintf("gateway-%d", i)}})
	}
	for _, p := range svc.Spec.Ports {
		port := p.TargetPort.IntValue()
		if port == 0 {
			port = int(p.Port)
		}
		ss.Ports = append(ss.Ports, v1.EndpointPort{Name: p.Name, Port: int32(port), Protocol: p.Protocol})
	}
	ep.Subsets = []v1.EndpointSubset{ss}
	return ep
}

// endpointSlice: the same endpoints as an EndpointSlice (the CCM reads slices by default:
// feature gate EndpointSlice, pkg/config/feature_gates.go).
func endpointSlice(svc *v1.Service) *discovery.EndpointSlice {
	es := &discovery.EndpointSlice{
		ObjectMeta: metav1.ObjectMeta{Name: svc.Name + "-slbgw", Namespace: svc.Namespace,
			Labels: map[string]string{discovery.LabelServiceName: svc.Name}},
		AddressType: discovery.AddressTypeIPv4,
	}
	ready := true
	for i := range nodeNames {
		nn := nodeNames[i]
		es.Endpoints = append(es.Endpoints, discovery.Endpoint{
			Addresses:  []string{fmt.Sprintf("10.0.0.%d", i+10)},
			Conditions: discovery.EndpointConditions{Ready: &ready},
			NodeName:   &nn,
			TargetRef:  &v1.ObjectReference{Kind: "Pod", Namespace: svc.Namespace, Name: fmt.Sprintf("gateway-%d", i)},
		})
	}
	for _, p := range svc.Spec.Ports {
		port := int32(p.TargetPort.IntValue())
		if port == 0 {
			port = p.Port
		}
		name, proto := p.Name, p.Protocol
		es.Ports = append(es.Ports, discovery.EndpointPort{Name: &name, Port: &port, Protocol: &proto})
	}
	return es
}

// ---------- API-server defaults for a Service read from YAML ----------

func parseService(s string) (*v1.Service, error) {
	svc := &v1.Service{}
	if err := yaml.UnmarshalStrict([]byte(s), svc); err != nil {
		// Strict fails on unknown fields such as comments-derived junk; fall back to lenient.
		svc = &v1.Service{}
		if err2 := yaml.Unmarshal([]byte(s), svc); err2 != nil {
			return nil, fmt.Errorf("parse Service YAML: %v", err2)
		}
	}
	if svc.Kind != "" && svc.Kind != "Service" {
		return nil, fmt.Errorf("kind is %q, want Service", svc.Kind)
	}
	if svc.Name == "" {
		return nil, fmt.Errorf("Service has no metadata.name")
	}
	if svc.Namespace == "" {
		svc.Namespace = "default"
	}
	if svc.UID == "" {
		svc.UID = types.UID(defaultUID)
	}
	if svc.Spec.Type == "" {
		svc.Spec.Type = v1.ServiceTypeClusterIP
	}
	if (svc.Spec.Type == v1.ServiceTypeLoadBalancer || svc.Spec.Type == v1.ServiceTypeNodePort) && svc.Spec.ExternalTrafficPolicy == "" {
		svc.Spec.ExternalTrafficPolicy = v1.ServiceExternalTrafficPolicyTypeCluster
	}
	if svc.Spec.SessionAffinity == "" {
		svc.Spec.SessionAffinity = v1.ServiceAffinityNone
	}
	for i := range svc.Spec.Ports {
		p := &svc.Spec.Ports[i]
		if p.Protocol == "" {
			p.Protocol = v1.ProtocolTCP
		}
		if p.TargetPort.Type == intstr.Int && p.TargetPort.IntVal == 0 {
			p.TargetPort = intstr.FromInt(int(p.Port))
		}
	}
	svc.ResourceVersion = ""
	svc.Status = v1.ServiceStatus{}
	return svc, nil
}

// allocateNodePorts gives ports without a nodePort the nodePort of the same port in prev (as
// the API server keeps it on update), or a fresh one.
func allocateNodePorts(svc, prev *v1.Service) {
	if svc.Spec.Type != v1.ServiceTypeLoadBalancer && svc.Spec.Type != v1.ServiceTypeNodePort {
		return
	}
	used := map[int32]bool{}
	for _, p := range svc.Spec.Ports {
		used[p.NodePort] = true
	}
	next := int32(30080)
	for i := range svc.Spec.Ports {
		p := &svc.Spec.Ports[i]
		if p.NodePort != 0 {
			continue
		}
		if prev != nil {
			for _, q := range prev.Spec.Ports {
				if q.Port == p.Port && q.Protocol == p.Protocol && !used[q.NodePort] {
					p.NodePort = q.NodePort
					break
				}
			}
		}
		for p.NodePort == 0 {
			if !used[next] {
				p.NodePort = next
			}
			next++
		}
		used[p.NodePort] = true
	}
}

// ---------- annotation keys the CCM declares ----------

type annoKey struct {
	Suffix string // as passed to AnnotationRequest.Get
	Full   string // for keys read directly (helper.BackendType)
}

func ccmAnnotationKeys(ccmDir string) ([]annoKey, error) {
	b, err := os.ReadFile(filepath.Join(ccmDir, "pkg/controller/service/reconcile/annotation/annotations.go"))
	if err != nil {
		return nil, err
	}
	re := regexp.MustCompile(`AnnotationLoadBalancerPrefix \+ "([a-z0-9-]+)"`)
	seen := map[string]bool{}
	var keys []annoKey
	for _, m := range re.FindAllStringSubmatch(string(b), -1) {
		k := annotation.AnnotationLoadBalancerPrefix + m[1]
		if !seen[k] {
			seen[k] = true
			keys = append(keys, annoKey{Suffix: k})
		}
	}
	keys = append(keys, annoKey{Full: helper.BackendType})
	return keys, nil
}

// ---------- running ----------

type world struct {
	fake     *FakeCLB
	nlbFake  *FakeNLB
	nlb      bool // the Service is reconciled by nlbRecon, against nlbFake
	kube     client.Client
	rec      *record.FakeRecorder
	recon    *clbv1.ReconcileService
	nlbRecon nlbReconciler
	logs     *logBuffer
}

func newWorld(svc *v1.Service, seeds []SeedLB, logs *logBuffer) (*world, error) {
	f := NewFakeCLB()
	nf := NewFakeNLB()
	nlb := isNLB(svc)
	for _, s := range seeds {
		if nlb {
			if err := nf.AddExisting(s); err != nil {
				return nil, fmt.Errorf("seed NLB %s: %v", s.ID, err)
			}
			continue
		}
		f.AddExisting(s.ID, s.Attributes, s.Tags, s.Listeners)
		for _, vg := range s.VServerGroups {
			f.AddVGroup(s.ID, vg.ID, vg.Name)
		}
	}
	c, err := newCloud(f, nf)
	if err != nil {
		return nil, err
	}
	objs := append(nodes(), endpoints(svc), endpointSlice(svc))
	objs = append(objs, extraObjects(svc)...)
	raw := fake.NewClientBuilder().WithScheme(scheme.Scheme).WithObjects(objs...).WithStatusSubresource(&v1.Service{}).Build()
	kc := kubeClient{raw}
	rec := record.NewFakeRecorder(1000)
	recon, err := clbv1.SlbgwNewReconciler(kc, c, rec)
	if err != nil {
		return nil, err
	}
	w := &world{fake: f, nlbFake: nf, nlb: nlb, kube: kc, rec: rec, recon: recon, logs: logs}
	if nlb {
		if w.nlbRecon, err = newNLBReconciler(kc, c, rec); err != nil {
			return nil, err
		}
	}
	return w, nil
}

func (w *world) events() []string {
	var out []string
	for {
		select {
		case e := <-w.rec.Events:
			out = append(out, e)
		default:
			return out
		}
	}
}

func (w *world) reconcile(nn types.NamespacedName) (pass *Pass) {
	pass = &Pass{}
	w.events()
	w.logs.Reset()
	w.fake.StartRecording()
	w.nlbFake.StartRecording()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- fmt.Errorf("panic in CCM reconcile: %v\n%s", r, debug.Stack())
			}
		}()
		if w.nlb {
			done <- w.nlbRecon.SlbgwReconcile(ctx, nn)
			return
		}
		done <- w.recon.SlbgwReconcile(ctx, nn)
	}()
	var err error
	select {
	case err = <-done:
	case <-time.After(90 * time.Second):
		err = fmt.Errorf("harness: reconcile timed out")
	}
	if err != nil {
		pass.Error = err.Error()
	}
	pass.Calls = w.fake.Calls()
	if w.nlb {
		pass.Calls, pass.Reads = w.nlbFake.Calls(), w.nlbFake.Reads()
	}
	if pass.Calls == nil {
		pass.Calls = []Call{}
	}
	pass.Events = w.events()
	pass.Log = w.logs.Interesting()
	svc := &v1.Service{}
	if gerr := w.kube.Get(context.Background(), nn, svc); gerr == nil {
		for _, in := range svc.Status.LoadBalancer.Ingress {
			if in.IP != "" {
				pass.Status = append(pass.Status, in.IP)
			} else {
				pass.Status = append(pass.Status, "hostname:"+in.Hostname)
			}
		}
		pass.Labels = svc.Labels
	}
	pass.Cloud = w.fake.Snapshot()
	if w.nlb {
		pass.Cloud = w.nlbFake.Snapshot()
	}
	return pass
}

// cloudView describes the Service's load balancer as the fake CLB API answers for it: the id in
// the Service's loadbalancer-id label (the CCM's record of its LB), else its id annotation.
func (w *world) cloudView(nn types.NamespacedName) (attribute, listeners json.RawMessage, why string) {
	svc := &v1.Service{}
	if err := w.kube.Get(context.Background(), nn, svc); err != nil {
		return nil, nil, "get Service: " + err.Error()
	}
	id := svc.Labels[helper.LabelLoadBalancerId]
	if id == "" {
		id = annotation.NewAnnotationRequest(svc).Get(annotation.LoadBalancerId)
	}
	if id == "" {
		return nil, nil, ""
	}
	describe := w.fake.Describe
	if w.nlb {
		describe = w.nlbFake.Describe
	}
	attribute, listeners, err := describe(id)
	if err != nil {
		return nil, nil, "describe " + id + ": " + err.Error()
	}
	return attribute, listeners, ""
}

func runCase(c Case, keys []annoKey, logs *logBuffer) (res Result) {
	res.Name = c.Name
	defer func() {
		if r := recover(); r != nil {
			res.Error = fmt.Sprintf("harness panic: %v\n%s", r, debug.Stack())
		}
	}()
	newSvc, err := parseService(c.New)
	if err != nil {
		res.Error = "new: " + err.Error()
		return
	}
	var oldSvc *v1.Service
	if strings.TrimSpace(c.Old) != "" {
		if oldSvc, err = parseService(c.Old); err != nil {
			res.Error = "old: " + err.Error()
			return
		}
		if oldSvc.Name != newSvc.Name || oldSvc.Namespace != newSvc.Namespace {
			res.Error = "old and new name different Services"
			return
		}
		allocateNodePorts(oldSvc, nil)
	}
	allocateNodePorts(newSvc, oldSvc)
	nn := types.NamespacedName{Namespace: newSvc.Namespace, Name: newSvc.Name}
	res.NLB = isNLB(newSvc)
	if res.NLB && nlbUnsupported != "" {
		res.Skipped = nlbUnsupported
		res.Create = &Pass{Calls: []Call{}, Skipped: nlbUnsupported}
		return
	}

	// annotations as the CCM's getter sees them
	anno := annotation.NewAnnotationRequest(newSvc)
	res.Annotations = map[string]string{}
	known := map[string]bool{}
	for _, k := range keys {
		if k.Full != "" {
			known[k.Full] = true
			if v, ok := newSvc.Annotations[k.Full]; ok {
				res.Annotations[k.Full] = v
			}
			continue
		}
		known[annotation.Annotation(k.Suffix)] = true
		known[annotation.AnnotationLegacyPrefix+"-"+k.Suffix] = true
		if anno.Has(k.Suffix) {
			res.Annotations[strings.TrimPrefix(k.Suffix, annotation.AnnotationLoadBalancerPrefix)] = anno.Get(k.Suffix)
			if _, cur := newSvc.Annotations[annotation.Annotation(k.Suffix)]; !cur {
				res.AnnotationsFromLegacy = append(res.AnnotationsFromLegacy, strings.TrimPrefix(k.Suffix, annotation.AnnotationLoadBalancerPrefix))
			}
		}
	}
	for k := range newSvc.Annotations {
		if strings.HasPrefix(k, "service.beta.kubernetes.io/") && !known[k] {
			res.UnknownAnnotations = append(res.UnknownAnnotations, k)
		}
	}
	sort.Strings(res.UnknownAnnotations)
	res.ServiceHash = helper.GetServiceHash(newSvc)

	// model + create: a fresh world with nothing but nodes, endpoints and the seeds
	w, err := newWorld(newSvc, c.Cloud, logs)
	if err != nil {
		res.Error = "harness: " + err.Error()
		return
	}
	if w.nlb {
		if mdl, err := w.nlbRecon.SlbgwBuildLocalModel(context.Background(), newSvc.DeepCopy()); err != nil {
			res.ModelError = err.Error()
		} else {
			res.Model = mdl
		}
	} else if mdl, err := w.recon.SlbgwBuildLocalModel(context.Background(), newSvc.DeepCopy()); err != nil {
		res.ModelError = err.Error()
	} else {
		res.Model = mdl
	}
	if err := w.kube.Create(context.Background(), newSvc.DeepCopy()); err != nil {
		res.Error = "harness: create Service: " + err.Error()
		return
	}
	res.Create = w.reconcile(nn)

	if oldSvc == nil {
		res.LBAttribute, res.LBListeners, res.LBViewError = w.cloudView(nn)
		return
	}
	w2, err := newWorld(oldSvc, c.Cloud, logs)
	if err != nil {
		res.Error = "harness: " + err.Error()
		return
	}
	if err := w2.kube.Create(context.Background(), oldSvc.DeepCopy()); err != nil {
		res.Error = "harness: create old Service: " + err.Error()
		return
	}
	res.OldPass = w2.reconcile(nn)
	res.OldPass.Cloud = nil
	if len(c.Drift) > 0 {
		w2.fake.Drift(c.Drift)
		w2.nlbFake.Drift(c.Drift)
	}
	res.LBAttribute, res.LBListeners, res.LBViewError = w2.cloudView(nn)
	stored := &v1.Service{}
	if err := w2.kube.Get(context.Background(), nn, stored); err != nil {
		res.Error = "harness: get old Service: " + err.Error()
		return
	}
	upd := stored.DeepCopy()
	upd.Annotations = newSvc.Annotations
	labels := map[string]string{}
	for k, v := range newSvc.Labels {
		labels[k] = v
	}
	for _, k := range []string{helper.LabelServiceHash, helper.LabelLoadBalancerId} {
		if v, ok := stored.Labels[k]; ok {
			labels[k] = v
		}
	}
	upd.Labels = labels
	upd.Spec = newSvc.Spec
	upd.Spec.Ports = append([]v1.ServicePort(nil), newSvc.Spec.Ports...)
	for i := range upd.Spec.Ports {
		upd.Spec.Ports[i].NodePort = 0
	}
	allocateNodePorts(upd, stored)
	if err := w2.kube.Update(context.Background(), upd); err != nil {
		res.Error = "harness: update Service: " + err.Error()
		return
	}
	// endpoints follow the new ports
	ep, es := endpoints(upd), endpointSlice(upd)
	_ = w2.kube.Delete(context.Background(), &v1.Endpoints{ObjectMeta: metav1.ObjectMeta{Name: ep.Name, Namespace: ep.Namespace}})
	_ = w2.kube.Create(context.Background(), ep)
	_ = w2.kube.Delete(context.Background(), &discovery.EndpointSlice{ObjectMeta: metav1.ObjectMeta{Name: es.Name, Namespace: es.Namespace}})
	_ = w2.kube.Create(context.Background(), es)
	res.Update = w2.reconcile(nn)
	return
}

// ---------- logs ----------

type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
	raw bool
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.raw {
		os.Stderr.Write(p)
	}
	return l.buf.Write(p)
}
func (l *logBuffer) Reset() { l.mu.Lock(); l.buf.Reset(); l.mu.Unlock() }

var interesting = regexp.MustCompile(`update lb|update listener|skip|override|forward policy|not allowed|can not|recreate|tag changed`)

// Interesting returns the CCM log messages that explain a decision (no-effect reasons, skips).
func (l *logBuffer) Interesting() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	msgRe := regexp.MustCompile(`"msg"="([^"]*)"|\] "([^"]*)"`)
	for _, line := range strings.Split(l.buf.String(), "\n") {
		t := strings.TrimSpace(line)
		if !interesting.MatchString(line) || strings.Contains(line, "find clb with result") ||
			strings.Contains(line, "pod not found") || strings.HasPrefix(t, "\"") || strings.HasPrefix(t, "{") {
			continue
		}
		msg := line
		if m := msgRe.FindStringSubmatch(line); m != nil {
			msg = m[1] + m[2]
		} else if i := strings.Index(line, "] "); i >= 0 {
			msg = line[i+2:]
		}
		if len(msg) > 400 {
			msg = msg[:400] + "..."
		}
		if len(out) > 0 && out[len(out)-1] == msg {
			continue
		}
		out = append(out, msg)
	}
	return out
}

func main() {
	ccmDir := flag.String("ccm", ".", "CCM checkout (for the annotation key list and commit check)")
	in := flag.String("in", "", "input JSON")
	out := flag.String("out", "-", "output JSON (- for stdout)")
	verbose := flag.Bool("v", false, "also print the CCM's logs to stderr")
	flag.Parse()

	fs := flag.NewFlagSet("klog", flag.ContinueOnError)
	klog.InitFlags(fs)
	_ = fs.Set("logtostderr", "false")
	_ = fs.Set("alsologtostderr", "false")
	_ = fs.Set("stderrthreshold", "FATAL")
	_ = fs.Set("skip_headers", "true")
	_ = fs.Set("v", "5")
	logs := &logBuffer{raw: *verbose}
	klog.SetOutput(logs)

	configure()

	var data []byte
	var err error
	if *in == "" || *in == "-" {
		data, err = io.ReadAll(os.Stdin)
	} else {
		data, err = os.ReadFile(*in)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "slbgwconformance:", err)
		os.Exit(2)
	}
	var input Input
	if err := json.Unmarshal(data, &input); err != nil {
		fmt.Fprintln(os.Stderr, "slbgwconformance: input:", err)
		os.Exit(2)
	}
	keys, err := ccmAnnotationKeys(*ccmDir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "slbgwconformance: reading CCM annotation keys:", err)
		os.Exit(2)
	}
	output := Output{CCMCommit: PinnedCommit, FakeDefaults: fakeDefaults, Results: []Result{}}
	if b, err := exec.Command("git", "-C", *ccmDir, "rev-parse", "HEAD").Output(); err == nil {
		output.CCMCommit = strings.TrimSpace(string(b))
	}
	for _, c := range input.Cases {
		output.Results = append(output.Results, runCase(c, keys, logs))
	}
	enc, _ := json.MarshalIndent(output, "", "  ")
	enc = append(enc, '\n')
	if *out == "-" {
		os.Stdout.Write(enc)
	} else if err := os.WriteFile(*out, enc, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "slbgwconformance:", err)
		os.Exit(2)
	}
}
