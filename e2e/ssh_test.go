//go:build e2e

package e2e

import (
	"crypto/md5"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/skiff-cli/skiff/client/sshtest"
)

// The ssh transport against Debian's OpenSSH server. skiff opens one native ssh
// connection per command (asserted from sshd's log); the reference runs `ssh ...
// docker system dial-stdio` per connection, so its remote docker is the reference
// itself where forwarding is allowed, and skiff's dial-stdio where it is refused.

// TestSSHStreamLocal: ps, run, run -i and DOCKER_HOST through stream-local forwarding,
// the same as the reference's, each on one connection.
func TestSSHStreamLocal(t *testing.T) {
	t.Parallel()
	s := StartSSHD(t, SSHDOptions{StreamLocal: true, RemoteDocker: refBin})
	sshCommon(t, s)
	if log := s.Log(); strings.Contains(log, "request was denied") || strings.Contains(log, "refused streamlocal") {
		t.Errorf("sshd refused stream-local forwarding; its log:\n%s", log)
	}
}

// TestSSHDialStdioFallback: the server refuses stream-local forwarding, so skiff runs
// the remote docker (skiff's own dial-stdio) on a session of its one connection; the
// reference, through the same server, also reaches the engine through skiff's dial-stdio.
func TestSSHDialStdioFallback(t *testing.T) {
	t.Parallel()
	s := StartSSHD(t, SSHDOptions{StreamLocal: false, RemoteDocker: skiffBin})
	sshCommon(t, s)
	if !strings.Contains(s.Log(), "refused streamlocal port forward") {
		t.Errorf("skiff never tried stream-local forwarding first; sshd's log:\n%s", s.Log())
	}
}

// psTable is ps's table without CREATED: the reference's slower commands over ssh cross
// "N seconds ago" boundaries, whose width changes the column.
const psTable = "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.Status}}\t{{.Names}}"

func sshCommon(t *testing.T, s *SSHD) {
	f := Fixture(t)
	f.Container("--label", "via=ssh")
	env := s.ClientEnv(t, true, "")
	host := s.Host("root")

	oneConnection := func(stdin string, args ...string) Result {
		t.Helper()
		before := s.Connections()
		r := SkiffIn(t, stdin, env, append([]string{"-H", host}, args...)...)
		if n := s.Connections() - before; n != 1 {
			t.Errorf("skiff %s: %d ssh connections, want 1", quoteArgs(args), n)
		}
		return r
	}
	r := oneConnection("", "ps", "-a", "--filter", "label="+f.Label(), "--format", "{{.Names}} {{.Labels}}")
	if r.Code != 0 || !strings.Contains(r.Stdout, "via=ssh") {
		t.Errorf("ps over ssh: %s", r)
	}
	CompareEnv(t, env, "", "-H", host, "ps", "-a", "--filter", "label="+f.Label(), "--format", psTable)

	name := f.Name()
	r = oneConnection("", "run", "--rm", "--name", name, "--label", f.Label(), Image, "echo", "over ssh")
	if r.Code != 0 || r.Stdout != "over ssh\n" {
		t.Errorf("run over ssh: %s", r)
	}
	ref := RefIn(t, "", env, "-H", host, "run", "--rm", "--label", f.Label(), Image, "echo", "over ssh")
	if ref.Code != r.Code || ref.Stdout != r.Stdout {
		t.Errorf("run: skiff %s\nreference %s", r, ref)
	}

	// A stream in and out, half-closed at stdin's EOF, every byte through.
	in := make([]byte, 3<<20)
	_, _ = rand.Read(in)
	sum := md5.Sum(in)
	r = oneConnection(string(in), "run", "-i", "--rm", "--label", f.Label(), Image, "md5sum")
	if want := hex.EncodeToString(sum[:]) + "  -\n"; r.Code != 0 || r.Stdout != want {
		t.Errorf("run -i md5sum over ssh: %s; want %q", r, want)
	}
	CompareEnv(t, env, "line one\nline two\n", "-H", host, "run", "-i", "--rm", "--label", f.Label(), Image, "cat")

	// DOCKER_HOST, and a context the reference made, reach the same engine.
	CompareEnv(t, append(env, "DOCKER_HOST="+host), "", "ps", "-a", "--filter", "label="+f.Label(), "--format", psTable)
	cfg := t.TempDir()
	ctxEnv := append(env, "DOCKER_CONFIG="+cfg)
	if r := RefIn(t, "", ctxEnv, "context", "create", "remote", "--docker", "host="+host); r.Code != 0 {
		t.Fatalf("reference context create: %s", r)
	}
	CompareEnv(t, ctxEnv, "", "--context", "remote", "ps", "-a", "--filter", "label="+f.Label(), "--format", "{{.Names}}")
}

// TestSSHExecTTY: exec -it on a terminal, through the one ssh connection.
func TestSSHExecTTY(t *testing.T) {
	t.Parallel()
	s := StartSSHD(t, SSHDOptions{StreamLocal: true})
	f := Fixture(t)
	id, _ := f.Container(Image, "sleep", "300")
	f.Start(id)
	env := s.ClientEnv(t, true, "")
	before := s.Connections()
	p := ptyStartEnv(t, skiffBin, homesOf(t).skiff, env, "-H", s.Host("root"), "exec", "-it", id, "sh")
	p.expect("# ")
	p.send("echo $((6*7))x\r")
	p.expect("42x")
	p.send("exit 3\r")
	if code := p.wait(); code != 3 {
		t.Errorf("exec -it over ssh: exit %d, want 3", code)
	}
	p.modeRestored()
	if n := s.Connections() - before; n != 1 {
		t.Errorf("exec -it: %d ssh connections, want 1", n)
	}
}

// TestSSHErrors: each failure gives the reference's exit code and docker's prefix
// ("error during connect: Get \"http://docker.example.com/...\": ", or its "Cannot
// connect" line exactly), then OpenSSH's own words for what went wrong, as the
// reference's message embeds ssh's stderr.
func TestSSHErrors(t *testing.T) {
	t.Parallel()
	if !hasRef() {
		t.Skip("no reference client")
	}
	s := StartSSHD(t, SSHDOptions{StreamLocal: true, RemoteDocker: refBin})
	noDocker := StartSSHD(t, SSHDOptions{StreamLocal: false})
	const prefix = `error during connect: Get "http://docker.example.com/v1.50/containers/json": `
	closed := sshFreePort(t)
	cases := []struct {
		name       string
		host       string
		key        bool
		knownHosts string
		sshd       *SSHD
		skiffWords string // in skiff's first line after the prefix
		refWords   string // in the reference's stderr
	}{
		{"wrong port", "ssh://root@127.0.0.1:" + strconv.Itoa(closed), true, "", s,
			"ssh: connect to host 127.0.0.1 port " + strconv.Itoa(closed) + ": Connection refused", "Connection refused"},
		{"unknown host name", "ssh://root@nosuchhost.invalid", true, "", s,
			"ssh: Could not resolve hostname nosuchhost.invalid: ", "Could not resolve hostname nosuchhost.invalid"},
		{"host key mismatch", s.Host("root"), true, "other", s,
			"Host key verification failed.", "Host key verification failed."},
		{"host not in known_hosts", s.Host("root"), true, "none", s,
			"Host key verification failed.", "Host key verification failed."},
		{"wrong user", s.Host("nosuchuser"), true, "", s,
			"nosuchuser@127.0.0.1: Permission denied (publickey).", "nosuchuser@127.0.0.1: Permission denied (publickey)."},
		{"no key", s.Host("root"), false, "", s,
			"root@127.0.0.1: Permission denied (publickey).", "root@127.0.0.1: Permission denied (publickey)."},
		{"remote without docker", noDocker.Host("root"), true, "", noDocker,
			"has exited with exit status 127, make sure the URL is valid, and Docker 18.09 or later is installed on the remote host: stderr=", "docker: command not found"},
	}
	for _, tc := range cases {
		t.Run(strings.ReplaceAll(tc.name, " ", "_"), func(t *testing.T) {
			env := tc.sshd.ClientEnv(t, tc.key, tc.knownHosts)
			ref := RefIn(t, "", env, "-H", tc.host, "ps")
			sk := SkiffIn(t, "", env, "-H", tc.host, "ps")
			if sk.Code != ref.Code || !strings.HasPrefix(ref.FirstErrLine(), prefix) || !strings.HasPrefix(sk.FirstErrLine(), prefix) {
				t.Fatalf("skiff: exit %d %q\nreference: exit %d %q", sk.Code, sk.FirstErrLine(), ref.Code, ref.FirstErrLine())
			}
			if !strings.Contains(sk.FirstErrLine(), tc.skiffWords) || !strings.Contains(ref.Stderr, tc.refWords) {
				t.Errorf("skiff: %q, want %q in it\nreference: %q, want %q in it", sk.FirstErrLine(), tc.skiffWords, ref.Stderr, tc.refWords)
			}
			if strings.Contains(sk.Stderr, "goroutine ") || strings.Count(strings.TrimSpace(sk.Stderr), "\n") > 3 {
				t.Errorf("skiff's stderr: %q", sk.Stderr)
			}
		})
	}
	// No engine socket at the URL's path: docker's own words, exactly.
	env := s.ClientEnv(t, true, "")
	CompareEnv(t, env, "", "-H", s.Host("root")+"/nope.sock", "ps")
	CompareEnv(t, env, "", "-H", s.Host("root")+"/nope.sock", "run", "--rm", Image, "true")
	CompareEnv(t, env, "", "-H", s.Host("root")+"/", "ps") // docker hands the remote "unix:///"
}

// TestSSHAgentRefuses: the only key is the agent's and the agent refuses to sign: the
// reference's exit code and "Permission denied", skiff naming the refusal.
func TestSSHAgentRefuses(t *testing.T) {
	t.Parallel()
	s := StartSSHD(t, SSHDOptions{StreamLocal: true})
	sock := sshtest.RefusingAgent(t, s.client)
	env := append(s.ClientEnv(t, false, ""), "SSH_AUTH_SOCK="+sock)
	ref := RefIn(t, "", env, "-H", s.Host("root"), "ps")
	sk := SkiffIn(t, "", env, "-H", s.Host("root"), "ps")
	want := `error during connect: Get "http://docker.example.com/v1.50/containers/json": root@127.0.0.1: Permission denied (publickey). The agent refused to sign with ED25519 key `
	if sk.Code != ref.Code || !strings.HasPrefix(sk.FirstErrLine(), want) {
		t.Errorf("skiff: exit %d %q\nreference: exit %d %q", sk.Code, sk.FirstErrLine(), ref.Code, ref.Stderr)
	}
	if !strings.Contains(ref.Stderr, "agent refused operation") {
		t.Errorf("the reference's ssh did not meet a refusing agent: %q", ref.Stderr)
	}
}

// TestSSHConfigAlias: the URL names a Host of ~/.ssh/config, whose HostName, Port, User
// and IdentityFile say where, as whom and with which key: both clients reach the engine.
func TestSSHConfigAlias(t *testing.T) {
	t.Parallel()
	s := StartSSHD(t, SSHDOptions{StreamLocal: true, RemoteDocker: refBin})
	f := Fixture(t)
	_, name := f.Container()
	env := s.ClientEnv(t, false, "") // no id_ed25519: the key is the alias's IdentityFile alone
	h := homesOf(t)
	for _, home := range []string{h.skiff, h.ref} {
		key := filepath.Join(home, ".ssh", "engine_key")
		sshWriteFile(t, key, string(privatePEM(t, s.client)), 0o600)
		cfg := filepath.Join(home, ".ssh", "config")
		b, err := os.ReadFile(cfg)
		if err != nil {
			t.Fatal(err)
		}
		alias := fmt.Sprintf("\nHost skiff-engine\n  HostName 127.0.0.1\n  Port %d\n  User root\n  IdentityFile %s\n", s.Port, key)
		sshWriteFile(t, cfg, string(b)+alias, 0o600)
	}
	before := s.Connections()
	CompareEnv(t, env, "", "-H", "ssh://skiff-engine", "ps", "-a", "--filter", "label="+f.Label(), "--format", psTable)
	CompareEnv(t, append(env, "DOCKER_HOST=ssh://skiff-engine"), "", "ps", "-a", "--filter", "label="+f.Label(), "--format", "{{.Names}}")
	if s.Connections()-before < 4 {
		t.Errorf("%d connections: the clients did not both go through the alias's server", s.Connections()-before)
	}
	if r := SkiffIn(t, "", env, "-H", "ssh://skiff-engine", "ps", "-a", "--filter", "label="+f.Label(), "--format", "{{.Names}}"); r.Code != 0 || r.Stdout != name+"\n" {
		t.Errorf("skiff through the alias: %s", r)
	}
}
