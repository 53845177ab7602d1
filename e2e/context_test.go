//go:build e2e

package e2e

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// sha256Hex names a context's folders in the store, as docker does.
func sha256Hex(name string) string {
	sum := sha256.Sum256([]byte(name))
	return hex.EncodeToString(sum[:])
}

// writeContextPEMs writes a self-signed certificate (also the CA) and its key, for
// contexts with TLS material; it returns the files' paths.
func writeContextPEMs(t *testing.T) (ca, cert, key string) {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "skiff-e2e"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour), IsCA: true, BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.PublicKey, k)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	ca, cert, key = filepath.Join(dir, "ca.pem"), filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	for p, b := range map[string]*pem.Block{ca: {Type: "CERTIFICATE", Bytes: der}, cert: {Type: "CERTIFICATE", Bytes: der}, key: {Type: "EC PRIVATE KEY", Bytes: kder}} {
		if err := os.WriteFile(p, pem.EncodeToMemory(b), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return ca, cert, key
}

// TestContextListInspectShow: contexts made by the reference in docker 28's on-disk
// layout, listed, shown and inspected by both clients in every way the current context
// is chosen (config.json, DOCKER_CONTEXT, --context, DOCKER_HOST, -H), with one the
// store does not hold and one whose meta.json has no docker endpoint.
func TestContextListInspectShow(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	base := []string{"DOCKER_CONFIG=" + dir, "DOCKER_HOST=", "DOCKER_CONTEXT=", "DOCKER_TLS_VERIFY=", "DOCKER_CERT_PATH="}
	ca, cert, key := writeContextPEMs(t)
	for _, args := range [][]string{
		{"context", "create", "xx", "--docker", "host=tcp://127.0.0.1:1"},
		{"context", "create", "Lab", "--description", "the lab", "--docker", "host=unix:///tmp/skiff-e2e-lab.sock"},
		{"context", "create", "tls", "--docker", "host=tcp://127.0.0.1:2,ca=" + ca + ",cert=" + cert + ",key=" + key},
		{"context", "create", "onlyca", "--docker", "host=tcp://127.0.0.1:3,ca=" + ca},
		{"context", "create", "skip", "--docker", "host=tcp://127.0.0.1:4,skip-tls-verify=true"},
	} {
		if r := RefIn(t, "", base, args...); r.Code != 0 {
			t.Fatalf("reference %v: %s", args, r)
		}
	}
	// a context whose meta.json has no docker endpoint (docker's ERROR column)
	noep := filepath.Join(dir, "contexts", "meta", sha256Hex("noep"))
	if err := os.MkdirAll(noep, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(noep, "meta.json"), []byte(`{"Name":"noep","Metadata":{},"Endpoints":{}}`), 0o644); err != nil {
		t.Fatal(err)
	}

	commands := [][]string{
		{"context", "ls"},
		{"context", "list", "-q"},
		{"context", "ls", "--format", "json"},
		{"context", "ls", "-q", "--format", "{{.DockerEndpoint}}"},
		{"context", "ls", "--format", "{{.Name}}|{{.Current}}|{{.Description}}|{{.DockerEndpoint}}|{{.Error}}"},
		{"context", "ls", "--format", "table {{.Name}}\t{{.Current}}\t{{.Header}}"},
		{"context", "ls", "--format", "{{.Foo}}"},
		{"context", "ls", "extra"},
		{"context", "show"},
		{"context", "show", "extra"},
		{"context", "inspect"},
		{"context", "inspect", "default", "xx", "Lab", "tls", "onlyca", "skip", "noep", "nope"},
		{"context", "inspect", "-f", "{{.Name}} {{.Endpoints.docker.Host}} {{.Endpoints.docker.SkipTLSVerify}} {{.TLSMaterial}}", "tls", "default"},
		{"context", "inspect", "-f", "json", "Lab"},
		{"context", "inspect", "-f", "{{.Foo}}", "xx"},
	}
	for _, v := range []struct {
		name  string
		env   []string
		flags []string
	}{
		{"default", nil, nil},
		{"DOCKER_CONTEXT", []string{"DOCKER_CONTEXT=Lab"}, nil},
		{"DOCKER_CONTEXT unknown", []string{"DOCKER_CONTEXT=gone"}, nil},
		{"DOCKER_HOST", []string{"DOCKER_HOST=127.0.0.1:9", "DOCKER_CONTEXT=Lab"}, nil},
		{"--context", []string{"DOCKER_HOST=tcp://127.0.0.1:9"}, []string{"--context", "tls"}},
		{"--context unknown", nil, []string{"--context", "gone"}},
		{"-H", nil, []string{"-H", "tcp://h"}},
		{"-H empty", nil, []string{"-H", ""}},
		{"-H bad", nil, []string{"-H", "foo://x"}},
		{"two -H", nil, []string{"-H", "a", "-H", "b"}},
		{"-H and --context", nil, []string{"-H", "a", "--context", "xx"}},
		{"TLS flags", nil, []string{"--tls", "-H", "tcp://h:1", "--tlscacert", ""}},
		{"TLS files missing", []string{"DOCKER_TLS_VERIFY=1", "DOCKER_CERT_PATH=/nonexistent"}, nil},
	} {
		for _, args := range commands {
			CompareEnv(t, append(append([]string{}, base...), v.env...), "", append(append([]string{}, v.flags...), args...)...)
		}
	}
	// config.json's currentContext
	if err := os.WriteFile(filepath.Join(dir, "config.json"), []byte(`{"currentContext":"xx"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range commands[:12] {
		CompareEnv(t, base, "", args...)
	}
	// a meta.json that does not parse stops ls, not show
	bad := filepath.Join(dir, "contexts", "meta", "broken")
	if err := os.MkdirAll(bad, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bad, "meta.json"), []byte(`{"Name":"broken","Endpoints":{"docker":{"Host":5}}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"context", "ls"}, {"context", "show"}, {"context", "inspect", "broken"}} {
		CompareEnv(t, base, "", args...)
	}
}
