//go:build tools

// Package etcd only exists so that `go mod tidy` keeps the etcd server
// command (and everything it imports) in go.mod and go.sum.
package etcd

import (
	_ "go.etcd.io/etcd/server/v3"
)
