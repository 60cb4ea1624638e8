#!/usr/bin/env bash
# Makes sure the real services and tools IO Worker runs against are installed, and installs what
# is missing with apt where it can (Debian/Ubuntu, as root or with sudo); otherwise says exactly
# what to install and exits 1.
#
#   ensure-system-deps.sh            everything the tests need: a PostgreSQL server, influxd,
#                                    Chromium, shellcheck (install scripts) and docker-compose
#                                    (to validate the compose file; no engine is needed)
#   ensure-system-deps.sh influxdb   only the named packages (`npm start` asks for influxdb)
#
# Shared by `npm test`, `npm start` and `.ci/run`.
set -euo pipefail

have_postgres() {
  { command -v postgres && command -v initdb; } >/dev/null 2>&1 && return 0
  compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null
}

# Whether the Debian package NAME's program is already here.
have() {
  case "$1" in
    postgresql) have_postgres ;;
    influxdb) command -v influxd >/dev/null 2>&1 ;;
    *) command -v "$1" >/dev/null 2>&1 ;;
  esac
}

wanted=("$@")
[ ${#wanted[@]} -eq 0 ] && wanted=(postgresql influxdb chromium shellcheck docker-compose)

missing=()
for package in "${wanted[@]}"; do
  have "$package" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

install_command="apt-get install -y --no-install-recommends ${missing[*]}"

# root runs apt itself; anyone else uses sudo, asking for a password only in a terminal.
as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    as_root=(unavailable)
  elif [ -t 0 ]; then
    as_root=(sudo)
  elif sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
  else
    as_root=(unavailable)
  fi
fi

still_missing() {
  local package
  for package in "${missing[@]}"; do have "$package" || return 0; done
  return 1
}

if command -v apt-get >/dev/null 2>&1 && [ "${as_root[*]-}" != unavailable ]; then
  echo "Installing missing system packages: ${missing[*]}"
  # ${as_root[@]+…} expands an empty array under `set -u` on every bash, old ones included.
  if ${as_root[@]+"${as_root[@]}"} apt-get update -qq &&
    ${as_root[@]+"${as_root[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      --no-install-recommends "${missing[@]}" >/dev/null &&
    ! still_missing; then
    echo "Installed: ${missing[*]}"
    exit 0
  fi
  echo "Could not install ${missing[*]} with apt." >&2
fi

[ "$(id -u)" -eq 0 ] && prefix="" || prefix="sudo "
{
  echo "These system packages are missing: ${missing[*]}."
  echo "On Debian/Ubuntu, install them with: ${prefix}${install_command}"
  echo "Elsewhere: install a PostgreSQL server (initdb and postgres on PATH), InfluxDB 1.x (influxd), Chromium, shellcheck and docker-compose, as needed."
} >&2
exit 1
