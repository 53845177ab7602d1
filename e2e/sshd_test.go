//go:build e2e

package e2e

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
)

// sshdBin is Debian's OpenSSH server (package openssh-server; .ci/run installs it).
const sshdBin = "/usr/sbin/sshd"

// SSHD is an OpenSSH server a test starts on a loopback port, in the foreground, as
// root, with a throwaway host key and a throwaway client key, stopped in t.Cleanup.
// Its sessions reach the one shared engine (never another dockerd): through
// stream-local forwarding to /var/run/docker.sock, or, where that is refused, by
// running the `docker` found on the PATH the server sets for them (sshd_config's
// SetEnv, which overrides sshd's own PATH; no ForceCommand, so the client's command
// line is run as given).
type SSHD struct {
	Port    int
	dir     string
	hostPub ssh.PublicKey
	client  ed25519.PrivateKey

	mu  sync.Mutex
	log bytes.Buffer // sshd's stderr (LogLevel VERBOSE)
}

// SSHDOptions says what the server allows and which docker its sessions find.
type SSHDOptions struct {
	// StreamLocal is AllowStreamLocalForwarding: false makes clients fall back to a
	// remote `docker system dial-stdio`.
	StreamLocal bool
	// RemoteDocker is the binary found as `docker` on the sessions' PATH; "" = none
	// (the PATH then holds no directory with a docker in it).
	RemoteDocker string
}

// StartSSHD starts an sshd for the test. Without sshd or root it skips, and fails
// under CI=true (.ci/run installs openssh-server and runs as root).
func StartSSHD(t *testing.T, opt SSHDOptions) *SSHD {
	t.Helper()
	if _, err := os.Stat(sshdBin); err != nil || os.Geteuid() != 0 {
		if isCI() {
			t.Fatalf("sshd tests need %s (openssh-server) and root: %v", sshdBin, err)
		}
		t.Skipf("no %s or not root", sshdBin)
	}
	if err := os.MkdirAll("/run/sshd", 0o755); err != nil { // its privilege-separation directory
		t.Fatal(err)
	}
	dir := t.TempDir()
	_, hostKey, _ := ed25519.GenerateKey(rand.Reader)
	_, clientKey, _ := ed25519.GenerateKey(rand.Reader)
	hostPub, err := ssh.NewPublicKey(hostKey.Public())
	if err != nil {
		t.Fatal(err)
	}
	clientPub, err := ssh.NewPublicKey(clientKey.Public())
	if err != nil {
		t.Fatal(err)
	}
	sshWriteFile(t, filepath.Join(dir, "host_ed25519"), string(privatePEM(t, hostKey)), 0o600)
	sshWriteFile(t, filepath.Join(dir, "authorized_keys"), string(ssh.MarshalAuthorizedKey(clientPub)), 0o600)

	remotePath := filepath.Join(dir, "remote-bin")
	if err := os.Mkdir(remotePath, 0o755); err != nil {
		t.Fatal(err)
	}
	path := remotePath
	if opt.RemoteDocker != "" {
		if err := os.Symlink(opt.RemoteDocker, filepath.Join(remotePath, "docker")); err != nil {
			t.Fatal(err)
		}
		path += ":/usr/bin:/bin" // /usr/bin may hold Debian's docker: only after ours
	}
	// The reference's ssh reads the passwd entry's ~/.ssh, not $HOME's: a wrapper on
	// the clients' PATH points it at the test's HOME (see ClientEnv).
	wrap := filepath.Join(dir, "client-bin")
	if err := os.Mkdir(wrap, 0o755); err != nil {
		t.Fatal(err)
	}
	sshWriteFile(t, filepath.Join(wrap, "ssh"), "#!/bin/sh\nexec /usr/bin/ssh -F \"$HOME/.ssh/config\" \"$@\"\n", 0o755)

	s := &SSHD{dir: dir, hostPub: hostPub, client: clientKey}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("sshd's log:\n%s", s.Log())
		}
	})
	forward := "no"
	if opt.StreamLocal {
		forward = "yes"
	}
	for attempt := 0; ; attempt++ {
		s.Port = sshFreePort(t)
		cfg := filepath.Join(dir, "sshd_config")
		sshWriteFile(t, cfg, fmt.Sprintf(`Port %d
ListenAddress 127.0.0.1
HostKey %s/host_ed25519
PidFile %s/sshd.pid
AuthorizedKeysFile %s/authorized_keys
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
AllowStreamLocalForwarding %s
X11Forwarding no
PrintMotd no
LogLevel VERBOSE
SetEnv PATH=%s
`, s.Port, dir, dir, dir, forward, path), 0o600)
		if s.start(t, cfg) {
			return s
		}
		if attempt == 2 {
			t.Fatalf("sshd did not start:\n%s", s.Log())
		}
	}
}

// start runs sshd and waits for its "Server listening" line; false when it exited
// first (the port was taken meanwhile).
func (s *SSHD) start(t *testing.T, cfg string) bool {
	cmd := exec.Command(sshdBin, "-D", "-e", "-f", cfg)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ready := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		listening := false
		for sc.Scan() {
			s.mu.Lock()
			s.log.WriteString(sc.Text() + "\n")
			s.mu.Unlock()
			if !listening && strings.HasPrefix(sc.Text(), "Server listening on") {
				listening = true
				ready <- true
			}
		}
		_, _ = io.Copy(io.Discard, stderr)
		if !listening {
			ready <- false
		}
	}()
	ok := false
	select {
	case ok = <-ready:
	case <-time.After(20 * time.Second):
	}
	if !ok {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return false
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	return true
}

// Host is the ssh:// URL of the server as user.
func (s *SSHD) Host(user string) string {
	return fmt.Sprintf("ssh://%s@127.0.0.1:%d", user, s.Port)
}

// Log is what sshd has logged so far.
func (s *SSHD) Log() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.log.String()
}

// Connections counts the connections sshd has accepted so far (one "Accepted
// publickey" line each at LogLevel VERBOSE).
func (s *SSHD) Connections() int {
	return strings.Count(s.Log(), "Accepted publickey for ")
}

// ClientEnv prepares the test's two HOMEs (skiff's and the reference's) to reach the
// server: ~/.ssh/id_ed25519 (the client key, unless withKey is false), a known_hosts
// naming the host key (knownHosts: "" = the right key, "other" = another key, "none"
// = an empty file), and for OpenSSH a ~/.ssh/config that names them (BatchMode: never
// a prompt). It returns the environment both clients run with: PATH with the ssh
// wrapper first, no agent. The real ~/.ssh is never read nor written.
func (s *SSHD) ClientEnv(t *testing.T, withKey bool, knownHosts string) []string {
	t.Helper()
	var kh string
	switch knownHosts {
	case "":
		kh = knownhostsLine(s.Port, s.hostPub)
	case "other":
		_, other, _ := ed25519.GenerateKey(rand.Reader)
		pub, _ := ssh.NewPublicKey(other.Public())
		kh = knownhostsLine(s.Port, pub)
	}
	h := homesOf(t)
	for _, home := range []string{h.skiff, h.ref} {
		d := filepath.Join(home, ".ssh")
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
		id := filepath.Join(d, "id_ed25519")
		_ = os.Remove(id)
		if withKey {
			sshWriteFile(t, id, string(privatePEM(t, s.client)), 0o600)
		}
		sshWriteFile(t, filepath.Join(d, "known_hosts"), kh, 0o600)
		sshWriteFile(t, filepath.Join(d, "config"), fmt.Sprintf(`UserKnownHostsFile %s/known_hosts
GlobalKnownHostsFile /dev/null
IdentityFile %s
BatchMode yes
`, d, id), 0o600)
	}
	return []string{"PATH=" + filepath.Join(s.dir, "client-bin") + ":" + os.Getenv("PATH"), "SSH_AUTH_SOCK="}
}

func knownhostsLine(port int, key ssh.PublicKey) string {
	return fmt.Sprintf("[127.0.0.1]:%d %s", port, ssh.MarshalAuthorizedKey(key))
}

func privatePEM(t *testing.T, k ed25519.PrivateKey) []byte {
	t.Helper()
	b, err := ssh.MarshalPrivateKey(k, "")
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(b)
}

func sshWriteFile(t *testing.T, path, content string, mode os.FileMode) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
}

// sshFreePort is a loopback port nobody listens on at the moment.
func sshFreePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
