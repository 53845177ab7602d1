package client

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"os"
)

// TLSConfig builds the *tls.Config for Options.TLS from PEM files, with
// docker 28's error wording (the text after "Failed to initialize: "):
//
//	unable to resolve docker endpoint: open /nope: no such file or directory
//	failed to retrieve context tls info: ca.pem seems invalid
//	no valid private key found
//	failed to retrieve context tls info: tls: private key does not match public key
//	private key is encrypted - support for encrypted private keys has been removed, see https://docs.docker.com/go/deprecated/
//
// Empty paths are not used; certFile and keyFile go together. verify=false
// (--tls without --tlsverify) skips server certificate verification.
// Files are read in the order ca, cert, key; then the CA is parsed, then
// the key, then the pair.
func TLSConfig(caFile, certFile, keyFile string, verify bool) (*tls.Config, error) {
	read := func(p string) ([]byte, error) {
		if p == "" {
			return nil, nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, &EndpointError{Err: err}
		}
		return b, nil
	}
	ca, err := read(caFile)
	if err != nil {
		return nil, err
	}
	cert, err := read(certFile)
	if err != nil {
		return nil, err
	}
	key, err := read(keyFile)
	if err != nil {
		return nil, err
	}
	conf := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: !verify}
	if caFile != "" {
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(ca) {
			return nil, tlsInfoError(errors.New("ca.pem seems invalid"))
		}
		if verify {
			conf.RootCAs = pool
		}
	}
	if (certFile == "") != (keyFile == "") {
		return nil, tlsInfoError(errors.New("a client certificate and its key must be given together"))
	}
	if certFile != "" {
		blk, _ := pem.Decode(key)
		if blk == nil {
			return nil, errors.New("no valid private key found")
		}
		if IsEncryptedPEMKey(blk) {
			return nil, ErrEncryptedKey
		}
		pair, err := tls.X509KeyPair(cert, key)
		if err != nil {
			return nil, tlsInfoError(err)
		}
		conf.Certificates = []tls.Certificate{pair}
	}
	return conf, nil
}

// ErrEncryptedKey is docker 28's refusal of a key encrypted in the legacy PEM way
// (Proc-Type and DEK-Info headers): it reads no passphrase. It comes after the CA's
// checks and before the certificate's. (A PKCS#8 "ENCRYPTED PRIVATE KEY" is not this:
// crypto/tls fails to parse it, as in docker.)
var ErrEncryptedKey = errors.New("private key is encrypted - support for encrypted private keys has been removed, see https://docs.docker.com/go/deprecated/")

// IsEncryptedPEMKey reports whether blk is encrypted in the legacy PEM way (RFC 1423),
// which its DEK-Info header says.
func IsEncryptedPEMKey(blk *pem.Block) bool {
	_, ok := blk.Headers["DEK-Info"]
	return ok
}

type wrapped struct {
	prefix string
	err    error
}

func (w *wrapped) Error() string { return w.prefix + w.err.Error() }
func (w *wrapped) Unwrap() error { return w.err }

func tlsInfoError(err error) error {
	return &wrapped{prefix: "failed to retrieve context tls info: ", err: err}
}
