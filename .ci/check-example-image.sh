#!/usr/bin/env bash
# Runs the example's container image (examples/image.sh's tarball, $1) as a container runtime
# would, without one: its layers unpacked in manifest order into a root file system, its entrypoint,
# user and environment read from its config, started under chroot; passes when the documented
# probes answer (/health/liveness and /health/readiness, 200 and UP) and the process runs as the
# image's user. Needs root (chroot, mount).
set -euo pipefail
image=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
work=$(mktemp -d)
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  umount "$work/rootfs/proc" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/oci" "$work/rootfs"
tar -xf "$image" -C "$work/oci"
python3 - "$work" <<'PY'
import json, subprocess, sys
work = sys.argv[1]
manifest = json.load(open(f"{work}/oci/manifest.json"))[0]
for layer in manifest["Layers"]:
    subprocess.run(["tar", "--warning=no-unknown-keyword", "-xzf", f"{work}/oci/{layer}", "-C", f"{work}/rootfs"], check=True)
config = json.load(open(f"{work}/oci/{manifest['Config']}"))["config"]
with open(f"{work}/entrypoint", "w") as f:
    f.write("\0".join(config["Entrypoint"]))
with open(f"{work}/user", "w") as f:
    f.write(config.get("User", "0"))
with open(f"{work}/env", "w") as f:
    f.write("\0".join(config.get("Env", [])))
PY
# A container runtime mounts /proc; the Java launcher finds its libraries through it ($ORIGIN).
mkdir -p "$work/rootfs/proc"
mount -t proc proc "$work/rootfs/proc"
port=$((20000 + RANDOM % 20000))
user=$(cat "$work/user")
mapfile -d '' entrypoint < "$work/entrypoint"
mapfile -d '' env < "$work/env"
env -i "${env[@]}" PORT="$port" "$(command -v chroot)" --userspec="$user:$user" "$work/rootfs" "${entrypoint[@]}" \
  > "$work/log" 2>&1 &
pid=$!
for _ in $(seq 1 180); do
  if curl -fsS "http://127.0.0.1:$port/health/readiness" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then break; fi
  sleep 1
done
for probe in liveness readiness; do
  if ! curl -fsS "http://127.0.0.1:$port/health/$probe" | grep -q '"UP"'; then
    echo "ci: the example's image did not answer /health/$probe with UP; its log:" >&2
    tail -50 "$work/log" >&2
    exit 1
  fi
done
running_as=$(ps -o uid= -p "$(pgrep -P "$pid" -f ExampleApplication || echo "$pid")" | tr -d ' ')
if [ "$running_as" != "$user" ]; then
  echo "ci: the example's image ran as uid $running_as, not its user $user" >&2
  exit 1
fi
echo "ci: the example's image starts from its layers and answers its probes (uid $running_as)"
