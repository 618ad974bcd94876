#!/usr/bin/env bash
# The README's test command: installs the real components the tests use when they are missing, then runs every
# test. Components: xmllint (Debian libxml2-utils) for XLIFF and TBX schema validation; chromium (headless) to read
# the QA report as a browser shows it; Apertium and its APy server; OmegaT 3.6 (Debian omegat, run headless by the
# tests as `omegat --mode=console-translate --config-dir=DIR PROJECT`: no display needed); translate-toolkit (PyPI,
# in the venv target/cat-venv, driven through tests/tools/ttk.py).
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v xmllint >/dev/null 2>&1 || need_apt+=(libxml2-utils)
command -v apertium >/dev/null 2>&1 || need_apt+=(apertium)
command -v apertium-apy >/dev/null 2>&1 || need_apt+=(apertium-apy)
[ -e /usr/share/apertium/modes/eng-spa.mode ] || need_apt+=(apertium-eng-spa)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)

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

# translate-toolkit for the CAT-tool tests (tests/integration/cat_tools.rs).
cat_venv="target/cat-venv"
if ! "$cat_venv/bin/python" -c 'import translate.storage.xliff2' >/dev/null 2>&1; then
  echo "scripts/test.sh: installing translate-toolkit into $cat_venv" >&2
  python3 -m venv "$cat_venv"
  "$cat_venv/bin/pip" install --quiet translate-toolkit lxml
fi

# Unit, integration and doc tests.
cargo test "$@"
# The benchmarks must keep compiling; running them is `cargo bench` (figures in BENCHMARKS.md).
cargo bench --no-run --quiet
