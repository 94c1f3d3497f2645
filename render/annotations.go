// Package render applies an SLBGateway profile to the Knative ingress gateway Service: it finds
// (or creates) the Service among a set of resources, sets the load-balancer annotations the
// profile asks for, removes the ones slbgw owns that the profile no longer asks for, and keeps
// everything else — other annotations, labels, fields, comments and field order — by editing
// the kyaml node in place. It never re-validates a profile: package schema did that.
//
// Which annotations slbgw owns, and how each is written, is declared once, on the profile's Go
// fields (schema.AnnotatedFields); this package walks those declarations.
package render

// ExtraAnnotationsRecord is the annotation on the Service that lists the suffixes of the extra
// annotations (spec.loadBalancer.extraAnnotations) slbgw set, comma-separated and sorted, so that
// it can remove those a later profile drops.
const ExtraAnnotationsRecord = "slbgw.dev/extra-annotations"
