#!/usr/bin/env bash
# Prints the configuration a service (the Debian package's unit, the container) runs with: the shipped
# pipeline.toml with absolute paths (a config's relative paths are read from its own folder, and /etc is no place
# for articles or a store). Usage: scripts/service-config.sh [pipeline.toml] > /etc/dich/pipeline.toml
set -euo pipefail
sed -e 's|^inputs = .*|inputs = ["/var/lib/dich/articles"]|' \
    -e 's|^output_dir = .*|output_dir = "/var/lib/dich/out"|' \
    -e 's|^glossary = .*|glossary = ["/usr/share/dich/glossary"]|' \
    -e 's|^seed = .*|seed = ["/usr/share/dich/examples/memory/lam-dong-doi-ngoai.tmx"]|' \
    "${1:-pipeline.toml}"
