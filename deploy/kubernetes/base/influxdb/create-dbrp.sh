#!/bin/bash
# Runs once, after influxdb:2.7 set itself up: InfluxQL (the API and Grafana) reads the
# bucket through a DBRP mapping named like the 1.x database, and the API's rollups go to their
# own buckets, mapped as the retention policies rollup_1m and rollup_1h (docs/metrics.md).
set -euo pipefail
bucket_id=$(influx bucket list --name "${DOCKER_INFLUXDB_INIT_BUCKET}" --hide-headers | cut -f1)
influx v1 dbrp create --db "${DOCKER_INFLUXDB_INIT_BUCKET}" --rp autogen --default --bucket-id "${bucket_id}"
for rollup in rollup_1m:${INFLUX_ROLLUP_1M_RETENTION:-30d} rollup_1h:${INFLUX_ROLLUP_1H_RETENTION:-400d}; do
  rp=${rollup%%:*}
  rollup_bucket_id=$(influx bucket create --name "${DOCKER_INFLUXDB_INIT_BUCKET}_${rp}" \
    --retention "${rollup#*:}" --hide-headers | cut -f1)
  influx v1 dbrp create --db "${DOCKER_INFLUXDB_INIT_BUCKET}" --rp "${rp}" --bucket-id "${rollup_bucket_id}"
done
