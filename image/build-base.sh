#!/usr/bin/env bash
# Assembles nspool's container base image without a registry or a Docker daemon: a jlink runtime
# of the JDK on this machine, the glibc libraries it and Helm's native library need, a non-root
# user (65532, owning its home) and a writable /tmp, as one layer in a `docker save` tarball that
# Jib takes as `tar://` base (image/build.sh, ImageIT). Releases use a standard JRE base pinned by
# digest instead (-Dnspool.image.base=eclipse-temurin:17-jre@sha256:...).
#
# The tarball is cached outside the repo, like localcluster/build.sh's binaries, keyed by what
# goes into it: this script, the JDK (jlink's path and the JDK's release file) and the native
# libraries in the jar (name, CRC, size). The host libraries copied in are checked against their
# recorded sha256 on every use, so an upgraded glibc rebuilds it. Warm, this takes about a second.
#
#   image/build-base.sh     prints the tarball's path (progress on stderr)
#   NSPOOL_CACHE            cache root (default ~/.cache/nspool); the tarball is in image-base/KEY/
# Needs target/nspool.jar (mvn package), jlink, python3 and ldd.
set -euo pipefail
cd "$(dirname "$0")/.."
jar="target/nspool.jar"
[ -f "$jar" ] || { echo "$jar is missing: run mvn package first" >&2; exit 1; }
cache_root="${NSPOOL_CACHE:-$HOME/.cache/nspool}/image-base"
jlink_bin="$(readlink -f "$(command -v jlink)")"

# native_libs JAR [DIR]: lists (name CRC size) the native libraries nspool loads from its jar --
# Helm's Go library and JNA's dispatcher -- or, with DIR, extracts them there.
native_libs() {
  python3 - "$@" <<'PYTHON'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
for i in z.infolist():
    n = i.filename
    if n == "helm-linux-amd64.so" or (n.startswith("com/sun/jna/linux-x86-64/") and n.endswith(".so")):
        if len(sys.argv) > 2:
            z.extract(i, sys.argv[2])
        else:
            print(n, format(i.CRC, "08x"), i.file_size)
PYTHON
}

key="$({ cat "$0"; echo "$jlink_bin"; cat "$(dirname "$jlink_bin")/../release"; native_libs "$jar"; } |
  sha256sum | cut -c1-16)"
out="$cache_root/$key"
if [ -f "$out/base.tar" ] && [ -f "$out/host-libs.sha256" ] &&
  sha256sum --quiet --status -c "$out/host-libs.sha256" 2>/dev/null; then
  touch "$out"
  echo "image-base: using cached $out/base.tar" >&2
  echo "$out/base.tar"
  exit 0
fi
echo "image-base: building into $out" >&2
started=$(date +%s)
mkdir -p "$cache_root"
work="$(mktemp -d "$cache_root/.build.XXXXXX")"
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"
staged="$work/out"
mkdir -p "$rootfs"/{opt,etc,tmp,app,proc,home/nonroot} "$staged"

# The modules the shaded jar uses (jdeps), plus what it loads reflectively: zip file systems
# (bundled charts), EC TLS, JMX-free management, DNS, locale data for dates.
modules="java.base,java.compiler,java.desktop,java.instrument,java.naming,java.net.http"
modules+=",java.security.jgss,java.sql,java.management,jdk.management,jdk.unsupported"
modules+=",jdk.zipfs,jdk.crypto.ec,jdk.naming.dns,jdk.localedata"
jlink --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --output "$rootfs/opt/java" >&2

# glibc and friends: whatever the runtime's binaries and libraries, Helm's Go library (through
# JNA) and JNA's dispatcher link against, copied with their real paths.
native_libs "$jar" "$work/native"
: > "$work/host-libs"
{
  find "$rootfs/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \)
  find "$work/native" -name '*.so'
} | while read -r f; do ldd "$f" 2>/dev/null || true; done |
  grep -oE '/[^ ]+\.so[^ ]*' | grep -v "^$rootfs" | grep -v "^$work" | sort -u |
  while read -r lib; do
    real="$(readlink -f "$lib")"
    mkdir -p "$rootfs$(dirname "$lib")" "$rootfs$(dirname "$real")"
    cp -n "$real" "$rootfs$real"
    [ "$lib" = "$real" ] || ln -sf "$real" "$rootfs$lib"
    echo "$real" >> "$work/host-libs"
  done
# The loader where binaries look for it.
mkdir -p "$rootfs/lib64"
[ -e "$rootfs/lib64/ld-linux-x86-64.so.2" ] || cp -L /lib64/ld-linux-x86-64.so.2 "$rootfs/lib64/"
readlink -f /lib64/ld-linux-x86-64.so.2 >> "$work/host-libs"
sort -u "$work/host-libs" | xargs sha256sum > "$staged/host-libs.sha256"

cat > "$rootfs/etc/passwd" <<'P'
root:x:0:0:root:/root:/sbin/nologin
nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin
P
cat > "$rootfs/etc/group" <<'G'
root:x:0:
nonroot:x:65532:
G
chmod 1777 "$rootfs/tmp"

python3 - "$rootfs" "$staged" <<'PYTHON'
import hashlib, io, json, os, sys, tarfile
rootfs, out = sys.argv[1], sys.argv[2]
layer = io.BytesIO()
with tarfile.open(fileobj=layer, mode="w", format=tarfile.PAX_FORMAT) as tar:
    for dirpath, dirnames, filenames in os.walk(rootfs):
        dirnames.sort()
        for name in sorted(dirnames) + sorted(filenames):
            path = os.path.join(dirpath, name)
            info = tar.gettarinfo(path, arcname=os.path.relpath(path, rootfs))
            # Root owns everything but the user's home, as in distroless' nonroot images.
            info.uid = info.gid = 65532 if info.name.startswith("home/nonroot") else 0
            info.uname = info.gname = ""
            info.mtime = 0
            if info.isfile():
                with open(path, "rb") as f:
                    tar.addfile(info, f)
            else:
                tar.addfile(info)
data = layer.getvalue()
diff_id = "sha256:" + hashlib.sha256(data).hexdigest()
config = {
    "architecture": "amd64",
    "os": "linux",
    "config": {
        "Env": ["PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "JAVA_HOME=/opt/java"],
        "User": "65532:65532",
        "WorkingDir": "/tmp",
    },
    "rootfs": {"type": "layers", "diff_ids": [diff_id]},
    "history": [{"created_by": "image/build-base.sh: jlink runtime + glibc, user 65532"}],
}
config_bytes = json.dumps(config, sort_keys=True).encode()
config_name = hashlib.sha256(config_bytes).hexdigest() + ".json"
manifest = [{"Config": config_name, "RepoTags": ["nspool-base:local"], "Layers": ["layer.tar"]}]
target = os.path.join(out, "base.tar")
with tarfile.open(target, "w") as tar:
    for name, content in (("layer.tar", data), (config_name, config_bytes),
                          ("manifest.json", json.dumps(manifest).encode())):
        info = tarfile.TarInfo(name)
        info.size = len(content)
        tar.addfile(info, io.BytesIO(content))
PYTHON

# Another checkout may have built the same key meanwhile: theirs is as good as ours.
mv -T "$staged" "$out" 2>/dev/null || echo "image-base: $out appeared meanwhile; using it" >&2
# Keep the newest few: other worktrees share the cache.
find "$cache_root" -mindepth 1 -maxdepth 1 -type d ! -name '.build.*' -printf '%T@ %p\n' |
  sort -rn | tail -n +4 | cut -d' ' -f2- | xargs -r rm -rf
echo "image-base: built in $(($(date +%s) - started))s" >&2
echo "$out/base.tar"
