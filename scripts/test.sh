#!/usr/bin/env bash
# Install everything the tests need, then run them. This is the README's test command,
# and what CI runs (.ci/run). Safe to run again: installs are skipped when present.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Debian packages: Chromium for the browser tests (never a browser download), Java for vnu.
need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v java >/dev/null 2>&1 || need_apt+=(default-jre-headless)
if [ "${#need_apt[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "missing: ${need_apt[*]} (install with: sudo apt-get install ${need_apt[*]})" >&2
  fi
fi

# Python: the package and its test extras.
python3 -m pip install -q --disable-pip-version-check -e '.[test]'

# Node tools: the Nu Html Checker jar.
npm install --no-audit --no-fund --loglevel=error >/dev/null

# Lint, format and types first: quick, and they name the line to fix.
python3 -m ruff check src tests bench scripts
python3 -m ruff format --check src tests bench scripts
python3 -m mypy

python3 -m pytest "$@"
