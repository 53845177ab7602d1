// Package sshtest holds ssh helpers the client's and the e2e tests share. Tests only:
// skiff's binary does not import it.
package sshtest

import (
	"crypto/ed25519"
	"errors"
	"io"
	"log"
	"net"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"
)

// RefusingAgent serves, for the test's life, an ssh agent that lists key and refuses
// every signature, and returns its socket (for SSH_AUTH_SOCK).
func RefusingAgent(t testing.TB, key ed25519.PrivateKey) string {
	t.Helper()
	kr := agent.NewKeyring()
	if err := kr.Add(agent.AddedKey{PrivateKey: key}); err != nil {
		t.Fatal(err)
	}
	// ServeAgent logs each refusal through the standard logger
	log.SetOutput(io.Discard)
	t.Cleanup(func() { log.SetOutput(os.Stderr) })
	sock := filepath.Join(t.TempDir(), "agent.sock")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				_ = agent.ServeAgent(refuser{kr}, c)
			}()
		}
	}()
	return sock
}

// refuser is an agent whose keys sign nothing.
type refuser struct{ agent.Agent }

func (refuser) Sign(ssh.PublicKey, []byte) (*ssh.Signature, error) {
	return nil, errors.New("refused")
}

func (r refuser) SignWithFlags(k ssh.PublicKey, d []byte, _ agent.SignatureFlags) (*ssh.Signature, error) {
	return r.Sign(k, d)
}

func (refuser) Extension(string, []byte) ([]byte, error) { return nil, agent.ErrExtensionUnsupported }
