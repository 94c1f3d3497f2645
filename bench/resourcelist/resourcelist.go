// Package resourcelist generates KRM ResourceLists for slbgw's benchmarks: n items of mixed
// kinds — ConfigMaps, Deployments, and Services with comments — one of which is the Knative
// ingress-gateway Service, and an SLBGateway profile as the functionConfig.
package resourcelist

import (
	"fmt"
	"strings"
)

// FunctionConfig is the profile the generated ResourceLists carry.
const FunctionConfig = `functionConfig:
  apiVersion: slbgw.dev/v1alpha1
  kind: SLBGateway
  metadata:
    name: bench
  spec:
    service:
      externalTrafficPolicy: Local
    loadBalancer:
      addressType: intranet
      networkType: vpc
      instanceSpec: slb.s2.small
`

// Empty is a ResourceList with the profile and no items: the function creates the Service.
const Empty = "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n" + FunctionConfig

// Generate returns a ResourceList of n items (n ≥ 1). The gateway Service sits in the middle,
// as the platform made it, with a legacy annotation and comments to keep.
func Generate(n int) []byte {
	var b strings.Builder
	b.Grow(n * 900)
	b.WriteString("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n")
	for i := range n {
		switch {
		case i == n/2:
			b.WriteString(gatewayService)
		case i%3 == 0:
			fmt.Fprintf(&b, configMap, i)
		case i%3 == 1:
			fmt.Fprintf(&b, deployment, i)
		default:
			fmt.Fprintf(&b, service, i)
		}
	}
	b.WriteString(FunctionConfig)
	return []byte(b.String())
}

const configMap = `- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: config-%[1]d
    namespace: app-%[1]d
    labels:
      app.kubernetes.io/name: app-%[1]d
      app.kubernetes.io/part-of: bench
  data:
    LOG_LEVEL: info
    FEATURE_FLAGS: "a,b,c"
    settings.yaml: |
      replicas: 3
      timeout: 30s
      retries: 5
`

const deployment = `- apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: app-%[1]d
    namespace: app-%[1]d
    labels:
      app.kubernetes.io/name: app-%[1]d
  spec:
    replicas: 2
    selector:
      matchLabels:
        app.kubernetes.io/name: app-%[1]d
    template:
      metadata:
        labels:
          app.kubernetes.io/name: app-%[1]d
      spec:
        containers:
        - name: app
          image: registry.example.com/app:v1.%[1]d
          args: ["--port=8080", "--verbose"]
          ports:
          - containerPort: 8080
            name: http
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {cpu: "1", memory: 512Mi}
`

const service = `- apiVersion: v1
  kind: Service
  metadata:
    # the app's own Service: slbgw must pass it through
    name: app-%[1]d
    namespace: app-%[1]d
    annotations:
      example.com/owner: team-%[1]d # who to call
  spec:
    type: ClusterIP # not a load balancer
    selector:
      app.kubernetes.io/name: app-%[1]d
    ports:
    - name: http
      port: 80
      targetPort: 8080 # the container port
`

const gatewayService = `- apiVersion: v1
  kind: Service
  metadata:
    annotations:
      # the platform's self-signed certificate stays
      service.beta.kubernetes.io/alibaba-cloud-loadbalancer-cert-id: "1234-cn-beijing-selfsigned"
      service.beta.kubernetes.io/alibaba-cloud-loadbalancer-protocol-port: "https:443,http:80"
      service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type: internet # was public
      service.beta.kubernetes.io/alicloud-loadbalancer-spec: slb.s1.small
    labels:
      app: ingress-gateway
    name: ingress-gateway
    namespace: knative-serving
  spec:
    type: LoadBalancer # must stay LoadBalancer
    ports:
    - name: http
      port: 80
      targetPort: 8080
    - name: https
      port: 443
      targetPort: 8443
    selector:
      app: ingress-gateway
`
