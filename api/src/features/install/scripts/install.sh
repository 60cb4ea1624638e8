#!/usr/bin/env bash
# IO Worker node installer for Ubuntu 22.04 / 24.04 (systemd). Run it as root:
#
#   curl -fsSL https://API/install.sh | sudo bash -s -- --api https://API --token iowe_...
#
# It finds Node.js >= 24 (or downloads the official Node.js 24 LTS build from nodejs.org and checks
# it against the release's SHASUMS256.txt), creates the system user io-worker, downloads the
# collector from the API and checks its SHA-256, installs koffi beside it with npm (pinned by the
# API's lock file) so that it reads the GPUs through NVML in-process, enrols this machine with the
# one-time token, and runs the collector as the systemd service io-worker-collector. Running it
# again (with a new token) re-enrols the machine and restarts the service; nothing else is lost.
#
# The token is a secret until it is spent: it is never printed.
set -Eeuo pipefail
# A failure without its own message still names where it happened (never the command: it may
# hold the token).
trap 'printf "io-worker install: error: failed at line %s\n" "$LINENO" >&2' ERR

# The LTS line it downloads, and the least it picks by itself: older lines are past their end of
# life or close to it, and the collector costs a node more CPU on them (bench/collector.bench.ts).
readonly NODE_MAJOR=24
# The least the collector runs on, for a Node.js named with --node.
readonly NODE_MIN_MAJOR=20
readonly SERVICE=io-worker-collector
readonly SERVICE_USER=io-worker
readonly BUNDLE=io-worker-collector.mjs
readonly OPT_DIR=/opt/io-worker
readonly ETC_DIR=/etc/io-worker
readonly VAR_DIR=/var/lib/io-worker
readonly CONFIG=$ETC_DIR/collector.json
readonly UNIT=/etc/systemd/system/$SERVICE.service

usage() {
  cat <<EOF
Usage: install.sh --api URL --token TOKEN [--root DIR] [--node PATH] [--no-nvml]

Installs the IO Worker collector on this machine as the systemd service $SERVICE.

  --api URL      the IO Worker API, e.g. https://api.example.com
  --token TOKEN  the one-time enrollment token from "Add device" (never printed)
  --node PATH    the Node.js (>= $NODE_MIN_MAJOR) to run the collector with; default: $OPT_DIR/node,
                 else node on PATH (each only from $NODE_MAJOR on), else the official Node.js $NODE_MAJOR LTS is
                 downloaded from nodejs.org
  --no-nvml      do not install koffi, the FFI the collector reads NVML (libnvidia-ml) with
                 in-process, and remove an earlier run's copy: the collector reads nvidia-smi.
                 By default npm installs it beside the collector from the npm registry (or the
                 one npm is configured with), checked against the API's lock file
  --root DIR     install below DIR instead of / (tests, image builds): files are written there,
                 their contents name the final paths, and the steps that would change the
                 system outside DIR (useradd, chown, systemctl) are only printed ("would run: ...")
  -h, --help     this help
EOF
}

say() { printf '==> %s\n' "$*"; }
warn() { printf 'io-worker install: warning: %s\n' "$*" >&2; }
die() {
  printf 'io-worker install: error: %s\n' "$*" >&2
  exit 1
}
bad_usage() {
  printf 'io-worker install: %s\n\n' "$*" >&2
  usage >&2
  exit 2
}

API=''
TOKEN=''
ROOT=''
NODE_ARG=''
NVML=yes
while (($# > 0)); do
  case $1 in
    --api | --token | --root | --node)
      (($# >= 2)) || bad_usage "$1 needs a value"
      case $1 in
        --api) API=$2 ;;
        --token) TOKEN=$2 ;;
        --root) ROOT=$2 ;;
        --node) NODE_ARG=$2 ;;
      esac
      shift 2
      ;;
    --api=*) API=${1#*=} && shift ;;
    --token=*) TOKEN=${1#*=} && shift ;;
    --root=*) ROOT=${1#*=} && shift ;;
    --node=*) NODE_ARG=${1#*=} && shift ;;
    --no-nvml) NVML=no && shift ;;
    -h | --help)
      usage
      exit 0
      ;;
    *) bad_usage "unknown argument: $1" ;;
  esac
done

[[ -n $API ]] || bad_usage 'missing --api URL'
[[ -n $TOKEN ]] || bad_usage 'missing --token TOKEN'
[[ $API =~ ^https?://[^[:space:]/]+(/[^[:space:]]*)?$ ]] ||
  bad_usage "--api must be an http(s) URL such as https://api.example.com (got: $API)"
[[ $TOKEN =~ ^[A-Za-z0-9_-]+$ ]] || bad_usage '--token does not look like an enrollment token'
API=${API%/}
[[ $API == https://* ]] || warn "$API is not https: the token and the collector travel in clear text"

if [[ -n $ROOT ]]; then
  [[ -d $ROOT ]] || die "--root $ROOT is not a directory"
  ROOT=$(cd "$ROOT" && pwd -P)
  [[ $ROOT != / ]] || ROOT=''
fi
if [[ -z $ROOT ]]; then
  ((EUID == 0)) || die 'run me as root, e.g. curl -fsSL ... | sudo bash -s -- --api ... --token ...'
  [[ -d /run/systemd/system ]] || die 'systemd is not running on this machine; this installer needs it'
fi

# Outside DIR nothing changes under --root: those steps are printed instead.
system() {
  if [[ -n $ROOT ]]; then
    say "would run: $*"
  else
    "$@"
  fi
}

WORK=''
cleanup() { [[ -z $WORK ]] || rm -rf -- "$WORK"; }
trap cleanup EXIT

fetch() { # URL FILE
  curl --fail --silent --show-error --location --proto '=https,http' \
    --connect-timeout 20 --max-time 600 --retry 3 --output "$2" -- "$1"
}

replace_dir() { # NEW DEST: DEST becomes NEW, an earlier DEST is removed; fails at the first failure
  rm -rf -- "$2.old" &&
    { [[ ! -e $2 ]] || mv -T -- "$2" "$2.old"; } &&
    mv -T -- "$1" "$2" &&
    rm -rf -- "$2.old"
}

node_major() { # NODE -> major version, or nothing
  "$1" -e 'process.stdout.write(process.versions.node.split(".")[0])' 2>/dev/null || true
}

# 1. Node.js. NODE_RUN runs it now; NODE_PATH is its path on the installed system (no DIR).
NODE_RUN=''
NODE_PATH=''
find_node() {
  local candidate major real
  if [[ -n $NODE_ARG ]]; then
    [[ $NODE_ARG == /* ]] || NODE_ARG=$PWD/$NODE_ARG
    [[ -x $NODE_ARG ]] || die "--node $NODE_ARG is not an executable"
    major=$(node_major "$NODE_ARG")
    if ! [[ $major =~ ^[0-9]+$ ]] || ((major < NODE_MIN_MAJOR)); then
      die "--node $NODE_ARG is Node.js ${major:-?}; the collector needs Node.js $NODE_MIN_MAJOR or newer"
    fi
    NODE_RUN=$NODE_ARG NODE_PATH=$NODE_ARG
    say "Using Node.js $major at $NODE_ARG (from --node)"
    return
  fi
  candidate=$ROOT$OPT_DIR/node/bin/node
  major=''
  if [[ -x $candidate ]]; then major=$(node_major "$candidate"); fi
  if [[ $major =~ ^[0-9]+$ ]] && ((major >= NODE_MAJOR)); then
    NODE_RUN=$candidate NODE_PATH=$OPT_DIR/node/bin/node
    say "Using Node.js $major at $NODE_PATH (installed by an earlier run)"
    return
  elif [[ -n $major ]]; then
    say "Not using Node.js $major at $OPT_DIR/node/bin/node (installed by an earlier run): older than $NODE_MAJOR"
  fi
  if candidate=$(command -v node); then
    major=$(node_major "$candidate")
    real=$(readlink -f -- "$candidate")
    if ! [[ $major =~ ^[0-9]+$ ]] || ((major < NODE_MAJOR)); then
      say "Ignoring node on PATH ($candidate): it is Node.js ${major:-?}, older than $NODE_MAJOR"
    elif [[ $candidate == /root/* || $candidate == /home/* || $real == /root/* || $real == /home/* ]]; then
      # The service runs as $SERVICE_USER with ProtectHome=yes: it cannot reach a home directory.
      say "Ignoring node on PATH ($real): it lives in a home directory the service cannot read"
    else
      NODE_RUN=$candidate NODE_PATH=$candidate
      say "Using Node.js $major at $candidate (from PATH)"
      return
    fi
  fi
  download_node
}

download_node() {
  local arch base line file dest
  case $(uname -m) in
    x86_64 | amd64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) die "no Node.js $NODE_MAJOR+ found and no official build for $(uname -m); install Node.js $NODE_MAJOR+ and pass --node" ;;
  esac
  base=https://nodejs.org/dist/latest-v$NODE_MAJOR.x
  dest=$ROOT$OPT_DIR/node
  say "No Node.js $NODE_MAJOR+ found: downloading the official Node.js $NODE_MAJOR LTS build for linux-$arch from $base/, verifying it against that release's SHASUMS256.txt, and unpacking it into $OPT_DIR/node (no apt repository is added)"
  fetch "$base/SHASUMS256.txt" "$WORK/SHASUMS256.txt" || die "could not download $base/SHASUMS256.txt"
  line=$(grep -E "^[0-9a-f]{64}  node-v$NODE_MAJOR\.[0-9]+\.[0-9]+-linux-$arch\.tar\.gz\$" "$WORK/SHASUMS256.txt" | head -n 1) ||
    die "$base/SHASUMS256.txt lists no linux-$arch tarball"
  file=${line##* }
  fetch "$base/$file" "$WORK/$file" || die "could not download $base/$file"
  (cd "$WORK" && printf '%s\n' "$line" | sha256sum --check --status -) ||
    die "$file does not match its SHA-256 in SHASUMS256.txt; nothing was installed"
  mkdir -p "$WORK/node"
  tar -xzf "$WORK/$file" -C "$WORK/node" --strip-components=1 --no-same-owner
  replace_dir "$WORK/node" "$dest"
  NODE_RUN=$dest/bin/node NODE_PATH=$OPT_DIR/node/bin/node
  say "Installed ${file%.tar.gz} into $OPT_DIR/node"
}

# Directories first: the work directory lives in $OPT_DIR so that every move into place is a
# rename on one file system (never a half-written file under its final name).
say "Creating $OPT_DIR, $ETC_DIR and $VAR_DIR"
mkdir -p -- "$ROOT$OPT_DIR" "$ROOT$ETC_DIR" "$ROOT$VAR_DIR/buffer"
chmod 0755 -- "$ROOT$OPT_DIR"
chmod 0750 -- "$ROOT$ETC_DIR" "$ROOT$VAR_DIR" "$ROOT$VAR_DIR/buffer"
WORK=$(mktemp -d "$ROOT$OPT_DIR/.install.XXXXXX")

find_node

# 2. The service user: a system account without home or shell, in systemd-journal (if that
# group exists) so that the collector can read XID errors from the kernel log.
if id -u "$SERVICE_USER" >/dev/null 2>&1; then
  say "System user $SERVICE_USER exists; keeping it"
else
  say "Creating the system user $SERVICE_USER"
  system useradd --system --no-create-home --home-dir "$VAR_DIR" --shell /usr/sbin/nologin "$SERVICE_USER"
fi
if getent group systemd-journal >/dev/null 2>&1; then
  say "Adding $SERVICE_USER to systemd-journal (to read GPU XID errors from the kernel log)"
  system usermod --append --groups systemd-journal "$SERVICE_USER"
fi
say "Giving $ETC_DIR to root:$SERVICE_USER (0750) and $VAR_DIR to $SERVICE_USER"
system chown root:"$SERVICE_USER" "$ROOT$ETC_DIR"
system chown -R "$SERVICE_USER:$SERVICE_USER" "$ROOT$VAR_DIR"

# 3. The collector: one file, checked against the SHA-256 the API publishes beside it.
say "Downloading the collector from $API/downloads/$BUNDLE and checking its SHA-256"
fetch "$API/downloads/$BUNDLE" "$WORK/$BUNDLE" || die "could not download $API/downloads/$BUNDLE"
fetch "$API/downloads/$BUNDLE.sha256" "$WORK/$BUNDLE.sha256" ||
  die "could not download $API/downloads/$BUNDLE.sha256"
if [[ $(wc -l <"$WORK/$BUNDLE.sha256") != 1 ]] ||
  ! grep -qxE "[0-9a-f]{64}  ${BUNDLE//./\\.}" "$WORK/$BUNDLE.sha256"; then
  die "$API/downloads/$BUNDLE.sha256 is not one sha256sum line for $BUNDLE; nothing was installed"
fi
(cd "$WORK" && sha256sum --check --status "$BUNDLE.sha256") ||
  die "the downloaded collector does not match its SHA-256 (corrupted or tampered with); nothing was installed"
chmod 0644 -- "$WORK/$BUNDLE"
say "The collector matches its SHA-256 ($(cut -c1-16 "$WORK/$BUNDLE.sha256")...)"

# 3b. The NVML reader: koffi, a native addon the one-file collector cannot carry, installed by npm
# from the API's package.json and package-lock.json. npm takes koffi's native module for this
# machine only, and refuses any download whose hash is not the lock file's integrity value. It is
# optional: without it the collector reads nvidia-smi, at more CPU per sample.
NPM=()
find_npm() { # the npm that came with this Node.js (bin/../lib/node_modules/npm), else the one on PATH
  local cli
  cli=$(dirname -- "$(readlink -f -- "$NODE_RUN")")/../lib/node_modules/npm/bin/npm-cli.js
  if [[ -f $cli ]]; then
    NPM=("$NODE_RUN" "$cli")
  elif command -v npm >/dev/null 2>&1; then
    NPM=(npm)
  else
    return 1
  fi
}

fetch_nvml_reader() { # into $WORK/nvml/node_modules; says why not and fails where it cannot
  local dir=$WORK/nvml file native
  find_npm || {
    warn "no npm beside $NODE_PATH or on PATH"
    return 1
  }
  mkdir -p -- "$dir"
  for file in package.json package-lock.json; do
    fetch "$API/downloads/nvml/$file" "$dir/$file" || {
      warn "could not download $API/downloads/nvml/$file"
      return 1
    }
  done
  # Bounded: behind a firewall that drops packets, npm's defaults wait about 15 minutes.
  (cd "$dir" && timeout 300 "${NPM[@]}" ci --omit=dev --ignore-scripts --no-audit --no-fund \
    --fetch-timeout=30000 --fetch-retries=1 --loglevel=warn) || {
    warn 'npm could not install koffi (see its message above)'
    return 1
  }
  # npm skips an optional package it cannot fetch or verify, and exits 0: look for it here. The
  # load below alone would not tell, as Node also finds an earlier run's copy up the tree.
  native=koffi-$("$NODE_RUN" -p 'process.platform + "-" + process.arch')
  [[ -d $dir/node_modules/@koromix/$native ]] || {
    warn "npm installed koffi without its native module @koromix/$native (optional packages turned off, or its download failed)"
    return 1
  }
  (cd "$dir" && "$NODE_RUN" --input-type=module -e "await import('koffi')") || {
    warn 'koffi was installed but does not load with this Node.js'
    return 1
  }
  # Whatever root's umask was, the service user must read it.
  chmod -R u=rwX,go=rX -- "$dir/node_modules"
}

NVML_READER=''
if [[ $NVML == yes ]]; then
  say 'Installing koffi with npm, checked against the lock file from the API, so that the collector reads NVML in-process'
  if fetch_nvml_reader; then
    NVML_READER=$WORK/nvml/node_modules
  elif [[ -d $ROOT$OPT_DIR/node_modules/koffi ]]; then
    warn "keeping the koffi of an earlier run in $OPT_DIR/node_modules (it may be older than the one this collector was tested with)"
  else
    warn 'the collector will read nvidia-smi instead of NVML, at more CPU per sample; run this installer again to retry'
  fi
fi

# 4. Enrol with the verified download. The collector writes the config only once the API has
# accepted the token, and atomically: a refused token leaves no config on a first install and
# the earlier one on a re-install.
say "Enrolling this machine with $API"
if ! (umask 077 && "$NODE_RUN" "$WORK/$BUNDLE" enroll --api "$API" --token "$TOKEN" --config "$ROOT$CONFIG"); then
  die "enrollment failed (see the message above); the collector was not installed. The token is single-use and expires after an hour: get a new install command from \"Add device\" (or the device's \"Re-enrol\") and run that"
fi
[[ -s $ROOT$CONFIG ]] || die "the collector reported success but wrote no $CONFIG"
chmod 0600 -- "$ROOT$CONFIG"
system chown "$SERVICE_USER:$SERVICE_USER" "$ROOT$CONFIG"
mv -f -- "$WORK/$BUNDLE" "$ROOT$OPT_DIR/$BUNDLE"
say "Installed $OPT_DIR/$BUNDLE; the device credential is in $CONFIG (0600, $SERVICE_USER)"
if [[ -n $NVML_READER ]]; then
  if replace_dir "$NVML_READER" "$ROOT$OPT_DIR/node_modules"; then
    say "Installed koffi into $OPT_DIR/node_modules: the collector reads NVML where the NVIDIA driver is installed"
  else
    warn "could not move koffi into $OPT_DIR/node_modules; the collector reads nvidia-smi where it finds no koffi there"
  fi
elif [[ $NVML == no && -e $ROOT$OPT_DIR/node_modules ]]; then
  rm -rf -- "$ROOT$OPT_DIR/node_modules"
  say "Removed $OPT_DIR/node_modules (--no-nvml): the collector reads nvidia-smi"
fi

# 5. The service. Hardened, but with /dev left alone: nvidia-smi needs /dev/nvidia*.
# systemd splits ExecStart on spaces and expands %: keep the node path plain.
[[ $NODE_PATH =~ ^[A-Za-z0-9/._+@-]+$ ]] ||
  die "the Node.js path $NODE_PATH has characters a systemd unit cannot take unquoted; pass --node with a plain path"
ALREADY_INSTALLED=no
[[ -e $ROOT$UNIT ]] && ALREADY_INSTALLED=yes
say "Writing $UNIT"
cat >"$WORK/unit" <<EOF
[Unit]
Description=IO Worker collector (GPU and host telemetry)
Wants=network-online.target
After=network-online.target

[Service]
Type=simple
User=$SERVICE_USER
Group=$SERVICE_USER
Environment=IOW_CONFIG=$CONFIG IOW_BUFFER_DIR=$VAR_DIR/buffer
WorkingDirectory=$VAR_DIR
ExecStart=$NODE_PATH $OPT_DIR/$BUNDLE run
Restart=on-failure
RestartSec=5
TimeoutStopSec=30
NoNewPrivileges=yes
ProtectSystem=strict
ReadWritePaths=$VAR_DIR $ETC_DIR
ProtectHome=yes
PrivateTmp=yes
ProtectKernelTunables=yes
ProtectControlGroups=yes
RestrictSUIDSGID=yes
LockPersonality=yes

[Install]
WantedBy=multi-user.target
EOF
mkdir -p -- "$(dirname -- "$ROOT$UNIT")"
chmod 0644 -- "$WORK/unit"
mv -f -- "$WORK/unit" "$ROOT$UNIT"

system systemctl daemon-reload
if [[ $ALREADY_INSTALLED == yes ]]; then
  say "Restarting $SERVICE (it was already installed)"
  system systemctl enable --quiet "$SERVICE.service"
  system systemctl restart "$SERVICE.service"
else
  say "Enabling and starting $SERVICE"
  system systemctl enable --now --quiet "$SERVICE.service"
fi

if [[ -z $ROOT ]]; then
  sleep 3
  if ! systemctl is-active --quiet "$SERVICE.service"; then
    warn "$SERVICE is not running yet; see: journalctl -u $SERVICE -n 50"
  fi
fi
say "Done. This machine reports to $API; follow it with: journalctl -u $SERVICE -f"
