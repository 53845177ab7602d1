package client

import (
	"context"
	"errors"
	"net"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/crypto/ssh"
)

// sshOpen connects and authenticates to the host of u: the tcp connection, the
// handshake with the host key checked against known_hosts, then the user's keys (the
// agent's, then the identity files). Failures read as OpenSSH's client words them.
func sshOpen(ctx context.Context, u sshURL) (*ssh.Client, string, error) {
	set, err := resolveSSH(u)
	if err != nil {
		return nil, "", err
	}
	if p, err := strconv.Atoi(set.port); err != nil || p < 1 || p > 65535 {
		return nil, "", &sshError{msg: "ssh: Bad port '" + set.port + "'"}
	}
	addr := net.JoinHostPort(set.hostName, set.port)
	hk := newSSHHostKeys(set)
	auth := newSSHAuth(set)
	defer auth.close()

	d := net.Dialer{Timeout: sshConnectTimeout}
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		if ctx.Err() != nil {
			return nil, "", ctx.Err()
		}
		return nil, "", sshDialError(set, err)
	}
	// The handshake is bounded as the connection was, and by ctx.
	_ = conn.SetDeadline(time.Now().Add(sshConnectTimeout))
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	conf := &ssh.ClientConfig{
		User:              set.user,
		HostKeyCallback:   hk.check,
		HostKeyAlgorithms: hk.algorithms(addr),
		AuthCallback:      auth.next,
	}
	c, chans, reqs, err := ssh.NewClientConn(conn, addr, conf)
	stopped := stop()
	if err != nil {
		conn.Close()
		if ctx.Err() != nil {
			return nil, "", ctx.Err()
		}
		var se *sshError
		if errors.As(err, &se) {
			return nil, "", se
		}
		return nil, "", &sshError{msg: "ssh: " + set.dest() + ": " + strings.TrimPrefix(err.Error(), "ssh: ")}
	}
	if !stopped {
		c.Close()
		return nil, "", ctx.Err()
	}
	_ = conn.SetDeadline(time.Time{})
	return ssh.NewClient(c, chans, reqs), set.dest(), nil
}

// sshDialError words a failed tcp connection to sshd as OpenSSH does.
func sshDialError(set *sshSettings, err error) error {
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		reason := "Name or service not known"
		if dnsErr.IsTemporary || dnsErr.IsTimeout {
			reason = "Temporary failure in name resolution"
		}
		return &sshError{msg: "ssh: Could not resolve hostname " + set.hostName + ": " + reason}
	}
	var reason string
	var ne net.Error
	var errno syscall.Errno
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		reason = "Connection refused"
	case errors.As(err, &ne) && ne.Timeout():
		reason = "Connection timed out"
	case errors.As(err, &errno):
		reason = errText(errno)
	default:
		reason = err.Error()
	}
	return &sshError{msg: "ssh: connect to host " + set.hostName + " port " + set.port + ": " + reason}
}
