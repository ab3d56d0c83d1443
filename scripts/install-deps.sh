#!/usr/bin/env bash
# Installs the Debian 12 packages Warta needs to build and test, skipping
# those already present. Idempotent: a second run installs nothing.
# Run as root (or with sudo available). Chromium is for the tests that open
# Warta's HTML report and web page headless.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git python3
  libxml2-dev libicu-dev libre2-dev libsqlite3-dev sqlite3
  libcli11-dev nlohmann-json3-dev libxxhash-dev
  zlib1g-dev libzstd-dev libstemmer-dev
  libgtest-dev libgmock-dev
  chromium fonts-dejavu-core
  postgresql libpqxx-dev libmicrohttpd-dev libcpp-httplib-dev
  libcurl4-openssl-dev libssl-dev
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
