#!/usr/bin/env bash
# Builds kube-local (etcd + kube-apiserver + kube-controller-manager + kubectl in
# one binary) from the Go modules pinned in go.mod, and caches it outside the repo,
# keyed by the hash of this folder's sources and the Go version. A warm cache
# makes this a no-op. Prints the path of the binary on its last line.
#
#   NSPOOL_CACHE   cache root (default: ~/.cache/nspool)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache_root=${NSPOOL_CACHE:-$HOME/.cache/nspool}
k8s_version=$(awk '$1=="k8s.io/kubernetes" && $2 ~ /^v/ {print $2; exit}' "$here/go.mod")
key=$( (cat "$here/go.mod" "$here/go.sum" "$here/main.go" "$here/build.sh"; go version) | sha256sum | cut -c1-16)
out_dir="$cache_root/localcluster/$k8s_version-$key"
bin="$out_dir/kube-local"

if [[ -x "$bin" ]]; then
  echo "localcluster: using cached $bin" >&2
  echo "$bin"
  exit 0
fi

mkdir -p "$out_dir"
start=$(date +%s)
echo "localcluster: building kube-local for Kubernetes $k8s_version into $out_dir" >&2
echo "localcluster: (cold build: 10-20 minutes and a few GB of RAM on 2 cores)" >&2
minor=$(echo "$k8s_version" | cut -d. -f2)
pkg=k8s.io/component-base/version
ldflags="-s -w \
 -X $pkg.gitVersion=$k8s_version -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor \
 -X $pkg.gitTreeState=clean -X $pkg.buildDate=$(date -u +%Y-%m-%dT%H:%M:%SZ) \
 -X k8s.io/client-go/pkg/version.gitVersion=$k8s_version"
(
  cd "$here"
  go mod download
  CGO_ENABLED=0 go build -trimpath -ldflags "$ldflags" -o "$bin.tmp" .
)
mv "$bin.tmp" "$bin"
# Older builds of other keys are dead weight; keep only this one.
find "$cache_root/localcluster" -mindepth 1 -maxdepth 1 -type d ! -path "$out_dir" -exec rm -rf {} + 2>/dev/null || true
echo "localcluster: built $bin in $(( $(date +%s) - start ))s" >&2
echo "$bin"
