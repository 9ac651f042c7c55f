#!/usr/bin/env bash
# Install the Debian packages a target needs, only where missing (the machine runs as root).
# Usage: scripts/system-packages.sh run|test|ci|scale (scale: what scripts/scale-out.sh runs)
set -euo pipefail
target="${1:-run}"
# fonts-liberation2: Liberation Serif 2.x, the typeface of official documents (1.07 lacks Vietnamese letters).
# libreoffice-writer-nogui: the tests open every DOCX in LibreOffice (as a clerk would) and check its fonts.
packages=(libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core fonts-liberation2 gettext nodejs npm)
case "$target" in
  test) packages+=(chromium poppler-utils libreoffice-writer-nogui) ;;
  ci) packages+=(chromium poppler-utils libreoffice-writer-nogui postgresql-15 postgresql-client-15 nginx redis-server) ;;
  scale) packages+=(postgresql-15 postgresql-client-15 nginx redis-server) ;;
esac
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
# nodejs may come from elsewhere than Debian; npm on PATH is enough.
if command -v npm >/dev/null 2>&1; then
  filtered=()
  for pkg in "${missing[@]}"; do [[ "$pkg" == nodejs || "$pkg" == npm ]] || filtered+=("$pkg"); done
  missing=("${filtered[@]+"${filtered[@]}"}")
fi
if [ "${#missing[@]}" -eq 0 ]; then exit 0; fi
echo "Installing system packages: ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
