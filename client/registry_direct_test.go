package client

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// A loopback registry is tried over https, then http; basic auth is answered.
func TestRegistryLoginDirectBasic(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u, p, ok := r.BasicAuth(); ok && u == "u" && p == "p" {
			return
		}
		w.Header().Set("WWW-Authenticate", `Basic realm="test"`)
		w.WriteHeader(http.StatusUnauthorized)
	}))
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")
	var tried []string
	resp, err := RegistryLoginDirect(context.Background(), RegistryAuth{Username: "u", Password: "p", ServerAddress: host},
		func(ep string, err error) { tried = append(tried, ep+": "+err.Error()) })
	if err != nil || resp.Status != "Login Succeeded" || resp.IdentityToken != "" {
		t.Fatalf("resp %+v err %v", resp, err)
	}
	if len(tried) != 1 || !strings.Contains(tried[0], "https://"+host+": Get \"https://"+host+"/v2/\": http: server gave HTTP response to HTTPS client") {
		t.Errorf("tried %q", tried)
	}
	_, err = RegistryLoginDirect(context.Background(), RegistryAuth{Username: "u", Password: "bad", ServerAddress: host}, nil)
	if err == nil || err.Error() != "login attempt to http://"+host+"/v2/ failed with status: 401 Unauthorized" {
		t.Errorf("err %v", err)
	}
}

// A bearer challenge: the token server gets the credentials (client_id, offline_token),
// the registry the token, and the refresh token becomes the identity token.
func TestRegistryLoginDirectBearer(t *testing.T) {
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/token":
			u, p, _ := r.BasicAuth()
			q := r.URL.Query()
			if u != "u" || p != "p" || q.Get("service") != "reg" || q.Get("client_id") != "docker" || q.Get("offline_token") != "true" ||
				q.Get("account") != "u" {
				w.WriteHeader(http.StatusUnauthorized)
				return
			}
			_, _ = w.Write([]byte(`{"access_token":"acc","refresh_token":"refresh"}`))
		case r.Header.Get("Authorization") == "Bearer acc":
		default:
			w.Header().Set("WWW-Authenticate", `Bearer realm="`+srv.URL+`/token",service="reg"`)
			w.WriteHeader(http.StatusUnauthorized)
		}
	}))
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")
	resp, err := RegistryLoginDirect(context.Background(), RegistryAuth{Username: "u", Password: "p", ServerAddress: host}, nil)
	if err != nil || resp.IdentityToken != "refresh" {
		t.Fatalf("resp %+v err %v", resp, err)
	}
	// a refusal ends the login at once, in the token server's words (docker 28's)
	var tried []string
	_, err = RegistryLoginDirect(context.Background(), RegistryAuth{Username: "u", Password: "x", ServerAddress: host},
		func(ep string, err error) { tried = append(tried, ep) })
	if want := `Get "http://` + host + `/v2/": unauthorized: authentication required`; err == nil || err.Error() != want {
		t.Errorf("err %v, want %s", err, want)
	}
	if len(tried) != 1 || tried[0] != "https://"+host {
		t.Errorf("endpoints reported as failed: %q, want the https one alone", tried)
	}
}

// Token server answers other than a single "unauthorized" are reported and the login
// goes on to the next endpoint (the last one's error is returned), as docker 28 does.
func TestRegistryLoginDirectTokenErrors(t *testing.T) {
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/token" {
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = w.Write([]byte(`{"details":"slow down"}`))
			return
		}
		w.Header().Set("WWW-Authenticate", `Bearer realm="`+srv.URL+`/token",service="reg"`)
		w.WriteHeader(http.StatusUnauthorized)
	}))
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")
	var tried []string
	_, err := RegistryLoginDirect(context.Background(), RegistryAuth{Username: "u", Password: "p", ServerAddress: host},
		func(ep string, err error) { tried = append(tried, ep+": "+err.Error()) })
	want := `Get "http://` + host + `/v2/": toomanyrequests: slow down`
	if err == nil || err.Error() != want {
		t.Errorf("err %v, want %s", err, want)
	}
	if len(tried) != 2 || tried[1] != "http://"+host+": "+want {
		t.Errorf("endpoints reported as failed: %q", tried)
	}
}
