#!/usr/bin/env bash
# Builds the helm CLI from the helm.sh/helm/v3 Go module at the version helm-java bundles, for
# the benchmark that compares nspool's in-process Helm with the CLI. Cached outside the repo;
# prints the binary's path on its last line.
set -euo pipefail
version=${HELM_VERSION:-v3.21.0}
cache_root=${NSPOOL_CACHE:-$HOME/.cache/nspool}
out="$cache_root/helm/$version/helm"
if [[ -x "$out" ]]; then
  echo "helm: using cached $out" >&2
  echo "$out"
  exit 0
fi
start=$(date +%s)
echo "helm: building helm $version from the Go module (a few minutes on 2 cores)" >&2
mkdir -p "$(dirname "$out")"
GOBIN="$(dirname "$out")" CGO_ENABLED=0 GOFLAGS=-trimpath \
  go install -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=$version" \
  "helm.sh/helm/v3/cmd/helm@$version"
echo "helm: built $out in $(( $(date +%s) - start ))s" >&2
echo "$out"
