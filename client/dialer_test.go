package client

import (
	"context"
	"crypto/tls"
	"net"
	"testing"
)

// TestDialerChosenOnce: New picks the one dialer from the host's protocol, and what the
// requests name (scheme, URL host, Host header) and how the transport dials follow from it.
func TestDialerChosenOnce(t *testing.T) {
	conf := &tls.Config{ServerName: "engine"}
	cases := []struct {
		host     string
		tls      *tls.Config
		kind     string
		target   target
		proxy    bool // requests honour HTTP(S)_PROXY
		tlsConfd bool // the transport speaks TLS
	}{
		{"", nil, "unix", target{"http", "/var/run/docker.sock", dummyHost, ""}, false, false},
		{"unix:///run/x.sock", conf, "unix", target{"http", "/run/x.sock", dummyHost, ""}, false, false}, // no TLS on a socket
		{"tcp://10.0.0.1", nil, "tcp", target{"http", "10.0.0.1:2375", "", ""}, true, false},
		{"h:2376/base", nil, "tcp", target{"http", "h:2376", "", ""}, true, false},
		{"fd://127.0.0.1:5", nil, "tcp", target{"http", "127.0.0.1:5", "", ""}, true, false}, // docker 28 dials fd:// over tcp
		{"tcp://h:2376", conf, "tls", target{"https", "h:2376", "", ""}, true, true},
		// docker names an ssh engine http://docker.example.com; no TLS inside ssh, no proxy
		{"ssh://me@h:2222/run/d.sock", conf, "ssh", target{"http", "docker.example.com", "", "http://docker.example.com"}, false, false},
	}
	for _, tc := range cases {
		c, err := New(Options{Host: tc.host, TLS: tc.tls})
		if err != nil {
			t.Fatalf("%q: %v", tc.host, err)
		}
		var kind string
		switch c.dialer.(type) {
		case *unixDialer:
			kind = "unix"
		case *tcpDialer:
			kind = "tcp"
		case *tlsDialer:
			kind = "tls"
		case *sshDialer:
			kind = "ssh"
		}
		if kind != tc.kind || c.target != tc.target {
			t.Errorf("%q: dialer %s %+v, want %s %+v", tc.host, kind, c.target, tc.kind, tc.target)
		}
		if got := c.transport.Proxy != nil; got != tc.proxy {
			t.Errorf("%q: proxy %v", tc.host, got)
		}
		if got := c.transport.TLSClientConfig != nil; got != tc.tlsConfd {
			t.Errorf("%q: TLS %v", tc.host, got)
		}
		if c.transport.DialContext == nil {
			t.Errorf("%q: the transport does not dial through the dialer", tc.host)
		}
	}
}

// TestTLSDialerKeepsItsConfig: the config given to New is cloned, so a caller changing
// it afterwards does not change the client's.
func TestTLSDialerKeepsItsConfig(t *testing.T) {
	conf := &tls.Config{ServerName: "engine"}
	c, err := New(Options{Host: "tcp://h:2376", TLS: conf})
	if err != nil {
		t.Fatal(err)
	}
	conf.ServerName = "changed"
	if got := c.dialer.(*tlsDialer).conf.ServerName; got != "engine" {
		t.Fatal(got)
	}
	if c.transport.TLSClientConfig.ServerName != "engine" {
		t.Fatal(c.transport.TLSClientConfig.ServerName)
	}
}

// TestTCPDialerDialsEngine: a hijacked stream's connection goes to the engine's own
// address (requests may go through a proxy; a hijack never does, as before the dialer).
func TestTCPDialerDialsEngine(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Addr, 1)
	go func() {
		conn, err := ln.Accept()
		if err == nil {
			accepted <- conn.RemoteAddr()
			conn.Close()
		}
	}()
	c, err := New(Options{Host: "tcp://" + ln.Addr().String()})
	if err != nil {
		t.Fatal(err)
	}
	conn, err := c.dialer.dial(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if remote := <-accepted; remote.String() != conn.LocalAddr().String() {
		t.Fatalf("engine saw %s, client is %s", remote, conn.LocalAddr())
	}
}
