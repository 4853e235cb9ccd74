#!/usr/bin/env bash
# Installs everything the local Kubernetes world needs into <repo>/.cache/world:
#   bin/kube-apiserver, bin/kube-controller-manager, bin/kube-scheduler, bin/kubectl  (k8s.io/kubernetes)
#   bin/etcd                                                           (go.etcd.io/etcd/server/v3)
#   bin/kwok and kwok/stages.yaml                                      (sigs.k8s.io/kwok)
#   istio/customresourcedefinitions.gen.yaml                           (istio.io/api)
#   bin/istio-validation  (istio.io/istio's validation webhook, e2e/world/istio-validation)
#   gateway-api/standard-crds.yaml    (sigs.k8s.io/gateway-api config/crd/standard, pinned by e2e/world/gateway-api/go.mod)
#   bin/prometheus                                                     (github.com/prometheus/prometheus, 3.x)
#   /usr/bin/prometheus        (Debian package, 2.x; only with --debian-prometheus, only if missing)
# Each piece has a stamp file under stamps/ naming its pinned version (and the
# checksum of its wrapper module), so a second run only checks stamps.
# Go's own caches (GOMODCACHE, GOCACHE) are used as they are, so rebuilding
# after `rm -rf .cache` is quick.
set -euo pipefail

KUBERNETES_VERSION="v1.36.3"
ETCD_VERSION="v3.6.16"
KWOK_VERSION="v0.8.0"
ISTIO_API_VERSION="v1.32.0"
# istio.io/istio (1.31 development line) for the validating webhook.
ISTIO_VERSION="v0.0.0-20260827124520-eed52ebb66ad"
# The Go module's v0.3MM.P tags are Prometheus 3.MM.P.
PROMETHEUS_MODULE_VERSION="v0.316.0"
PROMETHEUS_VERSION="3.16.0"

world_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_dir="$(cd "${world_dir}/../.." && pwd)"
cache_dir="${repo_dir}/.cache/world"
bin_dir="${cache_dir}/bin"
stamp_dir="${cache_dir}/stamps"
mkdir -p "${bin_dir}" "${stamp_dir}"
# One install at a time: parallel test runs may all find a binary missing.
exec 9> "${cache_dir}/install.lock"
flock 9

# --quiet: say nothing when everything is already at its pinned version
# (startWorld runs this script before every world).
# --debian-prometheus: also install Debian's Prometheus 2.x (startWorld passes
# it when SONGBIRD_WORLD_PROMETHEUS=debian).
quiet=0
debian_prometheus=0
for arg in "$@"; do
  case "${arg}" in
    --quiet) quiet=1 ;;
    --debian-prometheus) debian_prometheus=1 ;;
    *) printf '[world-install] unknown option %s\n' "${arg}" >&2; exit 2 ;;
  esac
done
did_something=0

log() { printf '[world-install] %s\n' "$*"; }
# current: a piece needed no work.
current() { [ "${quiet}" = 1 ] || log "$@"; }

# stamp_value <version> [files...]: the version plus a checksum of the wrapper
# module files, so editing go.mod/go.sum forces a rebuild.
stamp_value() {
  local version="$1"
  shift
  if [ "$#" -gt 0 ]; then
    printf '%s %s\n' "${version}" "$(cat "$@" | sha256sum | cut -d' ' -f1)"
  else
    printf '%s\n' "${version}"
  fi
}

# is_current <name> <stamp value> <required files...>
is_current() {
  local name="$1" value="$2"
  shift 2
  [ -f "${stamp_dir}/${name}" ] && [ "$(cat "${stamp_dir}/${name}")" = "${value}" ] || return 1
  local file
  for file in "$@"; do
    [ -s "${file}" ] || return 1
  done
}

mark_current() {
  printf '%s\n' "$2" > "${stamp_dir}/$1"
  did_something=1
}

module_dir() {
  go mod download -json "$1" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p'
}

require_go() {
  command -v go > /dev/null || { log "go is not on PATH"; exit 1; }
}

install_kubernetes() {
  local stamp
  stamp="$(stamp_value "${KUBERNETES_VERSION}" "${world_dir}/kube/go.mod" "${world_dir}/kube/go.sum")"
  if is_current kubernetes "${stamp}" "${bin_dir}/kube-apiserver" "${bin_dir}/kube-controller-manager" "${bin_dir}/kube-scheduler" "${bin_dir}/kubectl"; then
    current "kubernetes ${KUBERNETES_VERSION}: already built"
    return
  fi
  require_go
  log "kubernetes ${KUBERNETES_VERSION}: building kube-apiserver, kube-controller-manager, kube-scheduler, kubectl (first time: many minutes)"
  local minor="${KUBERNETES_VERSION#v1.}"
  minor="${minor%%.*}"
  local ldflags=""
  local pkg
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X ${pkg}.gitVersion=${KUBERNETES_VERSION} -X ${pkg}.gitMajor=1 -X ${pkg}.gitMinor=${minor} -X ${pkg}.gitTreeState=clean"
  done
  (cd "${world_dir}/kube" && go build -ldflags "${ldflags}" -o "${bin_dir}/" \
    k8s.io/kubernetes/cmd/kube-apiserver \
    k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler \
    k8s.io/kubernetes/cmd/kubectl)
  mark_current kubernetes "${stamp}"
  log "kubernetes ${KUBERNETES_VERSION}: built"
}

install_etcd() {
  local stamp
  stamp="$(stamp_value "${ETCD_VERSION}" "${world_dir}/etcd/go.mod" "${world_dir}/etcd/go.sum")"
  if is_current etcd "${stamp}" "${bin_dir}/etcd"; then
    current "etcd ${ETCD_VERSION}: already built"
    return
  fi
  require_go
  log "etcd ${ETCD_VERSION}: building"
  (cd "${world_dir}/etcd" && go build -o "${bin_dir}/etcd" go.etcd.io/etcd/server/v3)
  mark_current etcd "${stamp}"
  log "etcd ${ETCD_VERSION}: built"
}

install_kwok() {
  local stamp stages="${cache_dir}/kwok/stages.yaml"
  stamp="$(stamp_value "${KWOK_VERSION} stages=fast-1")"
  if is_current kwok "${stamp}" "${bin_dir}/kwok" "${stages}"; then
    current "kwok ${KWOK_VERSION}: already built"
    return
  fi
  require_go
  log "kwok ${KWOK_VERSION}: building"
  (cd "${cache_dir}" && GOBIN="${bin_dir}" go install "sigs.k8s.io/kwok/cmd/kwok@${KWOK_VERSION}")
  # The "fast" stage set (kustomize/stage/fast): nodes become Ready at once and
  # keep their lease, pods become Running/Ready at once, finish Jobs, and are
  # really deleted once they carry a deletionTimestamp.
  local dir
  dir="$(cd "${cache_dir}" && module_dir "sigs.k8s.io/kwok@${KWOK_VERSION}")"
  mkdir -p "$(dirname "${stages}")"
  local file first=1
  : > "${stages}.tmp"
  for file in \
    kustomize/stage/node/fast/node-initialize.yaml \
    kustomize/stage/node/heartbeat-with-lease/node-heartbeat-with-lease.yaml \
    kustomize/stage/pod/fast/pod-ready.yaml \
    kustomize/stage/pod/fast/pod-complete.yaml \
    kustomize/stage/pod/fast/pod-delete.yaml; do
    [ "${first}" = 1 ] || printf -- '---\n' >> "${stages}.tmp"
    first=0
    cat "${dir}/${file}" >> "${stages}.tmp"
  done
  mv "${stages}.tmp" "${stages}"
  mark_current kwok "${stamp}"
  log "kwok ${KWOK_VERSION}: built, stages copied to ${stages}"
}

install_istio_crds() {
  local stamp target="${cache_dir}/istio/customresourcedefinitions.gen.yaml"
  stamp="$(stamp_value "${ISTIO_API_VERSION}")"
  if is_current istio-crds "${stamp}" "${target}"; then
    current "istio CRDs ${ISTIO_API_VERSION}: already copied"
    return
  fi
  require_go
  local dir
  dir="$(cd "${cache_dir}" && module_dir "istio.io/api@${ISTIO_API_VERSION}")"
  mkdir -p "$(dirname "${target}")"
  cp "${dir}/kubernetes/customresourcedefinitions.gen.yaml" "${target}"
  chmod u+w "${target}"
  mark_current istio-crds "${stamp}"
  log "istio CRDs ${ISTIO_API_VERSION}: copied to ${target}"
}

install_gateway_api_crds() {
  local stamp dir="${world_dir}/gateway-api" target="${cache_dir}/gateway-api/standard-crds.yaml"
  stamp="$(stamp_value "gateway-api standard" "${dir}/go.mod" "${dir}/go.sum")"
  if is_current gateway-api-crds "${stamp}" "${target}"; then
    current "gateway API CRDs: already copied"
    return
  fi
  require_go
  # The wrapper module pins the version (and go.sum its checksum), so the module cache holds exactly that release.
  local json module version
  json="$(cd "${dir}" && go mod download -json sigs.k8s.io/gateway-api)"
  module="$(printf '%s\n' "${json}" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')"
  version="$(printf '%s\n' "${json}" | sed -n 's/^\t"Version": "\(.*\)",$/\1/p')"
  mkdir -p "$(dirname "${target}")"
  local file first=1
  : > "${target}.tmp"
  for file in "${module}"/config/crd/standard/gateway.networking.k8s.io_*.yaml; do
    [ "${first}" = 1 ] || printf -- '---\n' >> "${target}.tmp"
    first=0
    cat "${file}" >> "${target}.tmp"
  done
  mv "${target}.tmp" "${target}"
  mark_current gateway-api-crds "${stamp}"
  log "gateway API CRDs ${version}: copied to ${target}"
}

install_istio_validation() {
  local stamp dir="${world_dir}/istio-validation"
  stamp="$(stamp_value "${ISTIO_VERSION}" "${dir}/go.mod" "${dir}/go.sum" "${dir}/main.go")"
  if is_current istio-validation "${stamp}" "${bin_dir}/istio-validation"; then
    current "istio validation ${ISTIO_VERSION}: already built"
    return
  fi
  require_go
  log "istio validation ${ISTIO_VERSION}: building the webhook (first time: several minutes)"
  (cd "${dir}" && go build -o "${bin_dir}/istio-validation" .)
  mark_current istio-validation "${stamp}"
  log "istio validation ${ISTIO_VERSION}: built"
}

install_prometheus() {
  local stamp
  stamp="$(stamp_value "${PROMETHEUS_MODULE_VERSION} tags=remove_all_sd" "${world_dir}/prometheus/go.mod" "${world_dir}/prometheus/go.sum")"
  if is_current prometheus "${stamp}" "${bin_dir}/prometheus"; then
    current "prometheus ${PROMETHEUS_VERSION}: already built"
    return
  fi
  require_go
  log "prometheus ${PROMETHEUS_VERSION}: building (first time: a few minutes)"
  # remove_all_sd keeps only file, static and http service discovery (the
  # world uses file_sd), which leaves out the cloud SDKs. Without the
  # builtinassets tag the web UI is not embedded; the HTTP API is complete.
  local ldflags="" pkg=github.com/prometheus/common/version
  ldflags+=" -X ${pkg}.Version=${PROMETHEUS_VERSION} -X ${pkg}.Revision=${PROMETHEUS_MODULE_VERSION}"
  ldflags+=" -X ${pkg}.Branch=${PROMETHEUS_MODULE_VERSION} -X ${pkg}.BuildUser=songbird-world-install"
  (cd "${world_dir}/prometheus" && go build -tags remove_all_sd -ldflags "${ldflags}" -o "${bin_dir}/prometheus" \
    github.com/prometheus/prometheus/cmd/prometheus)
  mark_current prometheus "${stamp}"
  log "prometheus ${PROMETHEUS_VERSION}: built"
}

install_debian_prometheus() {
  if [ -x /usr/bin/prometheus ]; then
    current "debian prometheus: found /usr/bin/prometheus"
    return
  fi
  if [ "$(id -u)" != 0 ]; then
    log "debian prometheus: not found; run as root or install it: apt-get install -y prometheus"
    exit 1
  fi
  log "debian prometheus: installing the Debian package (its service is not started)"
  # policy-rc.d answering 101 stops the package from starting its service.
  local policy=/usr/sbin/policy-rc.d created_policy=0
  if [ ! -e "${policy}" ]; then
    printf '#!/bin/sh\nexit 101\n' > "${policy}"
    chmod +x "${policy}"
    created_policy=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends prometheus \
    || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends prometheus; }
  [ "${created_policy}" = 0 ] || rm -f "${policy}"
  did_something=1
  log "debian prometheus: installed $(/usr/bin/prometheus --version 2>&1 | head -n 1)"
}

started_at="$(date +%s)"
[ "${debian_prometheus}" = 0 ] || install_debian_prometheus
install_istio_crds
install_gateway_api_crds
install_istio_validation
install_etcd
install_kwok
install_kubernetes
install_prometheus
if [ "${did_something}" = 1 ] || [ "${quiet}" = 0 ]; then
  log "done in $(( $(date +%s) - started_at ))s; binaries in ${bin_dir}"
fi
