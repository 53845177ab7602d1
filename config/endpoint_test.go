package config

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// endpointEnv clears the variables resolution reads and points DOCKER_CONFIG at a new
// directory, which it returns.
func endpointEnv(t *testing.T, env map[string]string) string {
	t.Helper()
	for _, k := range []string{"DOCKER_HOST", "DOCKER_CONTEXT", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH"} {
		t.Setenv(k, "")
	}
	dir := t.TempDir()
	t.Setenv("DOCKER_CONFIG", dir)
	for k, v := range env {
		t.Setenv(k, v)
	}
	return dir
}

// writeContext puts a context made as docker 28 makes it in dir's store, with TLS files.
func writeContext(t *testing.T, dir, name, meta string, tlsFiles ...string) {
	t.Helper()
	s := NewContextStore(dir)
	if err := writeFileAtomic(s.MetaPath(name), []byte(meta), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, f := range tlsFiles {
		if err := writeFileAtomic(filepath.Join(s.Root, "tls", contextDir(name), "docker", f), []byte("pem"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

func TestContextNameOrder(t *testing.T) {
	cases := []struct {
		name    string
		env     map[string]string
		opts    EndpointOptions
		current string
		want    string
	}{
		{"nothing", nil, EndpointOptions{}, "", "default"},
		{"currentContext", nil, EndpointOptions{}, "cf", "cf"},
		{"DOCKER_CONTEXT over currentContext", map[string]string{"DOCKER_CONTEXT": "env"}, EndpointOptions{}, "cf", "env"},
		{"DOCKER_HOST over DOCKER_CONTEXT", map[string]string{"DOCKER_CONTEXT": "env", "DOCKER_HOST": "tcp://h"}, EndpointOptions{}, "cf", "default"},
		{"-H over DOCKER_CONTEXT", map[string]string{"DOCKER_CONTEXT": "env"}, EndpointOptions{Hosts: []string{"tcp://h"}}, "", "default"},
		{"an empty -H is a host", map[string]string{"DOCKER_CONTEXT": "env"}, EndpointOptions{Hosts: []string{""}}, "", "default"},
		{"--context over DOCKER_HOST", map[string]string{"DOCKER_HOST": "tcp://h"}, EndpointOptions{Context: "flag"}, "cf", "flag"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			endpointEnv(t, tc.env)
			got, err := ContextName(tc.opts, &ConfigFile{CurrentContext: tc.current})
			if err != nil || got != tc.want {
				t.Fatalf("%q %v, want %q", got, err, tc.want)
			}
		})
	}
	endpointEnv(t, nil)
	if _, err := ContextName(EndpointOptions{Context: "x", Hosts: []string{""}}, nil); !errors.Is(err, ErrHostAndContext) {
		t.Fatal(err)
	}
}

func TestResolveDefaultEndpoint(t *testing.T) {
	certDir := t.TempDir()
	for _, f := range []string{"ca.pem", "cert.pem", "key.pem"} {
		if err := os.WriteFile(filepath.Join(certDir, f), []byte("pem"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	in := func(f string) string { return filepath.Join(certDir, f) }
	cases := []struct {
		name string
		env  map[string]string
		opts EndpointOptions
		host string
		tls  *TLSMaterial
		err  string
	}{
		{"local socket", nil, EndpointOptions{}, DefaultHost, nil, ""},
		{"DOCKER_HOST trimmed", map[string]string{"DOCKER_HOST": " tcp://h:1 "}, EndpointOptions{}, "tcp://h:1", nil, ""},
		{"-H over DOCKER_HOST", map[string]string{"DOCKER_HOST": "tcp://h:1"}, EndpointOptions{Hosts: []string{"tcp://flag:2"}}, "tcp://flag:2", nil, ""},
		{"two -H", nil, EndpointOptions{Hosts: []string{"a", "b"}}, "", nil, "Specify only one -H"},
		{"TLS asked, no host: localhost:2376", nil, EndpointOptions{TLS: true, TLSCACert: ""}, "tcp://localhost:2376", &TLSMaterial{}, ""},
		{"--tlsverify with no file at all: plain", map[string]string{"DOCKER_CERT_PATH": "/nonexistent"},
			EndpointOptions{Hosts: []string{"tcp://h:1"}, TLSVerify: true, TLSCert: "/nonexistent/cert.pem", TLSKey: "/nonexistent/key.pem"}, "tcp://h:1", nil, ""},
		{"DOCKER_TLS_VERIFY with DOCKER_CERT_PATH's files", map[string]string{"DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": certDir},
			EndpointOptions{Hosts: []string{"tcp://h:1"}, TLSCACert: in("ca.pem"), TLSCert: in("cert.pem"), TLSKey: in("key.pem")},
			"tcp://h:1", &TLSMaterial{CA: in("ca.pem"), Cert: in("cert.pem"), Key: in("key.pem"), Verify: true}, ""},
		{"the CA missing", map[string]string{"DOCKER_CERT_PATH": "/nonexistent"},
			EndpointOptions{Hosts: []string{"tcp://h:1"}, TLSVerify: true, TLSCACert: "/nonexistent/ca.pem"}, "", nil, "open /nonexistent/ca.pem: no such file or directory"},
		{"a cert given that is missing", nil,
			EndpointOptions{Hosts: []string{"tcp://h:1"}, TLS: true, TLSCert: "/nope/c.pem", TLSKey: in("key.pem")}, "", nil, "open /nope/c.pem: no such file or directory"},
		{"a cert without its key: none", nil,
			EndpointOptions{Hosts: []string{"tcp://h:1"}, TLS: true, TLSCert: in("cert.pem")}, "tcp://h:1", &TLSMaterial{}, ""},
		// docker 28 (observed): --tlsverify=false given still speaks TLS, so its files are
		// read, and it wins over DOCKER_TLS_VERIFY
		{"--tlsverify=false: the CA is still read", map[string]string{"DOCKER_CERT_PATH": "/nonexistent"},
			EndpointOptions{Hosts: []string{"tcp://h:1"}, TLSVerifySet: true, TLSCACert: "/nonexistent/ca.pem"}, "", nil, "open /nonexistent/ca.pem: no such file or directory"},
		{"--tlsverify=false: TLS, not verified", nil,
			EndpointOptions{Hosts: []string{"tcp://h:1"}, TLSVerifySet: true, TLSCACert: in("ca.pem"), TLSCert: in("cert.pem"), TLSKey: in("key.pem")},
			"tcp://h:1", &TLSMaterial{CA: in("ca.pem"), Cert: in("cert.pem"), Key: in("key.pem")}, ""},
		{"--tlsverify=false over DOCKER_TLS_VERIFY", map[string]string{"DOCKER_TLS_VERIFY": "1"},
			EndpointOptions{Hosts: []string{"tcp://h:1"}, TLSVerifySet: true, TLSCACert: in("ca.pem")},
			"tcp://h:1", &TLSMaterial{CA: in("ca.pem")}, ""},
		{"--tlsverify=false, no host: localhost:2376", nil,
			EndpointOptions{TLSVerifySet: true, TLSCACert: in("ca.pem")}, "tcp://localhost:2376", &TLSMaterial{CA: in("ca.pem")}, ""},
		{"the host is checked before the files", nil,
			EndpointOptions{Hosts: []string{"bad://x"}, TLSVerify: true, TLSCACert: "/nope/ca.pem"}, "", nil, "refused bad://x"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := endpointEnv(t, tc.env)
			tc.opts.CheckHost = func(h string) error {
				if strings.HasPrefix(h, "bad:") {
					return errors.New("refused " + h)
				}
				return nil
			}
			ep, err := ResolveEndpoint(tc.opts, &ConfigFile{}, dir)
			if tc.err != "" {
				if err == nil || err.Error() != tc.err {
					t.Fatalf("%v, want %s", err, tc.err)
				}
				return
			}
			if err != nil || ep.Context != DefaultContextName || ep.Host != tc.host {
				t.Fatalf("%+v %v", ep, err)
			}
			if (ep.TLS == nil) != (tc.tls == nil) || (ep.TLS != nil && *ep.TLS != *tc.tls) {
				t.Fatalf("TLS %+v, want %+v", ep.TLS, tc.tls)
			}
		})
	}
}

func TestResolveContextEndpoint(t *testing.T) {
	dir := endpointEnv(t, nil)
	writeContext(t, dir, "plain", `{"Name":"plain","Endpoints":{"docker":{"Host":"tcp://p:1","SkipTLSVerify":false}}}`)
	writeContext(t, dir, "tls", `{"Name":"tls","Endpoints":{"docker":{"Host":"tcp://t:2"}}}`, "ca.pem", "cert.pem", "key.pem")
	writeContext(t, dir, "skip", `{"Name":"skip","Endpoints":{"docker":{"Host":"tcp://s:3","SkipTLSVerify":true}}}`)
	writeContext(t, dir, "nohost", `{"Name":"nohost","Endpoints":{"docker":{}}}`)
	writeContext(t, dir, "noep", `{"Name":"noep","Endpoints":{}}`)
	tlsDir := filepath.Join(dir, "contexts", "tls", contextDir("tls"), "docker")

	resolve := func(name string) (ResolvedEndpoint, error) {
		return ResolveEndpoint(EndpointOptions{Context: name}, &ConfigFile{}, dir)
	}
	ep, err := resolve("plain")
	if err != nil || ep.Host != "tcp://p:1" || ep.TLS != nil || ep.Context != "plain" {
		t.Fatalf("%+v %v", ep, err)
	}
	ep, err = resolve("tls")
	want := TLSMaterial{CA: filepath.Join(tlsDir, "ca.pem"), Cert: filepath.Join(tlsDir, "cert.pem"), Key: filepath.Join(tlsDir, "key.pem"), Verify: true}
	if err != nil || ep.TLS == nil || *ep.TLS != want {
		t.Fatalf("%+v %v", ep.TLS, err)
	}
	ep, err = resolve("skip")
	if err != nil || ep.TLS == nil || ep.TLS.Verify || ep.TLS.CA != "" {
		t.Fatalf("%+v %v", ep.TLS, err)
	}
	// docker 28 (observed): a store holding the certificate without its key, or the key
	// without its certificate, presents no client certificate
	writeContext(t, dir, "nokey", `{"Name":"nokey","Endpoints":{"docker":{"Host":"tcp://t:2"}}}`, "ca.pem", "cert.pem")
	writeContext(t, dir, "nocert", `{"Name":"nocert","Endpoints":{"docker":{"Host":"tcp://t:2"}}}`, "ca.pem", "key.pem")
	for _, name := range []string{"nokey", "nocert"} {
		ep, err = resolve(name)
		ca := filepath.Join(dir, "contexts", "tls", contextDir(name), "docker", "ca.pem")
		if err != nil || ep.TLS == nil || *ep.TLS != (TLSMaterial{CA: ca, Verify: true}) {
			t.Fatalf("%s: %+v %v", name, ep.TLS, err)
		}
	}
	ep, err = resolve("nohost")
	if err != nil || ep.Host != DefaultHost {
		t.Fatalf("%+v %v", ep, err)
	}
	if _, err = resolve("noep"); err == nil || err.Error() != "cannot find docker endpoint in context" {
		t.Fatal(err)
	}
	_, err = resolve("gone")
	if !errors.Is(err, ErrContextNotFound) || !strings.HasPrefix(err.Error(), `context "gone": context not found: open `) {
		t.Fatal(err)
	}
	// currentContext from config.json, and DOCKER_HOST over it
	ep, err = ResolveEndpoint(EndpointOptions{}, &ConfigFile{CurrentContext: "plain"}, dir)
	if err != nil || ep.Context != "plain" {
		t.Fatalf("%+v %v", ep, err)
	}
	t.Setenv("DOCKER_HOST", "tcp://env:4")
	ep, err = ResolveEndpoint(EndpointOptions{}, &ConfigFile{CurrentContext: "plain"}, dir)
	if err != nil || ep.Context != "default" || ep.Host != "tcp://env:4" {
		t.Fatalf("%+v %v", ep, err)
	}
}

func TestTLSDefaultPath(t *testing.T) {
	endpointEnv(t, map[string]string{"DOCKER_CERT_PATH": "/certs"})
	if got := TLSDefaultPath("ca.pem"); got != "/certs/ca.pem" {
		t.Fatal(got)
	}
	dir := endpointEnv(t, nil)
	if got := TLSDefaultPath("key.pem"); got != filepath.Join(dir, "key.pem") {
		t.Fatal(got)
	}
}

// TestContextStoreReadsAsDocker: the store's listing and reading, with docker's words for
// what does not parse, and metadata and other endpoints decoded as docker decodes them
// (numbers as float64: docker 28's inspect shows 2e3 as 2000 and rounds large integers).
func TestContextStoreReadsAsDocker(t *testing.T) {
	dir := endpointEnv(t, nil)
	s := NewContextStore(dir)
	writeContext(t, dir, "extra", `{"Name":"extra","Metadata":{"Description":"d","Zed":[1,2e3]},"Endpoints":{"docker":{"Host":"tcp://e:1"},"kubernetes":{"x":12345678901234567890}}}`, "ca.pem", "key.pem")
	// passed over: a stray file, a folder without meta.json, one whose meta.json is a folder
	for _, p := range []string{filepath.Join(s.Root, "meta", "empty"), filepath.Join(s.Root, "meta", "odd", "meta.json")} {
		if err := os.MkdirAll(p, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(s.Root, "meta", "stray"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	list, err := s.List()
	if err != nil || len(list) != 1 || list[0].Name != "extra" || list[0].Description() != "d" {
		t.Fatalf("%+v %v", list, err)
	}
	got, err := json.Marshal(list[0])
	want := `{"Name":"extra","Metadata":{"Description":"d","Zed":[1,2000]},"Endpoints":{"docker":{"Host":"tcp://e:1","SkipTLSVerify":false},"kubernetes":{"x":12345678901234567000}}}`
	if err != nil || string(got) != want {
		t.Fatalf("%s %v\nwant %s", got, err, want)
	}
	if m := s.TLSMaterial("extra"); len(m) != 1 || strings.Join(m["docker"], ",") != "ca.pem,key.pem" {
		t.Fatal(m)
	}
	if m := s.TLSMaterial("none"); len(m) != 0 {
		t.Fatal(m)
	}

	for meta, msg := range map[string]string{
		`[1]`: "json: cannot unmarshal array into Go value of type store.untypedContextMetadata",
		`{"Name":"n","Endpoints":{"docker":[1]}}`:        "json: cannot unmarshal array into Go value of type context.EndpointMetaBase",
		`{"Name":"n","Endpoints":{"docker":{"Host":5}}}`: "json: cannot unmarshal number into Go struct field EndpointMetaBase.Host of type string",
		`{"Name":"n","Metadata":[1]}`:                    "json: cannot unmarshal array into Go value of type map[string]interface {}",
		`{"Name":"n"} trailing`:                          "invalid character 't' after top-level value",
		`{"Name":"n",`:                                   "unexpected end of JSON input",
	} {
		writeContext(t, dir, "bad", meta)
		_, err := s.List()
		if want := "failed to read metadata: parsing " + s.MetaPath("bad") + ": " + msg; err == nil || err.Error() != want {
			t.Errorf("%s:\n got %v\nwant %s", meta, err, want)
		}
		_, err = s.Load("bad")
		if want := `context "bad": parsing ` + s.MetaPath("bad") + ": " + msg; err == nil || err.Error() != want {
			t.Errorf("%s:\n got %v\nwant %s", meta, err, want)
		}
	}
}
