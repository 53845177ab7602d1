package client

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/moby/moby/api/types/system"
	"golang.org/x/crypto/ssh"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/client/sshtest"
)

// testSSHServer is an in-process ssh server (x/crypto/ssh's) in front of a fake
// engine's socket: direct-streamlocal channels to it, unless streamLocal is off (then
// refused as OpenSSH refuses them, "open failed"), and sessions whose exec of
// `docker system dial-stdio` relays to it.
type testSSHServer struct {
	addr        string
	hostKey     ssh.Signer
	engineSock  string
	streamLocal bool
	accept      map[string]bool // authorized public keys (Marshal)

	conns    atomic.Int32
	mu       sync.Mutex
	commands []string
	sockets  []string
}

func newTestSSHServer(t *testing.T, engineSock string, streamLocal bool, authorized ...ssh.PublicKey) *testSSHServer {
	t.Helper()
	_, hk, _ := ed25519.GenerateKey(rand.Reader)
	signer, err := ssh.NewSignerFromKey(hk)
	if err != nil {
		t.Fatal(err)
	}
	s := &testSSHServer{hostKey: signer, engineSock: engineSock, streamLocal: streamLocal, accept: map[string]bool{}}
	for _, k := range authorized {
		s.accept[string(k.Marshal())] = true
	}
	conf := &ssh.ServerConfig{
		PublicKeyCallback: func(m ssh.ConnMetadata, k ssh.PublicKey) (*ssh.Permissions, error) {
			if m.User() == "root" && s.accept[string(k.Marshal())] {
				return nil, nil
			}
			return nil, errors.New("not authorized")
		},
	}
	conf.AddHostKey(signer)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	s.addr = l.Addr().String()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go s.serve(c, conf)
		}
	}()
	return s
}

func (s *testSSHServer) serve(c net.Conn, conf *ssh.ServerConfig) {
	defer c.Close()
	sc, chans, reqs, err := ssh.NewServerConn(c, conf)
	if err != nil {
		return
	}
	defer sc.Close()
	s.conns.Add(1)
	go ssh.DiscardRequests(reqs)
	for nc := range chans {
		switch nc.ChannelType() {
		case "direct-streamlocal@openssh.com":
			var m struct {
				Path      string
				Reserved0 string
				Reserved1 uint32
			}
			_ = ssh.Unmarshal(nc.ExtraData(), &m)
			s.mu.Lock()
			s.sockets = append(s.sockets, m.Path)
			s.mu.Unlock()
			if !s.streamLocal {
				_ = nc.Reject(ssh.ConnectionFailed, "open failed")
				continue
			}
			eng, err := net.Dial("unix", m.Path)
			if err != nil {
				_ = nc.Reject(ssh.ConnectionFailed, "open failed")
				continue
			}
			ch, creqs, err := nc.Accept()
			if err != nil {
				eng.Close()
				continue
			}
			go ssh.DiscardRequests(creqs)
			go relay(ch, eng)
		case "session":
			ch, creqs, err := nc.Accept()
			if err != nil {
				continue
			}
			go s.session(ch, creqs)
		default:
			_ = nc.Reject(ssh.UnknownChannelType, "no")
		}
	}
}

// session serves one exec: dial-stdio to the engine, anything else "command not found".
func (s *testSSHServer) session(ch ssh.Channel, reqs <-chan *ssh.Request) {
	defer ch.Close()
	for r := range reqs {
		if r.Type != "exec" {
			_ = r.Reply(false, nil)
			continue
		}
		var m struct{ Command string }
		_ = ssh.Unmarshal(r.Payload, &m)
		_ = r.Reply(true, nil)
		s.mu.Lock()
		s.commands = append(s.commands, m.Command)
		s.mu.Unlock()
		status := uint32(0)
		if m.Command == "docker system dial-stdio" {
			if eng, err := net.Dial("unix", s.engineSock); err == nil {
				relay(ch, eng)
			} else {
				fmt.Fprintf(ch.Stderr(), "failed to open the raw stream connection: %v\n", err)
				status = 1
			}
		} else {
			fmt.Fprintf(ch.Stderr(), "sh: 1: %s: not found\n", strings.Fields(m.Command)[0])
			status = 127
		}
		_, _ = ch.SendRequest("exit-status", false, ssh.Marshal(struct{ Status uint32 }{status}))
		return
	}
}

// relay copies both ways, passing each side's EOF on as a half-close.
func relay(ch ssh.Channel, eng net.Conn) {
	done := make(chan struct{})
	go func() {
		_, _ = io.Copy(eng, ch)
		_ = eng.(*net.UnixConn).CloseWrite()
		close(done)
	}()
	_, _ = io.Copy(ch, eng)
	_ = ch.CloseWrite()
	<-done
	eng.Close()
}

// sshHome makes a HOME whose ~/.ssh knows the server's host key and holds key (when
// not nil) as id_ed25519, and sets HOME and SSH_AUTH_SOCK (to agentSock) for the test.
func sshHome(t *testing.T, srv *testSSHServer, key ed25519.PrivateKey, agentSock string) {
	t.Helper()
	home := t.TempDir()
	d := filepath.Join(home, ".ssh")
	if err := os.MkdirAll(d, 0o700); err != nil {
		t.Fatal(err)
	}
	host, port, _ := net.SplitHostPort(srv.addr)
	kh := fmt.Sprintf("[%s]:%s %s", host, port, ssh.MarshalAuthorizedKey(srv.hostKey.PublicKey()))
	if err := os.WriteFile(filepath.Join(d, "known_hosts"), []byte(kh), 0o600); err != nil {
		t.Fatal(err)
	}
	if key != nil {
		b, err := ssh.MarshalPrivateKey(key, "")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, "id_ed25519"), pem.EncodeToMemory(b), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("HOME", home)
	t.Setenv("SSH_AUTH_SOCK", agentSock)
}

func newTestKey(t *testing.T) (ed25519.PrivateKey, ssh.PublicKey) {
	t.Helper()
	_, k, _ := ed25519.GenerateKey(rand.Reader)
	pub, err := ssh.NewPublicKey(k.Public())
	if err != nil {
		t.Fatal(err)
	}
	return k, pub
}

func engineSocket(e *fakeengine.Engine) string { return strings.TrimPrefix(e.Host(), "unix://") }

// TestSSHStreamLocalOneConnection: every request of a client, and a hijacked stream,
// go over one ssh connection, each on a stream-local channel to the URL's socket path.
func TestSSHStreamLocalOneConnection(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/version").Times(3).Reply(200, system.VersionResponse{Version: "28.0.0"})
	key, pub := newTestKey(t)
	srv := newTestSSHServer(t, engineSocket(e), true, pub)
	sshHome(t, srv, key, "")
	c, err := New(Options{Host: "ssh://root@" + srv.addr + engineSocket(e)})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ { // concurrent requests: more than one channel at once
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.ServerVersion(ctx); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if n := srv.conns.Load(); n != 1 {
		t.Errorf("%d ssh connections, want 1", n)
	}
	if err := c.Close(); err != nil {
		t.Error(err)
	}
	if _, err := c.ServerVersion(ctx); err == nil {
		t.Error("a request after Close went through")
	}
	srv.mu.Lock()
	defer srv.mu.Unlock()
	if len(srv.commands) != 0 || len(srv.sockets) == 0 || srv.sockets[0] != engineSocket(e) {
		t.Errorf("channels to %q, commands %q", srv.sockets, srv.commands)
	}
}

// TestSSHFallsBackToDialStdio: channels refused ("open failed"), the client runs
// `docker system dial-stdio` on sessions of the same connection, and stops asking for
// channels after the first refusal.
func TestSSHFallsBackToDialStdio(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/version").Times(2).Reply(200, system.VersionResponse{Version: "28.0.0"})
	key, pub := newTestKey(t)
	srv := newTestSSHServer(t, engineSocket(e), false, pub)
	sshHome(t, srv, key, "")
	c, err := New(Options{Host: "ssh://root@" + srv.addr})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		if _, err := c.ServerVersion(context.Background()); err != nil {
			t.Fatal(err)
		}
		c.transport.CloseIdleConnections() // the next request needs a new connection to the engine
	}
	srv.mu.Lock()
	defer srv.mu.Unlock()
	if n := srv.conns.Load(); n != 1 || len(srv.sockets) != 1 || srv.sockets[0] != sshDefaultSocket || len(srv.commands) < 2 {
		t.Errorf("%d connections, channels to %q, commands %q", n, srv.sockets, srv.commands)
	}
}

// TestSSHRemoteWithoutDocker: channels refused and no docker on the remote: docker's
// "has exited with exit status 127" message with the remote's stderr.
func TestSSHRemoteWithoutDocker(t *testing.T) {
	key, pub := newTestKey(t)
	srv := newTestSSHServer(t, "/nonexistent.sock", false, pub)
	sshHome(t, srv, key, "")
	c, err := New(Options{Host: "ssh://root@" + srv.addr + "/run/x.sock"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ServerVersion(context.Background())
	want := `error during connect: Get "http://docker.example.com/v` + MaxAPIVersion + `/version": command [docker --host unix:///run/x.sock system dial-stdio] on root@127.0.0.1 has exited with exit status 127, make sure the URL is valid, and Docker 18.09 or later is installed on the remote host: stderr=sh: 1: docker: not found`
	if err == nil || err.Error() != want {
		t.Fatalf("got  %v\nwant %s", err, want)
	}
}

// TestSSHAgentRefusalPassedOver: the agent's key is refused by the agent; the identity
// file's key is offered next and accepted.
func TestSSHAgentRefusalPassedOver(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/version").Reply(200, system.VersionResponse{Version: "28.0.0"})
	agentKey, agentPub := newTestKey(t)
	fileKey, filePub := newTestKey(t)
	srv := newTestSSHServer(t, engineSocket(e), true, agentPub, filePub)
	sshHome(t, srv, fileKey, sshtest.RefusingAgent(t, agentKey))
	c, err := New(Options{Host: "ssh://root@" + srv.addr + engineSocket(e)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ServerVersion(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// TestSSHAgentRefusalNamed: the agent's refusal is named in the final "Permission denied".
func TestSSHAgentRefusalNamed(t *testing.T) {
	agentKey, agentPub := newTestKey(t)
	srv := newTestSSHServer(t, "/x.sock", true, agentPub)
	sshHome(t, srv, nil, sshtest.RefusingAgent(t, agentKey))
	c, err := New(Options{Host: "ssh://root@" + srv.addr})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ServerVersion(context.Background())
	want := "root@127.0.0.1: Permission denied (publickey). The agent refused to sign with ED25519 key " + ssh.FingerprintSHA256(agentPub) + "."
	if err == nil || !strings.HasSuffix(err.Error(), `/version": `+want) {
		t.Fatalf("got %v\nwant ...%s", err, want)
	}
	if srv.conns.Load() != 0 {
		t.Error("authenticated")
	}
}

// TestSSHHostKeyChecked: a host key other than known_hosts' fails before any key is
// offered; so does a host known_hosts does not name.
func TestSSHHostKeyChecked(t *testing.T) {
	key, pub := newTestKey(t)
	srv := newTestSSHServer(t, "/x.sock", true, pub)
	sshHome(t, srv, key, "")
	// another server's key under this address
	other := newTestSSHServer(t, "/x.sock", true, pub)
	home := os.Getenv("HOME")
	host, port, _ := net.SplitHostPort(srv.addr)
	kh := fmt.Sprintf("[%s]:%s %s", host, port, ssh.MarshalAuthorizedKey(other.hostKey.PublicKey()))
	if err := os.WriteFile(filepath.Join(home, ".ssh", "known_hosts"), []byte(kh), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := mustNew(t, "ssh://root@"+srv.addr).ServerVersion(context.Background())
	if err == nil || !strings.Contains(err.Error(), "REMOTE HOST IDENTIFICATION HAS CHANGED") || !strings.HasSuffix(err.Error(), "Host key verification failed.") {
		t.Errorf("changed key: %v", err)
	}
	if err := os.WriteFile(filepath.Join(home, ".ssh", "known_hosts"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = mustNew(t, "ssh://root@"+srv.addr).ServerVersion(context.Background())
	if err == nil || !strings.Contains(err.Error(), "ssh: no host key is known for ["+host+"]:"+port) {
		t.Errorf("unknown host: %v", err)
	}
	if srv.conns.Load() != 0 {
		t.Error("authenticated to a host whose key was not checked")
	}
}

func mustNew(t *testing.T, host string) *Client {
	t.Helper()
	c, err := New(Options{Host: host})
	if err != nil {
		t.Fatal(err)
	}
	return c
}
