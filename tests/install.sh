#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian machine: Chromium and Java from
# Debian, Decap CMS (package-lock.json) and the test tools, the Nu HTML checker and
# axe-core (tests/tools/package-lock.json), from npm, and the Python packages
# (pyproject's test extra). Safe to run again: it skips what is there.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
# libfaketime: the determinism tests run a build under a false clock (tests/netlify/).
command -v faketime >/dev/null 2>&1 || missing+=(faketime)
# npm: the build fetches Decap CMS with it, and the test tools below come from npm.
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "install.sh: installing ${missing[*]} from Debian"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The deploy's one npm package, Decap CMS (package.json), as `npm ci` lays it out; it also leaves
# Decap in npm's cache, where tests/editor/test_decap_fetch.py fetches it again offline.
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
# The tools only the tests use (tests/tools/package.json): the Nu HTML checker and axe-core.
# --ignore-scripts: vnu-jar's postinstall would try to download a Java runtime; Debian's is used.
npm ci --prefix tests/tools --ignore-scripts --no-audit --no-fund --loglevel=error

python -m pip install --quiet --disable-pip-version-check -e '.[test]'
