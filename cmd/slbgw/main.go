// Command slbgw turns an SLBGateway profile (gateway.yaml) into the Knative ingress-gateway
// Service that makes an Alibaba Cloud SLB the gateway. It runs as a CLI and, with no
// subcommand, as a KRM function for kustomize and kpt (ResourceList on stdin and stdout).
//
// Exit codes: 0 success; 1 invalid input (a profile, base or ResourceList that fails a check,
// or a file that cannot be read; for plan, a change the cloud controller would refuse); 2 usage
// (unknown command or flag); 3 internal error (such as an output that cannot be written).
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
