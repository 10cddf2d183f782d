#!/usr/bin/env bash
# Install everything the tests need, then run them. This is the README's test command,
# and what CI runs (.ci/run). Safe to run again: installs are skipped when present.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Debian packages: Chromium for the browser tests (never a browser download), Java for vnu,
# and what social cards are drawn with (mot_blog/render/fonts.py): the Noto fonts of every
# script the tests write (Arabic, Hebrew, CJK...) and FriBiDi, which the libraqm of Pillow's
# wheels loads for bidi and shaping.
need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v java >/dev/null 2>&1 || need_apt+=(default-jre-headless)
[ -e /usr/share/fonts/truetype/noto/NotoSansArabic-Bold.ttf ] || need_apt+=(fonts-noto-core)
[ -e /usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc ] || need_apt+=(fonts-noto-cjk)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf ] || need_apt+=(fonts-dejavu-core)
ldconfig -p 2>/dev/null | grep -q libfribidi || need_apt+=(libfribidi0)
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
