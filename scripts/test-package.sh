#!/usr/bin/env bash
# Installs the package scripts/package.sh built into a clean Debian root (debootstrap, minbase: nothing but
# Debian's essentials) and runs the main job there from the installed files only: `dich run` on the shipped
# example must publish the example article, `man dich-run` must show its page, the unit and the service user
# must be in place. Needs root (chroot) and Debian's package mirrors. The root is kept in target/debian-root
# between runs; DICH_FRESH_ROOT=1 makes it again.
set -euo pipefail
cd "$(dirname "$0")/.."

deb=$(ls -1t target/debian/dich_*.deb 2>/dev/null | head -1 || true)
[ -n "$deb" ] || { echo "test-package.sh: no package; run scripts/package.sh first" >&2; exit 1; }
root=target/debian-root
if [ "${DICH_FRESH_ROOT:-0}" = 1 ]; then rm -rf "$root"; fi
if [ ! -x "$root/usr/bin/apt-get" ]; then
  command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap >/dev/null
  rm -rf "$root"
  debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >/dev/null
  # Man pages need man-db; minbase leaves it out.
  chroot "$root" apt-get install -y -qq --no-install-recommends man-db >/dev/null
fi
cp "$deb" "$root/tmp/dich.deb"
chroot "$root" dpkg -i /tmp/dich.deb >/dev/null
chroot "$root" dich --version

# The main job on the shipped example, from the installed files alone, as an unprivileged user would.
rm -rf "$root/tmp/desk"
chroot "$root" dich --config /usr/share/dich/pipeline.toml run --out /tmp/desk >/dev/null || true
test -s "$root/tmp/desk/web-en/lam-dong-doi-ngoai.en.md" || { echo "test-package.sh: the example was not published" >&2; exit 1; }
grep -q "Lam Dong" "$root/tmp/desk/web-en/lam-dong-doi-ngoai.en.md"
# Read whole before it is searched: `grep -q` leaving early would end man with SIGPIPE, a failure under pipefail.
page=$(chroot "$root" man -P cat dich-run)
grep -q "dich-run" <<<"$page"
test -f "$root/lib/systemd/system/dich.service" || test -f "$root/usr/lib/systemd/system/dich.service"
chroot "$root" getent passwd dich >/dev/null
test -f "$root/etc/dich/pipeline.toml"
# The service as its unit runs it: the dich user, /etc/dich/pipeline.toml, state in /var/lib/dich.
port=$(( 20000 + RANDOM % 20000 ))
chroot --userspec=dich:dich "$root" sh -c "cd /var/lib/dich && exec dich --config /etc/dich/pipeline.toml serve --addr 127.0.0.1:$port" >/dev/null 2>&1 &
served=$!
healthy=""
for _ in $(seq 1 100); do
  if curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then healthy=yes; break; fi
  sleep 0.2
done
# Then ready: the term bases load in the background after the server listens (seconds; longer in a debug build).
ready=""
if [ -n "$healthy" ]; then
  for _ in $(seq 1 600); do
    if curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; then ready=yes; break; fi
    sleep 0.2
  done
fi
kill -TERM "$served" 2>/dev/null || true
wait "$served" 2>/dev/null || true
[ -n "$healthy" ] || { echo "test-package.sh: the service did not answer /healthz" >&2; exit 1; }
[ -n "$ready" ] || { echo "test-package.sh: the service did not become ready (/readyz) in 120 s" >&2; exit 1; }
test -f "$root/var/lib/dich/out/dich.sqlite"
echo "test-package.sh: $(basename "$deb") installs in a clean Debian root; the example publishes; man dich-run works; the service answers as its own user and loads its term bases"
