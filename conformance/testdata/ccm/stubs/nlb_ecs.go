//go:build ccmconformance

// nlb_ecs.go for a release whose NLB code makes no security group (its controller has no
// pkg/model/ecs): no ECS calls to answer. run.sh overlays it where releases/<tag>/no-ecs.txt
// says so, or where the NLB harness does not run.
package main
