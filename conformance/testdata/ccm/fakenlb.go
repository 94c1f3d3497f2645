//go:build ccmconformance

package main

// fakenlb.go: a fake NLB (Network Load Balancer, API version 2022-04-30) OpenAPI endpoint. The
// CCM's real NLB provider (pkg/provider/alibaba/nlb.NLBProvider) and the real
// github.com/alibabacloud-go/nlb-20220430 client run unchanged; only the client's HTTP client is
// replaced (nlb.go hands this fake to openapi.Config.HttpClient), so every recorded call is the
// RPC action and the exact parameters the CCM would send to the NLB API, flattened the way the
// SDK puts them on the wire (ZoneMappings.1.ZoneId, Tag.1.Key, HealthCheckConfig.HealthCheckEnabled).
//
// This file uses nothing but the standard library (no SDK types: the answers are the API's JSON,
// with the field names of the NLB API reference), so it builds at every controller release;
// what is release-specific (the SDK client, the provider) is in nlb.go.
//
// State: load balancers (attributes, zone mappings, security groups, tags), listeners (with
// their additional certificates), server groups (with tags and servers) and the security groups
// the CCM creates through ECS for loadBalancerSourceRanges. Every asynchronous action answers a
// JobId, and GetJobStatus / ListAsynJobs answer Succeeded for every job. Values the CCM does not
// send are filled with the API's documented defaults (nlbDefaults, printed in the output's
// fakeCloudDefaults with an nlb. prefix; "assumed" marks the ones not checked against the API
// reference).

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// nlbDefaults are the values the fake NLB API fills in when the CCM does not send them.
var nlbDefaults = map[string]string{
	"AddressIpVersion":                    "ipv4",
	"CrossZoneEnabled":                    "true",
	"Ipv6AddressType":                     "Intranet for a DualStack NLB, absent for ipv4 (assumed)",
	"ResourceGroupId":                     "rg-default (assumed: the account's default resource group)",
	"LoadBalancerStatus":                  "Active at once (the real API is Provisioning for a while; the CCM would poll every 20 s)",
	"LoadBalancerBusinessStatus":          "Normal",
	"LoadBalancerType":                    "Network",
	"LoadBalancerBillingConfig.PayType":   "PostPay",
	"DeletionProtectionConfig.Enabled":    "false",
	"ModificationProtectionConfig":        "Status NonProtection",
	"DNSName":                             "<LoadBalancerId>.cn-hangzhou.nlb.aliyuncsslb.com",
	"ZoneMappings.LoadBalancerAddresses":  "one per zone: PrivateIPv4Address 192.168.<lb>.<zone> unless sent; Internet: PublicIPv4Address 47.101.<lb>.<zone>, AllocationId eip-fake<lb><zone> unless sent",
	"listener.ListenerStatus":             "Running (the real API is Configuring for a moment)",
	"listener.IdleTimeout":                "900",
	"listener.Cps":                        "0",
	"listener.Mss":                        "0",
	"listener.ProxyProtocolEnabled":       "false",
	"listener.SecSensorEnabled":           "false",
	"listener.AlpnEnabled":                "false (TCPSSL)",
	"listener.CaEnabled":                  "false (TCPSSL)",
	"listener.SecurityPolicyId":           "tls_cipher_policy_1_0 (TCPSSL)",
	"listener.ProxyProtocolV2Config":      "Ppv2PrivateLinkEpIdEnabled/Ppv2PrivateLinkEpsIdEnabled/Ppv2VpcIdEnabled false",
	"servergroup.ServerGroupType":         "Instance",
	"servergroup.AddressIPVersion":        "ipv4",
	"servergroup.Scheduler":               "Wrr",
	"servergroup.Protocol":                "TCP",
	"servergroup.ConnectionDrainEnabled":  "false",
	"servergroup.ConnectionDrainTimeout":  "10 (assumed)",
	"servergroup.PreserveClientIpEnabled": "false (assumed; the console turns it on for Instance groups)",
	"servergroup.AnyPortEnabled":          "false",
	"servergroup.ServerGroupStatus":       "Available",
	"servergroup.HealthCheck":             "HealthCheckEnabled true, HealthCheckType TCP, HealthCheckConnectPort 0, HealthyThreshold 2, UnhealthyThreshold 2, HealthCheckConnectTimeout 5, HealthCheckInterval 10, HttpCheckMethod GET, HealthCheckHttpCode [http_2xx] (assumed for the HTTP-only fields)",
	"server.Weight":                       "100",
	"certificate.Status":                  "Associated; the listener's CertificateIds[0] IsDefault",
	"jobs":                                "every JobId is Succeeded at once (GetJobStatus, ListAsynJobs)",
	"validation":                          "joining a security group twice or leaving one the NLB is not in is no error (assumed); CreateLoadBalancer needs VpcId, AddressType Internet|Intranet, AddressIpVersion ipv4|DualStack and at least two ZoneMappings; a TCPSSL listener needs CertificateIds; a port holds one TCP/TCPSSL and one UDP listener; a server group a listener uses cannot be deleted; an NLB with deletion protection cannot be deleted (error codes assumed)",
}

func init() {
	for k, v := range nlbDefaults {
		fakeDefaults["nlb."+k] = v
	}
}

type nZone struct {
	ZoneId, VSwitchId, PrivateIPv4, AllocationId, PublicIPv4 string
}

type nLB struct {
	ID, Name, AddressType, AddressIpVersion, Ipv6AddressType string
	VpcId, ResourceGroupId, BandwidthPackageId, DNSName      string
	CrossZone                                                bool
	DeletionProtection                                       bool
	DeletionReason, ModStatus, ModReason                     string
	Zones                                                    []nZone
	SecurityGroupIds                                         []string
	Tags                                                     [][2]string
	n                                                        int
}

type nListener struct {
	ID, LB, Protocol, Description, ServerGroupId, Status string
	SecurityPolicyId, AlpnPolicy                         string
	Port, StartPort, EndPort, IdleTimeout, Cps, Mss      int
	ProxyProtocol, CaEnabled, AlpnEnabled                bool
	PPv2                                                 map[string]bool
	Certs, CaCerts, AdditionalCerts                      []string
	Tags                                                 [][2]string
}

type nHC struct {
	Enabled                                            bool
	Type, Domain, Url, Method                          string
	ConnectPort, Healthy, Unhealthy, Timeout, Interval int
	HttpCodes                                          []string
}

type nServer struct {
	ServerId, ServerIp, ServerType, Description string
	Port, Weight                                int
}

type nSG struct {
	ID, Name, Type, Protocol, VpcId, Scheduler, AddressIPVersion string
	IpVersionAffinityMode, ResourceGroupId                       string
	AnyPort, ConnDrain, PreserveClientIp                         bool
	ConnDrainTimeout                                             int
	HC                                                           nHC
	Tags                                                         [][2]string
	Servers                                                      []nServer
}

// nECSSG is a security group the CCM created through ECS (for loadBalancerSourceRanges).
type nECSSG struct {
	ID, Name, Description string
	Tags                  [][2]string
}

// FakeNLB is the fake NLB API. Its Call method is the SDK's dara.HttpClient (see nlb.go).
type FakeNLB struct {
	mu        sync.Mutex
	n         int
	lbs       map[string]*nLB
	lbOrder   []string
	listeners map[string]*nListener
	lisOrder  []string
	sgs       map[string]*nSG
	sgOrder   []string
	ecsSGs    map[string]*nECSSG
	calls     []Call
	reads     []string
	record    bool
}

func NewFakeNLB() *FakeNLB {
	return &FakeNLB{lbs: map[string]*nLB{}, listeners: map[string]*nListener{}, sgs: map[string]*nSG{}, ecsSGs: map[string]*nECSSG{}}
}

// StartRecording clears the call log; from now on mutating calls are recorded with their
// parameters, read calls by name.
func (f *FakeNLB) StartRecording() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls, f.reads = nil, nil
	f.record = true
}

// Calls are the mutating calls since StartRecording, in the order the fake received them.
func (f *FakeNLB) Calls() []Call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Call(nil), f.calls...)
}

// Reads are the read actions since StartRecording (Get*, List*, Describe*), sorted, each once.
func (f *FakeNLB) Reads() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	seen := map[string]bool{}
	var out []string
	for _, r := range f.reads {
		if !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	sort.Strings(out)
	return out
}

func isNLBRead(action string) bool {
	for _, p := range []string{"Get", "List", "Describe"} {
		if strings.HasPrefix(action, p) {
			return true
		}
	}
	return false
}

// recordCall logs a call made outside the HTTP path (the ECS security group calls, nlb.go).
func (f *FakeNLB) recordCall(action string, params map[string]string, err error) {
	if !f.record {
		return
	}
	if isNLBRead(action) {
		f.reads = append(f.reads, action)
		return
	}
	c := Call{API: action, Params: params}
	if err != nil {
		c.Error = err.Error()
	}
	f.calls = append(f.calls, c)
}

var nlbCommonParams = map[string]bool{
	"Action": true, "Format": true, "Version": true, "AccessKeyId": true, "Signature": true,
	"SignatureMethod": true, "SignatureVersion": true, "SignatureNonce": true, "SignatureType": true,
	"Timestamp": true, "RegionId": true, "SecurityToken": true,
}

// Serve answers one HTTP request of the NLB SDK: the action's parameters are the query and the
// form body; the action is the Action parameter or the x-acs-action header.
func (f *FakeNLB) Serve(r *http.Request) (*http.Response, error) {
	params := requestParams(r)
	action := params["Action"]
	if action == "" { // ACS3 requests carry it in a header, set with its lower-case name
		for k, v := range r.Header {
			if strings.EqualFold(k, "x-acs-action") && len(v) > 0 {
				action = v[0]
			}
		}
	}
	clean := map[string]string{}
	for k, v := range params {
		if !nlbCommonParams[k] {
			clean[k] = v
		}
	}
	// the SDK sends empty paging tokens; they are not part of the call
	if clean["NextToken"] == "" {
		delete(clean, "NextToken")
	}
	// the CCM's ClientToken is a fresh UUID: recorded as sent, not by value
	if clean["ClientToken"] != "" {
		clean["ClientToken"] = "<uuid>"
	}

	f.mu.Lock()
	resp, aerr := f.handle(action, clean)
	if aerr != nil {
		f.recordCall(action, clean, aerr)
	} else {
		f.recordCall(action, clean, nil)
	}
	f.mu.Unlock()

	status := 200
	var body []byte
	if aerr != nil {
		status = aerr.status
		body, _ = json.Marshal(map[string]any{"Code": aerr.code, "Message": aerr.message, "RequestId": fakeRequestID, "HttpStatusCode": status})
	} else {
		if resp == nil {
			resp = map[string]any{}
		}
		resp["RequestId"] = fakeRequestID
		body, _ = json.Marshal(resp)
	}
	return &http.Response{
		StatusCode: status,
		Status:     fmt.Sprintf("%d %s", status, http.StatusText(status)),
		Header:     http.Header{"Content-Type": []string{"application/json;charset=utf-8"}},
		Body:       io.NopCloser(bytes.NewReader(body)),
		Request:    r,
	}, nil
}

// ---------- parameter helpers ----------

func pBool(p map[string]string, k string) (bool, bool) {
	v, ok := p[k]
	if !ok {
		return false, false
	}
	b, err := strconv.ParseBool(v)
	return b, err == nil
}

func pInt(p map[string]string, k string) (int, bool) {
	v, ok := p[k]
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(v)
	return n, err == nil
}

// pList is a repeated parameter: Name.1, Name.2, ...
func pList(p map[string]string, name string) []string {
	var out []string
	for i := 1; ; i++ {
		v, ok := p[fmt.Sprintf("%s.%d", name, i)]
		if !ok {
			return out
		}
		out = append(out, v)
	}
}

// pStructs is a repeated struct parameter: Name.1.Field, ... (one map per element).
func pStructs(p map[string]string, name string) []map[string]string {
	var out []map[string]string
	for i := 1; ; i++ {
		prefix := fmt.Sprintf("%s.%d.", name, i)
		m := map[string]string{}
		for k, v := range p {
			if strings.HasPrefix(k, prefix) {
				m[strings.TrimPrefix(k, prefix)] = v
			}
		}
		if len(m) == 0 {
			return out
		}
		out = append(out, m)
	}
}

// pStruct is a struct parameter, flattened (Name.Field) or as JSON (a "shrink" request).
func pStruct(p map[string]string, name string) map[string]string {
	m := map[string]string{}
	if s, ok := p[name]; ok {
		var j map[string]any
		if json.Unmarshal([]byte(s), &j) == nil {
			for k, v := range j {
				m[k] = fmt.Sprint(v)
			}
		}
	}
	for k, v := range p {
		if strings.HasPrefix(k, name+".") {
			m[strings.TrimPrefix(k, name+".")] = v
		}
	}
	return m
}

func pTags(p map[string]string) [][2]string {
	var out [][2]string
	for _, t := range pStructs(p, "Tag") {
		out = append(out, [2]string{t["Key"], t["Value"]})
	}
	return out
}

func hasTags(have [][2]string, want [][2]string) bool {
	for _, w := range want {
		found := false
		for _, h := range have {
			if h[0] == w[0] && (w[1] == "" || h[1] == w[1]) {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func setTags(have [][2]string, add [][2]string) [][2]string {
	for _, kv := range add {
		replaced := false
		for i := range have {
			if have[i][0] == kv[0] {
				have[i][1] = kv[1]
				replaced = true
			}
		}
		if !replaced {
			have = append(have, kv)
		}
	}
	return have
}

func inList(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (f *FakeNLB) newID(prefix string) string {
	f.n++
	return fmt.Sprintf("%s-fake%04d", prefix, f.n)
}

func (f *FakeNLB) job() map[string]any {
	f.n++
	return map[string]any{"JobId": fmt.Sprintf("job-fake%04d", f.n)}
}

func canonical(v string, values ...string) (string, bool) {
	for _, c := range values {
		if strings.EqualFold(v, c) {
			return c, true
		}
	}
	return v, false
}

// ---------- load balancers ----------

func (f *FakeNLB) lb(id string) (*nLB, *apiError) {
	lb, ok := f.lbs[id]
	if !ok {
		return nil, notFound("ResourceNotFound.loadBalancer", "The specified resource "+id+" is not found.")
	}
	return lb, nil
}

func (lb *nLB) setZones(zms []map[string]string) {
	var zones []nZone
	for i, z := range zms {
		nz := nZone{ZoneId: z["ZoneId"], VSwitchId: z["VSwitchId"], PrivateIPv4: z["PrivateIPv4Address"], AllocationId: z["AllocationId"]}
		if nz.PrivateIPv4 == "" {
			nz.PrivateIPv4 = fmt.Sprintf("192.168.%d.%d", lb.n, i+10)
		}
		zones = append(zones, nz)
	}
	lb.Zones = zones
	lb.fillPublic()
}

// fillPublic gives an Internet NLB's zones a public address (an EIP) and takes it from an
// Intranet one.
func (lb *nLB) fillPublic() {
	for i := range lb.Zones {
		z := &lb.Zones[i]
		if lb.AddressType == "Internet" {
			if z.AllocationId == "" {
				z.AllocationId = fmt.Sprintf("eip-fake%02d%02d", lb.n, i+1)
			}
			z.PublicIPv4 = fmt.Sprintf("47.101.%d.%d", lb.n, i+1)
		} else {
			z.AllocationId, z.PublicIPv4 = "", ""
		}
	}
}

func (f *FakeNLB) createLB(p map[string]string, id string) (*nLB, *apiError) {
	at, ok := canonical(p["AddressType"], "Internet", "Intranet")
	if !ok {
		return nil, badReq("IllegalParam.AddressType", "The param AddressType is illegal: "+p["AddressType"])
	}
	ipv := p["AddressIpVersion"]
	if ipv == "" {
		ipv = "ipv4"
	}
	if ipv, ok = canonical(ipv, "ipv4", "DualStack"); !ok {
		return nil, badReq("IllegalParam.AddressIpVersion", "The param AddressIpVersion is illegal: "+p["AddressIpVersion"])
	}
	if p["VpcId"] == "" {
		return nil, badReq("MissingParam.VpcId", "The param VpcId is missing.")
	}
	zms := pStructs(p, "ZoneMappings")
	if len(zms) < 2 {
		return nil, badReq("IllegalParam.ZoneMappings", "At least two zones are required in ZoneMappings.")
	}
	f.n++
	if id == "" {
		id = fmt.Sprintf("nlb-fake%04d", f.n)
	}
	lb := &nLB{ID: id, AddressType: at, AddressIpVersion: ipv, VpcId: p["VpcId"], Name: p["LoadBalancerName"],
		ResourceGroupId: p["ResourceGroupId"], BandwidthPackageId: p["BandwidthPackageId"], CrossZone: true,
		ModStatus: "NonProtection", n: len(f.lbs) + 1, Tags: pTags(p)}
	if lb.ResourceGroupId == "" {
		lb.ResourceGroupId = "rg-default"
	}
	if ipv == "DualStack" {
		lb.Ipv6AddressType = "Intranet"
	}
	lb.DNSName = id + ".cn-hangzhou.nlb.aliyuncsslb.com"
	if b, ok := pBool(p, "DeletionProtectionConfig.Enabled"); ok {
		lb.DeletionProtection = b
		lb.DeletionReason = p["DeletionProtectionConfig.Reason"]
	}
	if s := p["ModificationProtectionConfig.Status"]; s != "" {
		lb.ModStatus, lb.ModReason = s, p["ModificationProtectionConfig.Reason"]
	}
	lb.setZones(zms)
	f.lbs[id] = lb
	f.lbOrder = append(f.lbOrder, id)
	return lb, nil
}

// attribute is the GetLoadBalancerAttribute answer for lb (tagKey/tagValue name the tag fields:
// TagKey/TagValue there, Key/Value in ListLoadBalancers).
func (lb *nLB) attribute(tagKey, tagValue string) map[string]any {
	zones := []any{}
	for _, z := range lb.Zones {
		addr := map[string]any{"PrivateIPv4Address": z.PrivateIPv4, "EniId": "eni-fake-" + z.ZoneId, "PrivateIPv4HcStatus": "Healthy"}
		if z.AllocationId != "" {
			addr["AllocationId"] = z.AllocationId
		}
		if z.PublicIPv4 != "" {
			addr["PublicIPv4Address"] = z.PublicIPv4
		}
		zones = append(zones, map[string]any{"ZoneId": z.ZoneId, "VSwitchId": z.VSwitchId, "Status": "Active",
			"LoadBalancerAddresses": []any{addr}})
	}
	tags := []any{}
	for _, t := range lb.Tags {
		tags = append(tags, map[string]any{tagKey: t[0], tagValue: t[1]})
	}
	sgs := append([]string{}, lb.SecurityGroupIds...)
	del := map[string]any{"Enabled": lb.DeletionProtection}
	if lb.DeletionProtection {
		del["Reason"] = lb.DeletionReason
		del["EnabledTime"] = "2024-01-01T00:00:00Z"
	}
	mod := map[string]any{"Status": lb.ModStatus}
	if lb.ModStatus == "ConsoleProtection" {
		mod["Reason"] = lb.ModReason
		mod["EnabledTime"] = "2024-01-01T00:00:00Z"
	}
	out := map[string]any{
		"LoadBalancerId": lb.ID, "LoadBalancerName": lb.Name, "LoadBalancerStatus": "Active",
		"LoadBalancerBusinessStatus": "Normal", "LoadBalancerType": "Network", "RegionId": region,
		"AddressType": lb.AddressType, "AddressIpVersion": lb.AddressIpVersion, "VpcId": lb.VpcId,
		"DNSName": lb.DNSName, "CrossZoneEnabled": lb.CrossZone, "ResourceGroupId": lb.ResourceGroupId,
		"CreateTime": "2024-01-01T00:00:00Z", "ZoneMappings": zones, "SecurityGroupIds": sgs, "Tags": tags,
		"LoadBalancerBillingConfig":    map[string]any{"PayType": "PostPay"},
		"DeletionProtectionConfig":     del,
		"ModificationProtectionConfig": mod,
		"OperationLocks":               []any{},
	}
	if lb.Ipv6AddressType != "" {
		out["Ipv6AddressType"] = lb.Ipv6AddressType
	}
	if lb.BandwidthPackageId != "" {
		out["BandwidthPackageId"] = lb.BandwidthPackageId
	}
	return out
}

// ---------- listeners ----------

func (f *FakeNLB) listener(id string) (*nListener, *apiError) {
	l, ok := f.listeners[id]
	if !ok {
		return nil, notFound("ResourceNotFound.listener", "The specified resource "+id+" is not found.")
	}
	return l, nil
}

func tcpFamily(proto string) bool { return proto != "UDP" }

// setListener applies the listener attributes present in p.
func (l *nListener) set(p map[string]string) {
	if v, ok := p["ListenerDescription"]; ok {
		l.Description = v
	}
	if v, ok := p["ServerGroupId"]; ok {
		l.ServerGroupId = v
	}
	if n, ok := pInt(p, "IdleTimeout"); ok {
		l.IdleTimeout = n
	}
	if n, ok := pInt(p, "Cps"); ok {
		l.Cps = n
	}
	if n, ok := pInt(p, "Mss"); ok {
		l.Mss = n
	}
	if b, ok := pBool(p, "ProxyProtocolEnabled"); ok {
		l.ProxyProtocol = b
	}
	for k, v := range pStruct(p, "ProxyProtocolV2Config") {
		if b, err := strconv.ParseBool(v); err == nil {
			l.PPv2[k] = b
		}
	}
	if v, ok := p["SecurityPolicyId"]; ok {
		l.SecurityPolicyId = v
	}
	if c := pList(p, "CertificateIds"); c != nil {
		l.Certs = c
	}
	if c := pList(p, "CaCertificateIds"); c != nil {
		l.CaCerts = c
	}
	if b, ok := pBool(p, "CaEnabled"); ok {
		l.CaEnabled = b
	}
	if b, ok := pBool(p, "AlpnEnabled"); ok {
		l.AlpnEnabled = b
	}
	if v, ok := p["AlpnPolicy"]; ok {
		l.AlpnPolicy = v
	}
}

func (l *nListener) answer() map[string]any {
	out := map[string]any{
		"ListenerId": l.ID, "LoadBalancerId": l.LB, "ListenerProtocol": l.Protocol, "ListenerPort": l.Port,
		"ListenerDescription": l.Description, "ServerGroupId": l.ServerGroupId, "ListenerStatus": l.Status,
		"IdleTimeout": l.IdleTimeout, "Cps": l.Cps, "Mss": l.Mss, "ProxyProtocolEnabled": l.ProxyProtocol,
		"SecSensorEnabled": false, "RegionId": region,
		"ProxyProtocolV2Config": map[string]any{"Ppv2PrivateLinkEpIdEnabled": l.PPv2["Ppv2PrivateLinkEpIdEnabled"],
			"Ppv2PrivateLinkEpsIdEnabled": l.PPv2["Ppv2PrivateLinkEpsIdEnabled"], "Ppv2VpcIdEnabled": l.PPv2["Ppv2VpcIdEnabled"]},
		"Tags": []any{},
	}
	if l.StartPort != 0 {
		out["StartPort"] = strconv.Itoa(l.StartPort)
		out["EndPort"] = strconv.Itoa(l.EndPort)
	}
	if l.Protocol == "TCPSSL" {
		out["CertificateIds"] = append([]string{}, l.Certs...)
		out["CaCertificateIds"] = append([]string{}, l.CaCerts...)
		out["CaEnabled"] = l.CaEnabled
		out["SecurityPolicyId"] = l.SecurityPolicyId
		out["AlpnEnabled"] = l.AlpnEnabled
		if l.AlpnEnabled {
			out["AlpnPolicy"] = l.AlpnPolicy
		}
	}
	return out
}

// ---------- server groups ----------

func (f *FakeNLB) sg(id string) (*nSG, *apiError) {
	sg, ok := f.sgs[id]
	if !ok {
		return nil, notFound("ResourceNotFound.serverGroup", "The specified resource "+id+" is not found.")
	}
	return sg, nil
}

func (sg *nSG) set(p map[string]string) {
	if v, ok := p["ServerGroupName"]; ok {
		sg.Name = v
	}
	if v := p["Scheduler"]; v != "" {
		sg.Scheduler, _ = canonical(v, "Wrr", "Rr", "Sch", "Tch", "Qch", "Wlc")
	}
	if b, ok := pBool(p, "ConnectionDrainEnabled"); ok {
		sg.ConnDrain = b
	}
	if n, ok := pInt(p, "ConnectionDrainTimeout"); ok {
		sg.ConnDrainTimeout = n
	}
	if b, ok := pBool(p, "PreserveClientIpEnabled"); ok {
		sg.PreserveClientIp = b
	}
	if v := p["IpVersionAffinityMode"]; v != "" {
		sg.IpVersionAffinityMode = v
	}
	hc := pStruct(p, "HealthCheckConfig")
	if v, ok := hc["HealthCheckEnabled"]; ok {
		sg.HC.Enabled, _ = strconv.ParseBool(v)
	}
	if v := hc["HealthCheckType"]; v != "" {
		sg.HC.Type, _ = canonical(v, "TCP", "HTTP", "UDP")
	}
	for k, dst := range map[string]*int{"HealthCheckConnectPort": &sg.HC.ConnectPort, "HealthyThreshold": &sg.HC.Healthy,
		"UnhealthyThreshold": &sg.HC.Unhealthy, "HealthCheckConnectTimeout": &sg.HC.Timeout, "HealthCheckInterval": &sg.HC.Interval} {
		if n, err := strconv.Atoi(hc[k]); err == nil {
			*dst = n
		}
	}
	if v, ok := hc["HealthCheckDomain"]; ok {
		sg.HC.Domain = v
	}
	if v, ok := hc["HealthCheckUrl"]; ok {
		sg.HC.Url = v
	}
	if v := hc["HttpCheckMethod"]; v != "" {
		sg.HC.Method, _ = canonical(v, "GET", "HEAD")
	}
	if codes := pList(hc, "HealthCheckHttpCode"); codes != nil {
		sg.HC.HttpCodes = codes
	}
}

func (sg *nSG) answer(f *FakeNLB) map[string]any {
	tags := []any{}
	for _, t := range sg.Tags {
		tags = append(tags, map[string]any{"Key": t[0], "Value": t[1]})
	}
	related := []string{}
	for _, id := range f.lisOrder {
		if l, ok := f.listeners[id]; ok && l.ServerGroupId == sg.ID && !inList(related, l.LB) {
			related = append(related, l.LB)
		}
	}
	out := map[string]any{
		"ServerGroupId": sg.ID, "ServerGroupName": sg.Name, "ServerGroupType": sg.Type, "Protocol": sg.Protocol,
		"VpcId": sg.VpcId, "Scheduler": sg.Scheduler, "AddressIPVersion": sg.AddressIPVersion,
		"ResourceGroupId": sg.ResourceGroupId, "AnyPortEnabled": sg.AnyPort, "ConnectionDrainEnabled": sg.ConnDrain,
		"ConnectionDrainTimeout": sg.ConnDrainTimeout, "PreserveClientIpEnabled": sg.PreserveClientIp,
		"ServerCount": len(sg.Servers), "ServerGroupStatus": "Available", "RegionId": region, "AliUid": 1234567890,
		"RelatedLoadBalancerIds": related, "Tags": tags,
		"HealthCheck": map[string]any{"HealthCheckEnabled": sg.HC.Enabled, "HealthCheckType": sg.HC.Type,
			"HealthCheckConnectPort": sg.HC.ConnectPort, "HealthyThreshold": sg.HC.Healthy, "UnhealthyThreshold": sg.HC.Unhealthy,
			"HealthCheckConnectTimeout": sg.HC.Timeout, "HealthCheckInterval": sg.HC.Interval, "HealthCheckDomain": sg.HC.Domain,
			"HealthCheckUrl": sg.HC.Url, "HttpCheckMethod": sg.HC.Method, "HealthCheckHttpCode": append([]string{}, sg.HC.HttpCodes...)},
	}
	if sg.IpVersionAffinityMode != "" {
		out["IpVersionAffinityMode"] = sg.IpVersionAffinityMode
	}
	return out
}

func serverKey(s map[string]string) string {
	return s["ServerId"] + "|" + s["ServerIp"] + "|" + s["Port"]
}

func (s nServer) key() string { return fmt.Sprintf("%s|%s|%d", s.ServerId, s.ServerIp, s.Port) }

// ---------- seeds and views ----------

// AddExisting seeds an NLB that exists before the CCM runs (reuse with the id annotation).
// attrs use the API's field names (AddressType, AddressIpVersion, LoadBalancerName, VpcId,
// CrossZoneEnabled, ResourceGroupId, Ipv6AddressType, BandwidthPackageId); defaults as for
// CreateLoadBalancer (AddressType Internet, VpcId the cluster's).
func (f *FakeNLB) AddExisting(s SeedLB) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	p := map[string]string{"AddressType": "Internet", "VpcId": fakeVPC}
	for k, v := range s.Attributes {
		p[k] = v
	}
	zones := s.ZoneMappings
	if len(zones) == 0 {
		zones = []SeedZone{{"cn-hangzhou-k", "vsw-k1"}, {"cn-hangzhou-j", "vsw-j1"}}
	}
	for i, z := range zones {
		p[fmt.Sprintf("ZoneMappings.%d.ZoneId", i+1)] = z.ZoneId
		p[fmt.Sprintf("ZoneMappings.%d.VSwitchId", i+1)] = z.VSwitchId
	}
	lb, aerr := f.createLB(p, s.ID)
	if aerr != nil {
		return aerr
	}
	if b, ok := pBool(p, "CrossZoneEnabled"); ok {
		lb.CrossZone = b
	}
	if v := p["Ipv6AddressType"]; v != "" {
		lb.Ipv6AddressType = v
	}
	lb.SecurityGroupIds = append(lb.SecurityGroupIds, s.SecurityGroupIds...)
	for k, v := range s.Tags {
		lb.Tags = append(lb.Tags, [2]string{k, v})
	}
	sort.Slice(lb.Tags, func(i, j int) bool { return lb.Tags[i][0] < lb.Tags[j][0] })
	for _, g := range s.VServerGroups {
		proto := g.Protocol
		if proto == "" {
			proto = "TCP"
		}
		if _, aerr := f.handle("CreateServerGroup", map[string]string{"ServerGroupName": g.Name, "VpcId": lb.VpcId,
			"Protocol": proto, "x-id": g.ID}); aerr != nil {
			return aerr
		}
	}
	for _, l := range s.Listeners {
		lp := map[string]string{"LoadBalancerId": lb.ID, "ListenerProtocol": strings.ToUpper(l.Protocol),
			"ListenerPort": strconv.Itoa(l.Port), "ListenerDescription": l.Description}
		for k, v := range l.Params {
			lp[k] = v
		}
		if _, aerr := f.handle("CreateListener", lp); aerr != nil {
			return aerr
		}
	}
	return nil
}

// Drift changes attributes of every NLB behind the CCM's back (a console edit): AddressType,
// LoadBalancerName, CrossZoneEnabled.
func (f *FakeNLB) Drift(attrs map[string]string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, lb := range f.lbs {
		if v, ok := attrs["AddressType"]; ok {
			lb.AddressType = v
			lb.fillPublic()
		}
		if v, ok := attrs["LoadBalancerName"]; ok {
			lb.Name = v
		}
		if b, ok := pBool(attrs, "CrossZoneEnabled"); ok {
			lb.CrossZone = b
		}
	}
}

// Describe is the cloud's view of one NLB: the JSON the fake API answers to
// GetLoadBalancerAttribute and to ListListeners for it.
func (f *FakeNLB) Describe(id string) (attribute, listeners json.RawMessage, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	a, aerr := f.handle("GetLoadBalancerAttribute", map[string]string{"LoadBalancerId": id})
	if aerr != nil {
		return nil, nil, aerr
	}
	l, aerr := f.handle("ListListeners", map[string]string{"LoadBalancerIds.1": id})
	if aerr != nil {
		return nil, nil, aerr
	}
	a["RequestId"], l["RequestId"] = fakeRequestID, fakeRequestID
	if attribute, err = json.Marshal(a); err != nil {
		return nil, nil, err
	}
	listeners, err = json.Marshal(l)
	return attribute, listeners, err
}

// Snapshot is the fake cloud's state, for the output: each NLB's attribute answer with its
// listeners and the server groups with their servers.
func (f *FakeNLB) Snapshot() []map[string]any {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []map[string]any
	for _, id := range f.lbOrder {
		lb, ok := f.lbs[id]
		if !ok {
			continue
		}
		ls, _ := f.handle("ListListeners", map[string]string{"LoadBalancerIds.1": id})
		out = append(out, map[string]any{"id": id, "attributes": lb.attribute("TagKey", "TagValue"), "listeners": ls["Listeners"]})
	}
	for _, id := range f.sgOrder {
		sg, ok := f.sgs[id]
		if !ok {
			continue
		}
		a := sg.answer(f)
		servers := []any{}
		for _, s := range sg.Servers {
			servers = append(servers, s.answer(sg.ID))
		}
		a["Servers"] = servers
		out = append(out, map[string]any{"id": id, "serverGroup": a})
	}
	return out
}

func (s nServer) answer(sgID string) map[string]any {
	out := map[string]any{"ServerGroupId": sgID, "ServerId": s.ServerId, "ServerType": s.ServerType, "Port": s.Port,
		"Weight": s.Weight, "Description": s.Description, "Status": "Available", "ZoneId": "cn-hangzhou-k"}
	if s.ServerIp != "" {
		out["ServerIp"] = s.ServerIp
	}
	return out
}

// ---------- ECS security groups (loadBalancerSourceRanges), called from nlb.go ----------

func (f *FakeNLB) ecsCreateSG(name, desc string, tags [][2]string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	id := f.newID("sg")
	f.ecsSGs[id] = &nECSSG{ID: id, Name: name, Description: desc, Tags: tags}
	p := map[string]string{"SecurityGroupName": name, "Description": desc}
	for i, t := range tags {
		p[fmt.Sprintf("Tag.%d.Key", i+1)], p[fmt.Sprintf("Tag.%d.Value", i+1)] = t[0], t[1]
	}
	f.recordCall("CreateSecurityGroup", p, nil)
	return id
}

func (f *FakeNLB) ecsFindSGs(tags [][2]string) []nECSSG {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.recordCall("DescribeSecurityGroups", nil, nil)
	var ids []string
	for id, sg := range f.ecsSGs {
		if hasTags(sg.Tags, tags) {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	var out []nECSSG
	for _, id := range ids {
		out = append(out, *f.ecsSGs[id])
	}
	return out
}

func (f *FakeNLB) ecsSG(id string) (nECSSG, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.recordCall("DescribeSecurityGroupAttribute", nil, nil)
	sg, ok := f.ecsSGs[id]
	if !ok {
		return nECSSG{}, false
	}
	return *sg, true
}

func (f *FakeNLB) ecsCall(action string, p map[string]string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if action == "DeleteSecurityGroup" {
		delete(f.ecsSGs, p["SecurityGroupId"])
	}
	f.recordCall(action, p, nil)
}

// ---------- the API ----------

func (f *FakeNLB) handle(action string, p map[string]string) (map[string]any, *apiError) {
	switch action {
	// load balancers
	case "CreateLoadBalancer":
		lb, aerr := f.createLB(p, "")
		if aerr != nil {
			return nil, aerr
		}
		out := f.job()
		out["LoadbalancerId"] = lb.ID
		out["OrderId"] = 0
		return out, nil

	case "GetLoadBalancerAttribute":
		lb, aerr := f.lb(p["LoadBalancerId"])
		if aerr != nil {
			return nil, aerr
		}
		return lb.attribute("TagKey", "TagValue"), nil

	case "ListLoadBalancers":
		ids, names, tags := pList(p, "LoadBalancerIds"), pList(p, "LoadBalancerNames"), pTags(p)
		out := []any{}
		for _, id := range f.lbOrder {
			lb, ok := f.lbs[id]
			if !ok || (ids != nil && !inList(ids, id)) || (names != nil && !inList(names, lb.Name)) || !hasTags(lb.Tags, tags) {
				continue
			}
			if v := p["AddressType"]; v != "" && !strings.EqualFold(v, lb.AddressType) {
				continue
			}
			if v := p["VpcIds.1"]; v != "" && v != lb.VpcId {
				continue
			}
			out = append(out, lb.attribute("Key", "Value"))
		}
		return map[string]any{"LoadBalancers": out, "TotalCount": len(out), "MaxResults": 100}, nil

	case "DeleteLoadBalancer":
		lb, aerr := f.lb(p["LoadBalancerId"])
		if aerr != nil {
			return nil, aerr
		}
		if lb.DeletionProtection {
			return nil, badReq("OperationDenied.DeletionProtectionEnabled", "The NLB "+lb.ID+" has deletion protection enabled.")
		}
		for _, id := range f.lisOrder {
			if l, ok := f.listeners[id]; ok && l.LB == lb.ID {
				delete(f.listeners, id)
			}
		}
		delete(f.lbs, lb.ID)
		return f.job(), nil

	case "UpdateLoadBalancerAttribute":
		lb, aerr := f.lb(p["LoadBalancerId"])
		if aerr != nil {
			return nil, aerr
		}
		if v, ok := p["LoadBalancerName"]; ok {
			lb.Name = v
		}
		if b, ok := pBool(p, "CrossZoneEnabled"); ok {
			lb.CrossZone = b
		}
		return f.job(), nil

	case "UpdateLoadBalancerAddressTypeConfig":
		lb, aerr := f.lb(p["LoadBalancerId"])
		if aerr != nil {
			return nil, aerr
		}
		at, ok := canonical(p["AddressType"], "Internet", "Intranet")
		if !ok {
			return nil, badReq("IllegalParam.AddressType", "The param AddressType is illegal: "+p["AddressType"])
		}
		if at == lb.AddressType {
			return nil, badReq("IncorrectStatus.loadBalancer", "The NLB is already "+at+".")
		}
		lb.AddressType = at
		for i, z := range pStructs(p, "ZoneMappings") {
			if i < len(lb.Zones) && z["AllocationId"] != "" {
				lb.Zones[i].AllocationId = z["AllocationId"]
			}
		}
		lb.fillPublic()
		return f.job(), nil

	case "UpdateLoadBalancerZones":
		lb, aerr := f.lb(p["LoadBalancerId"])
		if aerr != nil {
			return nil, aerr
		}
		zms := pStructs(p, "ZoneMappings")
		if len(zms) < 2 {
			return nil, badReq("IllegalParam.ZoneMappings", "At least two zones are required in ZoneMappings.")
		}
		lb.setZones(zms)
		return f.job(), nil

	case "LoadBalancerJoinSecurityGroup", "LoadBalancerLeaveSecurityGroup":
		lb, aerr := f.lb(p["LoadBalancerId"])
		if aerr != nil {
			return nil, aerr
		}
		ids := pList(p, "SecurityGroupIds")
		if action == "LoadBalancerJoinSecurityGroup" {
			// joining a group the NLB is in already is no error (assumed)
			for _, id := range ids {
				if !inList(lb.SecurityGroupIds, id) {
					lb.SecurityGroupIds = append(lb.SecurityGroupIds, id)
				}
			}
		} else {
			var kept []string
			for _, id := range lb.SecurityGroupIds {
				if !inList(ids, id) {
					kept = append(kept, id)
				}
			}
			lb.SecurityGroupIds = kept
		}
		return f.job(), nil

	case "UpdateLoadBalancerProtection":
		lb, aerr := f.lb(p["LoadBalancerId"])
		if aerr != nil {
			return nil, aerr
		}
		if b, ok := pBool(p, "DeletionProtectionEnabled"); ok {
			lb.DeletionProtection = b
			lb.DeletionReason = p["DeletionProtectionReason"]
		}
		if s := p["ModificationProtectionStatus"]; s != "" {
			lb.ModStatus, lb.ModReason = s, p["ModificationProtectionReason"]
		}
		return nil, nil

	case "EnableLoadBalancerIpv6Internet", "DisableLoadBalancerIpv6Internet":
		lb, aerr := f.lb(p["LoadBalancerId"])
		if aerr != nil {
			return nil, aerr
		}
		if lb.AddressIpVersion != "DualStack" {
			return nil, badReq("IncorrectStatus.loadBalancer", "The NLB "+lb.ID+" is not DualStack.")
		}
		if action == "EnableLoadBalancerIpv6Internet" {
			lb.Ipv6AddressType = "Internet"
		} else {
			lb.Ipv6AddressType = "Intranet"
		}
		return nil, nil

	case "AttachCommonBandwidthPackageToLoadBalancer", "DetachCommonBandwidthPackageFromLoadBalancer":
		lb, aerr := f.lb(p["LoadBalancerId"])
		if aerr != nil {
			return nil, aerr
		}
		if action == "AttachCommonBandwidthPackageToLoadBalancer" {
			lb.BandwidthPackageId = p["BandwidthPackageId"]
		} else {
			lb.BandwidthPackageId = ""
		}
		return f.job(), nil

	// tags
	case "TagResources", "UntagResources", "ListTagResources":
		var out []any
		for _, id := range pList(p, "ResourceId") {
			var tags *[][2]string
			switch strings.ToLower(p["ResourceType"]) {
			case "loadbalancer":
				lb, aerr := f.lb(id)
				if aerr != nil {
					return nil, aerr
				}
				tags = &lb.Tags
			case "servergroup":
				sg, aerr := f.sg(id)
				if aerr != nil {
					return nil, aerr
				}
				tags = &sg.Tags
			case "listener":
				l, aerr := f.listener(id)
				if aerr != nil {
					return nil, aerr
				}
				tags = &l.Tags
			default:
				return nil, badReq("IllegalParam.ResourceType", "The param ResourceType is illegal: "+p["ResourceType"])
			}
			switch action {
			case "TagResources":
				*tags = setTags(*tags, pTags(p))
			case "UntagResources":
				keys := pList(p, "TagKey")
				all, _ := pBool(p, "All")
				var kept [][2]string
				for _, kv := range *tags {
					if !all && !inList(keys, kv[0]) {
						kept = append(kept, kv)
					}
				}
				*tags = kept
			default:
				for _, kv := range *tags {
					out = append(out, map[string]any{"ResourceId": id, "ResourceType": p["ResourceType"], "TagKey": kv[0], "TagValue": kv[1]})
				}
			}
		}
		if action == "ListTagResources" {
			if out == nil {
				out = []any{}
			}
			return map[string]any{"TagResources": out, "MaxResults": 20}, nil
		}
		return nil, nil

	// listeners
	case "CreateListener":
		lb, aerr := f.lb(p["LoadBalancerId"])
		if aerr != nil {
			return nil, aerr
		}
		proto, ok := canonical(p["ListenerProtocol"], "TCP", "UDP", "TCPSSL")
		if !ok {
			return nil, badReq("IllegalParam.ListenerProtocol", "The param ListenerProtocol is illegal: "+p["ListenerProtocol"])
		}
		port, _ := pInt(p, "ListenerPort")
		start, _ := pInt(p, "StartPort")
		end, _ := pInt(p, "EndPort")
		for _, id := range f.lisOrder {
			o, ok := f.listeners[id]
			if !ok || o.LB != lb.ID || tcpFamily(o.Protocol) != tcpFamily(proto) {
				continue
			}
			if (port != 0 && o.Port == port) || (port == 0 && o.StartPort == start && o.EndPort == end) {
				return nil, badReq("Conflict.Port", fmt.Sprintf("The port %d is used by listener %s (%s).", port, o.ID, o.Protocol))
			}
		}
		if p["ServerGroupId"] == "" {
			return nil, badReq("MissingParam.ServerGroupId", "The param ServerGroupId is missing.")
		}
		if _, aerr := f.sg(p["ServerGroupId"]); aerr != nil {
			return nil, aerr
		}
		if proto == "TCPSSL" && len(pList(p, "CertificateIds")) == 0 {
			return nil, badReq("MissingParam.CertificateIds", "A TCPSSL listener needs CertificateIds.")
		}
		l := &nListener{ID: f.newID("lsn"), LB: lb.ID, Protocol: proto, Port: port, StartPort: start, EndPort: end,
			Status: "Running", IdleTimeout: 900, PPv2: map[string]bool{}}
		if proto == "TCPSSL" {
			l.SecurityPolicyId = "tls_cipher_policy_1_0"
		}
		l.set(p)
		f.listeners[l.ID] = l
		f.lisOrder = append(f.lisOrder, l.ID)
		out := f.job()
		out["ListenerId"] = l.ID
		return out, nil

	case "ListListeners":
		lbIDs, ids := pList(p, "LoadBalancerIds"), pList(p, "ListenerIds")
		out := []any{}
		var ls []*nListener
		for _, id := range f.lisOrder {
			l, ok := f.listeners[id]
			if !ok || (lbIDs != nil && !inList(lbIDs, l.LB)) || (ids != nil && !inList(ids, id)) {
				continue
			}
			if v := p["ListenerProtocol"]; v != "" && !strings.EqualFold(v, l.Protocol) {
				continue
			}
			ls = append(ls, l)
		}
		sort.SliceStable(ls, func(i, j int) bool {
			if ls[i].Port != ls[j].Port {
				return ls[i].Port < ls[j].Port
			}
			return ls[i].Protocol < ls[j].Protocol
		})
		for _, l := range ls {
			out = append(out, l.answer())
		}
		return map[string]any{"Listeners": out, "TotalCount": len(out), "MaxResults": 100}, nil

	case "GetListenerAttribute":
		l, aerr := f.listener(p["ListenerId"])
		if aerr != nil {
			return nil, aerr
		}
		return l.answer(), nil

	case "UpdateListenerAttribute":
		l, aerr := f.listener(p["ListenerId"])
		if aerr != nil {
			return nil, aerr
		}
		if id := p["ServerGroupId"]; id != "" {
			if _, aerr := f.sg(id); aerr != nil {
				return nil, aerr
			}
		}
		l.set(p)
		return f.job(), nil

	case "DeleteListener":
		if _, aerr := f.listener(p["ListenerId"]); aerr != nil {
			return nil, aerr
		}
		delete(f.listeners, p["ListenerId"])
		return f.job(), nil

	case "StartListener", "StopListener":
		l, aerr := f.listener(p["ListenerId"])
		if aerr != nil {
			return nil, aerr
		}
		if action == "StartListener" {
			l.Status = "Running"
		} else {
			l.Status = "Stopped"
		}
		return f.job(), nil

	case "ListListenerCertificates":
		l, aerr := f.listener(p["ListenerId"])
		if aerr != nil {
			return nil, aerr
		}
		out := []any{}
		for i, c := range l.Certs {
			out = append(out, map[string]any{"CertificateId": c, "IsDefault": i == 0, "Status": "Associated", "CertificateType": "Server"})
		}
		for _, c := range l.AdditionalCerts {
			out = append(out, map[string]any{"CertificateId": c, "IsDefault": false, "Status": "Associated", "CertificateType": "Server"})
		}
		return map[string]any{"Certificates": out, "CertificateIds": append(append([]string{}, l.Certs...), l.AdditionalCerts...),
			"TotalCount": len(out), "MaxResults": 50}, nil

	case "AssociateAdditionalCertificatesWithListener", "DisassociateAdditionalCertificatesWithListener":
		l, aerr := f.listener(p["ListenerId"])
		if aerr != nil {
			return nil, aerr
		}
		ids := pList(p, "AdditionalCertificateIds")
		if action == "AssociateAdditionalCertificatesWithListener" {
			for _, id := range ids {
				if !inList(l.AdditionalCerts, id) {
					l.AdditionalCerts = append(l.AdditionalCerts, id)
				}
			}
		} else {
			var kept []string
			for _, id := range l.AdditionalCerts {
				if !inList(ids, id) {
					kept = append(kept, id)
				}
			}
			l.AdditionalCerts = kept
		}
		return f.job(), nil

	// server groups
	case "CreateServerGroup":
		id := p["x-id"] // a seed's own id (AddExisting), never sent by the SDK
		if id == "" {
			id = f.newID("sgp")
		}
		if p["ServerGroupName"] == "" {
			return nil, badReq("MissingParam.ServerGroupName", "The param ServerGroupName is missing.")
		}
		if p["VpcId"] == "" {
			return nil, badReq("MissingParam.VpcId", "The param VpcId is missing.")
		}
		sg := &nSG{ID: id, Type: "Instance", Protocol: "TCP", VpcId: p["VpcId"], Scheduler: "Wrr", AddressIPVersion: "ipv4",
			ResourceGroupId: "rg-default", ConnDrainTimeout: 10,
			HC:   nHC{Enabled: true, Type: "TCP", Healthy: 2, Unhealthy: 2, Timeout: 5, Interval: 10, Method: "GET", HttpCodes: []string{"http_2xx"}},
			Tags: pTags(p)}
		if v := p["ServerGroupType"]; v != "" {
			sg.Type, _ = canonical(v, "Instance", "Ip")
		}
		if v := p["Protocol"]; v != "" {
			sg.Protocol, _ = canonical(v, "TCP", "UDP", "TCPSSL")
		}
		if v := p["AddressIPVersion"]; v != "" {
			sg.AddressIPVersion, _ = canonical(v, "ipv4", "DualStack")
		}
		if v := p["ResourceGroupId"]; v != "" {
			sg.ResourceGroupId = v
		}
		if b, ok := pBool(p, "AnyPortEnabled"); ok {
			sg.AnyPort = b
		}
		if sg.Protocol == "UDP" {
			sg.HC.Type = "UDP"
		}
		sg.set(p)
		f.sgs[id] = sg
		f.sgOrder = append(f.sgOrder, id)
		out := f.job()
		out["ServerGroupId"] = id
		return out, nil

	case "ListServerGroups":
		ids, names, tags := pList(p, "ServerGroupIds"), pList(p, "ServerGroupNames"), pTags(p)
		out := []any{}
		for _, id := range f.sgOrder {
			sg, ok := f.sgs[id]
			if !ok || (ids != nil && !inList(ids, id)) || (names != nil && !inList(names, sg.Name)) || !hasTags(sg.Tags, tags) {
				continue
			}
			if v := p["VpcId"]; v != "" && v != sg.VpcId {
				continue
			}
			out = append(out, sg.answer(f))
		}
		return map[string]any{"ServerGroups": out, "TotalCount": len(out), "MaxResults": 100}, nil

	case "UpdateServerGroupAttribute":
		sg, aerr := f.sg(p["ServerGroupId"])
		if aerr != nil {
			return nil, aerr
		}
		sg.set(p)
		return f.job(), nil

	case "DeleteServerGroup":
		sg, aerr := f.sg(p["ServerGroupId"])
		if aerr != nil {
			return nil, aerr
		}
		for _, id := range f.lisOrder {
			if l, ok := f.listeners[id]; ok && l.ServerGroupId == sg.ID {
				return nil, badReq("ResourceInUse.serverGroup", "The server group "+sg.ID+" is used by listener "+l.ID+".")
			}
		}
		delete(f.sgs, sg.ID)
		return f.job(), nil

	case "ListServerGroupServers":
		sg, aerr := f.sg(p["ServerGroupId"])
		if aerr != nil {
			return nil, aerr
		}
		out := []any{}
		for _, s := range sg.Servers {
			if ids := pList(p, "ServerIds"); ids != nil && !inList(ids, s.ServerId) {
				continue
			}
			out = append(out, s.answer(sg.ID))
		}
		return map[string]any{"Servers": out, "TotalCount": len(out), "MaxResults": 100}, nil

	case "AddServersToServerGroup", "RemoveServersFromServerGroup", "UpdateServerGroupServersAttribute":
		sg, aerr := f.sg(p["ServerGroupId"])
		if aerr != nil {
			return nil, aerr
		}
		servers := pStructs(p, "Servers")
		index := map[string]int{}
		for i, s := range sg.Servers {
			index[s.key()] = i
		}
		for _, s := range servers {
			if !sg.AnyPort && s["Port"] == "" {
				s["Port"] = "0"
			}
			if sg.AnyPort {
				s["Port"] = "0"
			}
			_, exists := index[serverKey(s)]
			switch {
			case action == "AddServersToServerGroup" && exists:
				return nil, badReq("ResourceAlreadyExist.serverGroupServer", "The server "+s["ServerId"]+" already exists in "+sg.ID+".")
			case action != "AddServersToServerGroup" && !exists:
				return nil, notFound("ResourceNotFound.serverGroupServer", "The server "+s["ServerId"]+" is not in "+sg.ID+".")
			}
		}
		switch action {
		case "AddServersToServerGroup":
			for _, s := range servers {
				ns := nServer{ServerId: s["ServerId"], ServerIp: s["ServerIp"], ServerType: s["ServerType"], Description: s["Description"], Weight: 100}
				ns.Port, _ = strconv.Atoi(s["Port"])
				if w, err := strconv.Atoi(s["Weight"]); err == nil {
					ns.Weight = w
				}
				if ns.Description == "" {
					ns.Description = ns.ServerId
				}
				sg.Servers = append(sg.Servers, ns)
			}
		case "RemoveServersFromServerGroup":
			del := map[string]bool{}
			for _, s := range servers {
				del[serverKey(s)] = true
			}
			var kept []nServer
			for _, s := range sg.Servers {
				if !del[s.key()] {
					kept = append(kept, s)
				}
			}
			sg.Servers = kept
		default:
			for _, s := range servers {
				ns := &sg.Servers[index[serverKey(s)]]
				if w, err := strconv.Atoi(s["Weight"]); err == nil {
					ns.Weight = w
				}
				if d, ok := s["Description"]; ok {
					ns.Description = d
				}
			}
		}
		return f.job(), nil

	// jobs
	case "GetJobStatus":
		return map[string]any{"Status": "Succeeded"}, nil

	case "ListAsynJobs":
		jobs := []any{}
		for _, id := range pList(p, "JobIds") {
			jobs = append(jobs, map[string]any{"Id": id, "Status": "Succeeded", "ResourceType": "", "OperateType": "", "CreateTime": 0})
		}
		return map[string]any{"Jobs": jobs, "TotalCount": len(jobs), "MaxResults": 20}, nil
	}
	return nil, badReq("FakeNLB.UnsupportedAction", "the fake NLB API does not implement "+action)
}
