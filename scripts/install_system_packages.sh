#!/usr/bin/env bash
# Installs the Debian packages the product needs, only those missing: pango (WeasyPrint), a CJK
# font (Chinese names on certificates), gettext (translations), the PostgreSQL 15 client
# (scripts/backup.sh and restore.sh, the restore drill's test), and with --test, what the
# tests use to read the product back (Chromium, poppler, zbar). Runs apt-get through sudo when not root.
set -euo pipefail
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk gettext
  postgresql-client-15)
if [ "${1:-}" = "--test" ]; then
  # Chromium for the browser tests; pdftotext/pdftoppm and zbarimg to read certificates back.
  packages+=(chromium poppler-utils zbar-tools)
fi
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
