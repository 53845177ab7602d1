package client

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

func TestParseChallenge(t *testing.T) {
	s, p := parseChallenge(`Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull,push"`)
	if s != "bearer" || p["realm"] != "https://auth.example/token" || p["service"] != "registry.example" || p["scope"] != "repository:a/b:pull,push" {
		t.Errorf("%q %v", s, p)
	}
	if s, p := parseChallenge(`Basic realm=x`); s != "basic" || p["realm"] != "x" {
		t.Errorf("%q %v", s, p)
	}
}

// FuzzParseChallenge: any WWW-Authenticate value a registry sends parses without a
// panic, to a lower-case scheme and lower-case parameter names.
func FuzzParseChallenge(f *testing.F) {
	for _, s := range []string{`Bearer realm="https://a/token",service="r",scope="repository:a:pull"`,
		`Basic realm=x`, `Bearer realm="unterminated`, `Bearer ,,=,"`, ``, `  `, `Bearer a=b,c="d,e",f`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, h string) {
		scheme, params := parseChallenge(h)
		if scheme != strings.ToLower(scheme) {
			t.Errorf("scheme %q not lower case", scheme)
		}
		for k := range params {
			if k != strings.ToLower(k) {
				t.Errorf("parameter %q not lower case", k)
			}
		}
	})
}

// An identity token is exchanged by an OAuth2 POST, as docker 28 sends it (observed).
func TestFetchTokenIdentityToken(t *testing.T) {
	var form url.Values
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		_ = r.ParseForm()
		form = r.PostForm
		_, _ = w.Write([]byte(`{"access_token":"tok"}`))
	}))
	defer srv.Close()
	tok, _, err := fetchToken(context.Background(), srv.Client(), map[string]string{"realm": srv.URL + "/token", "service": "svc"},
		RegistryAuth{Username: "u", Password: "p", IdentityToken: "id"}, tokenOptions{scopes: []string{"repository:x/y:pull"}})
	if err != nil || tok != "tok" {
		t.Fatalf("%q %v", tok, err)
	}
	want := "client_id=registry-client&grant_type=refresh_token&refresh_token=id&scope=repository%3Ax%2Fy%3Apull&service=svc"
	if form.Encode() != want {
		t.Errorf("form %s, want %s", form.Encode(), want)
	}
}
