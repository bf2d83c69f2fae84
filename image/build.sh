#!/usr/bin/env bash
# Builds nspool's container image as a tarball without a Docker daemon or a registry: the base
# (image/build-base.sh, cached in ~/.cache/nspool/image-base), then Jib (dependencies, resources and classes in layers of their own,
# user 65532, OCI labels) into target/jib-image.tar. Prints the tarball's path.
#
# Pushing: with a registry at REGISTRY (e.g. a local OCI registry on 127.0.0.1:5000),
#   NSPOOL_IMAGE=REGISTRY/nspool:TAG image/build.sh --push
# runs jib:build to that registry instead (Maven online: Jib refuses to push with -o);
# NSPOOL_IMAGE_INSECURE=1 allows a plain-HTTP registry. ImageIT does the same against the test
# registry and pulls the image back.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/nspool.jar ] || mvn -B -q -o package -DskipTests >&2
base="$(image/build-base.sh)"
goal=jib:buildTar
[ "${1:-}" = "--push" ] && goal=jib:build
args=(-Dnspool.image.base="tar://$base" -Djib.disableUpdateChecks=true)
[ -n "${NSPOOL_IMAGE:-}" ] && args+=(-Dnspool.image="$NSPOOL_IMAGE")
[ -n "${NSPOOL_IMAGE_INSECURE:-}" ] && args+=(-Djib.allowInsecureRegistries=true)
offline=(-o)
[ "$goal" = jib:build ] && offline=()
mvn -B -q "${offline[@]}" compile "$goal" "${args[@]}" >&2
[ "$goal" = jib:buildTar ] && echo "$PWD/target/jib-image.tar"
