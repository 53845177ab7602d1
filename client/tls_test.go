package client

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

type pemFiles struct{ dir, ca, cert, key, key2, eckey, junk, foo, enc string }

func writePEMs(t *testing.T) pemFiles {
	t.Helper()
	dir := t.TempDir()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "localhost"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, DNSNames: []string{"localhost"},
		KeyUsage:    x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
		IsCA:        true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
	key2, _ := rsa.GenerateKey(rand.Reader, 2048)
	key2PEM := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key2)})
	ec, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ecDER, _ := x509.MarshalECPrivateKey(ec)
	ecPEM := pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: ecDER})
	p := pemFiles{dir: dir}
	w := func(name string, b []byte) string {
		f := filepath.Join(dir, name)
		if err := os.WriteFile(f, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return f
	}
	p.ca = w("ca.pem", certPEM)
	p.cert = w("cert.pem", certPEM)
	p.key = w("key.pem", keyPEM)
	p.key2 = w("key2.pem", key2PEM)
	p.eckey = w("eckey.pem", ecPEM)
	p.junk = w("junk.pem", []byte("junk\n"))
	p.foo = w("foo.pem", []byte("-----BEGIN FOO-----\nAAAA\n-----END FOO-----\n"))
	// a legacy encrypted PEM key: what matters is its DEK-Info header
	p.enc = w("enc.pem", pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY",
		Headers: map[string]string{"Proc-Type": "4,ENCRYPTED", "DEK-Info": "AES-256-CBC,00112233445566778899AABBCCDDEEFF"},
		Bytes:   []byte("ciphertext")}))
	return p
}

// Wording observed with `docker --tlsverify --tlscacert ... ps` (28.2.2).
func TestTLSConfigErrors(t *testing.T) {
	p := writePEMs(t)
	cases := []struct {
		ca, cert, key string
		want          string
	}{
		{"/nope", p.cert, p.key, "unable to resolve docker endpoint: open /nope: no such file or directory"},
		{"/nope", p.junk, "/nope2", "unable to resolve docker endpoint: open /nope: no such file or directory"},
		{p.ca, "/nope", p.junk, "unable to resolve docker endpoint: open /nope: no such file or directory"},
		{p.ca, p.cert, "/nope", "unable to resolve docker endpoint: open /nope: no such file or directory"},
		{p.junk, p.cert, p.key, "failed to retrieve context tls info: ca.pem seems invalid"},
		{p.junk, p.cert, p.junk, "failed to retrieve context tls info: ca.pem seems invalid"},
		{p.ca, p.junk, p.key, "failed to retrieve context tls info: tls: failed to find any PEM data in certificate input"},
		{p.ca, p.cert, p.junk, "no valid private key found"},
		{p.ca, p.cert, p.key2, "failed to retrieve context tls info: tls: private key does not match public key"},
		{p.ca, p.cert, p.eckey, "failed to retrieve context tls info: tls: private key type does not match public key type"},
		{p.ca, p.cert, p.foo, `failed to retrieve context tls info: tls: failed to find PEM block with type ending in "PRIVATE KEY" in key input after skipping PEM blocks of the following types: [FOO]`},
		// docker 28 (observed): refused after the CA, before the certificate is parsed
		{p.ca, p.cert, p.enc, "private key is encrypted - support for encrypted private keys has been removed, see https://docs.docker.com/go/deprecated/"},
		{p.ca, p.junk, p.enc, "private key is encrypted - support for encrypted private keys has been removed, see https://docs.docker.com/go/deprecated/"},
		{p.junk, p.cert, p.enc, "failed to retrieve context tls info: ca.pem seems invalid"},
		{p.ca, p.key, p.key, "failed to retrieve context tls info: tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched"},
	}
	for _, tc := range cases {
		_, err := TLSConfig(tc.ca, tc.cert, tc.key, true)
		if err == nil || err.Error() != tc.want {
			t.Errorf("TLSConfig(%s, %s, %s) = %v\nwant %s", filepath.Base(tc.ca), filepath.Base(tc.cert), filepath.Base(tc.key), err, tc.want)
		}
	}
	conf, err := TLSConfig(p.ca, p.cert, p.key, true)
	if err != nil || conf.RootCAs == nil || len(conf.Certificates) != 1 || conf.InsecureSkipVerify {
		t.Fatalf("%v %+v", err, conf)
	}
	conf, err = TLSConfig("", "", "", false)
	if err != nil || !conf.InsecureSkipVerify {
		t.Fatalf("%v %+v", err, conf)
	}
}

func TestTLSTransport(t *testing.T) {
	p := writePEMs(t)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("API-Version", "1.41")
		if r.URL.Path == "/v1.41/version" {
			if r.TLS == nil || len(r.TLS.PeerCertificates) != 1 {
				http.Error(w, "no client cert", http.StatusForbidden)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(map[string]string{"Version": "tls-ok"})
		}
	}))
	conf, err := TLSConfig(p.ca, p.cert, p.key, true)
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.TLS = conf.Clone()
	srv.TLS.ClientAuth = 4 // tls.RequireAndVerifyClientCert
	srv.TLS.ClientCAs = conf.RootCAs
	srv.StartTLS()
	defer srv.Close()
	c, err := New(Options{Host: "tcp://" + srv.Listener.Addr().String(), TLS: conf})
	if err != nil {
		t.Fatal(err)
	}
	v, err := c.ServerVersion(context.Background())
	if err != nil || v.Version != "tls-ok" {
		t.Fatalf("%+v %v", v, err)
	}
	// plain client against the TLS server: an error, not a hang or panic
	plain, _ := New(Options{Host: "tcp://" + srv.Listener.Addr().String()})
	_, err = plain.ServerVersion(context.Background())
	if err == nil || err.Error() != "Error response from daemon: Client sent an HTTP request to an HTTPS server." || !IsInvalidParameter(err) {
		t.Fatalf("plain HTTP to TLS server: %v", err)
	}
	// TLS without the CA: docker's "error during connect: Get ...: tls: ..."
	noCA, _ := TLSConfig("", "", "", true)
	c3, _ := New(Options{Host: "tcp://" + srv.Listener.Addr().String(), TLS: noCA})
	_, err = c3.ServerVersion(context.Background())
	if err == nil || !strings.HasPrefix(err.Error(), `error during connect: Get "https://`+srv.Listener.Addr().String()+`/v1.50/version": tls: failed to verify certificate`) {
		t.Fatalf("unverified server: %v", err)
	}
}
