package client

import (
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
