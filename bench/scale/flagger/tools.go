//go:build tools

// Package flagger only exists so that `go mod tidy` keeps Flagger's command
// (github.com/fluxcd/flagger/cmd/flagger and everything it imports) in go.mod
// and go.sum. bench/scale/install-flagger.sh builds it for `make bench-scale`.
package flagger

import (
	_ "github.com/fluxcd/flagger/cmd/flagger"
)
