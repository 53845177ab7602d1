package client

import (
	"context"
	"strings"
	"testing"

	"github.com/skiff-cli/skiff/client/fakeengine"
)

// apiEngines are the engines the version tests run against: the API version each
// advertises in /_ping and the oldest it accepts (docker 29's, at 1.52, refuses
// clients below 1.44).
var apiEngines = []struct{ version, min string }{
	{"1.24", ""}, {"1.30", ""}, {"1.41", "1.12"}, {"1.44", "1.24"}, {"1.52", "1.44"},
}

// TestNegotiationPerEngine: the version used is the engine's, capped at MaxAPIVersion,
// every request carries it as its path prefix, and only one ping is sent.
func TestNegotiationPerEngine(t *testing.T) {
	for _, eng := range apiEngines {
		t.Run(eng.version, func(t *testing.T) {
			e := fakeengine.New(t)
			e.APIVersion, e.MinAPIVersion = eng.version, eng.min
			want := eng.version
			if versionLess(MaxAPIVersion, want) {
				want = MaxAPIVersion
			}
			e.Expect("GET", "/containers/json").Version(want).Reply(200, "[]")
			e.Expect("GET", "/images/json").Version(want).Reply(200, "[]")
			c := newTestClient(t, e, Options{})
			ctx := context.Background()
			if _, err := c.ContainerList(ctx, ContainerListOptions{}); err != nil {
				t.Fatal(err)
			}
			if _, err := c.ImageList(ctx, ImageListOptions{}); err != nil {
				t.Fatal(err)
			}
			if got := c.ClientVersion(); got != want {
				t.Errorf("negotiated %s, want %s", got, want)
			}
			if e.Pings() != 1 {
				t.Errorf("%d pings, want 1", e.Pings())
			}
			for _, r := range e.Requests() {
				if !strings.Contains(r, "/_ping") && !strings.Contains(r, " /v"+want+"/") {
					t.Errorf("request %q without the /v%s/ prefix", r, want)
				}
			}
		})
	}
}

// TestFixedVersionPerEngine: DOCKER_API_VERSION (Options.APIVersion) overrides the
// negotiation: no ping, its prefix on the request, and the engine's own refusal, in
// its words, when it is too new or too old for it.
func TestFixedVersionPerEngine(t *testing.T) {
	const fixed = "1.41"
	for _, eng := range apiEngines {
		t.Run(eng.version, func(t *testing.T) {
			e := fakeengine.New(t)
			e.APIVersion, e.MinAPIVersion = eng.version, eng.min
			var wantErr string
			switch {
			case versionLess(eng.version, fixed):
				wantErr = "Error response from daemon: client version 1.41 is too new. Maximum supported API version is " + eng.version
			case eng.min != "" && versionLess(fixed, eng.min):
				wantErr = "Error response from daemon: client version 1.41 is too old. Minimum supported API version is " + eng.min + ", please upgrade your client to a newer version"
			default:
				e.Expect("GET", "/containers/json").Version(fixed).Reply(200, "[]")
			}
			c := newTestClient(t, e, Options{APIVersion: fixed})
			_, err := c.ContainerList(context.Background(), ContainerListOptions{})
			if wantErr == "" && err != nil {
				t.Fatal(err)
			}
			if wantErr != "" && (err == nil || err.Error() != wantErr || !IsInvalidParameter(err)) {
				t.Errorf("error %v, want %s", err, wantErr)
			}
			if e.Pings() != 0 || c.ClientVersion() != fixed {
				t.Errorf("%d pings, version %s", e.Pings(), c.ClientVersion())
			}
			if reqs := e.Requests(); len(reqs) != 1 || !strings.HasPrefix(reqs[0], "GET /v1.41/containers/json") {
				t.Errorf("requests %q", reqs)
			}
		})
	}
}
