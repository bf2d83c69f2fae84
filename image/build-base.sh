#!/usr/bin/env bash
# Assembles nspool's container base image without a registry or a Docker daemon: a jlink runtime
# of the JDK on this machine, the glibc libraries it and Helm's native library need, a non-root
# user (65532) and a writable /tmp, as one layer in a `docker save` tarball that Jib takes as
# `tar://` base (image/build.sh). Releases use a standard JRE base pinned by digest instead
# (-Dnspool.image.base=eclipse-temurin:17-jre@sha256:...).
#
# Prints the tarball's path. Usage: image/build-base.sh [OUT_DIR]   (default target/image-base)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-target/image-base}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"
mkdir -p "$rootfs"/{opt,etc,tmp,app,proc,home/nonroot} "$out"

# The modules the shaded jar uses (jdeps), plus what it loads reflectively: zip file systems
# (bundled charts), EC TLS, JMX-free management, DNS, locale data for dates.
modules="java.base,java.compiler,java.desktop,java.instrument,java.naming,java.net.http"
modules+=",java.security.jgss,java.sql,java.management,jdk.management,jdk.unsupported"
modules+=",jdk.zipfs,jdk.crypto.ec,jdk.naming.dns,jdk.localedata"
jlink --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --output "$rootfs/opt/java" >&2

# glibc and friends: whatever the runtime's binaries and libraries, Helm's Go library (through
# JNA) and JNA's dispatcher link against, copied with their real paths.
jar="target/nspool.jar"
[ -f "$jar" ] || { echo "$jar is missing: run mvn package first" >&2; exit 1; }
unzip -q -o "$jar" 'helm-linux-amd64.so' 'com/sun/jna/linux-x86-64/*.so' -d "$work/native"
{
  find "$rootfs/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \)
  find "$work/native" -name '*.so'
} | while read -r f; do ldd "$f" 2>/dev/null || true; done \
  | grep -oE '/[^ ]+\.so[^ ]*' | grep -v "^$rootfs" | grep -v "^$work" | sort -u \
  | while read -r lib; do
      real="$(readlink -f "$lib")"
      mkdir -p "$rootfs$(dirname "$lib")" "$rootfs$(dirname "$real")"
      cp -n "$real" "$rootfs$real"
      [ "$lib" = "$real" ] || ln -sf "$real" "$rootfs$lib"
    done
# The loader where binaries look for it.
mkdir -p "$rootfs/lib64"
[ -e "$rootfs/lib64/ld-linux-x86-64.so.2" ] || cp -L /lib64/ld-linux-x86-64.so.2 "$rootfs/lib64/"

cat > "$rootfs/etc/passwd" <<'P'
root:x:0:0:root:/root:/sbin/nologin
nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin
P
cat > "$rootfs/etc/group" <<'G'
root:x:0:
nonroot:x:65532:
G
chmod 1777 "$rootfs/tmp"

python3 - "$rootfs" "$out" <<'PY'
import hashlib, io, json, os, sys, tarfile
rootfs, out = sys.argv[1], sys.argv[2]
layer = io.BytesIO()
with tarfile.open(fileobj=layer, mode="w", format=tarfile.PAX_FORMAT) as tar:
    for dirpath, dirnames, filenames in os.walk(rootfs):
        dirnames.sort()
        for name in sorted(dirnames) + sorted(filenames):
            path = os.path.join(dirpath, name)
            info = tar.gettarinfo(path, arcname=os.path.relpath(path, rootfs))
            info.uid = info.gid = 0
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
print(os.path.abspath(target))
PY
