//go:build e2e

package e2e

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/pem"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
)

// The root command's corners swept against the reference: signals, global options,
// hosts, contexts, config files. Most need no engine (an absent socket), so they are
// cheap.

// TestSweepRootSignalExits: a waiting command (events) ended by SIGINT or SIGTERM exits
// with status 130 or 143 itself (as docker 28: it cancels and returns), rather than
// dying by the signal, also when SIGINT was not ignored, and prints nothing.
func TestSweepRootSignalExits(t *testing.T) {
	t.Parallel()
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			t.Parallel()
			e := signalSend(t, exec.Command(skiffBin, "events"), sig)
			if e.signaled || e.status != 128+int(sig) || e.stderr != "" {
				t.Errorf("events after %s: signaled %v, status %d (want exit %d), stderr %q", sig, e.signaled, e.status, 128+int(sig), e.stderr)
			}
		})
	}
}

// TestSweepRootGlobalOptions: global options, hosts and config files as the reference
// reads them, against an absent socket (nothing on the engine is needed: the first line
// of stderr shows how the arguments were read).
func TestSweepRootGlobalOptions(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	absent := "DOCKER_HOST=unix://" + filepath.Join(dir, "absent.sock")
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	config := func(name, body string) string {
		d := filepath.Join(dir, name)
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, "config.json"), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return "DOCKER_CONFIG=" + d
	}
	for _, tc := range []struct {
		name string
		env  []string
		args []string
	}{
		{"alone: usage on stderr", nil, nil},
		{"alone after --", nil, []string{"--"}},
		{"help topic of two words", nil, []string{"help", "nosuch", "foo"}},
		{"help topic under a command", nil, []string{"help", "container", "nosuch", "x"}},
		{"-- ends the global options", nil, []string{"--", "ps"}},
		{"-- after a global option", nil, []string{"-D", "--", "ps"}},
		{"global options after --", nil, []string{"--", "-H", "unix:///x.sock", "ps"}},
		{"a second --", nil, []string{"--", "--", "ps"}},
		{"unknown command after --", nil, []string{"--", "nosuch"}},
		{"-- as a global option's value", nil, []string{"-H", "--", "ps"}},
		{"bad bool global", nil, []string{"--tls=nope", "ps"}},
		{"bad bool shorthand global", nil, []string{"-D=x", "ps"}},
		{"unknown global with value", nil, []string{"--bogus=1", "ps"}},
		{"unknown global", nil, []string{"--bogus", "ps"}},
		{"management command flag", nil, []string{"container", "--bogus=1", "ls"}},
		{"shorthand group", nil, []string{"-Dl", "debug", "ps"}},
		{"shorthand group bad level", nil, []string{"-Dl", "bogus", "ps"}},
		{"shorthand with value", nil, []string{"-lDEBUG", "ps"}},
		{"empty log level", nil, []string{"--log-level", "", "ps"}},
		{"-H twice", nil, []string{"-H", "unix:///x.sock", "-H", "unix:///y.sock", "ps"}},
		{"-H and --context", nil, []string{"-H", "unix:///x.sock", "--context", "default", "ps"}},
		{"--context nosuch", nil, []string{"--context", "nosuch", "ps"}},
		{"bad context, no command", nil, []string{"--context", "nosuch"}},

		{"bad TLS files, no command", nil, []string{"--tls", "--tlscacert", "/nonexistent"}},
		{"debug: tracing's lines on a bad endpoint", nil, []string{"-D", "--context", "nosuch", "ps"}},
		{"debug level: the same", nil, []string{"-l", "debug", "-H", "tcp://h:x", "ps"}},
		{"fd:// without address", []string{"DOCKER_HOST=fd://"}, []string{"ps"}},
		{"npipe://", []string{"DOCKER_HOST=npipe://"}, []string{"ps"}},
		{"tcp bad port", []string{"DOCKER_HOST=tcp://h:x"}, []string{"ps"}},
		{"unix path too long", nil, []string{"-H", "unix:///" + strings.Repeat("a", 108), "ps"}},
		{"DOCKER_CONFIG a file", []string{"DOCKER_CONFIG=" + file}, []string{"ps"}},
		{"config empty", []string{config("empty", "")}, []string{"ps"}},
		{"config trailing text", []string{config("trailing", `{"psFormat":"x"} x`)}, []string{"ps"}},
		{"config type error", []string{config("type", `{"auths":[]}`)}, []string{"ps"}},
		{"config top-level array", []string{config("array", `[]`)}, []string{"ps"}},
		{"config bad auth", []string{config("auth", `{"auths":{"r":{"auth":"eA=="}}}`)}, []string{"ps"}},
		{"config with BOM", []string{config("bom", "\uFEFF{}")}, []string{"ps"}},
		{"bad log level before --version", nil, []string{"-l", "bogus", "--version"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			CompareEnv(t, append([]string{absent}, tc.env...), "", tc.args...)
		})
	}
}

// TestSweepRootEmptyValues: an empty value of a global option, however written (-X ”,
// --x ”, in a group of shorthands, after --), is read as docker reads it: -H ” the
// default host, -c ” and -l ” unset; "-H=" is the value "=" for both. A joined value
// ("-D=true") does not end the global options. Against an absent socket, or the default
// one where -H ” leads (a list filtered to nothing).
func TestSweepRootEmptyValues(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	absent := "DOCKER_HOST=unix://" + filepath.Join(dir, "absent.sock")
	none := []string{"ps", "-aq", "--filter", "label=skiff.e2e.none=" + filepath.Base(dir)}
	for _, tc := range []struct {
		env  []string
		args []string
	}{
		{nil, append([]string{"-H", ""}, none...)},
		{nil, append([]string{"--host", ""}, none...)},
		{nil, append([]string{"-DH", ""}, none...)},
		{nil, append([]string{"-H", "", "-H", ""}, none...)},
		{nil, []string{"-H=", "ps"}},
		{nil, []string{"-c", "", "ps"}},
		{nil, []string{"--context", "", "ps"}},
		{nil, []string{"-Dc", "", "ps"}},
		{nil, []string{"-c", "", "-H", "unix:///x.sock", "ps"}},
		{nil, []string{"-H", "unix:///x.sock", "-c", "", "ps"}},
		{nil, []string{"-c=", "ps"}},
		{nil, []string{"-l", "", "ps"}},
		{nil, []string{"--log-level", "", "ps"}},
		{nil, []string{"-Dl", "", "ps"}},
		{nil, []string{"-D", "-l", "", "ps"}},
		{nil, []string{"-l=", "ps"}},
		{nil, []string{"-Dl=", "ps"}},
		{nil, []string{"-D", "--", "-l", "", "ps"}},
		{nil, []string{"--config", "", "ps"}},
		{nil, []string{"--config", "", "-c", "", "ps"}},
		{nil, []string{"--tlscacert", "", "ps"}},
		{nil, []string{"-D=true", "--", "ps"}},
		{nil, []string{"-D-", "ps"}},
		{nil, []string{"-Dx-", "ps"}},
		{nil, []string{"-DD=x", "ps"}},
		{nil, []string{"-c", "--", "ps"}},
		{[]string{"DOCKER_CONTEXT=nosuch"}, []string{"-c", "", "ps"}},
		{[]string{"DOCKER_CONTEXT=nosuch"}, []string{"--context", "", "ps"}},
		{[]string{"DOCKER_CONTEXT=nosuch"}, append([]string{"-H", ""}, none...)},
	} {
		t.Run(quoteArgs(tc.args), func(t *testing.T) {
			t.Parallel()
			CompareEnv(t, append([]string{absent}, tc.env...), "", tc.args...)
		})
	}
}

// TestSweepRootHelpAmongGlobals: --help or -h among the global options, or after a
// management command, shows the help of the command that follows (never runs it), as
// `docker CMD --help` does; exit code and first line of stderr as the reference's (the
// help prose is ours).
func TestSweepRootHelpAmongGlobals(t *testing.T) {
	t.Parallel()
	env := []string{"DOCKER_HOST=unix://" + filepath.Join(t.TempDir(), "absent.sock")}
	for _, tc := range []struct{ args, same []string }{
		{[]string{"--help", "rm", "x"}, []string{"rm", "--help"}},
		{[]string{"--help", "-H", "unix:///x.sock", "container", "rm"}, []string{"container", "rm", "--help"}},
		{[]string{"-D", "-h", "rm"}, []string{"rm", "--help"}},
		{[]string{"container", "--help", "rm", "x"}, []string{"container", "rm", "--help"}},
		{[]string{"help", "--", "ps"}, []string{"ps", "--help"}},
		{[]string{"--", "--help", "ps"}, []string{"ps", "--help"}},
		{[]string{"-l=debug", "--help", "ps"}, []string{"ps", "--help"}},
		{[]string{"-Dh", "ps"}, []string{"ps", "--help"}},
		{[]string{"-l", "", "--help", "ps"}, []string{"ps", "--help"}},
	} {
		ref, got := RefIn(t, "", env, tc.args...), SkiffIn(t, "", env, tc.args...)
		if ref.Code != got.Code || ref.FirstErrLine() != got.FirstErrLine() {
			t.Errorf("docker %s: exit %d, stderr %q; reference: exit %d, stderr %q",
				quoteArgs(tc.args), got.Code, got.FirstErrLine(), ref.Code, ref.FirstErrLine())
		}
		if want := SkiffIn(t, "", env, tc.same...); got.Stdout != want.Stdout {
			t.Errorf("docker %s: stdout is not that of docker %s:\n%s", quoteArgs(tc.args), quoteArgs(tc.same),
				Diff(strings.Join(tc.same, " "), "skiff", want.Stdout, got.Stdout))
		}
	}
}

// TestSweepRootSSHHost: an ssh host nobody answers on: one line, docker's prefix and
// exit code, OpenSSH's words for the refusal (ssh_test.go has the rest, against sshd).
func TestSweepRootSSHHost(t *testing.T) {
	t.Parallel()
	env := []string{"DOCKER_HOST=ssh://user@127.0.0.1:1"}
	sk := SkiffIn(t, "", env, "ps")
	want := `error during connect: Get "http://docker.example.com/v1.50/containers/json": ssh: connect to host 127.0.0.1 port 1: Connection refused`
	if sk.Code != 1 || sk.Stderr != want+"\n" {
		t.Errorf("skiff with an ssh host: exit %d, stderr %q; want 1 and %q", sk.Code, sk.Stderr, want)
	}
}

// TestSweepRootAPIFlagFirst: for every command, a version-gated flag the API version in
// use lacks is reported before a later flag error, as docker does.
func TestSweepRootAPIFlagFirst(t *testing.T) {
	t.Parallel()
	env := []string{"DOCKER_API_VERSION=1.30"}
	CompareEnv(t, env, "", "exec", "-w", "/x", "--bogus", "c", "true")
	CompareEnv(t, env, "", "logs", "--until", "1s", "--bogus", "c")
}

// sweepRootEngine serves, on a unix socket of its own, a daemon that answers every
// request but the ping with status and body (and API-Version 1.41 unless version is
// given); "garbage" answers each request's headers with bytes that are not HTTP.
func sweepRootEngine(t *testing.T, version string, status int, body string) (host string) {
	t.Helper()
	if body == "garbage" {
		ln, host := fakeSocket(t)
		go func() {
			for {
				c, err := ln.Accept()
				if err != nil {
					return
				}
				// Answer once the request is in (as a TLS daemon would: no client ever
				// sees its write refused), then hang up.
				go func() {
					defer c.Close()
					r := bufio.NewReader(c)
					for {
						line, err := r.ReadString('\n')
						if err != nil {
							return
						}
						if line == "\r\n" {
							break
						}
					}
					c.Write([]byte("SSH-2.0-OpenSSH\r\n"))
				}()
			}
		}()
		return host
	}
	if version == "" {
		version = "1.41"
	}
	return fakeEngine(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("API-Version", version)
		if strings.HasSuffix(r.URL.Path, "/_ping") {
			w.Write([]byte("OK"))
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		w.Write([]byte(body))
	})
}

// TestSweepRootDaemonAnswers: odd daemon answers read as the reference reads them: a
// daemon older than 1.24 spoken to in its own version, bodies that do not decode
// reported in the decoder's words, text after the document ignored, a non-HTTP answer.
func TestSweepRootDaemonAnswers(t *testing.T) {
	t.Parallel()
	// Go's transport words a non-HTTP answer two ways, by timing, for both clients.
	broken := regexp.MustCompile(`net/http: HTTP/1\.x transport connection broken: `)
	norm := func(s string) string { return broken.ReplaceAllString(s, "") }
	for _, tc := range []struct {
		name, version string
		status        int
		body          string
	}{
		{"old daemon", "1.12", 200, "[]"},
		{"empty body", "", 200, ""},
		{"cut body", "", 200, `[{"Id":`},
		{"html", "", 200, "<html>"},
		{"text after the document", "", 200, "[] x"},
		{"cut error body", "", 500, `{"message":"bo`},
		{"not HTTP", "", 0, "garbage"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			host := sweepRootEngine(t, tc.version, tc.status, tc.body)
			CompareWith(t, norm, []string{"DOCKER_HOST=" + host}, "", "ps")
		})
	}
}

// TestSweepRootTLSFiles: which TLS files are read, and in which order, as the reference:
// the CA first; the default client certificate and key left out when absent; one of them
// without the other means no client certificate.
func TestSweepRootTLSFiles(t *testing.T) {
	t.Parallel()
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("API-Version", "1.41")
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte("[]"))
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	t.Cleanup(srv.Close)
	certs := t.TempDir()
	ca := filepath.Join(certs, "ca.pem")
	if err := os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	host := "tcp://" + srv.Listener.Addr().String()
	empty := t.TempDir()
	for _, tc := range []struct {
		name string
		env  []string
		args []string
	}{
		{"verify with the CA of DOCKER_CERT_PATH", []string{"DOCKER_CERT_PATH=" + certs}, []string{"--tlsverify"}},
		{"CA flag, no default cert", []string{"DOCKER_CERT_PATH=" + empty}, []string{"--tlsverify", "--tlscacert", ca}},
		{"key without cert", []string{"DOCKER_CERT_PATH=" + certs}, []string{"--tls", "--tlskey", ca}},
		{"missing CA before missing cert", nil, []string{"--tls", "--tlscacert", "/nonexistent/ca", "--tlscert", "/nonexistent/cert"}},
		{"missing given cert", []string{"DOCKER_CERT_PATH=" + certs}, []string{"--tlsverify", "--tlscert", "/nonexistent/cert"}},
		{"no CA in DOCKER_CERT_PATH", []string{"DOCKER_CERT_PATH=" + empty}, []string{"--tlsverify"}},
		{"not a key", []string{"DOCKER_CERT_PATH=" + certs}, []string{"--tls", "--tlscert", ca, "--tlskey", ca}},
		// given empty: no file (not the default one); no CA is the system's roots
		{"empty CA flag, no verify", nil, []string{"--tls", "--tlscacert", ""}},
		{"empty CA flag, verify", []string{"DOCKER_CERT_PATH=" + certs}, []string{"--tlsverify", "--tlscacert", ""}},
		{"empty cert and key flags", []string{"DOCKER_CERT_PATH=" + certs}, []string{"--tlsverify", "--tlscert", "", "--tlskey", ""}},
		{"empty CA, missing cert", nil, []string{"--tls", "--tlscacert", "", "--tlscert", "/nonexistent/cert"}},
		{"empty CA, cert without key, verify", []string{"DOCKER_CERT_PATH=" + empty}, []string{"--tlsverify", "--tlscacert", "", "--tlscert", ca}},
		{"empty CA and cert, default key absent, verify", []string{"DOCKER_CERT_PATH=" + empty}, []string{"--tlsverify", "--tlscacert", "", "--tlscert", ""}},
		{"DOCKER_TLS_VERIFY, empty CA", []string{"DOCKER_TLS_VERIFY=1", "DOCKER_CERT_PATH=" + empty}, []string{"--tlscacert", ""}},
		// the defaults are read before --config
		{"--config holding a CA", nil, []string{"--config", certs, "--tlsverify"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			CompareEnv(t, tc.env, "", append(append(tc.args, "-H", host), "ps")...)
		})
	}
	// With TLS and no host, docker dials tcp://localhost:2376, not the local socket.
	for _, args := range [][]string{{"--tlsverify", "ps"}, {"--tls", "--tlscacert", "", "ps"}} {
		CompareEnv(t, []string{"DOCKER_HOST=", "DOCKER_CERT_PATH=" + certs}, "", args...)
	}
}

// TestSweepRootContextMeta: odd context metadata read as the reference reads it: no
// docker endpoint, an endpoint without a host (the default socket), not an object.
func TestSweepRootContextMeta(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, meta string }{
		{"no docker endpoint", `{"Name":"c","Endpoints":{}}`},
		{"endpoint without host", `{"Name":"c","Endpoints":{"docker":{}}}`},
		{"not an object", `[]`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			sum := sha256.Sum256([]byte("c"))
			meta := filepath.Join(dir, "contexts", "meta", hex.EncodeToString(sum[:]))
			if err := os.MkdirAll(meta, 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(meta, "meta.json"), []byte(tc.meta), 0o600); err != nil {
				t.Fatal(err)
			}
			CompareEnv(t, []string{"DOCKER_CONFIG=" + dir, "DOCKER_HOST="}, "",
				"--context", "c", "ps", "-q", "--filter", "label=skiff.probe.none=1")
		})
	}
}

// TestSweepRootHelpLoadsConfig: help, like any command, loads config.json first (docker
// warns about a broken one) and needs no endpoint: exit code and first line of stderr
// as the reference's (the help prose is ours).
func TestSweepRootHelpLoadsConfig(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "config.json"), []byte("{bad"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := []string{"DOCKER_CONFIG=" + dir}
	for _, args := range [][]string{
		{"--version"}, {"ps", "--help"}, {"--help", "ps"}, {"help", "ps"}, {"--context", "nosuch", "help", "ps"}, {"-D", "--context", "nosuch", "ps", "--help"},
	} {
		ref, got := RefIn(t, "", env, args...), SkiffIn(t, "", env, args...)
		n := func(s string) string { return Normalize(strings.ReplaceAll(s, dir, "<DIR>")) }
		if ref.Code != got.Code || n(ref.FirstErrLine()) != n(got.FirstErrLine()) {
			t.Errorf("docker %s: exit %d, stderr %q; reference: exit %d, stderr %q",
				quoteArgs(args), got.Code, got.FirstErrLine(), ref.Code, ref.FirstErrLine())
		}
	}
}
