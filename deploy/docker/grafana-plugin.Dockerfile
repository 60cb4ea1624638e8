# The IO Worker Grafana app plugin as an image, for the Kubernetes Grafana's init container
# (deploy/kubernetes/base/grafana/deployment.yaml copies /plugin into Grafana's plugins folder).
# Build from the repository root after `npm run build --workspace plugin`:
#   docker build -f deploy/docker/grafana-plugin.Dockerfile -t ghcr.io/ioworker/grafana-plugin:0.1.0 .
FROM busybox:1.37
COPY plugin/dist /plugin
USER 65534:65534
