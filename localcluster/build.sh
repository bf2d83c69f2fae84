#!/usr/bin/env bash
# Builds the local cluster's binaries from the Go modules pinned here and caches
# them outside the repo, each keyed by its version and the hash of its sources and
# the Go version, so a warm cache makes this a no-op:
#   kube-local  etcd + kube-apiserver + kube-controller-manager + kube-scheduler + kubectl
#               (this folder's module, k8s.io/kubernetes)
#   kwok        simulated nodes and pod lifecycle (kwok/, sigs.k8s.io/kwok; its own module
#               because kwok needs newer k8s.io libraries than the ones kube-local pins)
#   registry    an OCI registry, CNCF Distribution (registry/,
#               github.com/distribution/distribution/v3): the tests push and pull charts
#
#   build.sh [all|kube-local|kwok|registry]   (default all)
# Prints the path of each binary it was asked for, one a line, in that order.
#
#   NSPOOL_CACHE   cache root (default: ~/.cache/nspool)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache_root=${NSPOOL_CACHE:-$HOME/.cache/nspool}
what=${1:-all}
case "$what" in
  all | kube-local | kwok | registry) ;;
  *)
    echo "usage: $0 [all|kube-local|kwok|registry]" >&2
    exit 2
    ;;
esac

# Keeps the newest few builds of one binary: other checkouts (worktrees, branches) on the
# same machine share the cache, and deleting their build would make each rebuild the other's.
prune() {
  local dir=$1 keep=3
  find "$dir" -mindepth 1 -maxdepth 1 -type d -printf '%T@ %p\n' 2>/dev/null | sort -rn |
    tail -n +$((keep + 1)) | cut -d' ' -f2- | xargs -r rm -rf
}

# build NAME CACHE_SUBDIR MODULE_DIR VERSION KEY_FILES... -- GO_BUILD_ARGS...
build() {
  local name=$1 subdir=$2 dir=$3 version=$4
  shift 4
  local files=()
  while [[ $1 != -- ]]; do
    files+=("$1")
    shift
  done
  shift
  local key out_dir bin start
  key=$( (cat "${files[@]}" "$here/build.sh"; go version) | sha256sum | cut -c1-16)
  out_dir="$cache_root/$subdir/$version-$key"
  bin="$out_dir/$name"
  if [[ -x "$bin" ]]; then
    touch "$out_dir"
    echo "localcluster: using cached $bin" >&2
    echo "$bin"
    return
  fi
  mkdir -p "$out_dir"
  start=$(date +%s)
  echo "localcluster: building $name $version into $out_dir" >&2
  if [[ $name == kube-local ]]; then
    echo "localcluster: (a cold build of kube-local takes 10-20 minutes and a few GB of RAM on 2 cores)" >&2
  fi
  (
    cd "$dir"
    go mod download
    CGO_ENABLED=0 go build -trimpath "$@" -o "$bin.tmp" .
  )
  mv "$bin.tmp" "$bin"
  prune "$cache_root/$subdir"
  echo "localcluster: built $name in $(($(date +%s) - start))s" >&2
  echo "$bin"
}

if [[ $what == all || $what == kube-local ]]; then
  k8s_version=$(awk '$1=="k8s.io/kubernetes" && $2 ~ /^v/ {print $2; exit}' "$here/go.mod")
  minor=$(echo "$k8s_version" | cut -d. -f2)
  pkg=k8s.io/component-base/version
  build kube-local localcluster "$here" "$k8s_version" "$here/go.mod" "$here/go.sum" "$here/main.go" -- \
    -ldflags "-s -w \
 -X $pkg.gitVersion=$k8s_version -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor \
 -X $pkg.gitTreeState=clean -X $pkg.buildDate=$(date -u +%Y-%m-%dT%H:%M:%SZ) \
 -X k8s.io/client-go/pkg/version.gitVersion=$k8s_version"
fi

if [[ $what == all || $what == kwok ]]; then
  kwok_version=$(awk '$1=="sigs.k8s.io/kwok" && $2 ~ /^v/ {print $2; exit}' "$here/kwok/go.mod")
  build kwok kwok "$here/kwok" "$kwok_version" "$here/kwok/go.mod" "$here/kwok/go.sum" "$here/kwok/main.go" -- \
    -ldflags "-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=$kwok_version"
fi

if [[ $what == all || $what == registry ]]; then
  registry_version=$(grep -oE "github.com/distribution/distribution/v3 v[^ ]+" "$here/registry/go.mod" | head -1 | cut -d" " -f2)
  build registry registry "$here/registry" "$registry_version" "$here/registry/go.mod" "$here/registry/go.sum" "$here/registry/main.go" -- \
    -ldflags "-s -w"
fi
