//go:build ccmconformance

package main

// fakeclb.go: a fake CLB (SLB) OpenAPI endpoint. The CCM's real provider
// (pkg/provider/alibaba/slb.SLBProvider) and the real Alibaba Cloud SDK client run unchanged; only
// the SDK client's HTTP transport is replaced by this RoundTripper. So every recorded call is the
// RPC action and the exact query/form parameters the CCM would send to the CLB API.
//
// State is kept per fake cloud: load balancers, their tags and listeners, vServer groups,
// domain extensions. Values the CCM does not send are filled with the defaults listed in
// fakeDefaults (our assumption of what the CLB API does; they are printed in the output). A new
// listener gets the CLB API reference's documented default for every attribute the create call
// leaves out (listenerDefaults).

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/slb"
)

// Call is one recorded CLB API call.
type Call struct {
	API    string            `json:"api"`
	Params map[string]string `json:"params"`
	Error  string            `json:"error,omitempty"`
}

// fakeDefaults are the values the fake CLB API fills in when the CCM does not send them.
var fakeDefaults = map[string]string{
	"AddressType":                  "internet",
	"AddressIPVersion":             "ipv4",
	"InternetChargeType":           "paybytraffic",
	"InstanceChargeType":           "PayBySpec",
	"MasterZoneId":                 "cn-hangzhou-k",
	"SlaveZoneId":                  "cn-hangzhou-j",
	"ResourceGroupId":              "rg-default",
	"DeleteProtection":             "off",
	"ModificationProtectionStatus": "NonProtection",
	"LoadBalancerSpec":             "slb.s1.small for PayBySpec when not sent; empty for PayByCLCU",
	"NetworkType":                  "classic for internet; intranet: vpc when VSwitchId is sent, else classic",
	"RequestId":                    fakeRequestID,
	"Address":                      "47.100.0.N (internet) or 192.168.0.N (intranet) unless Address is sent",
	"listener.Status":              "stopped until StartLoadBalancerListener",
	"listener.*":                   "zero value for every other attribute not sent",
}

// listenerDefaults are the CLB API reference's defaults for listener attributes, by protocol
// ("" = every protocol), keyed by the SDK's field names (the Describe*ListenerAttribute response
// and DescribeLoadBalancerListeners' *ListenerConfig). A listener created (or seeded) without one
// gets it, as the real API does; a value sent is never overridden. HealthCheck of a tcp/udp
// listener reports HealthCheckSwitch (describeListener).
var listenerDefaults = []struct{ proto, key, value string }{
	{"", "Scheduler", "wrr"},
	{"", "Bandwidth", "-1"},
	{"", "AclStatus", "off"},
	{"", "HealthyThreshold", "3"},
	{"", "UnhealthyThreshold", "3"},
	{"", "HealthCheckInterval", "2"},
	{"", "HealthCheckHttpCode", "http_2xx"},
	{"tcp", "EstablishedTimeout", "900"},
	{"tcp", "PersistenceTimeout", "0"},
	{"tcp", "HealthCheckType", "tcp"},
	{"tcp", "HealthCheckSwitch", "on"},
	{"tcp", "HealthCheckConnectTimeout", "5"},
	{"tcp", "ProxyProtocolV2Enabled", "false"},
	{"udp", "PersistenceTimeout", "0"},
	{"udp", "HealthCheckSwitch", "on"},
	{"udp", "HealthCheckConnectTimeout", "5"},
	{"udp", "ProxyProtocolV2Enabled", "false"},
	{"http", "ListenerForward", "off"},
	{"http,https", "IdleTimeout", "15"},
	{"http,https", "RequestTimeout", "60"},
	{"http,https", "XForwardedFor", "on"},
	{"http,https", "XForwardedFor_proto", "off"},
	{"http,https", "XForwardedFor_SLBPORT", "off"},
	{"http,https", "XForwardedFor_ClientSrcPort", "off"},
	{"http,https", "XForwardedFor_SLBIP", "off"},
	{"http,https", "XForwardedFor_SLBID", "off"},
	{"http,https", "HealthCheck", "off"},
	{"http,https", "HealthCheckTimeout", "5"},
	{"http,https", "HealthCheckMethod", "head"},
	{"http,https", "StickySession", "off"},
	{"http,https", "Gzip", "on"},
	{"https", "EnableHttp2", "on"},
	{"https", "TLSCipherPolicy", "tls_cipher_policy_1_0"},
}

func init() {
	for _, d := range listenerDefaults {
		proto := d.proto
		if proto == "" {
			proto = "all"
		}
		k := "listener." + d.key
		if v, ok := fakeDefaults[k]; ok {
			fakeDefaults[k] = v + "; " + d.value + " (" + proto + ")"
		} else {
			fakeDefaults[k] = d.value + " (" + proto + ")"
		}
	}
}

// normParam is a parameter name as setFields matches it: underscores and case ignored (the SDK
// sends healthCheckInterval for tcp/udp, HealthCheckInterval for http/https).
func normParam(s string) string { return strings.ToLower(strings.ReplaceAll(s, "_", "")) }

// setParam stores a listener attribute, replacing any spelling of the same name.
func setParam(params map[string]string, k, v string) {
	for o := range params {
		if o != k && normParam(o) == normParam(k) {
			delete(params, o)
		}
	}
	params[k] = v
}

// fillListenerDefaults gives a new listener the API's default for each attribute not sent.
func fillListenerDefaults(proto string, params map[string]string) {
	sent := map[string]bool{}
	for k := range params {
		sent[normParam(k)] = true
	}
	for _, d := range listenerDefaults {
		if d.proto != "" && !strings.Contains(","+d.proto+",", ","+proto+",") {
			continue
		}
		if !sent[normParam(d.key)] {
			params[d.key] = d.value
		}
	}
}

// fakeRequestID is the RequestId of every Describe answer the harness reports (the real API
// gives each response its own).
const fakeRequestID = "00000000-0000-4000-8000-000000000000"

var commonParams = map[string]bool{
	"Action": true, "Format": true, "Version": true, "AccessKeyId": true, "Signature": true,
	"SignatureMethod": true, "SignatureVersion": true, "SignatureNonce": true, "SignatureType": true,
	"Timestamp": true, "RegionId": true, "ClientToken": true,
}

type fListener struct {
	Port   int
	Proto  string
	Params map[string]string
	Status string
}

type fLB struct {
	ID        string
	Attr      map[string]string
	Tags      [][2]string
	Listeners []*fListener
}

type fVG struct {
	ID, Name, LB string
	Backends     []map[string]any
}

type fDomainExt struct {
	ID, LB, Domain, Cert string
	Port                 int
}

type FakeCLB struct {
	mu     sync.Mutex
	n      int
	lbs    map[string]*fLB
	order  []string
	vgs    map[string]*fVG
	exts   map[string]*fDomainExt
	calls  []Call
	record bool
}

func NewFakeCLB() *FakeCLB {
	return &FakeCLB{lbs: map[string]*fLB{}, vgs: map[string]*fVG{}, exts: map[string]*fDomainExt{}}
}

// StartRecording clears the call log and records mutating calls from now on.
func (f *FakeCLB) StartRecording() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = nil
	f.record = true
}

func (f *FakeCLB) Calls() []Call {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]Call, len(f.calls))
	copy(out, f.calls)
	return out
}

type apiError struct {
	status  int
	code    string
	message string
}

func (e *apiError) Error() string { return e.code + ": " + e.message }

func notFound(code, msg string) *apiError { return &apiError{404, code, msg} }
func badReq(code, msg string) *apiError   { return &apiError{400, code, msg} }

// requestParams are an API request's parameters, as both SDKs send them: the query and the
// form body.
func requestParams(r *http.Request) map[string]string {
	params := map[string]string{}
	for k, v := range r.URL.Query() {
		params[k] = v[0]
	}
	if r.Body != nil {
		b, _ := io.ReadAll(r.Body)
		if vals, err := url.ParseQuery(string(b)); err == nil {
			for k, v := range vals {
				params[k] = v[0]
			}
		}
	}
	return params
}

// RoundTrip implements http.RoundTripper.
func (f *FakeCLB) RoundTrip(r *http.Request) (*http.Response, error) {
	params := requestParams(r)
	action := params["Action"]
	clean := map[string]string{}
	for k, v := range params {
		if !commonParams[k] {
			clean[k] = v
		}
	}

	f.mu.Lock()
	resp, aerr := f.handle(action, clean)
	mutating := !strings.HasPrefix(action, "Describe") && !strings.HasPrefix(action, "List")
	if f.record && mutating {
		c := Call{API: action, Params: clean}
		if aerr != nil {
			c.Error = aerr.Error()
		}
		f.calls = append(f.calls, c)
	}
	f.mu.Unlock()

	status := 200
	var body []byte
	if aerr != nil {
		status = aerr.status
		body, _ = json.Marshal(map[string]string{"Code": aerr.code, "Message": aerr.message, "RequestId": "fake"})
	} else {
		if resp == nil {
			resp = map[string]any{}
		}
		body, _ = json.Marshal(resp)
	}
	return &http.Response{
		StatusCode: status,
		Status:     http.StatusText(status),
		Header:     http.Header{"Content-Type": []string{"application/json"}},
		Body:       io.NopCloser(bytes.NewReader(body)),
		Request:    r,
	}, nil
}

// repeated collects SDK "Repeated" parameters: Name.1, Name.2 ... or Name.1.Key, Name.1.Value.
func repeated(p map[string]string, name string) []string {
	var out []string
	for i := 1; ; i++ {
		v, ok := p[fmt.Sprintf("%s.%d", name, i)]
		if !ok {
			break
		}
		out = append(out, v)
	}
	return out
}

func repeatedKV(p map[string]string, name string) [][2]string {
	var out [][2]string
	for i := 1; ; i++ {
		k, ok := p[fmt.Sprintf("%s.%d.Key", name, i)]
		if !ok {
			break
		}
		out = append(out, [2]string{k, p[fmt.Sprintf("%s.%d.Value", name, i)]})
	}
	return out
}

func (f *FakeCLB) lb(id string) (*fLB, *apiError) {
	lb, ok := f.lbs[id]
	if !ok {
		return nil, notFound("InvalidLoadBalancerId.NotFound", "The specified LoadBalancerId does not exist: "+id)
	}
	return lb, nil
}

func (lb *fLB) listenerProto(port int, proto string) *fListener {
	for _, l := range lb.Listeners {
		if l.Port == port && (proto == "" || l.Proto == proto) {
			return l
		}
	}
	return nil
}

// Drift changes load balancer attributes behind the CCM's back (a console edit).
func (f *FakeCLB) Drift(attrs map[string]string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, lb := range f.lbs {
		for k, v := range attrs {
			lb.Attr[k] = v
		}
		if v, ok := attrs["InternetChargeType"]; ok {
			lb.Attr["InternetChargeTypeAlias"] = v
		}
	}
}

// AddExisting seeds a load balancer that exists before the CCM runs (a reused LB).
func (f *FakeCLB) AddExisting(id string, attrs map[string]string, tags map[string]string, listeners []SeedListener) {
	f.mu.Lock()
	defer f.mu.Unlock()
	p := map[string]string{}
	for k, v := range attrs {
		p[k] = v
	}
	lb := f.createLB(p, id)
	for k, v := range tags {
		lb.Tags = append(lb.Tags, [2]string{k, v})
	}
	for _, l := range listeners {
		lp := map[string]string{"ListenerPort": strconv.Itoa(l.Port), "Description": l.Description}
		for k, v := range l.Params {
			lp[k] = v
		}
		fillListenerDefaults(l.Protocol, lp)
		lb.Listeners = append(lb.Listeners, &fListener{Port: l.Port, Proto: l.Protocol, Params: lp, Status: "running"})
	}
}

// AddVGroup seeds a vServer group created outside the CCM.
func (f *FakeCLB) AddVGroup(lbID, id, name string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.vgs[id] = &fVG{ID: id, Name: name, LB: lbID}
}

func (f *FakeCLB) createLB(p map[string]string, id string) *fLB {
	f.n++
	if id == "" {
		id = fmt.Sprintf("lb-fake%04d", f.n)
	}
	attr := map[string]string{}
	for k, v := range p {
		if strings.HasPrefix(k, "Tag.") {
			continue
		}
		attr[k] = v
	}
	for _, k := range []string{"AddressType", "AddressIPVersion", "InternetChargeType", "InstanceChargeType",
		"MasterZoneId", "SlaveZoneId", "ResourceGroupId", "DeleteProtection", "ModificationProtectionStatus"} {
		if attr[k] == "" {
			attr[k] = fakeDefaults[k]
		}
	}
	if attr["NetworkType"] == "" {
		if attr["AddressType"] != "intranet" {
			attr["NetworkType"] = "classic" // an internet-facing CLB is reported as classic
		} else if attr["VSwitchId"] != "" {
			attr["NetworkType"] = "vpc"
		} else {
			attr["NetworkType"] = "classic"
		}
	}
	if attr["Address"] == "" {
		if attr["AddressType"] == "intranet" {
			attr["Address"] = fmt.Sprintf("192.168.0.%d", f.n)
		} else {
			attr["Address"] = fmt.Sprintf("47.100.0.%d", f.n)
		}
	}
	if strings.EqualFold(attr["InstanceChargeType"], "PayByCLCU") {
		attr["LoadBalancerSpec"] = ""
	} else if attr["LoadBalancerSpec"] == "" {
		attr["LoadBalancerSpec"] = "slb.s1.small" // a pay-by-spec instance always has a spec
	}
	attr["LoadBalancerId"] = id
	attr["LoadBalancerStatus"] = "active"
	attr["RegionId"] = "cn-hangzhou"
	if attr["LoadBalancerName"] == "" {
		attr["LoadBalancerName"] = "auto_named_slb"
	}
	attr["InternetChargeTypeAlias"] = attr["InternetChargeType"]
	lb := &fLB{ID: id, Attr: attr, Tags: repeatedKV(p, "Tag")}
	f.lbs[id] = lb
	f.order = append(f.order, id)
	return lb
}

// setFields sets the fields of the struct dst points to from params, matching a parameter to a
// field by its json tag or name (underscores and case ignored).
func setFields(dst any, params map[string]string) {
	norm := normParam
	np := map[string]string{}
	for k, v := range params {
		np[norm(k)] = v
	}
	v := reflect.ValueOf(dst).Elem()
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		name := strings.Split(sf.Tag.Get("json"), ",")[0]
		val, ok := np[norm(name)]
		if !ok {
			val, ok = np[norm(sf.Name)]
		}
		if !ok {
			continue
		}
		fv := v.Field(i)
		switch fv.Kind() {
		case reflect.String:
			fv.SetString(val)
		case reflect.Int, reflect.Int64, reflect.Int32:
			if n, err := strconv.ParseInt(val, 10, 64); err == nil {
				fv.SetInt(n)
			}
		case reflect.Bool:
			if b, err := strconv.ParseBool(val); err == nil {
				fv.SetBool(b)
			}
		}
	}
}

func (lb *fLB) describeListener(l *fListener) slb.ListenerInDescribeLoadBalancerListeners {
	out := slb.ListenerInDescribeLoadBalancerListeners{}
	setFields(&out, l.Params)
	out.ListenerPort = l.Port
	out.ListenerProtocol = l.Proto
	out.LoadBalancerId = lb.ID
	out.Status = l.Status
	if a := l.Params["AclId"]; a != "" {
		out.AclIds = strings.Split(a, ",")
	}
	switch l.Proto {
	case "tcp":
		setFields(&out.TCPListenerConfig, l.Params)
		if out.TCPListenerConfig.HealthCheck == "" {
			out.TCPListenerConfig.HealthCheck = out.TCPListenerConfig.HealthCheckSwitch
		}
	case "udp":
		setFields(&out.UDPListenerConfig, l.Params)
		if out.UDPListenerConfig.HealthCheck == "" {
			out.UDPListenerConfig.HealthCheck = out.UDPListenerConfig.HealthCheckSwitch
		}
	case "http":
		setFields(&out.HTTPListenerConfig, l.Params)
	case "https":
		setFields(&out.HTTPSListenerConfig, l.Params)
	}
	return out
}

// describeAttribute is the DescribeLoadBalancerAttribute answer for lb: its attributes, tags and
// listener ports.
func (lb *fLB) describeAttribute() slb.DescribeLoadBalancerAttributeResponse {
	var o slb.DescribeLoadBalancerAttributeResponse
	setFields(&o, lb.Attr)
	o.RequestId = fakeRequestID
	setAttributeTags(&o, lb.tagsOut())
	o.Labels.Label = []string{}
	o.BackendServers.BackendServer = []slb.BackendServerInDescribeLoadBalancerAttribute{}
	ls := append([]*fListener(nil), lb.Listeners...)
	sort.SliceStable(ls, func(i, j int) bool { return ls[i].Port < ls[j].Port })
	o.ListenerPorts.ListenerPort = []int{}
	o.ListenerPortsAndProtocol.ListenerPortAndProtocol = []slb.ListenerPortAndProtocol{}
	o.ListenerPortsAndProtocal.ListenerPortAndProtocal = []slb.ListenerPortAndProtocal{}
	for _, l := range ls {
		o.ListenerPorts.ListenerPort = append(o.ListenerPorts.ListenerPort, l.Port)
		fp, _ := strconv.Atoi(l.Params["ForwardPort"])
		o.ListenerPortsAndProtocol.ListenerPortAndProtocol = append(o.ListenerPortsAndProtocol.ListenerPortAndProtocol,
			slb.ListenerPortAndProtocol{ListenerPort: l.Port, ListenerProtocol: l.Proto, ListenerForward: l.Params["ListenerForward"],
				ForwardPort: fp, Description: l.Params["Description"]})
		o.ListenerPortsAndProtocal.ListenerPortAndProtocal = append(o.ListenerPortsAndProtocal.ListenerPortAndProtocal,
			slb.ListenerPortAndProtocal{ListenerPort: l.Port, ListenerProtocal: l.Proto})
	}
	return o
}

// Describe is the cloud's view of one load balancer: the JSON the fake API answers to
// DescribeLoadBalancerAttribute and to DescribeLoadBalancerListeners for it (what
// `aliyun slb DescribeLoadBalancerAttribute --LoadBalancerId ...` prints).
func (f *FakeCLB) Describe(id string) (attribute, listeners json.RawMessage, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	a, aerr := f.handle("DescribeLoadBalancerAttribute", map[string]string{"LoadBalancerId": id})
	if aerr != nil {
		return nil, nil, aerr
	}
	l, aerr := f.handle("DescribeLoadBalancerListeners", map[string]string{"LoadBalancerId.1": id})
	if aerr != nil {
		return nil, nil, aerr
	}
	if attribute, err = json.Marshal(a); err != nil {
		return nil, nil, err
	}
	listeners, err = json.Marshal(l)
	return attribute, listeners, err
}

func (lb *fLB) tagsOut() []slb.Tag {
	t := []slb.Tag{}
	for _, kv := range lb.Tags {
		t = append(t, slb.Tag{TagKey: kv[0], TagValue: kv[1]})
	}
	return t
}

func (f *FakeCLB) handle(action string, p map[string]string) (any, *apiError) {
	switch action {
	case "CreateLoadBalancer":
		if a := p["Address"]; a != "" {
			for _, o := range f.lbs {
				if o.Attr["Address"] == a {
					return nil, badReq("InvalidParam.Address", "The specified Address is in use: "+a)
				}
			}
		}
		lb := f.createLB(p, "")
		return map[string]any{"LoadBalancerId": lb.ID, "Address": lb.Attr["Address"], "NetworkType": lb.Attr["NetworkType"],
			"VpcId": lb.Attr["VpcId"], "VSwitchId": lb.Attr["VSwitchId"], "LoadBalancerName": lb.Attr["LoadBalancerName"],
			"ResourceGroupId": lb.Attr["ResourceGroupId"], "AddressIPVersion": lb.Attr["AddressIPVersion"]}, nil

	case "DescribeLoadBalancers":
		var ids map[string]bool
		if s := p["LoadBalancerId"]; s != "" {
			ids = map[string]bool{}
			for _, id := range strings.Split(s, ",") {
				ids[id] = true
			}
		}
		var want []slb.Tag
		if s := p["Tags"]; s != "" {
			_ = json.Unmarshal([]byte(s), &want)
		}
		var out []slb.LoadBalancer
		for _, id := range f.order {
			lb, ok := f.lbs[id]
			if !ok || (ids != nil && !ids[id]) {
				continue
			}
			if n := p["LoadBalancerName"]; n != "" && lb.Attr["LoadBalancerName"] != n {
				continue
			}
			match := true
			for _, w := range want {
				found := false
				for _, kv := range lb.Tags {
					if kv[0] == w.TagKey && kv[1] == w.TagValue {
						found = true
					}
				}
				match = match && found
			}
			if !match {
				continue
			}
			var o slb.LoadBalancer
			setFields(&o, lb.Attr)
			o.Tags.Tag = lb.tagsOut()
			out = append(out, o)
		}
		return slb.DescribeLoadBalancersResponse{LoadBalancers: slb.LoadBalancers{LoadBalancer: out}, TotalCount: len(out)}, nil

	case "DescribeLoadBalancerAttribute":
		lb, err := f.lb(p["LoadBalancerId"])
		if err != nil {
			return nil, err
		}
		return lb.describeAttribute(), nil

	case "DeleteLoadBalancer":
		if _, err := f.lb(p["LoadBalancerId"]); err != nil {
			return nil, err
		}
		delete(f.lbs, p["LoadBalancerId"])
		return nil, nil

	case "SetLoadBalancerDeleteProtection", "SetLoadBalancerName", "ModifyLoadBalancerInstanceSpec",
		"ModifyLoadBalancerInternetSpec", "SetLoadBalancerModificationProtection", "ModifyLoadBalancerInstanceChargeType":
		lb, err := f.lb(p["LoadBalancerId"])
		if err != nil {
			return nil, err
		}
		for k, v := range p {
			if k != "LoadBalancerId" {
				lb.Attr[k] = v
			}
		}
		if action == "ModifyLoadBalancerInternetSpec" {
			lb.Attr["InternetChargeTypeAlias"] = lb.Attr["InternetChargeType"]
		}
		if action == "ModifyLoadBalancerInstanceChargeType" && strings.EqualFold(p["InstanceChargeType"], "PayByCLCU") {
			lb.Attr["LoadBalancerSpec"] = ""
		}
		return nil, nil

	case "TagResources":
		for _, id := range repeated(p, "ResourceId") {
			lb, err := f.lb(id)
			if err != nil {
				return nil, err
			}
			for _, kv := range repeatedKV(p, "Tag") {
				replaced := false
				for i := range lb.Tags {
					if lb.Tags[i][0] == kv[0] {
						lb.Tags[i][1] = kv[1]
						replaced = true
					}
				}
				if !replaced {
					lb.Tags = append(lb.Tags, kv)
				}
			}
		}
		return nil, nil

	case "UntagResources":
		keys := map[string]bool{}
		for _, k := range repeated(p, "TagKey") {
			keys[k] = true
		}
		for _, id := range repeated(p, "ResourceId") {
			lb, err := f.lb(id)
			if err != nil {
				return nil, err
			}
			var kept [][2]string
			for _, kv := range lb.Tags {
				if !keys[kv[0]] {
					kept = append(kept, kv)
				}
			}
			lb.Tags = kept
		}
		return nil, nil

	case "ListTagResources":
		var out []slb.TagResource
		for _, id := range repeated(p, "ResourceId") {
			lb, err := f.lb(id)
			if err != nil {
				return nil, err
			}
			for _, kv := range lb.Tags {
				out = append(out, slb.TagResource{TagKey: kv[0], TagValue: kv[1], ResourceId: id, ResourceType: "instance"})
			}
		}
		return slb.ListTagResourcesResponse{TagResources: slb.TagResources{TagResource: out}}, nil

	case "DescribeLoadBalancerListeners":
		out := []slb.ListenerInDescribeLoadBalancerListeners{}
		for _, id := range repeated(p, "LoadBalancerId") {
			lb, err := f.lb(id)
			if err != nil {
				return nil, err
			}
			ls := append([]*fListener(nil), lb.Listeners...)
			sort.Slice(ls, func(i, j int) bool { return ls[i].Port < ls[j].Port })
			for _, l := range ls {
				out = append(out, lb.describeListener(l))
			}
		}
		return slb.DescribeLoadBalancerListenersResponse{Listeners: out, TotalCount: len(out), RequestId: fakeRequestID}, nil

	case "CreateLoadBalancerTCPListener", "CreateLoadBalancerUDPListener", "CreateLoadBalancerHTTPListener", "CreateLoadBalancerHTTPSListener":
		lb, err := f.lb(p["LoadBalancerId"])
		if err != nil {
			return nil, err
		}
		port, _ := strconv.Atoi(p["ListenerPort"])
		proto := strings.ToLower(strings.TrimSuffix(strings.TrimPrefix(action, "CreateLoadBalancer"), "Listener"))
		for _, o := range lb.Listeners {
			// a UDP and a TCP-based listener may share a port; two TCP-based ones may not
			if o.Port == port && (o.Proto == "udp") == (proto == "udp") {
				return nil, badReq("ListenerAlreadyExists", fmt.Sprintf("The listener with port %d already exists (%s).", port, o.Proto))
			}
		}
		lp := map[string]string{}
		for k, v := range p {
			if k != "LoadBalancerId" {
				lp[k] = v
			}
		}
		fillListenerDefaults(proto, lp)
		lb.Listeners = append(lb.Listeners, &fListener{Port: port, Proto: proto, Params: lp, Status: "stopped"})
		return nil, nil

	case "SetLoadBalancerTCPListenerAttribute", "SetLoadBalancerUDPListenerAttribute", "SetLoadBalancerHTTPListenerAttribute", "SetLoadBalancerHTTPSListenerAttribute":
		lb, err := f.lb(p["LoadBalancerId"])
		if err != nil {
			return nil, err
		}
		port, _ := strconv.Atoi(p["ListenerPort"])
		proto := strings.ToLower(strings.TrimSuffix(strings.TrimPrefix(action, "SetLoadBalancer"), "ListenerAttribute"))
		l := lb.listenerProto(port, proto)
		if l == nil {
			return nil, notFound("InvalidParameter", fmt.Sprintf("The specified %s listener on port %d does not exist.", proto, port))
		}
		for k, v := range p {
			if k != "LoadBalancerId" && k != "VServerGroup" {
				setParam(l.Params, k, v)
			}
		}
		return nil, nil

	case "StartLoadBalancerListener", "StopLoadBalancerListener", "DeleteLoadBalancerListener":
		lb, err := f.lb(p["LoadBalancerId"])
		if err != nil {
			return nil, err
		}
		port, _ := strconv.Atoi(p["ListenerPort"])
		l := lb.listenerProto(port, p["ListenerProtocol"])
		if l == nil {
			return nil, notFound("InvalidParameter", fmt.Sprintf("The specified listener on port %d does not exist.", port))
		}
		switch action {
		case "StartLoadBalancerListener":
			l.Status = "running"
		case "StopLoadBalancerListener":
			l.Status = "stopped"
		default:
			var kept []*fListener
			for _, o := range lb.Listeners {
				if o != l {
					kept = append(kept, o)
				}
			}
			lb.Listeners = kept
		}
		return nil, nil

	case "DescribeVServerGroups":
		var out []slb.VServerGroup
		ids := make([]string, 0, len(f.vgs))
		for id := range f.vgs {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			vg := f.vgs[id]
			if vg.LB == p["LoadBalancerId"] {
				out = append(out, slb.VServerGroup{VServerGroupId: vg.ID, VServerGroupName: vg.Name})
			}
		}
		return slb.DescribeVServerGroupsResponse{VServerGroups: slb.VServerGroups{VServerGroup: out}}, nil

	case "CreateVServerGroup":
		if _, err := f.lb(p["LoadBalancerId"]); err != nil {
			return nil, err
		}
		f.n++
		id := fmt.Sprintf("rsp-fake%04d", f.n)
		f.vgs[id] = &fVG{ID: id, Name: p["VServerGroupName"], LB: p["LoadBalancerId"]}
		return map[string]any{"VServerGroupId": id}, nil

	case "DescribeVServerGroupAttribute":
		vg, ok := f.vgs[p["VServerGroupId"]]
		if !ok {
			return nil, notFound("InvalidParameter.VServerGroupId", "vserver group not found")
		}
		return map[string]any{"VServerGroupId": vg.ID, "VServerGroupName": vg.Name, "LoadBalancerId": vg.LB,
			"BackendServers": map[string]any{"BackendServer": vg.Backends}}, nil

	case "DeleteVServerGroup":
		delete(f.vgs, p["VServerGroupId"])
		return nil, nil

	case "AddVServerGroupBackendServers", "RemoveVServerGroupBackendServers", "SetVServerGroupAttribute", "ModifyVServerGroupBackendServers":
		vg, ok := f.vgs[p["VServerGroupId"]]
		if !ok {
			return nil, notFound("InvalidParameter.VServerGroupId", "vserver group not found")
		}
		// the CCM sends model.BackendAttribute JSON (serverId, weight, ...); the API answers
		// with ServerId, Weight, ...: store the API's spelling.
		apiKey := map[string]string{"serverid": "ServerId", "serverip": "ServerIp", "weight": "Weight",
			"port": "Port", "type": "Type", "description": "Description"}
		parse := func(s string) []map[string]any {
			var bs []map[string]any
			_ = json.Unmarshal([]byte(s), &bs)
			for i, b := range bs {
				nb := map[string]any{}
				for k, v := range b {
					if ak, ok := apiKey[strings.ToLower(k)]; ok {
						nb[ak] = v
					}
				}
				bs[i] = nb
			}
			return bs
		}
		key := func(b map[string]any) string { return fmt.Sprint(b["ServerId"], "/", b["Port"]) }
		apply := func(del, add []map[string]any) {
			d := map[string]bool{}
			for _, b := range del {
				d[key(b)] = true
			}
			var kept []map[string]any
			for _, b := range vg.Backends {
				if !d[key(b)] {
					kept = append(kept, b)
				}
			}
			vg.Backends = append(kept, add...)
		}
		switch action {
		case "AddVServerGroupBackendServers":
			apply(nil, parse(p["BackendServers"]))
		case "RemoveVServerGroupBackendServers":
			apply(parse(p["BackendServers"]), nil)
		case "SetVServerGroupAttribute":
			bs := parse(p["BackendServers"])
			apply(bs, bs)
		default:
			apply(parse(p["OldBackendServers"]), parse(p["NewBackendServers"]))
		}
		return nil, nil

	case "DescribeServerCertificates":
		id := p["ServerCertificateId"]
		if id == "" {
			return slb.DescribeServerCertificatesResponse{}, nil
		}
		return map[string]any{"ServerCertificates": map[string]any{"ServerCertificate": []map[string]any{{
			"ServerCertificateId": id, "CertificateId": id, "ExpireTimeStamp": int64(4102444800000), "CreateTimeStamp": int64(1700000000000),
		}}}}, nil

	case "DescribeDomainExtensions":
		port, _ := strconv.Atoi(p["ListenerPort"])
		var out []map[string]any
		ids := make([]string, 0)
		for id := range f.exts {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			e := f.exts[id]
			if e.LB == p["LoadBalancerId"] && e.Port == port {
				out = append(out, map[string]any{"DomainExtensionId": e.ID, "Domain": e.Domain, "ServerCertificateId": e.Cert})
			}
		}
		return map[string]any{"DomainExtensions": map[string]any{"DomainExtension": out}}, nil

	case "CreateDomainExtension":
		f.n++
		id := fmt.Sprintf("de-fake%04d", f.n)
		port, _ := strconv.Atoi(p["ListenerPort"])
		f.exts[id] = &fDomainExt{ID: id, LB: p["LoadBalancerId"], Port: port, Domain: p["Domain"], Cert: p["ServerCertificateId"]}
		return map[string]any{"DomainExtensionId": id, "ListenerPort": port}, nil

	case "DeleteDomainExtension":
		if _, ok := f.exts[p["DomainExtensionId"]]; !ok {
			return nil, notFound("InvalidParameter.DomainExtensionId", "domain extension not found: "+p["DomainExtensionId"])
		}
		delete(f.exts, p["DomainExtensionId"])
		return nil, nil

	case "SetDomainExtensionAttribute":
		e, ok := f.exts[p["DomainExtensionId"]]
		if !ok {
			return nil, notFound("InvalidParameter.DomainExtensionId", "domain extension not found: "+p["DomainExtensionId"])
		}
		e.Cert = p["ServerCertificateId"]
		return nil, nil
	}
	return nil, badReq("FakeCLB.UnsupportedAction", "the fake CLB API does not implement "+action)
}

// Snapshot is the fake cloud's state, for the output.
func (f *FakeCLB) Snapshot() []map[string]any {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []map[string]any
	for _, id := range f.order {
		lb, ok := f.lbs[id]
		if !ok {
			continue
		}
		var ls []map[string]any
		for _, l := range lb.Listeners {
			ls = append(ls, map[string]any{"port": l.Port, "protocol": l.Proto, "status": l.Status, "params": l.Params})
		}
		sort.Slice(ls, func(i, j int) bool { return ls[i]["port"].(int) < ls[j]["port"].(int) })
		tags := map[string]string{}
		for _, kv := range lb.Tags {
			tags[kv[0]] = kv[1]
		}
		out = append(out, map[string]any{"id": id, "attributes": lb.Attr, "tags": tags, "listeners": ls})
	}
	return out
}
