#!/usr/bin/env bash
# Print the path of a uv executable, installing uv from PyPI with pip when it is missing.
set -euo pipefail
UV_VERSION="0.13.9"
if command -v uv >/dev/null 2>&1; then command -v uv; exit 0; fi
if [ -x "$HOME/.local/bin/uv" ]; then echo "$HOME/.local/bin/uv"; exit 0; fi
python3 -m pip install --quiet --user "uv==${UV_VERSION}" >&2 || python3 -m pip install --quiet "uv==${UV_VERSION}" >&2
command -v uv 2>/dev/null || echo "$HOME/.local/bin/uv"
