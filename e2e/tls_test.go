//go:build e2e

package e2e

import (
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// tlsEnvBase clears the run's own engine and TLS settings, so each case says what it uses.
var tlsEnvBase = []string{"DOCKER_HOST=", "DOCKER_TLS=", "DOCKER_TLS_VERIFY=", "DOCKER_CERT_PATH=", "DOCKER_CONTEXT="}

func tlsEnv(extra ...string) []string {
	return append(append([]string{}, tlsEnvBase...), extra...)
}

// tlsWant is what docker 28 was observed to do: its exit code, a part of its first line
// of stderr ("" for an empty stderr) and, when not "-", its whole stdout.
type tlsWant struct {
	code    int
	errPart string
	out     string
}

// tlsCompare runs the reference, then skiff, with the same environment, stdin and
// arguments; it asserts that the reference did what want says (so that the test fails
// if both fail alike where they should succeed, or the other way round), and that
// skiff matches it: exit code, stdout and first line of stderr, with each client's HOME
// replaced.
func tlsCompare(t *testing.T, env []string, stdin string, want tlsWant, args ...string) {
	t.Helper()
	ref := RefIn(t, stdin, env, args...)
	sk := SkiffIn(t, stdin, env, args...)
	h := homesOf(t)
	// docker shows a TLS alert with net/http's "readLoopPeekFailLocked: " or without, as
	// a race goes; skiff never does
	refErr := strings.Replace(strings.ReplaceAll(ref.FirstErrLine(), h.ref, "<HOME>"), "readLoopPeekFailLocked: ", "", 1)
	skErr := strings.ReplaceAll(sk.FirstErrLine(), h.skiff, "<HOME>")
	t.Logf("observed: docker %s: exit %d, first stderr line %q", quoteArgs(args), ref.Code, refErr)
	if ref.Code != want.code || (want.errPart == "") != (refErr == "") || !strings.Contains(refErr, want.errPart) ||
		(want.out != "-" && ref.Stdout != want.out) {
		t.Errorf("docker %s: the reference did not do what docker 28 was seen to do (exit %d, %q, stdout %q):\n%s",
			quoteArgs(args), want.code, want.errPart, want.out, ref)
	}
	if ref.Code != sk.Code || Normalize(ref.Stdout) != Normalize(sk.Stdout) || refErr != skErr {
		t.Errorf("docker %s: skiff differs from the reference:\n%s", quoteArgs(args),
			Diff("reference", "skiff", ref.String(), sk.String()))
	}
	if strings.Contains(sk.Stderr, "goroutine ") || strings.Contains(sk.Stderr, "panic:") {
		t.Errorf("skiff printed a Go stack:\n%s", sk.Stderr)
	}
}

// ok is success with the given stdout.
func tlsOK(out string) tlsWant { return tlsWant{out: out} }

// tlsErr is a failure with docker's exit code and a part of its first line of stderr.
func tlsErr(code int, errPart string) tlsWant { return tlsWant{code: code, errPart: errPart, out: ""} }

// TestTLSFrontSessions: the reference and skiff through a client-certificate-verifying
// TLS front on the engine, every way of naming the TLS files: flags, DOCKER_TLS_VERIFY
// with DOCKER_CERT_PATH, the files of DOCKER_CONFIG and of ~/.docker, --tls and
// --tlsverify=false without verification; requests, hijacked streams whose stdin ends
// (the half-close crosses TLS), exec.
func TestTLSFrontSessions(t *testing.T) {
	t.Parallel()
	p := newTLSPKI(t)
	host := tlsFront(t, p, p.server)
	f := Fixture(t)
	id, _ := f.Container(Image, "sleep", "100000")
	f.Start(id)
	empty := t.TempDir()
	certs := p.certDir(t, "")
	wrongCA := p.certDir(t, "")
	copyFile(t, p.ca2.certFile, filepath.Join(wrongCA, "ca.pem"))
	cfg := p.certDir(t, "")
	home := t.TempDir()
	p.certDir(t, filepath.Join(home, ".docker"))

	flags := []string{"--tlsverify", "--tlscacert", p.ca.certFile, "--tlscert", p.client.certFile, "--tlskey", p.client.keyFile, "-H", host}
	for _, c := range []struct {
		stdin string
		want  tlsWant
		args  []string
	}{
		{"", tlsWant{out: "-"}, []string{"version", "--format", "{{.Server.Os}}"}},
		{"", tlsOK("bb:latest \"sleep 100000\"\n"), []string{"ps", "--filter", "label=" + f.Label(), "--format", "{{.Image}} {{.Command}}"}},
		{"", tlsOK("hi\n"), []string{"run", "--rm", "--label", f.Label(), Image, "echo", "hi"}},
		{"", tlsWant{code: 3, errPart: "err", out: "out\n"}, []string{"run", "--rm", "--label", f.Label(), Image, "sh", "-c", "echo out; echo err >&2; exit 3"}},
		{"hello\nworld\n", tlsOK("hello\nworld\n"), []string{"run", "-i", "--rm", "--label", f.Label(), Image, "cat"}},
		{"", tlsOK("hi\n"), []string{"exec", id, "echo", "hi"}},
		{"through exec\n", tlsOK("through exec\n"), []string{"exec", "-i", id, "cat"}},
		{"", tlsWant{code: 7}, []string{"exec", id, "sh", "-c", "exit 7"}},
	} {
		tlsCompare(t, tlsEnv("DOCKER_CERT_PATH="+empty), c.stdin, c.want, append(append([]string{}, flags...), c.args...)...)
	}
	// by id: the cases' own containers, running at the same time, carry the label too
	ps := []string{"ps", "--filter", "id=" + id, "--format", "{{.Image}}"}
	for _, v := range []struct {
		name  string
		env   []string
		flags []string
	}{
		{"DOCKER_TLS_VERIFY and DOCKER_CERT_PATH", []string{"DOCKER_TLS_VERIFY=1", "DOCKER_CERT_PATH=" + certs, "DOCKER_HOST=" + host}, nil},
		{"DOCKER_TLS_VERIFY=0 still verifies", []string{"DOCKER_TLS_VERIFY=0", "DOCKER_CERT_PATH=" + certs, "DOCKER_HOST=" + host}, nil},
		{"DOCKER_CERT_PATH and --tlsverify", []string{"DOCKER_CERT_PATH=" + certs}, []string{"--tlsverify", "-H", host}},
		{"DOCKER_CONFIG's files", []string{"DOCKER_CONFIG=" + cfg, "DOCKER_HOST=" + host, "DOCKER_TLS_VERIFY=1"}, nil},
		{"~/.docker's files", []string{"HOME=" + home, "DOCKER_HOST=" + host}, []string{"--tlsverify"}},
		{"--tls, no verification", []string{"DOCKER_CERT_PATH=" + empty}, []string{"--tls", "--tlscacert", "", "--tlscert", p.client.certFile, "--tlskey", p.client.keyFile, "-H", host}},
		{"--tls with a wrong CA", []string{"DOCKER_CERT_PATH=" + wrongCA}, []string{"--tls", "-H", host}},
		{"DOCKER_TLS with a wrong CA", []string{"DOCKER_TLS=1", "DOCKER_CERT_PATH=" + wrongCA, "DOCKER_HOST=" + host}, nil},
		{"--tlsverify=false with the files", []string{"DOCKER_CERT_PATH=" + certs}, []string{"--tlsverify=false", "-H", host}},
		{"--tlsverify=false with a wrong CA", []string{"DOCKER_CERT_PATH=" + wrongCA}, []string{"--tlsverify=false", "-H", host}},
		{"--tlsverify=false over DOCKER_TLS_VERIFY", []string{"DOCKER_TLS_VERIFY=1", "DOCKER_CERT_PATH=" + wrongCA}, []string{"--tlsverify=false", "-H", host}},
		{"--tls --tlsverify=false", []string{"DOCKER_CERT_PATH=" + wrongCA}, []string{"--tls", "--tlsverify=false", "-H", host}},
		{"DOCKER_TLS_VERIFY with --tls", []string{"DOCKER_TLS_VERIFY=1", "DOCKER_CERT_PATH=" + certs}, []string{"--tls", "-H", host}},
	} {
		t.Run(v.name, func(t *testing.T) {
			t.Parallel()
			tlsCompare(t, tlsEnv(v.env...), "", tlsOK("bb:latest\n"), append(append([]string{}, v.flags...), ps...)...)
			tlsCompare(t, tlsEnv(v.env...), "in\n", tlsOK("in\n"), append(append([]string{}, v.flags...), "run", "-i", "--rm", "--label", f.Label(), Image, "cat")...)
		})
	}
}

// TestTLSFrontRefusals: what goes wrong on either side of the handshake, and the TLS
// files that cannot be used, as the reference reports them.
func TestTLSFrontRefusals(t *testing.T) {
	t.Parallel()
	p := newTLSPKI(t)
	host := tlsFront(t, p, p.server)
	wrongHost := tlsFront(t, p, p.wrongName)
	empty := t.TempDir()
	missing := filepath.Join(t.TempDir(), "gone")
	wrongCA := p.certDir(t, "")
	copyFile(t, p.ca2.certFile, filepath.Join(wrongCA, "ca.pem"))

	encrypted := filepath.Join(p.dir, "encrypted-key.pem")
	der, err := x509.MarshalECPrivateKey(p.client.key)
	if err != nil {
		t.Fatal(err)
	}
	//lint:ignore SA1019 docker's refusal of a legacy encrypted PEM key is what is tested
	blk, err := x509.EncryptPEMBlock(rand.Reader, "EC PRIVATE KEY", der, []byte("secret"), x509.PEMCipherAES256)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(encrypted, pem.EncodeToMemory(blk), 0o600); err != nil {
		t.Fatal(err)
	}
	// made once with `openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256
	// -aes-256-cbc -pass pass:secret`
	pkcs8enc, err := filepath.Abs(filepath.Join("testdata", "encrypted-pkcs8-key.pem"))
	if err != nil {
		t.Fatal(err)
	}

	verify := func(ca, cert, key, h string) []string {
		return []string{"--tlsverify", "--tlscacert", ca, "--tlscert", cert, "--tlskey", key, "-H", h}
	}
	const (
		unknownCA  = `": tls: failed to verify certificate: x509: certificate signed by unknown authority`
		required   = `": remote error: tls: certificate required`
		expired    = `": remote error: tls: expired certificate`
		encMessage = "Failed to initialize: private key is encrypted - support for encrypted private keys has been removed, see https://docs.docker.com/go/deprecated/"
	)
	ps := []string{"ps", "-q", "--filter", "label=skiff.e2e.none=1"}
	for _, tc := range []struct {
		name  string
		env   []string
		flags []string
		want  tlsWant
	}{
		{"wrong CA", nil, verify(p.ca2.certFile, p.client.certFile, p.client.keyFile, host), tlsErr(1, unknownCA)},
		{"wrong CA in DOCKER_CERT_PATH", []string{"DOCKER_CERT_PATH=" + wrongCA, "DOCKER_TLS_VERIFY=1", "DOCKER_HOST=" + host}, nil, tlsErr(1, unknownCA)},
		// the front names the CAs it accepts, so the client sends no certificate at all
		{"client certificate of another CA", nil, verify(p.ca.certFile, p.client2.certFile, p.client2.keyFile, host), tlsErr(1, required)},
		{"no client certificate", []string{"DOCKER_CERT_PATH=" + empty}, []string{"--tlsverify", "--tlscacert", p.ca.certFile, "-H", host}, tlsErr(1, required)},
		{"no client certificate, --tls", []string{"DOCKER_CERT_PATH=" + empty}, []string{"--tls", "--tlscacert", "", "-H", host}, tlsErr(1, required)},
		// --tls reads the default CA too, unverified as it then is
		{"--tls, default CA missing", []string{"DOCKER_CERT_PATH=" + empty}, []string{"--tls", "-H", host},
			tlsErr(1, "Failed to initialize: unable to resolve docker endpoint: open "+empty+"/ca.pem: no such file or directory")},
		{"expired client certificate", nil, verify(p.ca.certFile, p.expired.certFile, p.expired.keyFile, host), tlsErr(1, expired)},
		{"server name mismatch by IP", nil, verify(p.ca.certFile, p.client.certFile, p.client.keyFile, wrongHost),
			tlsErr(1, `": tls: failed to verify certificate: x509: cannot validate certificate for 127.0.0.1 because it doesn't contain any IP SANs`)},
		{"server name mismatch by name", nil, verify(p.ca.certFile, p.client.certFile, p.client.keyFile, "tcp://localhost:"+portOf(wrongHost)),
			tlsErr(1, `": tls: failed to verify certificate: x509: certificate is valid for wrong.example, not localhost`)},
		{"server name mismatch, --tls", []string{"DOCKER_CERT_PATH=" + empty}, []string{"--tls", "--tlscacert", "", "--tlscert", p.client.certFile, "--tlskey", p.client.keyFile, "-H", wrongHost}, tlsWant{out: ""}},
		{"--tlsverify=false, files missing", []string{"DOCKER_CERT_PATH=" + empty}, []string{"--tlsverify=false", "-H", host},
			tlsErr(1, "Failed to initialize: unable to resolve docker endpoint: open "+empty+"/ca.pem: no such file or directory")},
		{"--tlsverify=false, DOCKER_CERT_PATH missing", []string{"DOCKER_CERT_PATH=" + missing}, []string{"--tlsverify=false", "-H", host},
			tlsErr(1, "Failed to initialize: unable to resolve docker endpoint: open "+missing+"/ca.pem: no such file or directory")},
		{"--tlsverify=false, no client certificate", []string{"DOCKER_CERT_PATH=" + empty}, []string{"--tlsverify=false", "--tlscacert", p.ca2.certFile, "-H", host}, tlsErr(1, required)},
		{"--tls=false: plain HTTP", []string{"DOCKER_CERT_PATH=" + empty}, []string{"--tls=false", "-H", host}, tlsErr(1, "Error response from daemon: Client sent an HTTP request to an HTTPS server.")},
		{"plain HTTP to the front", nil, []string{"-H", host}, tlsErr(1, "Error response from daemon: Client sent an HTTP request to an HTTPS server.")},
		{"missing key file", nil, verify(p.ca.certFile, p.client.certFile, missing, host),
			tlsErr(1, "Failed to initialize: unable to resolve docker endpoint: open "+missing+": no such file or directory")},
		{"missing cert file", nil, verify(p.ca.certFile, missing, p.client.keyFile, host),
			tlsErr(1, "Failed to initialize: unable to resolve docker endpoint: open "+missing+": no such file or directory")},
		{"key of another certificate", nil, verify(p.ca.certFile, p.client.certFile, p.client2.keyFile, host),
			tlsErr(1, "Failed to initialize: failed to retrieve context tls info: tls: private key does not match public key")},
		{"encrypted PEM key", nil, verify(p.ca.certFile, p.client.certFile, encrypted, host), tlsErr(1, encMessage)},
		{"encrypted PEM key, --tls", nil, []string{"--tls", "--tlscacert", "", "--tlscert", p.client.certFile, "--tlskey", encrypted, "-H", host}, tlsErr(1, encMessage)},
		{"encrypted PEM key of another certificate", nil, verify(p.ca.certFile, p.client2.certFile, encrypted, host), tlsErr(1, encMessage)},
		{"encrypted PKCS#8 key", nil, verify(p.ca.certFile, p.client.certFile, pkcs8enc, host),
			tlsErr(1, "Failed to initialize: failed to retrieve context tls info: tls: failed to parse private key")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tlsCompare(t, tlsEnv(tc.env...), "", tc.want, append(append([]string{}, tc.flags...), ps...)...)
		})
	}
	// a hijacked stream refused: run fails before it creates anything, with docker's 125
	f := Fixture(t)
	tlsCompare(t, tlsEnv(), "x\n", tlsErr(125, `docker: error during connect: Head "https://127.0.0.1:`+portOf(host)+`/_ping": remote error: tls: expired certificate`),
		append(verify(p.ca.certFile, p.expired.certFile, p.expired.keyFile, host), "run", "-i", "--rm", "--label", f.Label(), Image, "cat")...)
}

// TestTLSFrontContext: contexts with TLS material, made by the reference in its store
// (which copies the files in), used by both clients; then the stored files missing,
// replaced by junk, by an encrypted key or by the key of another certificate.
func TestTLSFrontContext(t *testing.T) {
	t.Parallel()
	p := newTLSPKI(t)
	host := tlsFront(t, p, p.server)
	f := Fixture(t)
	dir := t.TempDir()
	env := tlsEnv("DOCKER_CONFIG=" + dir)
	for _, args := range [][]string{
		{"context", "create", "tlsx", "--docker", "host=" + host + ",ca=" + p.ca.certFile + ",cert=" + p.client.certFile + ",key=" + p.client.keyFile},
		{"context", "create", "wrongca", "--docker", "host=" + host + ",ca=" + p.ca2.certFile + ",cert=" + p.client.certFile + ",key=" + p.client.keyFile},
		{"context", "create", "nocert", "--docker", "host=" + host + ",ca=" + p.ca.certFile},
		{"context", "create", "skip", "--docker", "host=" + host + ",skip-tls-verify=true,cert=" + p.client.certFile + ",key=" + p.client.keyFile},
		{"context", "create", "expired", "--docker", "host=" + host + ",ca=" + p.ca.certFile + ",cert=" + p.expired.certFile + ",key=" + p.expired.keyFile},
	} {
		if r := RefIn(t, "", env, args...); r.Code != 0 {
			t.Fatalf("reference %v: %s", args, r)
		}
	}
	// a group, so that its parallel cases end before the originals are removed below
	t.Run("contexts", func(t *testing.T) {
		for _, c := range []struct {
			name      string
			ps, runIn tlsWant
		}{
			{"tlsx", tlsOK(""), tlsOK("via context\n")},
			{"skip", tlsOK(""), tlsOK("via context\n")},
			{"wrongca", tlsErr(1, `x509: certificate signed by unknown authority`), tlsErr(125, `x509: certificate signed by unknown authority`)},
			{"nocert", tlsErr(1, `remote error: tls: certificate required`), tlsErr(125, `remote error: tls: certificate required`)},
			{"expired", tlsErr(1, `remote error: tls: expired certificate`), tlsErr(125, `remote error: tls: expired certificate`)},
		} {
			t.Run(c.name, func(t *testing.T) {
				t.Parallel()
				// each case's own label too: the cases run at once, and one's run must not
				// show in another's ps
				own := "skiff.tlscase=" + c.name
				tlsCompare(t, env, "", c.ps, "--context", c.name, "ps", "-q", "--filter", "label="+f.Label(), "--filter", "label="+own)
				tlsCompare(t, env, "via context\n", c.runIn, "--context", c.name, "run", "-i", "--rm", "--label", f.Label(), "--label", own, Image, "cat")
			})
		}
	})
	tlsCompare(t, append(env, "DOCKER_CONTEXT=tlsx"), "", tlsWant{out: "-"}, "version", "--format", "{{.Server.Os}}")

	// contexts whose stored TLS files went missing or were replaced
	der, err := x509.MarshalECPrivateKey(p.client.key)
	if err != nil {
		t.Fatal(err)
	}
	//lint:ignore SA1019 docker's refusal of a legacy encrypted PEM key is what is tested
	blk, err := x509.EncryptPEMBlock(rand.Reader, "EC PRIVATE KEY", der, []byte("secret"), x509.PEMCipherAES256)
	if err != nil {
		t.Fatal(err)
	}
	otherKey, err := os.ReadFile(p.client2.keyFile)
	if err != nil {
		t.Fatal(err)
	}
	stored := func(name string) string { // a copy of tlsx; its TLS files' folder
		if r := RefIn(t, "", env, "context", "create", name, "--from", "tlsx"); r.Code != 0 {
			t.Fatalf("reference: %s", r)
		}
		return filepath.Join(dir, "contexts", "tls", sha256Hex(name), "docker")
	}
	write := func(path string, b []byte) {
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	remove := func(path string) {
		if err := os.RemoveAll(path); err != nil {
			t.Fatal(err)
		}
	}
	remove(filepath.Join(stored("gone-ca"), "ca.pem"))
	remove(filepath.Join(stored("gone-key"), "key.pem"))
	remove(filepath.Join(stored("gone-cert"), "cert.pem"))
	remove(stored("gone-all"))
	write(filepath.Join(stored("enc-key"), "key.pem"), pem.EncodeToMemory(blk))
	write(filepath.Join(stored("junk-ca"), "ca.pem"), []byte("junk\n"))
	write(filepath.Join(stored("junk-key"), "key.pem"), []byte("junk\n"))
	write(filepath.Join(stored("other-key"), "key.pem"), otherKey)
	for _, c := range []struct {
		name string
		want tlsWant
	}{
		{"gone-ca", tlsErr(1, "x509: certificate signed by unknown authority")},
		{"gone-key", tlsErr(1, "remote error: tls: certificate required")},
		{"gone-cert", tlsErr(1, "remote error: tls: certificate required")},
		{"gone-all", tlsErr(1, "Error response from daemon: Client sent an HTTP request to an HTTPS server.")},
		{"enc-key", tlsErr(1, "Failed to initialize: private key is encrypted - support for encrypted private keys has been removed, see https://docs.docker.com/go/deprecated/")},
		{"junk-ca", tlsErr(1, "Failed to initialize: failed to retrieve context tls info: ca.pem seems invalid")},
		{"junk-key", tlsErr(1, "Failed to initialize: no valid private key found")},
		{"other-key", tlsErr(1, "Failed to initialize: failed to retrieve context tls info: tls: private key does not match public key")},
	} {
		tlsCompare(t, env, "", c.want, "--context", c.name, "ps", "-q", "--filter", "label="+f.Label())
	}
	// the context's TLS files are its own copies: the originals can go
	if err := os.Remove(p.client.keyFile); err != nil {
		t.Fatal(err)
	}
	tlsCompare(t, env, "", tlsOK(""), "--context", "tlsx", "ps", "-q", "--filter", "label="+f.Label())
}

// portOf is the port of a "tcp://host:port" host.
func portOf(host string) string {
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(host, "tcp://"))
	return port
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
}
