//go:build !linux

package main

import "net"

// sameUser trusts the socket's mode (0600) where peer credentials are
// not read.
func sameUser(conn net.Conn) bool { return true }
