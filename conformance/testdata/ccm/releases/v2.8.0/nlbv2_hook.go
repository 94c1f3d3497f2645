//go:build ccmconformance

// nlbv2_hook.go for v2.8.0: empty; NLB cases are skipped at this release (releases/v2.8.0/nlb.go).
package nlbv2
