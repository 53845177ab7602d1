package client

import (
	"bytes"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"
)

// sshAuth offers the user's keys one at a time, as OpenSSH does: the agent's first
// (only those of the identity files with IdentitiesOnly), then the identity files'
// that the agent does not hold. A key the agent refuses to sign with is passed over
// for the next, and named in the final "Permission denied" if no key is accepted.
type sshAuth struct {
	set     *sshSettings
	loaded  bool
	signers []ssh.Signer
	next_   int
	agentC  net.Conn
	refused []string // keys the agent refused to sign with
}

func newSSHAuth(set *sshSettings) *sshAuth { return &sshAuth{set: set} }

func (a *sshAuth) close() {
	if a.agentC != nil {
		a.agentC.Close()
	}
}

// next is the ClientConfig's AuthCallback: one publickey attempt per key, then
// OpenSSH's "Permission denied" when none is left.
func (a *sshAuth) next(ctx *ssh.ClientAuthContext) (ssh.AuthMethod, error) {
	if !a.loaded {
		a.loaded = true
		a.load()
	}
	if slices.Contains(ctx.AllowedMethods, "publickey") && a.next_ < len(a.signers) {
		s := a.signers[a.next_]
		a.next_++
		return ssh.PublicKeys(s), nil
	}
	methods := strings.Join(ctx.AllowedMethods, ",")
	msg := a.set.dest() + ": Permission denied (" + methods + ")."
	if len(a.refused) > 0 {
		msg += " The agent refused to sign with " + strings.Join(a.refused, ", ") + "."
	}
	return nil, &sshError{msg: msg}
}

// load gathers the keys to offer; unreadable or passphrase-protected files are passed
// over as OpenSSH does in batch mode (it cannot ask for the passphrase either).
func (a *sshAuth) load() {
	var files []identity
	paths := a.set.identityFiles
	if len(paths) == 0 {
		for _, n := range sshDefaultIdentities {
			paths = append(paths, filepath.Join(a.set.home, ".ssh", n))
		}
	}
	for _, p := range paths {
		if id, ok := readIdentity(p); ok {
			files = append(files, id)
		}
	}
	seen := map[string]bool{}
	if a.set.agentSock != "" {
		if c, err := net.Dial("unix", a.set.agentSock); err == nil {
			a.agentC = c
			keys, _ := agent.NewClient(c).Signers()
			for _, s := range keys {
				pub := s.PublicKey().Marshal()
				if a.set.identitiesOnly && !slices.ContainsFunc(files, func(f identity) bool { return bytes.Equal(f.pub.Marshal(), pub) }) {
					continue
				}
				if as, ok := s.(ssh.AlgorithmSigner); ok {
					s = &agentSigner{AlgorithmSigner: as, auth: a}
				}
				seen[string(pub)] = true
				a.signers = append(a.signers, s)
			}
		}
	}
	for _, f := range files {
		if f.signer != nil && !seen[string(f.pub.Marshal())] {
			seen[string(f.pub.Marshal())] = true
			a.signers = append(a.signers, f.signer)
		}
	}
}

// identity is a key file's: signer is nil for an encrypted key (its public half only).
type identity struct {
	pub    ssh.PublicKey
	signer ssh.Signer
}

// readIdentity reads a private key file; an encrypted one gives its public half only.
func readIdentity(path string) (identity, bool) {
	b, err := os.ReadFile(path)
	if err != nil {
		return identity{}, false
	}
	s, err := ssh.ParsePrivateKey(b)
	if err == nil {
		return identity{pub: s.PublicKey(), signer: s}, true
	}
	var pm *ssh.PassphraseMissingError
	if errors.As(err, &pm) {
		if pm.PublicKey != nil {
			return identity{pub: pm.PublicKey}, true
		}
		if pb, err := os.ReadFile(path + ".pub"); err == nil {
			if pub, _, _, _, err := ssh.ParseAuthorizedKey(pb); err == nil {
				return identity{pub: pub}, true
			}
		}
	}
	return identity{}, false
}

// agentSigner notes the agent's refusals, for the final message.
type agentSigner struct {
	ssh.AlgorithmSigner
	auth *sshAuth
}

func (s *agentSigner) Sign(rand io.Reader, data []byte) (*ssh.Signature, error) {
	return s.SignWithAlgorithm(rand, data, "")
}

func (s *agentSigner) SignWithAlgorithm(rand io.Reader, data []byte, algorithm string) (*ssh.Signature, error) {
	sig, err := s.AlgorithmSigner.SignWithAlgorithm(rand, data, algorithm)
	if err != nil {
		k := s.PublicKey()
		s.auth.refused = append(s.auth.refused, sshKeyKind(k)+" key "+ssh.FingerprintSHA256(k))
	}
	return sig, err
}
