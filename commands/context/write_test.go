package context

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gotest.tools/v3/assert"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/clitest"
	"github.com/skiff-cli/skiff/config"
)

// pems writes a self-signed certificate (also the CA) and its key; it returns their paths.
func pems(t *testing.T) (ca, cert, key string) {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	assert.NilError(t, err)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "t"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.PublicKey, k)
	assert.NilError(t, err)
	kder, err := x509.MarshalECPrivateKey(k)
	assert.NilError(t, err)
	dir := t.TempDir()
	ca, cert, key = filepath.Join(dir, "ca.pem"), filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	assert.NilError(t, os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644))
	assert.NilError(t, os.WriteFile(cert, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644))
	assert.NilError(t, os.WriteFile(key, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o644))
	return ca, cert, key
}

func metaOf(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(config.NewContextStore(os.Getenv("DOCKER_CONFIG")).MetaPath(name))
	assert.NilError(t, err)
	return string(b)
}

func reset(cli *clitest.Cli) { cli.OutBuf.Reset(); cli.ErrBuf.Reset() }

func TestCreate(t *testing.T) {
	cli := newCli(t, "", nil)
	ca, cert, key := pems(t)
	assert.NilError(t, run(t, cli, "create", "lab", "--description", "the lab", "--docker", "host=tcp://h:1,ca="+ca+",cert="+cert+",key="+key))
	assert.Equal(t, cli.OutBuf.String(), "lab\n")
	assert.Equal(t, cli.ErrBuf.String(), "Successfully created context \"lab\"\n")
	assert.Equal(t, metaOf(t, "lab"), `{"Name":"lab","Metadata":{"Description":"the lab"},"Endpoints":{"docker":{"Host":"tcp://h:1","SkipTLSVerify":false}}}`)
	s := config.NewContextStore(os.Getenv("DOCKER_CONFIG"))
	for _, f := range []string{"ca.pem", "cert.pem", "key.pem"} {
		fi, err := os.Stat(filepath.Join(s.TLSDir("lab"), "docker", f))
		assert.NilError(t, err)
		assert.Equal(t, fi.Mode().Perm(), os.FileMode(0o600), f) // whatever the source's mode
	}

	// repeated --docker merge, later keys win; no description: empty metadata
	reset(cli)
	assert.NilError(t, run(t, cli, "create", "two", "--docker", "host=tcp://h:1", "--docker", "host=tcp://h:2,skip-tls-verify=1"))
	assert.Equal(t, metaOf(t, "two"), `{"Name":"two","Metadata":{},"Endpoints":{"docker":{"Host":"tcp://h:2","SkipTLSVerify":true}}}`)

	// --from a context of the store: all of it (description, TLS); --docker from=: the endpoint alone
	reset(cli)
	assert.NilError(t, run(t, cli, "create", "copy", "--from", "lab"))
	assert.Equal(t, metaOf(t, "copy"), strings.Replace(metaOf(t, "lab"), `"lab"`, `"copy"`, 1))
	assert.DeepEqual(t, s.TLSMaterial("copy"), map[string][]string{"docker": {"ca.pem", "cert.pem", "key.pem"}})
	assert.NilError(t, run(t, cli, "create", "ep", "--docker", "from=lab,ca=/nonexistent"))
	assert.Equal(t, metaOf(t, "ep"), `{"Name":"ep","Metadata":{},"Endpoints":{"docker":{"Host":"tcp://h:1","SkipTLSVerify":false}}}`)
	assert.DeepEqual(t, s.TLSMaterial("ep"), map[string][]string{})

	// no --docker, no --from: a copy of the context in use (default: from the flags)
	assert.NilError(t, cli.Options().Hosts.Set("h:9"))
	assert.NilError(t, run(t, cli, "create", "cur", "--description", "mine"))
	assert.Equal(t, metaOf(t, "cur"), `{"Name":"cur","Metadata":{"Description":"mine"},"Endpoints":{"docker":{"Host":"tcp://h:9","SkipTLSVerify":false}}}`)
	assert.NilError(t, run(t, cli, "create", "cur2", "--from", "default"))
	assert.Equal(t, metaOf(t, "cur2"), `{"Name":"cur2","Metadata":{"Description":"Current DOCKER_HOST based configuration"},"Endpoints":{"docker":{"Host":"tcp://h:9","SkipTLSVerify":false}}}`)
}

// TestCreateErrors: docker 28's checks, in its order, and nothing written on failure.
func TestCreateErrors(t *testing.T) {
	cli := newCli(t, "", map[string]string{"taken": `{"Name":"taken","Endpoints":{"docker":{"Host":"tcp://h:1"}}}`,
		"noep": `{"Name":"noep","Endpoints":{}}`})
	dir := os.Getenv("DOCKER_CONFIG")
	s := config.NewContextStore(dir)
	// a key encrypted the legacy PEM way (Proc-Type, DEK-Info), which docker 28 refuses
	encKey := filepath.Join(t.TempDir(), "enc-key.pem")
	if err := os.WriteFile(encKey, []byte("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"+
		"DEK-Info: AES-128-CBC,00000000000000000000000000000000\n\nAAAA\n-----END RSA PRIVATE KEY-----\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		err  string
	}{
		{[]string{"new", "--docker", "host=tcp://h:1,cert=/etc/hostname,key=" + encKey}, "unable to create docker endpoint config: invalid docker endpoint options: " + client.ErrEncryptedKey.Error()},
		{[]string{"x"}, `context name "x" is invalid, names are validated against regexp "^[a-zA-Z0-9][a-zA-Z0-9_.+-]+$"`},
		{[]string{""}, "context name cannot be empty"},
		{[]string{"default"}, `"default" is a reserved context name`},
		{[]string{"taken", "--docker", "zzz=1"}, `context "taken" already exists`},
		{[]string{"new", "--from", "taken", "--docker", "host=tcp://h:1"}, "cannot use --docker flag when --from is set"},
		{[]string{"new", "--from", "nope"}, `context "nope": context not found: open ` + s.MetaPath("nope") + ": no such file or directory"},
		{[]string{"new", "--docker", "zzz=1,host=h"}, "unable to create docker endpoint config: unrecognized config key: zzz"},
		{[]string{"new", "--docker", "from=nope"}, `unable to create docker endpoint config: context "nope": context not found: `},
		{[]string{"new", "--docker", "from=noep"}, `unable to create docker endpoint config: unable to get endpoint from context "noep"`},
		{[]string{"new", "--docker", "ca=/nonexistent,skip-tls-verify=x"}, "unable to create docker endpoint config: open /nonexistent: no such file or directory"},
		{[]string{"new", "--docker", "skip-tls-verify=maybe"}, `unable to create docker endpoint config: skip-tls-verify: parsing "maybe": invalid syntax`},
		{[]string{"new", "--docker", "host=h:1"}, "unable to create docker endpoint config: unable to apply docker endpoint options: unable to parse docker host `h:1`"},
		{[]string{"new", "--docker", "host=foo://"}, "unable to create docker endpoint config: unable to apply docker endpoint options: unable to parse docker host `foo://`"},
		{[]string{"new", "--docker", "host=npipe:////./pipe/x"}, "unable to create docker endpoint config: unable to apply docker endpoint options: protocol not available"},
		{[]string{"new", "--docker", "host=tcp://h:abc"}, `unable to create docker endpoint config: invalid docker endpoint options: parse "tcp://h:abc": invalid port ":abc" after host`},
		{[]string{"new", "--docker", "host=ssh://u:pw@h"}, "unable to create docker endpoint config: invalid docker endpoint options: ssh host connection is not valid: invalid SSH URL: plain-text password is not supported"},
		{[]string{"new", "--docker", "host=ssh://u@"}, "unable to create docker endpoint config: invalid docker endpoint options: ssh host connection is not valid: invalid SSH URL: hostname is empty"},
		{[]string{"new", "--docker", "host=ssh://h?x=1"}, `unable to create docker endpoint config: invalid docker endpoint options: ssh host connection is not valid: invalid SSH URL: query parameters are not allowed: "x=1"`},
		{[]string{"new", "--docker", "host=tcp://h:1,ca=/etc/hostname"}, "unable to create docker endpoint config: invalid docker endpoint options: failed to retrieve context tls info: ca.pem seems invalid"},
		{[]string{"new", "--docker", "host=tcp://h:1,cert=/etc/hostname,key=/etc/hostname"}, "unable to create docker endpoint config: invalid docker endpoint options: no valid private key found"},
	} {
		err := run(t, cli, append([]string{"create"}, c.args...)...)
		assert.ErrorContains(t, err, c.err, "%q", c.args)
		assert.Assert(t, strings.HasPrefix(err.Error(), c.err), "%q: %v", c.args, err)
		assert.Equal(t, commands.ExitCode(err), 1)
	}
	// flag syntax: docker's CSV reading, exit 125
	err := run(t, cli, "create", "new", "--docker", "host")
	assert.ErrorContains(t, err, `invalid argument "host" for "--docker" flag: host must be formatted as key=value`)
	assert.Equal(t, commands.ExitCode(err), 125)
	err = run(t, cli, "create", "new", "--docker", `host="a,b",ca=x`)
	assert.ErrorContains(t, err, `parse error on line 1, column 6: bare " in non-quoted-field`)

	// a CA with a unix socket or ssh is not loaded (no TLS there); with no host neither
	assert.NilError(t, run(t, cli, "create", "unixca", "--docker", "host=unix:///x,ca=/etc/hostname"))
	entries, _ := os.ReadDir(filepath.Join(dir, "contexts", "meta"))
	assert.Equal(t, len(entries), 3, "only taken, noep and unixca: no failed create left anything")
	entries, _ = os.ReadDir(filepath.Join(dir, "contexts"))
	for _, e := range entries {
		assert.Assert(t, !strings.HasPrefix(e.Name(), "."), "staging left: %s", e.Name())
	}
}

func TestUpdate(t *testing.T) {
	cli := newCli(t, "", nil)
	ca, cert, key := pems(t)
	s := config.NewContextStore(os.Getenv("DOCKER_CONFIG"))
	assert.NilError(t, run(t, cli, "create", "lab", "--description", "old", "--docker", "host=tcp://h:1,ca="+ca+",cert="+cert+",key="+key))
	reset(cli)
	assert.NilError(t, run(t, cli, "update", "lab", "--description", "new"))
	assert.Equal(t, cli.OutBuf.String(), "lab\n")
	assert.Equal(t, cli.ErrBuf.String(), "Successfully updated context \"lab\"\n")
	assert.Equal(t, metaOf(t, "lab"), `{"Name":"lab","Metadata":{"Description":"new"},"Endpoints":{"docker":{"Host":"tcp://h:1","SkipTLSVerify":false}}}`)
	assert.Equal(t, len(s.TLSMaterial("lab")["docker"]), 3, "TLS kept without --docker")

	assert.NilError(t, run(t, cli, "update", "lab", "--description", "", "--docker", "host=tcp://k:2,ca="+ca))
	assert.Equal(t, metaOf(t, "lab"), `{"Name":"lab","Metadata":{"Description":"new"},"Endpoints":{"docker":{"Host":"tcp://k:2","SkipTLSVerify":false}}}`)
	assert.DeepEqual(t, s.TLSMaterial("lab"), map[string][]string{"docker": {"ca.pem"}})

	assert.Error(t, run(t, cli, "update", "default"), `"default" is a reserved context name`)
	assert.ErrorContains(t, run(t, cli, "update", "nope", "--docker", "zzz=1"), `context "nope": context not found`)
	assert.Error(t, run(t, cli, "update", "lab", "--docker", "host=h"), "unable to create docker endpoint config: unable to apply docker endpoint options: unable to parse docker host `h`")
	assert.DeepEqual(t, s.TLSMaterial("lab"), map[string][]string{"docker": {"ca.pem"}})
	assert.ErrorContains(t, run(t, cli, "update", "lab", "--from", "x"), "unknown flag: --from")
}

const otherKeys = `{"auths":{},"currentContext":"bb","x-tool":{"keep":true}}`

func TestRmAndUse(t *testing.T) {
	cli := newCli(t, "", map[string]string{
		"aa": `{"Name":"aa"}`, "bb": `{"Name":"bb"}`, "cc": `{"Name":"cc"}`,
	})
	cfg := filepath.Join(os.Getenv("DOCKER_CONFIG"), "config.json")
	assert.NilError(t, os.WriteFile(cfg, []byte(otherKeys), 0o600))

	err := run(t, cli, "rm", "nope", "aa", "bb", "default", "nope2")
	assert.Error(t, err, "context \"nope\" does not exist\n"+
		"context \"bb\" is in use, set -f flag to force remove\n"+
		"context \"default\" cannot be removed\n"+
		"context \"nope2\" does not exist")
	assert.Equal(t, commands.ExitCode(err), 1)
	assert.Equal(t, cli.OutBuf.String(), "aa\n")

	// -f: the one in use goes and config.json forgets it, its other keys kept
	reset(cli)
	assert.NilError(t, run(t, cli, "rm", "-f", "bb", "nope"))
	assert.Equal(t, cli.OutBuf.String(), "bb\nnope\n")
	b, _ := os.ReadFile(cfg)
	assert.Equal(t, string(b), "{\n\t\"auths\": {},\n\t\"x-tool\": {\n\t\t\"keep\": true\n\t}\n}")

	reset(cli)
	assert.NilError(t, run(t, cli, "use", "cc"))
	assert.Equal(t, cli.OutBuf.String(), "cc\n")
	assert.Equal(t, cli.ErrBuf.String(), "Current context is now \"cc\"\n")
	b, _ = os.ReadFile(cfg)
	assert.Assert(t, strings.Contains(string(b), `"currentContext": "cc"`) && strings.Contains(string(b), `"x-tool"`), string(b))

	// default clears it; DOCKER_HOST warns for any other
	reset(cli)
	assert.NilError(t, run(t, cli, "use", "default"))
	b, _ = os.ReadFile(cfg)
	assert.Assert(t, !strings.Contains(string(b), "currentContext"), string(b))
	t.Setenv("DOCKER_HOST", "tcp://x:1")
	reset(cli)
	assert.NilError(t, run(t, cli, "use", "cc"))
	assert.Equal(t, cli.ErrBuf.String(), "Current context is now \"cc\"\nWarning: DOCKER_HOST environment variable overrides the active context. To use \"cc\", either set the global --context flag, or unset DOCKER_HOST environment variable.\n")

	assert.ErrorContains(t, run(t, cli, "use", "nope"), `context "nope": context not found`)
	assert.ErrorContains(t, run(t, cli, "use", "bad name"), `context name "bad name" is invalid`)
	assert.Error(t, run(t, cli, "use"), "accepts 1 arg(s), received 0")
}

// TestRmCurrentFromEnv: the context in use is the one resolved (DOCKER_CONTEXT here);
// removing it with -f clears config.json's currentContext whatever it named, as docker.
func TestRmCurrentFromEnv(t *testing.T) {
	cli := newCli(t, "aa", map[string]string{"aa": `{"Name":"aa"}`, "bb": `{"Name":"bb"}`})
	t.Setenv("DOCKER_CONTEXT", "bb")
	assert.Error(t, run(t, cli, "rm", "bb"), `context "bb" is in use, set -f flag to force remove`)
	assert.NilError(t, run(t, cli, "rm", "aa")) // not the one in use
	assert.NilError(t, run(t, cli, "rm", "-f", "bb"))
	b, _ := os.ReadFile(filepath.Join(os.Getenv("DOCKER_CONFIG"), "config.json"))
	assert.Assert(t, !strings.Contains(string(b), "currentContext"), string(b))
}

func TestExportImport(t *testing.T) {
	cli := newCli(t, "", nil)
	ca, cert, key := pems(t)
	assert.NilError(t, run(t, cli, "create", "lab", "--description", "the lab", "--docker", "host=tcp://h:1,ca="+ca+",cert="+cert+",key="+key))
	wd := t.TempDir()
	t.Chdir(wd)

	reset(cli)
	assert.NilError(t, run(t, cli, "export", "lab"))
	assert.Equal(t, cli.ErrBuf.String(), "Written file \"lab.dockercontext\"\n")
	fi, err := os.Stat(filepath.Join(wd, "lab.dockercontext"))
	assert.NilError(t, err)
	assert.Equal(t, fi.Mode().Perm(), os.FileMode(0o600))
	assert.Error(t, run(t, cli, "export", "lab"), "open lab.dockercontext: file exists")
	assert.Error(t, run(t, cli, "export", "lab", "/nonexistent/x.tar"), "open /nonexistent/x.tar: no such file or directory")

	// a context that cannot be read leaves no file (docker leaves an empty one)
	assert.ErrorContains(t, run(t, cli, "export", "nope"), `context "nope": context not found`)
	_, err = os.Stat(filepath.Join(wd, "nope.dockercontext"))
	assert.Assert(t, os.IsNotExist(err))

	// "-": the same bytes on stdout
	reset(cli)
	assert.NilError(t, run(t, cli, "export", "lab", "-"))
	file, _ := os.ReadFile(filepath.Join(wd, "lab.dockercontext"))
	assert.Assert(t, bytes.Equal(cli.OutBuf.Bytes(), file))
	assert.Equal(t, cli.ErrBuf.String(), "")

	// import under another name, from the file and from stdin
	reset(cli)
	assert.NilError(t, run(t, cli, "import", "copy", "lab.dockercontext"))
	assert.Equal(t, cli.OutBuf.String(), "copy\n")
	assert.Equal(t, cli.ErrBuf.String(), "Successfully imported context \"copy\"\n")
	assert.Equal(t, metaOf(t, "copy"), strings.Replace(metaOf(t, "lab"), `"lab"`, `"copy"`, 1))
	s := config.NewContextStore(os.Getenv("DOCKER_CONFIG"))
	ours, _ := s.ReadTLS("copy")
	theirs, _ := s.ReadTLS("lab")
	assert.DeepEqual(t, ours, theirs)
	assert.Error(t, run(t, cli, "import", "copy", "lab.dockercontext"), `context "copy" already exists`)
	assert.Error(t, run(t, cli, "import", "default", "lab.dockercontext"), `"default" is a reserved context name`)

	in := clitest.New(t, "", clitest.Options{Stdin: string(file)})
	assert.NilError(t, os.MkdirAll(filepath.Dir(s.Root), 0o700))
	assert.NilError(t, run(t, in, "import", "fromstdin", "-"))
	assert.Equal(t, in.OutBuf.String(), "fromstdin\n")

	// a terminal on stdout is refused
	term := clitest.New(t, "", clitest.Options{Terminal: true})
	assert.Error(t, run(t, term, "export", "default", "-"), "cowardly refusing to export to a terminal, specify a file path")
}

// TestImportHostile: a bad archive is refused with docker's error and leaves nothing in
// the store (docker leaves the half it wrote).
func TestImportHostile(t *testing.T) {
	cli := newCli(t, "", nil)
	dir := t.TempDir()
	meta := `{"Name":"x","Metadata":{},"Endpoints":{"docker":{"Host":"tcp://h:1","SkipTLSVerify":false}}}`
	var b bytes.Buffer
	assert.NilError(t, config.WriteContextArchive(&b, []byte(meta), config.TLSData{"docker": {"../../evil": []byte("x")}}))
	p := filepath.Join(dir, "evil.tar")
	assert.NilError(t, os.WriteFile(p, b.Bytes(), 0o600))
	err := run(t, cli, "import", "evil", p)
	assert.Error(t, err, "tls/docker/../../evil: unexpected path format")
	assert.Equal(t, commands.ExitCode(err), 1)
	garbage := filepath.Join(dir, "g.tar")
	assert.NilError(t, os.WriteFile(garbage, []byte("garbage\n"), 0o600))
	assert.Error(t, run(t, cli, "import", "evil", garbage), "unexpected EOF")
	assert.Error(t, run(t, cli, "import", "evil", "/nonexistent"), "open /nonexistent: no such file or directory")
	entries, _ := os.ReadDir(filepath.Join(os.Getenv("DOCKER_CONFIG"), "contexts"))
	for _, e := range entries {
		sub, _ := os.ReadDir(filepath.Join(os.Getenv("DOCKER_CONFIG"), "contexts", e.Name()))
		assert.Equal(t, len(sub), 0, "%s holds %d entries after failed imports", e.Name(), len(sub))
	}
	_, err = os.Stat(filepath.Join(dir, "..", "evil"))
	assert.Assert(t, os.IsNotExist(err))
}

// TestUseUnchanged: use writes config.json only when currentContext changes: default
// with no config.json makes none, the same context leaves the file as it is.
func TestUseUnchanged(t *testing.T) {
	cli := newCli(t, "", map[string]string{"aa": `{"Name":"aa"}`})
	cfg := filepath.Join(os.Getenv("DOCKER_CONFIG"), "config.json")
	assert.NilError(t, run(t, cli, "use", "default"))
	_, err := os.Stat(cfg)
	assert.Assert(t, os.IsNotExist(err), "config.json made: %v", err)
	assert.NilError(t, os.WriteFile(cfg, []byte(`{"currentContext":"aa"}`), 0o600))
	cli = clitest.New(t, "")
	t.Setenv("DOCKER_CONFIG", filepath.Dir(cfg))
	assert.NilError(t, run(t, cli, "use", "aa"))
	b, _ := os.ReadFile(cfg)
	assert.Equal(t, string(b), `{"currentContext":"aa"}`)
	assert.Equal(t, cli.ErrBuf.String(), "Current context is now \"aa\"\n")
}
