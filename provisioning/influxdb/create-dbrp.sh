#!/bin/bash
# Runs once, after influxdb:2.7 set itself up: InfluxQL (the API and Grafana) reads the
# bucket through a DBRP mapping named like the 1.x database.
set -euo pipefail
bucket_id=$(influx bucket list --name "${DOCKER_INFLUXDB_INIT_BUCKET}" --hide-headers | cut -f1)
influx v1 dbrp create --db "${DOCKER_INFLUXDB_INIT_BUCKET}" --rp autogen --default --bucket-id "${bucket_id}"
