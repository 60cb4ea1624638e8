#!/usr/bin/env bash
# Copies the Grafana provisioning and the InfluxDB DBRP script from provisioning/ into the
# kustomize base: kustomize reads no file outside its folder (symbolic links included).
# deploy/test/provisioning-copy.test.ts fails when the copies are not current.
set -euo pipefail
cd "$(dirname "$0")/../.."
base=deploy/kubernetes/base
for dir in dashboards alerting datasources plugins; do
  rm -rf "$base/grafana/provisioning/$dir"
  cp -R "provisioning/$dir" "$base/grafana/provisioning/$dir"
done
cp provisioning/influxdb/create-dbrp.sh "$base/influxdb/create-dbrp.sh"
