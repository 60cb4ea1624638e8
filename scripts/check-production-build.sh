#!/usr/bin/env bash
# Checks what api/Dockerfile's runtime image holds, without a Docker engine: builds the API,
# installs production dependencies into a scratch folder the way the image does, lays out /app
# (node_modules beside api/dist/bundle's files) and runs it with plain node and a clean
# environment, as an unprivileged user that may write DATA_DIR only (a read-only root filesystem).
# Prints the size of the image's node_modules. With DATABASE_URL set, ROLE=migrate runs there too.
#   bash scripts/check-production-build.sh
set -euo pipefail
cd "$(dirname "$0")/.."

scratch=$(mktemp -d)
api_pid=
cleanup() {
  if [[ -n $api_pid ]]; then kill "$api_pid" 2>/dev/null || true; fi
  chmod -R u+w "$scratch"
  rm -rf "$scratch"
}
trap cleanup EXIT

step() { printf '\n== %s\n' "$*"; }

step 'npm run build --workspace api'
npm run build --workspace api

step 'production dependencies, as the image installs them'
mkdir -p "$scratch/install"
cp package.json package-lock.json "$scratch/install/"
for workspace in $(node -p "require('./package.json').workspaces.join(' ')"); do
  mkdir -p "$scratch/install/$workspace"
  cp "$workspace/package.json" "$scratch/install/$workspace/"
done
(cd "$scratch/install" && npm ci --omit=dev --workspace api --workspace collector \
  --no-audit --no-fund --prefer-offline --loglevel=error)
app="$scratch/app"
mkdir -p "$app" "$scratch/data"
mv "$scratch/install/node_modules" "$app/"
rm -rf "$app/node_modules/@ioworker"
cp -R api/dist/bundle/. "$app/"
echo "node_modules: $(du -sh "$app/node_modules" | cut -f1)," \
  "$(find "$app/node_modules" | wc -l) files"

# Root here stands in for the image's `node` user: nobody, who owns DATA_DIR and nothing else.
# Call it in a subshell, which it replaces: a background run's pid is node's.
as_app_user() {
  if [[ $(id -u) == 0 ]]; then
    chown -R nobody "$scratch/data"
    chmod 755 "$scratch"
    exec setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"
  fi
  chmod -R a-w "$app"
  exec "$@"
}

# TMPDIR names a folder that does not exist: anything writing temporary files fails here.
clean_env=(env -i PATH="$PATH" DATA_DIR="$scratch/data" TMPDIR=/nonexistent)
run_node() { (cd "$app" && as_app_user "${clean_env[@]}" "$@"); }

step 'the API (ROLE=all, embedded PGlite)'
(cd "$app" && as_app_user "${clean_env[@]}" PORT=0 METRICS_PORT=0 HOST=127.0.0.1 node main.mjs) \
  >"$scratch/api.log" 2>&1 &
api_pid=$!
url=
for _ in $(seq 1 120); do
  url=$(grep -o '"url":"http[^"]*"' "$scratch/api.log" | head -1 | cut -d'"' -f4 || true)
  [[ -n $url ]] && break
  kill -0 "$api_pid" 2>/dev/null || break
  sleep 0.5
done
[[ -n $url ]] || { cat "$scratch/api.log"; exit 1; }
curl -fsS "$url/healthz" >/dev/null
echo "GET /healthz: ok"
curl -fsS "$url/install.sh" | cmp - "$app/scripts/install.sh"
echo "GET /install.sh: ok"
served=$(curl -fsS "$url/downloads/io-worker-collector.mjs" | sha256sum | cut -d' ' -f1)
[[ $served == "$(sha256sum <"$app/io-worker-collector.mjs" | cut -d' ' -f1)" ]]
echo "GET /downloads/io-worker-collector.mjs: the prebuilt bundle"
for file in package.json package-lock.json; do
  curl -fsS "$url/downloads/nvml/$file" | cmp - "$app/nvml/$file"
done
echo "GET /downloads/nvml/package{,-lock}.json: the prebuilt NVML package"
kill "$api_pid"
wait "$api_pid"
api_pid=

step 'the collector bundle'
run_node node io-worker-collector.mjs --help >/dev/null
echo "io-worker-collector.mjs --help: ok"
run_node node --input-type=module -e "await import('koffi')"
echo "koffi (NVML) loads: ok"

if [[ -n ${DATABASE_URL:-} ]]; then
  step 'ROLE=migrate'
  run_node ROLE=migrate DATABASE_URL="$DATABASE_URL" node main.mjs
fi

printf '\nThe production build runs.\n'
