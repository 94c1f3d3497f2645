package change

import (
	"slices"
	"testing"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/slbgw/slbgw/schema"
)

// TestConditionalFieldsAreDeclared keeps the fields classify refines declared: a renamed field
// would otherwise fall back to its declared class without a word.
func TestConditionalFieldsAreDeclared(t *testing.T) {
	for _, path := range conditionalFields {
		if schema.AnnotatedFieldByPath(path) == nil {
			t.Errorf("%s is not a declared annotated field", path)
		}
	}
}

const liveService = `apiVersion: v1
kind: Service
metadata:
  name: ingress-gateway
  namespace: knative-serving
  annotations:
    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type: intranet
    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-spec: slb.s1.small
    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-instance-charge-type: PayBySpec
    example.com/owner: web
    slbgw.dev/extra-annotations: example-setting
    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-example-setting: "off"
spec:
  type: LoadBalancer
  ports:
  - name: http
    port: 80
status:
  loadBalancer:
    ingress:
    - ip: 10.0.0.1
`

// TestClassify classifies the edits of a profile against a live Service, as the controller's
// code treats them (make conformance checks each declaration against the controller itself).
func TestClassify(t *testing.T) {
	cases := []struct {
		name  string
		spec  schema.Spec
		key   string
		class schema.ChangeClass
	}{
		{"fixed at creation", schema.Spec{LoadBalancer: schema.LoadBalancer{AddressType: "internet"}},
			"service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type", schema.ChangeRefused},
		{"spec under PayBySpec", schema.Spec{LoadBalancer: schema.LoadBalancer{AddressType: "intranet", InstanceSpec: "slb.s2.small"}},
			"service.beta.kubernetes.io/alibaba-cloud-loadbalancer-spec", schema.ChangeInPlace},
		{"bandwidth of an intranet LB", schema.Spec{LoadBalancer: schema.LoadBalancer{AddressType: "intranet", ChargeType: "paybybandwidth", Bandwidth: ptr(int64(20))}},
			"service.beta.kubernetes.io/alibaba-cloud-loadbalancer-bandwidth", schema.ChangeNoEffect},
		{"an extra annotation", schema.Spec{LoadBalancer: schema.LoadBalancer{AddressType: "intranet", ExtraAnnotations: map[string]string{
			"service.beta.kubernetes.io/alibaba-cloud-loadbalancer-example-setting": "on"}}},
			"service.beta.kubernetes.io/alibaba-cloud-loadbalancer-example-setting", Unknown},
		{"externalTrafficPolicy", schema.Spec{Service: schema.Service{ExternalTrafficPolicy: "Local"}, LoadBalancer: schema.LoadBalancer{AddressType: "intranet"}},
			"spec.externalTrafficPolicy", schema.ChangeInPlace},
		{"a CLB Service made an NLB one", schema.Spec{LoadBalancer: schema.LoadBalancer{AddressType: "intranet", Class: schema.ClassNLB}},
			"spec.loadBalancerClass", schema.ChangeRefused},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			live := yaml.MustParse(liveService)
			edits := Service(&c.spec, live.GetAnnotations(), ClassOf(live))
			desired := live.Copy()
			for _, e := range edits {
				switch {
				case e.Op == Set && e.Target == Annotations:
					if err := desired.PipeE(yaml.SetAnnotation(e.Key, e.Value)); err != nil {
						t.Fatal(err)
					}
				case e.Op == Clear && e.Target == Annotations:
					if _, err := desired.Pipe(yaml.ClearAnnotation(e.Key)); err != nil {
						t.Fatal(err)
					}
				case e.Op == Set && e.Target == ServiceSpec:
					if err := desired.PipeE(yaml.LookupCreate(yaml.MappingNode, "spec"), yaml.SetField(e.Key, yaml.NewStringRNode(e.Value))); err != nil {
						t.Fatal(err)
					}
				}
			}
			var got *Change
			for _, ch := range Classify(live, desired, edits, nil, "") {
				if slices.Contains(ch.Keys, c.key) {
					got = &ch
				}
			}
			if got == nil {
				t.Fatalf("no change of %s", c.key)
			}
			if got.Class != c.class {
				t.Errorf("%s: class %s (%s), want %s", c.key, got.Class, got.Detail, c.class)
			}
		})
	}
}

// TestServiceEditsRecordExtras: the record lists the profile's extra annotations, and a
// recorded one the profile dropped is cleared.
func TestServiceEditsRecordExtras(t *testing.T) {
	spec := &schema.Spec{LoadBalancer: schema.LoadBalancer{ExtraAnnotations: map[string]string{
		"service.beta.kubernetes.io/alibaba-cloud-loadbalancer-b": "2"}}}
	have := map[string]string{ExtraAnnotationsRecord: "a,b"}
	var cleared, record []string
	for _, e := range Service(spec, have, "") {
		switch {
		case e.Record:
			record = append(record, e.Value)
		case e.Op == Clear && e.LegacyOf == "" && e.Declared == nil:
			cleared = append(cleared, e.Key)
		}
	}
	if len(cleared) != 1 || cleared[0] != "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-a" {
		t.Errorf("cleared %v, want the dropped extra annotation a", cleared)
	}
	if len(record) != 1 || record[0] != "b" {
		t.Errorf("record %v, want [b]", record)
	}
}

func ptr[T any](v T) *T { return &v }

// TestListsOnTheNLB: plan --lb reads the NLB API's lists (ZoneMappings, SecurityGroupIds) and
// compares them as nlbv2's Update does: each zone mapping of the Service looked up among the
// NLB's (address and EIP only where the Service gives them), the security groups as a set.
func TestListsOnTheNLB(t *testing.T) {
	cloud, err := ReadCloud([]byte(`{"LoadBalancerId": "nlb-1", "SecurityGroupIds": ["sg-b", "sg-a"],
	  "ZoneMappings": [{"ZoneId": "k", "VSwitchId": "vsw-k", "LoadBalancerAddresses": [{"PrivateIPv4Address": "10.0.0.1", "AllocationId": "eip-k"}]},
	                   {"ZoneId": "j", "VSwitchId": "vsw-j"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := cloud["ZoneMappings"], "k:vsw-k:10.0.0.1:eip-k,j:vsw-j::"; got != want {
		t.Errorf("ZoneMappings read as %q, want %q", got, want)
	}
	zones, groups := schema.AnnotatedFieldByPath(zoneMappings), schema.AnnotatedFieldByPath(securityGroupIDs)
	for _, c := range []struct {
		field *schema.AnnotatedField
		value string
		on    bool
	}{
		{zones, "k:vsw-k,j:vsw-j", true},
		{zones, "k:vsw-k:10.0.0.1", true},
		{zones, "k:vsw-k:10.0.0.1:eip-k", true},
		{zones, "k:vsw-k:10.0.0.2", false},
		{zones, "k:vsw-x", false},
		{zones, "k:vsw-k,i:vsw-i", false},
		{groups, "sg-a,sg-b", true},
		{groups, "SG-A,sg-b", true},
		{groups, "sg-a", false},
		{groups, "sg-a,sg-b,sg-c", false},
	} {
		if got := onLoadBalancer(c.field, cloud[c.field.LBAttribute], c.value); got != c.on {
			t.Errorf("%s %q on an NLB with %q: %v, want %v", c.field.Path, c.value, cloud[c.field.LBAttribute], got, c.on)
		}
	}
}
