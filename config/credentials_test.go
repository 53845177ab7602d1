package config

import (
	"bytes"
	"context"
	"encoding/base64"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// credTestHelper installs docker-credential-skifftest on PATH: a shell script that logs
// each request and answers from a fixed table, as a real helper does.
func credTestHelper(t *testing.T) (logFile string) {
	t.Helper()
	dir := t.TempDir()
	logFile = filepath.Join(dir, "log")
	script := `#!/bin/sh
read -r host
echo "$1 $host" >> ` + logFile + `
case "$1" in
get)
  case "$host" in
  https://index.docker.io/v1/) echo '{"ServerURL":"ignored","Username":"hub","Secret":"hubpass"}';;
  tok.example) echo '{"Username":"<token>","Secret":"tok123"}';;
  bad.example) echo 'not json';;
  fail.example) echo 'it broke'; echo 'helper stderr' >&2; exit 3;;
  *) echo 'credentials not found in native keychain'; exit 1;;
  esac;;
list) echo '{"https://index.docker.io/v1/":"hub","tok.example":"<token>","gone.example":"x"}';;
esac
`
	if err := os.WriteFile(filepath.Join(dir, "docker-credential-skifftest"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	return logFile
}

func credTestConfig(t *testing.T, body string) *ConfigFile {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, FileName), []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	cf, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	return cf
}

// credTestConfigBroken loads a config.json whose loading warns (an undecodable "auth").
func credTestConfigBroken(t *testing.T, body string) *ConfigFile {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, FileName), []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	cf, _ := Load(dir)
	return cf
}

func TestCredentialsFromFile(t *testing.T) {
	cf := credTestConfigBroken(t, `{"auths":{
		"https://index.docker.io/v1/":{"auth":"`+base64.StdEncoding.EncodeToString([]byte("hub:se:cret"))+`","email":"a@b.c"},
		"http://legacy.example:5000/v2/":{"identitytoken":"idt"},
		"plain.example":{"username":"u","password":"p"},
		"bad.example":{"auth":"!!!","email":"e@x"}}}`)
	ctx := context.Background()
	hub := RegistryAuth{Username: "hub", Password: "se:cret", Email: "a@b.c", ServerAddress: "https://index.docker.io/v1/"}
	for host, want := range map[string]RegistryAuth{
		"docker.io":           hub,
		"index.docker.io":     hub,
		"legacy.example:5000": {ServerAddress: "http://legacy.example:5000/v2/", IdentityToken: "idt"},
		"plain.example":       {Username: "u", Password: "p", ServerAddress: "plain.example"},
		"missing.example":     {},
		"bad.example":         {Auth: "!!!", Email: "e@x"}, // kept as is, as docker does
	} {
		a, err := cf.AuthFor(ctx, host, nil)
		if err != nil {
			t.Fatal(err)
		}
		if a != want {
			t.Errorf("%s: %+v, want %+v", host, a, want)
		}
	}
	if authKey("docker.io") != IndexServer || authKey("index.docker.io") != IndexServer || authKey("r:5000") != "r:5000" {
		t.Error("authKey")
	}
}

func TestCredentialsFromHelpers(t *testing.T) {
	logFile := credTestHelper(t)
	ctx := context.Background()
	cf := credTestConfig(t, `{"credsStore":"skifftest","credHelpers":{"fail.example":"skifftest","file.example":""},
		"auths":{"https://index.docker.io/v1/":{"email":"a@b.c","auth":"`+base64.StdEncoding.EncodeToString([]byte("old:old"))+`"},
		"file.example":{"auth":"`+base64.StdEncoding.EncodeToString([]byte("f:g"))+`"}}}`)
	hub, err := cf.AuthFor(ctx, "docker.io", nil)
	if err != nil {
		t.Fatal(err)
	}
	if hub != (RegistryAuth{Username: "hub", Password: "hubpass", Email: "a@b.c", ServerAddress: IndexServer}) {
		t.Errorf("hub %+v", hub)
	}
	tok, err := cf.AuthFor(ctx, "tok.example", nil)
	if err != nil || tok != (RegistryAuth{IdentityToken: "tok123", ServerAddress: "tok.example"}) {
		t.Errorf("token %+v %v", tok, err)
	}
	// "credentials not found" is no error: no credentials, the registry named (as docker)
	if nf, err := cf.AuthFor(ctx, "nf.example", nil); err != nil || nf != (RegistryAuth{ServerAddress: "nf.example"}) {
		t.Errorf("not found %+v %v", nf, err)
	}
	// an empty credHelpers entry means the file
	if f, err := cf.AuthFor(ctx, "file.example", nil); err != nil || f.Username != "f" || f.Password != "g" {
		t.Errorf("file %+v %v", f, err)
	}
	var stderr bytes.Buffer
	_, err = cf.AuthFor(ctx, "fail.example", &stderr)
	if err == nil || err.Error() != "error getting credentials - err: exit status 3, out: `it broke`" {
		t.Errorf("fail: %v", err)
	}
	if stderr.String() != "helper stderr\n" {
		t.Errorf("the helper's stderr is passed on: %q", stderr.String())
	}
	if _, err := cf.AuthFor(ctx, "bad.example", nil); err == nil {
		t.Error("bad JSON from the helper is an error")
	}
	log, _ := os.ReadFile(logFile)
	if !strings.HasPrefix(string(log), "get https://index.docker.io/v1/\nget tok.example\n") {
		t.Errorf("helper saw\n%s", log)
	}

	stderr.Reset()
	all, err := cf.GetAllAuths(ctx, &stderr)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]RegistryAuth{
		"file.example":                {Username: "f", Password: "g", ServerAddress: "file.example"},
		"gone.example":                {},
		"https://index.docker.io/v1/": {Username: "hub", Password: "hubpass", Email: "a@b.c", ServerAddress: "https://index.docker.io/v1/"},
		"tok.example":                 {ServerAddress: "tok.example", IdentityToken: "tok123"},
	}
	if !maps.Equal(all, want) {
		t.Errorf("all\n%+v\nwant\n%+v", all, want)
	}
	if w := stderr.String(); !strings.Contains(w, ` level=warning msg="Failed to get credentials for registry: fail.example" error="error getting credentials - err: exit status 3, out: `+"`it broke`"+`"`) {
		t.Errorf("warning %q", w)
	}
}

func TestEncodeAuthField(t *testing.T) {
	for _, up := range [][2]string{{"u", "p"}, {"hub", "se:cret"}, {"", ""}} {
		u, p, err := decodeAuthField(EncodeAuthField(up[0], up[1]))
		if err != nil || u != up[0] || p != up[1] {
			t.Errorf("%q: %q %q %v", up, u, p, err)
		}
	}
	if got := EncodeAuthField("x", "y"); got != "eDp5" {
		t.Errorf("got %q", got)
	}
}

func TestCredentialsHelperMissing(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	cf := credTestConfig(t, `{"credsStore":"nonexistent"}`)
	_, err := cf.AuthFor(context.Background(), "r.example", nil)
	want := "error getting credentials - err: exec: \"docker-credential-nonexistent\": executable file not found in $PATH, out: ``"
	if err == nil || err.Error() != want {
		t.Errorf("get: %v", err)
	}
	_, err = cf.GetAllAuths(context.Background(), nil)
	if err == nil || !strings.HasPrefix(err.Error(), "error listing credentials - err: exec: ") {
		t.Errorf("list: %v", err)
	}
}

func TestAuthsFromJSON(t *testing.T) {
	got, err := AuthsFromJSON(`{"auths":{"a.example":{"auth":"eDp5","email":"e@x"},"b.example":{"identitytoken":"t"}},"credsStore":"x"} trailing`)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]RegistryAuth{
		"a.example": {Username: "x", Password: "y", Email: "e@x", ServerAddress: "a.example"},
		"b.example": {IdentityToken: "t", ServerAddress: "b.example"},
	}
	if len(got) != len(want) || got["a.example"] != want["a.example"] || got["b.example"] != want["b.example"] {
		t.Errorf("got %+v", got)
	}
	for doc, msg := range map[string]string{
		`notjson`:                        "invalid character 'o' in literal null (expecting 'u')",
		`{"auths":{"x":{"auth":"!!!"}}}`: "illegal base64 data at input byte 0",
		`{"auths":{"x":{"auth":"` + base64.StdEncoding.EncodeToString([]byte("nocolon")) + `"}}}`: "Invalid auth configuration file",
	} {
		if _, err := AuthsFromJSON(doc); err == nil || err.Error() != msg {
			t.Errorf("%s: %v, want %q", doc, err, msg)
		}
	}
}

// With no credentials in config.json at all, the store is the platform's default when
// its helper is installed, as docker picks it: pass when `pass` is there, else
// secretservice; none when config.json holds any credentials of its own.
func TestDefaultStore(t *testing.T) {
	for _, tc := range []struct {
		programs []string
		cf       *ConfigFile
		want     string
	}{
		{[]string{"pass", "docker-credential-pass"}, &ConfigFile{}, "pass"},
		{[]string{"docker-credential-pass"}, &ConfigFile{}, ""}, // no pass: secretservice, not installed
		{[]string{"docker-credential-secretservice"}, &ConfigFile{}, "secretservice"},
		{nil, &ConfigFile{}, ""},
		{[]string{"pass", "docker-credential-pass"}, &ConfigFile{AuthConfigs: map[string]AuthConfig{"x": {}}}, ""},
		{[]string{"pass", "docker-credential-pass"}, &ConfigFile{CredentialHelpers: map[string]string{"x": "y"}}, ""},
		{[]string{"pass", "docker-credential-pass"}, &ConfigFile{CredentialsStore: "other"}, "other"},
	} {
		dir := t.TempDir()
		for _, p := range tc.programs {
			if err := os.WriteFile(filepath.Join(dir, p), []byte("#!/bin/sh\n"), 0o755); err != nil {
				t.Fatal(err)
			}
		}
		t.Setenv("PATH", dir)
		if got := tc.cf.Store(); got != tc.want {
			t.Errorf("%v %+v: store %q, want %q", tc.programs, tc.cf, got, tc.want)
		}
	}
}
