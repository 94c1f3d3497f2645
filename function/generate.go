// Package function holds what ships slbgw as a container image for kpt and kustomize: the
// Containerfiles and build script (make image), the passwd and group files that let kpt run
// the image as nobody, and the KRMFunctionDefinition (KEP-2906) that tells a function catalog
// the functionConfig's kind and schema and how to run the function.
//
// The definition's openAPIV3Schema is derived from schema/gateway.schema.json, itself generated
// from the Go types, so it is generated too, checked in for catalogs and readers that do not
// run Go, and a test fails when it is stale.
package function

//go:generate go run ./gen
