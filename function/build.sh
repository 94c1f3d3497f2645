#!/usr/bin/env bash
# Builds the slbgw function images from a static linux binary already built (make image does
# that, and so does the image e2e test):
#
#   function/build.sh BINARY TAG...
#
# gives IMAGE:TAG (entrypoint slbgw, the mutator) and IMAGE-check:TAG (entrypoint
# slbgw fn --check, the validator) for each TAG; IMAGE defaults to localhost/slbgw. The build
# context is staged in a temporary folder: the binary, passwd and group for user nobody, and
# licenses/, the licence files of Go and of every module `go version -m` lists in the binary.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 BINARY TAG..." >&2; exit 2; }
binary=$(realpath "$1"); shift
image=${IMAGE:-localhost/slbgw}
function_dir=$(cd "$(dirname "$0")" && pwd)
: "${CONTAINERS_CONF:=$function_dir/containers.conf}"
export CONTAINERS_CONF

context=$(mktemp -d)
trap 'rm -rf "$context"' EXIT
cp "$binary" "$context/slbgw"
cp "$function_dir/passwd" "$function_dir/group" "$context/"

# Licences: Go's own (the runtime and standard library are linked in), then each module's.
licenses=$context/licenses
mkdir -p "$licenses/golang.org/go"
cp "$(go env GOROOT)/LICENSE" "$licenses/golang.org/go/"
mkdir -p "$licenses/github.com/slbgw/slbgw"
cp "$function_dir/../LICENSE" "$licenses/github.com/slbgw/slbgw/"
modules=$(go version -m "$binary" | awk '$1 == "dep" { print $2 }')
{
  echo "Licences of the software linked into /slbgw, one folder per Go module."
  echo "slbgw itself (github.com/slbgw/slbgw) is under the Apache License 2.0: github.com/slbgw/slbgw/LICENSE."
  echo
  go version "$binary" | sed 's/^[^:]*: /Go /'
  go version -m "$binary" | awk '$1 == "dep" { print $2, $3 }'
} > "$licenses/README"
cd "$function_dir/.."
# shellcheck disable=SC2086 # one argument a module
go list -m -f '{{.Path}} {{.Dir}}' $modules | while read -r path dir; do
  [ -n "$dir" ] || { echo "build.sh: module $path is not downloaded" >&2; exit 1; }
  mkdir -p "$licenses/$path"
  found=
  for f in "$dir"/LICENSE* "$dir"/LICENCE* "$dir"/COPYING* "$dir"/NOTICE*; do
    [ -f "$f" ] && cp "$f" "$licenses/$path/" && found=1
  done
  [ -n "$found" ] || { echo "build.sh: module $path has no licence file in $dir" >&2; exit 1; }
done

version=$("$binary" version | awk '{ print $2 }')
sha=$(sha256sum "$binary" | cut -d' ' -f1)
main=$1
# The images these tags name now; those left untagged are removed at the end, the validator
# images first, as they are built on the others.
replaced=$(for tag in "$@"; do
  podman image inspect --format '{{.Id}}' "$image-check:$tag" "$image:$tag" 2>/dev/null || true
done)
podman build --quiet --layers=false --file "$function_dir/Containerfile" \
  --build-arg VERSION="$version" --build-arg BINARY_SHA256="$sha" \
  --tag "$image:$main" "$context" >/dev/null
podman build --quiet --layers=false --pull=never --file "$function_dir/Containerfile.check" \
  --build-arg IMAGE="$image:$main" --tag "$image-check:$main" "$context" >/dev/null
for tag in "${@:2}"; do
  podman tag "$image:$main" "$image:$tag"
  podman tag "$image-check:$main" "$image-check:$tag"
done
for id in $replaced; do
  # podman refuses to remove an image that still has a tag or a child: those stay.
  podman rmi "$id" >/dev/null 2>&1 || true
done
