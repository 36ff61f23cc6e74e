#!/usr/bin/env bash
# Installs what a fresh Debian/Ubuntu machine lacks for Factory Direct: Python venv support,
# Qt's X11/EGL runtime libraries, poppler (PDF checks in tests), Xvfb (screenshots), a CJK font, and the
# PostgreSQL server, whose initdb/pg_ctl the tests use to start a throwaway cluster (team workspaces, #14).
# Does nothing when everything is there already; uses sudo only when not root.
set -euo pipefail

packages=(python3-venv libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0
          libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxcb-image0 libxcb-render-util0 libxcb-shape0
          libxcb-randr0 libxcb-xinerama0 libxcb-xkb1 poppler-utils zbar-tools xvfb xauth fonts-wqy-zenhei
          postgresql)

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "Not a Debian/Ubuntu system: install Qt's runtime libraries and poppler-utils yourself." >&2
  exit 0
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
# python3-venv is only needed when the interpreter can't make a venv with pip by itself.
if python3 -c "import ensurepip, venv" >/dev/null 2>&1; then
  missing=("${missing[@]/python3-venv}")
fi
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing system packages: ${missing[*]}" >&2
sudo_cmd=()
[ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
