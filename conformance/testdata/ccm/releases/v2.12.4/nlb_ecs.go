//go:build ccmconformance

// nlb_ecs.go for v2.12.4: this release's NLB code makes no security group (its controller has no
// pkg/model/ecs), so the harness has no ECS calls to answer.
package main
