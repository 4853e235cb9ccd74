//go:build tools

// Package prometheus only exists so that `go mod tidy` keeps the Prometheus
// server command (and everything it imports) in go.mod and go.sum.
package prometheus

import (
	_ "github.com/prometheus/prometheus/cmd/prometheus"
)
