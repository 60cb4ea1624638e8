#!/usr/bin/env bash
# Makes sure the real services and tools the tests run against are installed: a PostgreSQL
# server, influxd, Chromium, shellcheck (install scripts) and docker-compose (to validate the
# compose file; no engine is needed). Installs what is missing with apt where it can (root on
# Debian/Ubuntu), otherwise says exactly what to install.
# Shared by `npm test` and `.ci/run`.
set -euo pipefail

missing=()

have_postgres() {
  { command -v postgres && command -v initdb; } >/dev/null 2>&1 && return 0
  compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null
}

have_postgres || missing+=(postgresql)
command -v influxd >/dev/null 2>&1 || missing+=(influxdb)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing missing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "Installed: ${missing[*]}"
  exit 0
fi

{
  echo "The tests need these system packages, which are missing: ${missing[*]}."
  echo "On Debian/Ubuntu: sudo apt-get install --no-install-recommends ${missing[*]}"
  echo "Elsewhere: install a PostgreSQL server (initdb and postgres on PATH), InfluxDB 1.x (influxd), Chromium, shellcheck and docker-compose."
} >&2
exit 1
