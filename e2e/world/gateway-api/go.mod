// Pins the Gateway API CRDs the world installs (config/crd/standard of this
// module); install.sh copies them with `go mod download -json`. Nothing is built.
module songbird.dev/e2e/world/gateway-api

go 1.26

require sigs.k8s.io/gateway-api v1.6.3
