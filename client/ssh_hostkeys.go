package client

import (
	"crypto/ed25519"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

// sshHostKeys checks the server's host key against the known_hosts files as OpenSSH
// does with BatchMode: a key that differs from the one recorded, or a host that is not
// recorded (unless StrictHostKeyChecking says otherwise), fails the connection; nothing
// is ever written to known_hosts.
type sshHostKeys struct {
	set   *sshSettings
	files []string // the known_hosts files that exist
	cb    ssh.HostKeyCallback
	err   error // why cb is nil: a file that does not parse
}

func newSSHHostKeys(set *sshSettings) *sshHostKeys {
	h := &sshHostKeys{set: set}
	for _, f := range set.knownHosts {
		if _, err := os.Stat(f); err == nil {
			h.files = append(h.files, f)
		}
	}
	if len(h.files) > 0 {
		h.cb, h.err = knownhosts.New(h.files...)
	}
	return h
}

// algorithms are the host key types known_hosts records for addr, so the server is
// asked for the key that can be checked (x/crypto/ssh would otherwise take its first
// preference and call a host with an ed25519 and an rsa key "changed"). None recorded:
// the library's defaults.
func (h *sshHostKeys) algorithms(addr string) []string {
	if h.cb == nil {
		return nil
	}
	// A key no file holds: the answer lists the keys recorded for addr.
	probe, err := ssh.NewPublicKey(ed25519.PublicKey(make([]byte, ed25519.PublicKeySize)))
	if err != nil {
		return nil
	}
	var ke *knownhosts.KeyError
	if err := h.cb(addr, &net.TCPAddr{IP: net.IPv4zero}, probe); !errors.As(err, &ke) {
		return nil
	}
	var algos []string
	seen := map[string]bool{}
	add := func(a ...string) {
		for _, x := range a {
			if !seen[x] {
				seen[x] = true
				algos = append(algos, x)
			}
		}
	}
	for _, k := range ke.Want {
		switch t := k.Key.Type(); t {
		case ssh.KeyAlgoRSA:
			add(ssh.KeyAlgoRSASHA512, ssh.KeyAlgoRSASHA256, ssh.KeyAlgoRSA)
		default:
			add(t)
		}
	}
	return algos
}

func (h *sshHostKeys) check(hostname string, remote net.Addr, key ssh.PublicKey) error {
	host := knownhosts.Normalize(hostname)
	var err error
	switch {
	case h.err != nil:
		return &sshError{msg: "ssh: " + strings.TrimPrefix(h.err.Error(), "knownhosts: ") + ": Host key verification failed."}
	case h.cb != nil:
		err = h.cb(hostname, remote, key)
	default:
		err = &knownhosts.KeyError{}
	}
	if err == nil {
		return nil
	}
	kind := sshKeyKind(key)
	fp := ssh.FingerprintSHA256(key)
	var ke *knownhosts.KeyError
	var re *knownhosts.RevokedError
	switch {
	case errors.As(err, &re):
		return &sshError{msg: fmt.Sprintf("ssh: the %s host key for %s (%s) is revoked in %s:%d: Host key verification failed.",
			kind, host, fp, re.Revoked.Filename, re.Revoked.Line)}
	case errors.As(err, &ke) && len(ke.Want) > 0:
		w := ke.Want[0]
		return &sshError{msg: fmt.Sprintf("ssh: REMOTE HOST IDENTIFICATION HAS CHANGED: the %s host key for %s is %s, not the key at %s:%d (remove it with: ssh-keygen -f %q -R %q): Host key verification failed.",
			kind, host, fp, w.Filename, w.Line, w.Filename, host)}
	case errors.As(err, &ke):
		switch h.set.strict {
		case "no", "off", "accept-new":
			return nil // what the user asked for; known_hosts is left as it is
		}
		where := strings.Join(h.files, ", ")
		if len(h.files) == 0 {
			where = strings.Join(h.set.knownHosts, ", ") + " (none of them exists)"
		}
		return &sshError{msg: fmt.Sprintf("ssh: no host key is known for %s in %s (the server's %s key is %s; add it with ssh-keyscan or by connecting once with ssh): Host key verification failed.",
			host, where, kind, fp)}
	}
	return &sshError{msg: "ssh: " + err.Error() + ": Host key verification failed."}
}

// sshKeyKind names a key's type as OpenSSH's messages do: ED25519, RSA, ECDSA, ED25519-SK.
func sshKeyKind(k ssh.PublicKey) string {
	t := strings.TrimSuffix(k.Type(), "@openssh.com")
	switch {
	case strings.HasPrefix(t, "sk-ecdsa"):
		return "ECDSA-SK"
	case strings.HasPrefix(t, "sk-ssh-ed25519"):
		return "ED25519-SK"
	case strings.HasPrefix(t, "ecdsa"):
		return "ECDSA"
	}
	return strings.ToUpper(strings.TrimPrefix(t, "ssh-"))
}
