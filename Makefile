# slbgw — make targets are the interface: make, make test, make generate, make lint, make bench.
GO ?= go
export GOTOOLCHAIN ?= local

KUSTOMIZE_VERSION := v5.8.1
# staticcheck 2026.2.2; v0.8.x needs go >= 1.26.0
STATICCHECK_VERSION := v0.8.2
BIN := $(CURDIR)/bin
KUSTOMIZE := $(BIN)/kustomize
STATICCHECK := $(BIN)/staticcheck

FUZZTIME ?= 30s

.PHONY: all build test generate lint tools run fuzz bench conformance clean

all: build

## build: the slbgw binary in bin/
build:
	$(GO) build -o $(BIN)/slbgw ./cmd/slbgw

## run: render the ingress-gateway Service from the embedded default profile
run:
	$(GO) run ./cmd/slbgw render

## test: lint, then every test: unit, golden, and e2e with real kustomize and kpt
test: lint tools
	KUSTOMIZE=$(KUSTOMIZE) $(GO) test ./...

## generate: regenerate schema/gateway.schema.json and docs/profile.md from the Go types
generate:
	$(GO) generate ./...
	# function/ sorts before schema/: regenerate its KRMFunctionDefinition from the new schema
	$(GO) generate ./function

## lint: gofmt, go vet and staticcheck
lint: $(STATICCHECK)
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(STATICCHECK) ./...

## fuzz: run each fuzz target for $(FUZZTIME) (make fuzz FUZZTIME=10m); a failure is saved
## under <pkg>/testdata/fuzz and replayed by go test from then on
fuzz:
	$(GO) test ./schema -run '^$$' -fuzz '^FuzzLoad$$' -fuzztime $(FUZZTIME) -timeout 0
	$(GO) test ./render -run '^$$' -fuzz '^FuzzManifests$$' -fuzztime $(FUZZTIME) -timeout 0
	$(GO) test ./render -run '^$$' -fuzz '^FuzzKnativeServing$$' -fuzztime $(FUZZTIME) -timeout 0
	$(GO) test ./krm -run '^$$' -fuzz '^FuzzProcessor$$' -fuzztime $(FUZZTIME) -timeout 0

## conformance: run slbgw's renders through the cloud controller's own code and check every
## annotation declaration against it. CCM_DIR is a checkout of kubernetes/cloud-provider-alibaba-cloud
## at schema.CCMCommit (make conformance CCM_DIR=../cloud-provider-alibaba-cloud)
## CCM_DIRS="NAME=DIR ..." runs it once per checkout (release tags, e.g. v2.8.0=../ccm/v2.8.0):
## the pinned commit is asserted, every other release recorded (conformance/RELEASES.md).
conformance:
	@test -n "$(CCM_DIR)$(CCM_DIRS)" || { echo "make conformance: set CCM_DIR to a checkout of kubernetes/cloud-provider-alibaba-cloud at $$(grep -o '[0-9a-f]\{40\}' schema/annotations.go | head -1)" >&2; exit 2; }
ifneq ($(CCM_DIR),)
	SLBGW_OPERATOR=1 CCM_DIR=$(abspath $(CCM_DIR)) $(GO) test -count=1 -v ./conformance
endif
	@fail=0; for nd in $(CCM_DIRS); do name=$${nd%%=*}; dir=$${nd#*=}; \
		echo "== conformance: release $$name at $$dir"; \
		CCM_DIR=$$(realpath $$dir) CCM_RELEASE=$$name $(GO) test -count=1 -v ./conformance || fail=1; \
	done; exit $$fail

## bench: in-process benchmarks, then whole binaries against a kyaml passthrough function, then
## kustomize build of 1,000 resources: no patch, a hand-written patch, slbgw's patch, exec
bench: tools
	$(GO) test -bench . -benchmem -run '^$$' ./render ./krm ./schema
	GO=$(GO) bench/compare.sh
	GO=$(GO) KUSTOMIZE=$(KUSTOMIZE) bench/kustomize.sh

## tools: kustomize $(KUSTOMIZE_VERSION) and staticcheck $(STATICCHECK_VERSION) in bin/ (kpt comes
## from the machine image)
tools: $(KUSTOMIZE) $(STATICCHECK)

$(KUSTOMIZE):
	GOBIN=$(BIN) $(GO) install sigs.k8s.io/kustomize/kustomize/v5@$(KUSTOMIZE_VERSION)

$(STATICCHECK):
	GOBIN=$(BIN) $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

# --- container image (function/): make image ---------------------------------------------
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
IMAGE ?= localhost/slbgw

.PHONY: image release

RELEASE_PLATFORMS ?= linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64

## release: static slbgw binaries for $(RELEASE_PLATFORMS) in bin/release/, with LICENSE and
## SHA256SUMS (what a GitHub release attaches; publishing is not done from here)
release:
	rm -rf $(BIN)/release && mkdir -p $(BIN)/release
	set -e; for p in $(RELEASE_PLATFORMS); do \
	  os=$${p%/*}; arch=$${p#*/}; ext=; [ $$os = windows ] && ext=.exe; \
	  CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch $(GO) build -trimpath -ldflags "-s -w -X main.version=$(VERSION)" \
	    -o $(BIN)/release/slbgw-$(VERSION)-$$os-$$arch$$ext ./cmd/slbgw; \
	done
	cp LICENSE $(BIN)/release/
	cd $(BIN)/release && sha256sum slbgw-* LICENSE > SHA256SUMS

## image: the function images $(IMAGE):$(VERSION) and $(IMAGE):dev, and $(IMAGE)-check (the
## validator), FROM scratch with a static slbgw, built with podman (function/build.sh)
image:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags "-s -w -X main.version=$(VERSION)" -o $(BIN)/image/slbgw ./cmd/slbgw
	IMAGE=$(IMAGE) function/build.sh $(BIN)/image/slbgw $(VERSION) dev
# --- end container image ---------------------------------------------------------------------

clean:
	rm -rf $(BIN)
