//go:build e2e

package e2e

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// authHelperScript is docker-credential-skiffe2e: a credential helper answering from a
// fixed table, as a real one does (get: server on stdin, JSON on stdout).
const authHelperScript = `#!/bin/sh
read -r host
case "$1" in
get)
  case "$host" in
  https://index.docker.io/v1/) echo '{"ServerURL":"x","Username":"hubuser","Secret":"hubpass"}';;
  127.0.0.1:5000) echo '{"Username":"<token>","Secret":"tok-e2e"}';;
  fail.example) echo 'it broke'; exit 3;;
  *) echo 'credentials not found in native keychain'; exit 1;;
  esac;;
list) echo '{"https://index.docker.io/v1/":"hubuser","127.0.0.1:5000":"<token>","nf.example":"x"}';;
esac
`

// authEnv writes config.json into a fresh config directory and returns the environment
// both clients run with: that directory, and the helper first on PATH.
func authEnv(t *testing.T, configJSON string) []string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "config.json"), []byte(configJSON), 0o600); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "bin")
	if err := os.Mkdir(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bin, "docker-credential-skiffe2e"), []byte(authHelperScript), 0o755); err != nil {
		t.Fatal(err)
	}
	return []string{"DOCKER_CONFIG=" + dir, "PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH")}
}

func authB64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// TestAuthPullHeader: create of a missing image pulls it; both clients must send the
// same X-Registry-Auth for the same config.json (file entries in every form, credsStore
// and credHelpers through a real helper executable). The repositories do not exist, so
// nothing is pulled and nothing is left behind.
func TestAuthPullHeader(t *testing.T) {
	t.Parallel()
	repo := pullRegistry + "/skiff-auth-" + randHex(6) + ":none"
	hub := "skiff-auth-" + randHex(6) + ":none"
	for _, tc := range []struct {
		name, config, image string
	}{
		{"auth-field", `{"auths":{"127.0.0.1:5000":{"auth":"` + authB64("u:p:w") + `","email":"e@x"}}}`, repo},
		{"user-password-fields", `{"auths":{"127.0.0.1:5000":{"username":"u","password":"pw"}}}`, repo},
		{"identitytoken", `{"auths":{"http://127.0.0.1:5000/v2/":{"identitytoken":"idt"}}}`, repo},
		{"undecodable-auth", `{"auths":{"127.0.0.1:5000":{"auth":"!!!notbase64","email":"e@x"}}}`, repo},
		{"no-entry", `{"auths":{"other.example":{"auth":"` + authB64("a:b") + `"}}}`, repo},
		{"creds-store", `{"credsStore":"skiffe2e","auths":{"127.0.0.1:5000":{"email":"e@x"}}}`, repo},
		{"cred-helpers", `{"credHelpers":{"127.0.0.1:5000":"skiffe2e"},"auths":{"127.0.0.1:5000":{"auth":"` + authB64("file:ignored") + `"}}}`, repo},
		{"hub-file", `{"auths":{"https://index.docker.io/v1/":{"auth":"` + authB64("hubu:hubp") + `"}}}`, hub},
		{"hub-creds-store", `{"credsStore":"skiffe2e"}`, hub},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := Fixture(t)
			env := authEnv(t, tc.config)
			got := map[string]Result{}
			auth := map[string]string{}
			for _, who := range []string{"ref", "skiff"} {
				r, reqs := Trace(t, who, "", env, "create", "--label", f.Label(), tc.image, "true")
				got[who] = r
				for _, q := range reqs {
					if q.Method == "POST" && q.Path == "/images/create" {
						auth[who] = q.Header.Get("X-Registry-Auth")
					}
				}
				if _, ok := auth[who]; !ok {
					t.Fatalf("%s sent no pull: %s", who, r)
				}
			}
			if auth["ref"] != auth["skiff"] {
				a, _ := base64.URLEncoding.DecodeString(auth["ref"])
				b, _ := base64.URLEncoding.DecodeString(auth["skiff"])
				t.Errorf("X-Registry-Auth: reference %s, skiff %s", a, b)
			}
			ref, sk := got["ref"], got["skiff"]
			if ref.Code != sk.Code || ref.Stdout != sk.Stdout || ref.FirstErrLine() != sk.FirstErrLine() {
				t.Errorf("results differ\nreference: %s\nskiff: %s", ref, sk)
			}
		})
	}
}

// TestAuthAPISocket: --use-api-socket gives the container a config.json with every
// credential the client holds, helpers included, written as docker writes it; or those
// of DOCKER_AUTH_CONFIG when it holds any.
func TestAuthAPISocket(t *testing.T) {
	t.Parallel()
	const config = `{"credsStore":"skiffe2e","credHelpers":{"fail.example":"skiffe2e"},` +
		`"auths":{"https://index.docker.io/v1/":{"email":"a@b.c"},"file.example":{"auth":"dTpw"}}}`
	for _, tc := range []struct {
		name, envAuth, want string
		warns               bool
	}{
		{name: "helpers", want: "tok-e2e", warns: true},
		{name: "env", envAuth: `{"auths":{"env.example":{"username":"a","password":"b","identitytoken":"t"},"file.example":{"auth":"eDp5","email":"q@r"}}}`, want: "env.example"},
		{name: "env-without-auths", envAuth: `{"credsStore":"ignored"}`, want: "tok-e2e", warns: true},
		{name: "env-broken", envAuth: `{"auths":{"x":{"auth":"!!!"}}}`},
		{name: "env-not-json", envAuth: `notjson`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := Fixture(t)
			env := authEnv(t, config)
			if tc.envAuth != "" {
				env = append(env, "DOCKER_AUTH_CONFIG="+tc.envAuth)
			}
			args := []string{"run", "--rm", "--label", f.Label(), "--use-api-socket", Image, "sh", "-c", "echo $DOCKER_CONFIG; cat /run/secrets/docker/config.json"}
			ref := authRetryEngine(func() Result { return RefIn(t, "", env, args...) })
			sk := authRetryEngine(func() Result { return SkiffIn(t, "", env, args...) })
			if tc.want != "" && (ref.Code != 0 || !strings.Contains(ref.Stdout, tc.want)) {
				t.Fatalf("reference: %s", ref)
			}
			if sk.Code != ref.Code || sk.Stdout != ref.Stdout {
				t.Errorf("exit %d/%d\n%s", ref.Code, sk.Code, Diff("reference", "skiff", ref.Stdout, sk.Stdout))
			}
			// a failing registry-specific helper is a warning (timestamps differ)
			norm := func(s string) string {
				if _, after, ok := strings.Cut(s, " level="); ok {
					return after
				}
				return s
			}
			if norm(ref.FirstErrLine()) != norm(sk.FirstErrLine()) || tc.warns != strings.Contains(sk.FirstErrLine(), "level=warning") {
				t.Errorf("stderr: reference %q, skiff %q", ref.FirstErrLine(), sk.FirstErrLine())
			}
		})
	}
}

// authRetryEngine runs a client again (twice at most) when the engine failed to start
// the container on its side ("failed to create shim task", seen under load on the
// shared engine): that is neither client's doing.
func authRetryEngine(run func() Result) Result {
	r := run()
	for i := 0; i < 2 && r.Code != 0 && strings.Contains(r.Stderr, "failed to create shim task"); i++ {
		r = run()
	}
	return r
}
