package client

import (
	"context"
	"fmt"
	"io"
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

// A token server's refusals in docker 28's words, each shape observed with the reference
// (docker login without an engine against a token server answering it), and whether it
// ends a login at once.
func TestTokenResponseError(t *testing.T) {
	const (
		invalidToken = `Bearer error="invalid_token",error_description="token expired"`
		scope        = `Bearer realm="x",error="insufficient_scope"`
	)
	for _, tc := range []struct {
		code      int
		body, www string
		want      string
		refusal   bool
	}{
		{401, ``, "", "unauthorized: authentication required", true},
		{401, "nope\n", "", "unauthorized: nope\n", true},
		{401, `{"errors":[]}`, "", "unauthorized: authentication required", true},
		{401, `{"x":1}`, "", "unauthorized: authentication required", true},
		{401, `{"details":"incorrect username or password"}`, "", "unauthorized: incorrect username or password", true},
		{401, `{"errors":[{"code":"UNAUTHORIZED","message":"invalid username or password"}]}`, "", "unauthorized: invalid username or password", false},
		{401, `{"errors":[{"code":"UNAUTHORIZED","message":"a"},{"code":"DENIED","message":"b"}]}`, "", "errors:\nunauthorized: a\ndenied: b\n", false},
		{401, ``, invalidToken, "errors:\nunauthorized: token expired\nerror parsing HTTP 401 response body: unexpected end of JSON input: \"\"\n", false},
		{401, `{"errors":[{"code":"UNAUTHORIZED","message":"m"}]}`, invalidToken, "errors:\nunauthorized: token expired\nunauthorized: m\n", false},
		{401, `{"errors":[{"code":"UNAUTHORIZED","message":"m"}]}`, scope, "errors:\ndenied: requested access to the resource is denied\nunauthorized: m\n", false},
		{403, ``, scope, `error parsing HTTP 403 response body: unexpected end of JSON input: ""`, false},
		{403, `no way`, "", `error parsing HTTP 403 response body: invalid character 'o' in literal null (expecting 'u'): "no way"`, false},
		{403, `{"errors":[]}`, "", `error parsing HTTP 403 response body: no error details found in HTTP response body: "{\"errors\":[]}"`, false},
		{403, `{"details":"forbidden here"}`, "", "denied: forbidden here", false},
		{429, `{"details":"slow down"}`, "", "toomanyrequests: slow down", false},
		{500, `boom`, "", "received unexpected HTTP status: 500 Internal Server Error", false},
	} {
		resp := &http.Response{StatusCode: tc.code, Status: fmt.Sprintf("%d %s", tc.code, http.StatusText(tc.code)),
			Header: http.Header{}, Body: io.NopCloser(strings.NewReader(tc.body))}
		if tc.www != "" {
			resp.Header.Set("WWW-Authenticate", tc.www)
		}
		err := tokenResponseError(resp)
		if err.Error() != tc.want {
			t.Errorf("%d %q %q: %q, want %q", tc.code, tc.body, tc.www, err, tc.want)
		}
		wrapped := &url.Error{Op: "Get", URL: "http://r/v2/", Err: err}
		if isLoginRefusal(wrapped) != tc.refusal {
			t.Errorf("%d %q %q: refusal %v, want %v", tc.code, tc.body, tc.www, !tc.refusal, tc.refusal)
		}
	}
}

// A token server's 200 without a token, or not JSON, is an error in docker's words.
func TestFetchTokenBadAnswers(t *testing.T) {
	for body, want := range map[string]string{
		`{}`:                   "authorization server did not include a token in the response",
		`{not json`:            "unable to decode token response: invalid character 'n' looking for beginning of object key string",
		`{"access_token":"a"}`: "",
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(body)) }))
		tok, _, err := fetchToken(context.Background(), srv.Client(), map[string]string{"realm": srv.URL + "/token"}, RegistryAuth{}, tokenOptions{})
		srv.Close()
		if got := fmt.Sprint(err); (want == "" && (err != nil || tok != "a")) || (want != "" && got != want) {
			t.Errorf("%s: token %q err %v, want %q", body, tok, err, want)
		}
	}
}

// Through a registry: a refused token is the request's error (not "not found": docker
// stops there), and a 401 for a token without the access asked for is the challenge's
// error before the registry's.
func TestRegistryV2TokenRefusals(t *testing.T) {
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/token" {
			if u, _, _ := r.BasicAuth(); u == "wrong" {
				w.WriteHeader(http.StatusUnauthorized)
				_, _ = w.Write([]byte(`{"errors":[{"code":"UNAUTHORIZED","message":"invalid username or password"}]}`))
				return
			}
			_, _ = w.Write([]byte(`{"token":"weak"}`))
			return
		}
		www := `Bearer realm="` + srv.URL + `/token",service="reg"`
		if r.Header.Get("Authorization") == "Bearer weak" {
			www += `,error="insufficient_scope"`
		}
		w.Header().Set("WWW-Authenticate", www)
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}`))
	}))
	defer srv.Close()
	ctx := context.Background()
	host := strings.TrimPrefix(srv.URL, "http://")
	_, err := NewRegistryV2(ctx, host, true, RegistryAuth{Username: "wrong", Password: "x"}).GetManifest(ctx, "a/b", "t")
	if want := `Get "http://` + host + `/v2/a/b/manifests/t": unauthorized: invalid username or password`; err == nil || err.Error() != want {
		t.Errorf("refused token: %v, want %s", err, want)
	}
	_, err = NewRegistryV2(ctx, host, true, RegistryAuth{}).GetManifest(ctx, "a/b", "t")
	if want := "errors:\ndenied: requested access to the resource is denied\nunauthorized: authentication required\n"; err == nil || err.Error() != want {
		t.Errorf("token without access: %v, want %q", err, want)
	}
}

// FuzzTokenResponseError: whatever a token server refuses with (status, body,
// challenge), the error is made without a panic and is never empty.
func FuzzTokenResponseError(f *testing.F) {
	f.Add(401, []byte(`{"details":"x"}`), `Bearer error="invalid_token"`)
	f.Add(403, []byte(`{"errors":[{"code":"DENIED","message":"m"}]}`), ``)
	f.Add(401, []byte(`{"errors":null,"details":""}`), `Bearer error="insufficient_scope",error_description=""`)
	f.Add(500, []byte(`boom`), `Basic realm=x`)
	f.Fuzz(func(t *testing.T, code int, body []byte, www string) {
		resp := &http.Response{StatusCode: code, Status: fmt.Sprint(code), Header: http.Header{"Www-Authenticate": {www}},
			Body: io.NopCloser(strings.NewReader(string(body)))}
		if err := tokenResponseError(resp); err == nil || err.Error() == "" {
			t.Errorf("no error for %d %q %q", code, body, www)
		}
	})
}
