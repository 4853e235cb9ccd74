#!/usr/bin/env bash
# Installs everything the local Kubernetes world needs into <repo>/.cache/world:
#   bin/kube-apiserver, bin/kube-controller-manager, bin/kube-scheduler, bin/kubectl  (k8s.io/kubernetes)
#   bin/etcd                                                           (go.etcd.io/etcd/server/v3)
#   bin/kwok and kwok/stages.yaml                                      (sigs.k8s.io/kwok)
#   istio/customresourcedefinitions.gen.yaml                           (istio.io/api)
#   bin/istio-validation  (istio.io/istio's validation webhook, e2e/world/istio-validation)
#   gateway-api/standard-crds.yaml    (sigs.k8s.io/gateway-api config/crd/standard, pinned by e2e/world/gateway-api/go.mod)
#   bin/prometheus                                                     (github.com/prometheus/prometheus, 3.x)
#   bin/helm                                                           (helm.sh/helm/v4, for the chart in charts/songbird)
#   /usr/bin/prometheus        (Debian package, 2.x; only with --debian-prometheus, only if missing)
#   /usr/bin/chromium          (Debian package, for the dashboard's Playwright test; only if missing)
# Each piece has a stamp file under stamps/ naming its pinned version (and the
# checksum of its wrapper module), so a second run only checks stamps.
# Go's own caches (GOMODCACHE, GOCACHE) are used as they are, so rebuilding
# after `rm -rf .cache` is quick.
# Progress: each piece is a step ("[7/9] kubernetes v1.36.3: ..."), a build
# prints its elapsed time and, every 30 s, how far it got; its output is kept
# in .cache/world/logs/<piece>.log (install-progress.sh).
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
# Helm 4, built with `go install` from its own go.mod (no replace directives;
# the Go checksum database vouches for the module), as Helm's Makefile builds it.
HELM_VERSION="v4.3.2"

world_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_dir="$(cd "${world_dir}/../.." && pwd)"
cache_dir="${repo_dir}/.cache/world"
bin_dir="${cache_dir}/bin"
stamp_dir="${cache_dir}/stamps"
logs_dir="${cache_dir}/logs"
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
# shellcheck source=e2e/world/install-progress.sh
source "${world_dir}/install-progress.sh"

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
  command -v go > /dev/null || { say "go is not on PATH"; exit 1; }
}

install_kubernetes() {
  step_begin "kubernetes ${KUBERNETES_VERSION}"
  local stamp
  stamp="$(stamp_value "${KUBERNETES_VERSION}" "${world_dir}/kube/go.mod" "${world_dir}/kube/go.sum")"
  if is_current kubernetes "${stamp}" "${bin_dir}/kube-apiserver" "${bin_dir}/kube-controller-manager" "${bin_dir}/kube-scheduler" "${bin_dir}/kubectl"; then
    say_current "already built"
    return
  fi
  require_go
  say_building "kube-apiserver, kube-controller-manager, kube-scheduler, kubectl"
  local minor="${KUBERNETES_VERSION#v1.}"
  minor="${minor%%.*}"
  local ldflags=""
  local pkg
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X ${pkg}.gitVersion=${KUBERNETES_VERSION} -X ${pkg}.gitMajor=1 -X ${pkg}.gitMinor=${minor} -X ${pkg}.gitTreeState=clean"
  done
  run_logged go kubernetes in_dir "${world_dir}/kube" go build -v -ldflags "${ldflags}" -o "${bin_dir}/" \
    k8s.io/kubernetes/cmd/kube-apiserver \
    k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler \
    k8s.io/kubernetes/cmd/kubectl
  mark_current kubernetes "${stamp}"
  say_done "built"
}

install_etcd() {
  step_begin "etcd ${ETCD_VERSION}"
  local stamp
  stamp="$(stamp_value "${ETCD_VERSION}" "${world_dir}/etcd/go.mod" "${world_dir}/etcd/go.sum")"
  if is_current etcd "${stamp}" "${bin_dir}/etcd"; then
    say_current "already built"
    return
  fi
  require_go
  say "building go.etcd.io/etcd/server/v3"
  run_logged go etcd in_dir "${world_dir}/etcd" go build -v -o "${bin_dir}/etcd" go.etcd.io/etcd/server/v3
  mark_current etcd "${stamp}"
  say_done "built"
}

install_kwok() {
  step_begin "kwok ${KWOK_VERSION}"
  local stamp stages="${cache_dir}/kwok/stages.yaml"
  stamp="$(stamp_value "${KWOK_VERSION} stages=fast-1")"
  if is_current kwok "${stamp}" "${bin_dir}/kwok" "${stages}"; then
    say_current "already built"
    return
  fi
  require_go
  say "building sigs.k8s.io/kwok/cmd/kwok"
  run_logged go kwok in_dir "${cache_dir}" env GOBIN="${bin_dir}" go install -v "sigs.k8s.io/kwok/cmd/kwok@${KWOK_VERSION}"
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
  say_done "built, stages copied to ${stages},"
}

install_istio_crds() {
  step_begin "istio CRDs ${ISTIO_API_VERSION}"
  local stamp target="${cache_dir}/istio/customresourcedefinitions.gen.yaml"
  stamp="$(stamp_value "${ISTIO_API_VERSION}")"
  if is_current istio-crds "${stamp}" "${target}"; then
    say_current "already copied"
    return
  fi
  require_go
  local dir
  dir="$(cd "${cache_dir}" && module_dir "istio.io/api@${ISTIO_API_VERSION}")"
  mkdir -p "$(dirname "${target}")"
  cp "${dir}/kubernetes/customresourcedefinitions.gen.yaml" "${target}"
  chmod u+w "${target}"
  mark_current istio-crds "${stamp}"
  say_done "copied to ${target}"
}

install_gateway_api_crds() {
  step_begin "gateway API CRDs (version pinned by e2e/world/gateway-api/go.mod)"
  local stamp dir="${world_dir}/gateway-api" target="${cache_dir}/gateway-api/standard-crds.yaml"
  stamp="$(stamp_value "gateway-api standard" "${dir}/go.mod" "${dir}/go.sum")"
  if is_current gateway-api-crds "${stamp}" "${target}"; then
    say_current "already copied"
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
  say_done "${version} copied to ${target}"
}

install_istio_validation() {
  step_begin "istio validation ${ISTIO_VERSION}"
  local stamp dir="${world_dir}/istio-validation"
  stamp="$(stamp_value "${ISTIO_VERSION}" "${dir}/go.mod" "${dir}/go.sum" "${dir}/main.go")"
  if is_current istio-validation "${stamp}" "${bin_dir}/istio-validation"; then
    say_current "already built"
    return
  fi
  require_go
  say_building "the webhook from istio.io/istio"
  run_logged go istio-validation in_dir "${dir}" go build -v -o "${bin_dir}/istio-validation" .
  mark_current istio-validation "${stamp}"
  say_done "built"
}

install_prometheus() {
  step_begin "prometheus ${PROMETHEUS_VERSION} (module ${PROMETHEUS_MODULE_VERSION})"
  local stamp
  stamp="$(stamp_value "${PROMETHEUS_MODULE_VERSION} tags=remove_all_sd" "${world_dir}/prometheus/go.mod" "${world_dir}/prometheus/go.sum")"
  if is_current prometheus "${stamp}" "${bin_dir}/prometheus"; then
    say_current "already built"
    return
  fi
  require_go
  say_building "github.com/prometheus/prometheus/cmd/prometheus"
  # remove_all_sd keeps only file, static and http service discovery (the
  # world uses file_sd), which leaves out the cloud SDKs. Without the
  # builtinassets tag the web UI is not embedded; the HTTP API is complete.
  local ldflags="" pkg=github.com/prometheus/common/version
  ldflags+=" -X ${pkg}.Version=${PROMETHEUS_VERSION} -X ${pkg}.Revision=${PROMETHEUS_MODULE_VERSION}"
  ldflags+=" -X ${pkg}.Branch=${PROMETHEUS_MODULE_VERSION} -X ${pkg}.BuildUser=songbird-world-install"
  run_logged go prometheus in_dir "${world_dir}/prometheus" go build -v -tags remove_all_sd -ldflags "${ldflags}" -o "${bin_dir}/prometheus" \
    github.com/prometheus/prometheus/cmd/prometheus
  mark_current prometheus "${stamp}"
  say_done "built"
}

install_helm() {
  step_begin "helm ${HELM_VERSION}"
  local stamp
  stamp="$(stamp_value "${HELM_VERSION} cgo=0")"
  if is_current helm "${stamp}" "${bin_dir}/helm"; then
    say_current "already built"
    return
  fi
  require_go
  say_building "helm.sh/helm/v4/cmd/helm"
  # Helm's Makefile sets the version with these ldflags and builds with CGO_ENABLED=0.
  local pkg=helm.sh/helm/v4/internal/version
  run_logged go helm in_dir "${cache_dir}" env GOBIN="${bin_dir}" CGO_ENABLED=0 \
    go install -v -ldflags "-X ${pkg}.version=${HELM_VERSION} -X ${pkg}.gitTreeState=clean" "helm.sh/helm/v4/cmd/helm@${HELM_VERSION}"
  mark_current helm "${stamp}"
  say_done "built ($("${bin_dir}/helm" version --short))"
}

# apt_install <package>: one `apt-get update`, then the install (waiting up
# to 5 minutes for another apt's lock). Needs root.
apt_install() {
  apt-get -o DPkg::Lock::Timeout=300 update
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y "$1"
}

# Chromium for the dashboard's Playwright test (e2e/tests/dashboard.e2e.test.ts,
# playwright-core driving /usr/bin/chromium). Only that test needs it, so
# without root a missing Chromium is a warning, not a failure.
install_chromium() {
  step_begin "chromium (Debian package)"
  if [ -x /usr/bin/chromium ]; then
    say_current "found /usr/bin/chromium"
    return
  fi
  if [ "$(id -u)" != 0 ]; then
    say "/usr/bin/chromium is missing and this is not root; the dashboard test needs it: sudo apt-get install -y chromium"
    return
  fi
  say "installing: apt-get update, apt-get install -y chromium"
  run_logged other chromium apt_install chromium
  mark_current chromium "chromium $(dpkg-query -W -f='${Version}' chromium)"
  say_done "installed $(cat "${stamp_dir}/chromium")"
}

install_debian_prometheus() {
  step_begin "debian prometheus (only with --debian-prometheus)"
  if [ -x /usr/bin/prometheus ]; then
    say_current "found /usr/bin/prometheus"
    return
  fi
  if [ "$(id -u)" != 0 ]; then
    say "not found; run as root or install it: apt-get install -y prometheus"
    exit 1
  fi
  say "installing the Debian package (its service is not started)"
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
  say_done "installed $(/usr/bin/prometheus --version 2>&1 | head -n 1)"
}

pieces=(install_istio_crds install_gateway_api_crds install_istio_validation install_etcd install_kwok install_kubernetes install_prometheus install_helm install_chromium)
[ "${debian_prometheus}" = 0 ] || pieces=(install_debian_prometheus "${pieces[@]}")
step_total="${#pieces[@]}"
started_at="${SECONDS}"
for piece in "${pieces[@]}"; do
  "${piece}"
done
if [ "${did_something}" = 1 ] || [ "${quiet}" = 0 ]; then
  log "done in $(duration $((SECONDS - started_at))); binaries in ${bin_dir}"
fi
