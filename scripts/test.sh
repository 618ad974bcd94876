#!/usr/bin/env bash
# The README's test command: installs the real components the tests use when they are missing, then runs every
# test. Components: xmllint (Debian libxml2-utils) for XLIFF and TBX schema validation; chromium (headless) to read
# the QA report as a browser shows it; chromedriver (Debian chromium-driver), started by the `dich serve` browser
# tests themselves on a free port, to drive Chromium through the desk's pages; Apertium and its APy server; OmegaT 3.6 (Debian omegat, run headless by the
# tests as `omegat --mode=console-translate --config-dir=DIR PROJECT`: no display needed); a Python venv in
# target/test-venv with translate-toolkit (driven through tests/tools/ttk.py) and pyschematron, which runs
# TBX-Basic's Schematron rules (ISO Schematron with XPath 2: xmllint cannot); cargo-deb and debootstrap to build
# the Debian package and install it in a clean Debian root; PostgreSQL (a throwaway cluster, see
# scripts/postgres-cluster.sh) for the shared store and its workers.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v xmllint >/dev/null 2>&1 || need_apt+=(libxml2-utils)
command -v apertium >/dev/null 2>&1 || need_apt+=(apertium)
command -v apertium-apy >/dev/null 2>&1 || need_apt+=(apertium-apy)
[ -e /usr/share/apertium/modes/eng-spa.mode ] || need_apt+=(apertium-eng-spa)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need_apt+=(chromium-driver)

if [ ${#need_apt[@]} -gt 0 ]; then
  echo "scripts/test.sh: installing ${need_apt[*]} (Debian packages) for the tests" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
if ! command -v omegat >/dev/null 2>&1; then
  echo "scripts/test.sh: installing omegat (Debian package, with its Java runtime) for the tests" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends omegat >/dev/null
fi

# translate-toolkit (the CAT-tool tests) and pyschematron (the TBX-Basic test) in one venv; pyschematron needs
# Python 3.12 or later: the first one found on PATH or under pyenv makes the venv, once.
venv=target/test-venv
if ! "$venv/bin/python" -c "import pyschematron, translate.storage.xliff2" >/dev/null 2>&1; then
  python=""
  for candidate in python3 python3.13 python3.12 $(ls -d "$(pyenv root 2>/dev/null || echo /nonexistent)"/versions/3.1[2-9]*/bin/python3 2>/dev/null); do
    if "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then
      python="$candidate"
      break
    fi
  done
  if [ -z "$python" ]; then
    echo "scripts/test.sh: the TBX-Basic Schematron test needs Python 3.12 or later (Debian 13: apt-get install python3-venv)" >&2
    exit 1
  fi
  echo "scripts/test.sh: making $venv with $python: pyschematron (TBX-Basic Schematron), translate-toolkit (CAT tools)" >&2
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/pip" install -q pyschematron==1.2.5 translate-toolkit lxml
fi

# A throwaway PostgreSQL (Debian postgresql + postgresql-contrib for pg_trgm) for the shared-store and worker
# tests, in a temporary directory, as an unprivileged user, on a free local port; stopped and removed on exit.
source scripts/postgres-cluster.sh
install_test_postgres
trap stop_test_postgres EXIT
start_test_postgres

# Unit, integration and doc tests.
cargo test "$@"
# The benchmarks must keep compiling; running them is `cargo bench` (figures in BENCHMARKS.md).
cargo bench --no-run --quiet
# The Debian package installs and works in a clean Debian root (debootstrap; needs root for chroot): built here
# from the debug binary the tests used, which tests the packaging in minutes; scripts/package.sh alone builds the
# release package. DICH_SKIP_PACKAGE_TEST=1 skips it (no root, no Debian mirror).
if [ "${DICH_SKIP_PACKAGE_TEST:-0}" != 1 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "scripts/test.sh: the package test needs root (chroot); run as root or set DICH_SKIP_PACKAGE_TEST=1" >&2
    exit 1
  fi
  command -v debootstrap >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  DICH_PACKAGE_PROFILE=dev scripts/package.sh >/dev/null
  scripts/test-package.sh
fi
