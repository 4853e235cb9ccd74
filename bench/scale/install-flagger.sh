#!/usr/bin/env bash
# Builds Flagger for `make bench-scale` (never for make test or CI) into
# <repo>/.cache/bench/flagger:
#   bin/flagger   github.com/fluxcd/flagger/cmd/flagger, pinned by the wrapper
#                 module bench/scale/flagger (go.mod, go.sum, tools.go)
#   crd.yaml      the module's artifacts/flagger/crd.yaml (Canary, MetricTemplate, AlertProvider)
# The stamp names the version and the checksum of the wrapper module, so a
# second run only checks it. Go's caches are used as they are.
set -euo pipefail

FLAGGER_VERSION="v1.36.1"

scale_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_dir="$(cd "${scale_dir}/../.." && pwd)"
module_dir="${scale_dir}/flagger"
cache_dir="${repo_dir}/.cache/bench/flagger"
mkdir -p "${cache_dir}/bin"
exec 9> "${cache_dir}/install.lock"
flock 9

log() { printf '[flagger-install] %s\n' "$*"; }

stamp="${FLAGGER_VERSION} $(cat "${module_dir}/go.mod" "${module_dir}/go.sum" "${module_dir}/tools.go" | sha256sum | cut -d' ' -f1)"
if [ -f "${cache_dir}/stamp" ] && [ "$(cat "${cache_dir}/stamp")" = "${stamp}" ] && [ -s "${cache_dir}/bin/flagger" ] && [ -s "${cache_dir}/crd.yaml" ]; then
  log "flagger ${FLAGGER_VERSION}: already built"
  exit 0
fi
command -v go > /dev/null || { log "go is not on PATH"; exit 1; }
started_at="$(date +%s)"
log "flagger ${FLAGGER_VERSION}: building (first time: a few minutes)"
# pkg/version already says 1.36.1 in the tagged module; no ldflags needed.
(cd "${module_dir}" && go build -o "${cache_dir}/bin/flagger" github.com/fluxcd/flagger/cmd/flagger)
source_dir="$(cd "${module_dir}" && go list -m -f '{{.Dir}}' github.com/fluxcd/flagger)"
cp "${source_dir}/artifacts/flagger/crd.yaml" "${cache_dir}/crd.yaml"
chmod u+w "${cache_dir}/crd.yaml"
printf '%s\n' "${stamp}" > "${cache_dir}/stamp"
log "flagger ${FLAGGER_VERSION}: built in $(( $(date +%s) - started_at ))s into ${cache_dir}"
