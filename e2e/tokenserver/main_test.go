package main

import (
	"crypto/ecdsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func newTestServer(t *testing.T) (*server, *httptest.Server) {
	t.Helper()
	dir := t.TempDir()
	s := &server{service: "svc", issuer: "iss", user: "u", password: "p", refresh: map[string]string{}, tokenTTL: 60e9}
	if err := s.makeKey(filepath.Join(dir, "token.crt")); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(dir, "requests.log"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	s.logFile = f
	srv := httptest.NewServer(http.HandlerFunc(s.token))
	t.Cleanup(srv.Close)
	return s, srv
}

// decode checks the token's ES256 signature with the x5c certificate and returns its claims.
func decode(t *testing.T, tok string) map[string]any {
	t.Helper()
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		t.Fatalf("token %q", tok)
	}
	enc := base64.RawURLEncoding
	hb, _ := enc.DecodeString(parts[0])
	var h struct {
		Alg string   `json:"alg"`
		X5c []string `json:"x5c"`
	}
	if err := json.Unmarshal(hb, &h); err != nil || h.Alg != "ES256" || len(h.X5c) != 1 {
		t.Fatalf("header %s: %v", hb, err)
	}
	der, _ := base64.StdEncoding.DecodeString(h.X5c[0])
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	sig, _ := enc.DecodeString(parts[2])
	sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	r, s := new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:])
	if !ecdsa.Verify(cert.PublicKey.(*ecdsa.PublicKey), sum[:], r, s) {
		t.Fatal("signature does not verify with the x5c certificate")
	}
	cb, _ := enc.DecodeString(parts[1])
	var claims map[string]any
	if err := json.Unmarshal(cb, &claims); err != nil {
		t.Fatal(err)
	}
	return claims
}

func TestTokenFlows(t *testing.T) {
	_, srv := newTestServer(t)
	// GET with basic auth and offline_token: a signed token with the access, a refresh token
	req, _ := http.NewRequest("GET", srv.URL+"?service=svc&scope=repository:a/b:pull,push&offline_token=true", nil)
	req.SetBasicAuth("u-test", "p")
	var out struct {
		Token        string `json:"token"`
		AccessToken  string `json:"access_token"`
		RefreshToken string `json:"refresh_token"`
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("%v %v", resp, err)
	}
	_ = json.NewDecoder(resp.Body).Decode(&out)
	resp.Body.Close()
	claims := decode(t, out.Token)
	access, _ := json.Marshal(claims["access"])
	if claims["iss"] != "iss" || claims["aud"] != "svc" || claims["sub"] != "u-test" ||
		string(access) != `[{"actions":["pull","push"],"name":"a/b","type":"repository"}]` || out.RefreshToken == "" {
		t.Errorf("claims %v, refresh %q", claims, out.RefreshToken)
	}
	// the refresh token, by OAuth2 POST
	resp, err = http.PostForm(srv.URL, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {out.RefreshToken},
		"service": {"svc"}, "scope": {"repository:a/b:pull"}, "client_id": {"x"}})
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("%v %v", resp, err)
	}
	out.AccessToken = ""
	_ = json.NewDecoder(resp.Body).Decode(&out)
	resp.Body.Close()
	if c := decode(t, out.AccessToken); c["sub"] != "u-test" {
		t.Errorf("refreshed claims %v", c)
	}
	// refusals: the spec's errors for a known user, Docker Hub's details for another
	for _, tc := range []struct{ user, want string }{{"u", `"errors"`}, {"v", `{"details":"incorrect username or password"}`}} {
		resp, err = http.PostForm(srv.URL, url.Values{"grant_type": {"password"}, "username": {tc.user}, "password": {"x"}})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 401 || !strings.Contains(string(b), tc.want) {
			t.Errorf("%s: %d %s", tc.user, resp.StatusCode, b)
		}
	}
}
