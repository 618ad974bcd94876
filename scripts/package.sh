#!/usr/bin/env bash
# Builds the Debian package, target/debian/dich_<version>-1_<arch>.deb: the release binary, man pages and shell
# completions made by the binary itself, the shipped pipeline.toml, glossary, rules and examples under
# /usr/share/dich, a configuration for the service in /etc/dich/pipeline.toml, and a systemd unit for
# `dich serve` that runs as its own user with its state in /var/lib/dich. Needs cargo-deb (installed here if
# missing). scripts/test-package.sh installs the result in a clean Debian root.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v cargo-deb >/dev/null || cargo install cargo-deb --locked
# DICH_PACKAGE_PROFILE=dev packages the debug binary `cargo test` already built (scripts/test.sh uses it to test
# the packaging in minutes); a package to ship is built from the release binary, the default.
if [ "${DICH_PACKAGE_PROFILE:-release}" = dev ]; then
  cargo build --locked --bin dich
  binary=target/debug/dich
else
  cargo build --release --locked --bin dich
  binary=target/release/dich
fi

package=target/package
rm -rf "$package"
mkdir -p "$package/man" "$package/completions" "$package/etc"
cp "$binary" "$package/dich"
"$binary" generate man --dir "$package/man" >/dev/null
gzip -9n "$package"/man/*.1
for shell in bash zsh fish; do
  "$binary" generate completions "$shell" --dir "$package/completions" >/dev/null
done
scripts/service-config.sh pipeline.toml > "$package/etc/pipeline.toml"

cargo deb --no-build --strip --output target/debian/
ls -1 target/debian/*.deb
