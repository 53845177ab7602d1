//go:build e2e

package e2e

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"io"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// tlsPKI is the certificates of one test, as PEM files in dir: a CA and what it signed
// (a server certificate for 127.0.0.1 and localhost, one for another name, a client
// certificate and an expired one), and a second CA with a client certificate of its own.
type tlsPKI struct {
	dir string

	ca, ca2 *tlsIdentity // the CAs; ca2 signed nothing the front trusts

	server, wrongName *tlsIdentity // server certificates signed by ca
	client, expired   *tlsIdentity // client certificates signed by ca
	client2           *tlsIdentity // a client certificate signed by ca2
}

// tlsIdentity is a certificate and its key, in memory and in files.
type tlsIdentity struct {
	cert     *x509.Certificate
	key      *ecdsa.PrivateKey
	certFile string // PEM
	keyFile  string // PEM, "EC PRIVATE KEY"
}

// tlsPair is the identity as crypto/tls wants it.
func (id *tlsIdentity) tlsPair() tls.Certificate {
	return tls.Certificate{Certificate: [][]byte{id.cert.Raw}, PrivateKey: id.key, Leaf: id.cert}
}

// newTLSPKI makes the certificates in a temporary directory. ECDSA P-256: made in
// microseconds, so every test has its own.
func newTLSPKI(t *testing.T) *tlsPKI {
	t.Helper()
	p := &tlsPKI{dir: t.TempDir()}
	now := time.Now()
	serial := int64(0)
	mk := func(name string, tmpl *x509.Certificate, parent *tlsIdentity) *tlsIdentity {
		t.Helper()
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		serial++
		tmpl.SerialNumber = big.NewInt(serial)
		if tmpl.NotBefore.IsZero() {
			tmpl.NotBefore, tmpl.NotAfter = now.Add(-time.Hour), now.Add(24*time.Hour)
		}
		signer, signKey := tmpl, key
		if parent != nil {
			signer, signKey = parent.cert, parent.key
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, signer, &key.PublicKey, signKey)
		if err != nil {
			t.Fatal(err)
		}
		cert, err := x509.ParseCertificate(der)
		if err != nil {
			t.Fatal(err)
		}
		kder, err := x509.MarshalECPrivateKey(key)
		if err != nil {
			t.Fatal(err)
		}
		id := &tlsIdentity{cert: cert, key: key,
			certFile: filepath.Join(p.dir, name+"-cert.pem"), keyFile: filepath.Join(p.dir, name+"-key.pem")}
		writePEM(t, id.certFile, "CERTIFICATE", der)
		writePEM(t, id.keyFile, "EC PRIVATE KEY", kder)
		return id
	}
	caTmpl := func(cn string) *x509.Certificate {
		return &x509.Certificate{Subject: pkix.Name{CommonName: cn}, IsCA: true, BasicConstraintsValid: true,
			KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature}
	}
	leaf := func(cn string, usage x509.ExtKeyUsage) *x509.Certificate {
		return &x509.Certificate{Subject: pkix.Name{CommonName: cn},
			KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{usage}}
	}
	p.ca = mk("ca", caTmpl("skiff-e2e CA"), nil)
	p.ca2 = mk("ca2", caTmpl("skiff-e2e other CA"), nil)
	srv := leaf("127.0.0.1", x509.ExtKeyUsageServerAuth)
	srv.IPAddresses, srv.DNSNames = []net.IP{net.IPv4(127, 0, 0, 1)}, []string{"localhost"}
	p.server = mk("server", srv, p.ca)
	wrong := leaf("wrong.example", x509.ExtKeyUsageServerAuth)
	wrong.DNSNames = []string{"wrong.example"}
	p.wrongName = mk("wrongname", wrong, p.ca)
	p.client = mk("client", leaf("client", x509.ExtKeyUsageClientAuth), p.ca)
	exp := leaf("expired", x509.ExtKeyUsageClientAuth)
	exp.NotBefore, exp.NotAfter = now.Add(-48*time.Hour), now.Add(-24*time.Hour)
	p.expired = mk("expired", exp, p.ca)
	p.client2 = mk("client2", leaf("client2", x509.ExtKeyUsageClientAuth), p.ca2)
	return p
}

func writePEM(t *testing.T, path, typ string, der []byte) {
	t.Helper()
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
}

// certDir writes ca.pem, cert.pem and key.pem (the CA and the client certificate) into
// a new directory, the layout DOCKER_CERT_PATH and ~/.docker hold; it returns the
// directory.
func (p *tlsPKI) certDir(t *testing.T, dir string) string {
	t.Helper()
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	for name, src := range map[string]string{"ca.pem": p.ca.certFile, "cert.pem": p.client.certFile, "key.pem": p.client.keyFile} {
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// tlsFront starts, for this test, a TLS endpoint on a loopback port in front of the
// engine: it presents server, demands a client certificate that ca signed
// (RequireAndVerifyClientCert) and relays bytes both ways to the engine's socket,
// half-closes included, so hijacked attach and exec streams cross it. It returns the
// host ("tcp://127.0.0.1:PORT") and is stopped, with its connections, when the test ends.
func tlsFront(t *testing.T, p *tlsPKI, server *tlsIdentity) string {
	t.Helper()
	network, addr, _ := strings.Cut(engineHost(), "://")
	if network != "unix" && network != "tcp" {
		t.Skipf("the TLS front relays to a unix or plain tcp engine, not %s", engineHost())
	}
	pool := x509.NewCertPool()
	pool.AddCert(p.ca.cert)
	conf := &tls.Config{
		Certificates: []tls.Certificate{server.tlsPair()},
		ClientAuth:   tls.RequireAndVerifyClientCert,
		ClientCAs:    pool,
		MinVersion:   tls.VersionTLS12,
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := &front{ln: ln, conns: map[net.Conn]struct{}{}}
	f.wg.Add(1)
	go func() {
		defer f.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return // closed by the cleanup
			}
			if !f.track(c) {
				c.Close()
				return
			}
			f.wg.Add(1)
			go func() {
				defer f.wg.Done()
				defer f.untrack(c)
				f.relay(tls.Server(c, conf), network, addr)
			}()
		}
	}()
	t.Cleanup(f.stop)
	return "tcp://" + ln.Addr().String()
}

type front struct {
	ln     net.Listener
	wg     sync.WaitGroup
	mu     sync.Mutex
	closed bool
	conns  map[net.Conn]struct{}
}

func (f *front) track(c net.Conn) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return false
	}
	f.conns[c] = struct{}{}
	return true
}

func (f *front) untrack(c net.Conn) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.conns, c)
	c.Close()
}

// stop closes the listener and every connection, and waits for the relays to end.
func (f *front) stop() {
	f.mu.Lock()
	f.closed = true
	f.ln.Close()
	for c := range f.conns {
		c.Close()
	}
	f.mu.Unlock()
	f.wg.Wait()
}

// relay shakes hands (a refused client gets the TLS alert crypto/tls sends and nothing
// more, as from dockerd), then copies both ways. The end of one direction is passed on as a half-close
// (close_notify or FIN towards the client, shutdown(SHUT_WR) towards the engine), so the
// other direction goes on: `run -i cat` still gets cat's output after stdin's end.
func (f *front) relay(c *tls.Conn, network, addr string) {
	c.SetDeadline(time.Now().Add(10 * time.Second))
	if err := c.Handshake(); err != nil {
		var rh tls.RecordHeaderError
		if errors.As(err, &rh) && rh.Conn != nil {
			// not TLS at all: answered as Go's HTTP server in dockerd answers it
			io.WriteString(rh.Conn, "HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n")
			return
		}
		// After a TLS 1.3 handshake the client writes its request before it reads the
		// alert: read what it sent until it hangs up, so that closing here sends no
		// reset that could overtake the alert.
		raw := c.NetConn()
		raw.SetReadDeadline(time.Now().Add(5 * time.Second))
		io.Copy(io.Discard, raw)
		return
	}
	c.SetDeadline(time.Time{})
	engine, err := net.Dial(network, addr)
	if err != nil {
		return
	}
	if !f.track(engine) {
		engine.Close()
		return
	}
	defer f.untrack(engine)
	done := make(chan struct{})
	go func() {
		defer close(done)
		io.Copy(engine, c) // ends on the client's close_notify, FIN or an error
		if cw, ok := engine.(interface{ CloseWrite() error }); ok {
			cw.CloseWrite()
		}
	}()
	_, err = io.Copy(c, engine)
	if err == nil || errors.Is(err, net.ErrClosed) {
		c.CloseWrite() // close_notify: the engine is done talking
	}
	<-done
}
