package client

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"time"
)

// hubLoginEndpoint is where a login to Docker Hub (config's index address) goes.
const hubLoginEndpoint = "https://registry-1.docker.io"

// indexServer is Docker Hub's key in config.json, the server address docker login sends.
const indexServer = "https://index.docker.io/v1/"

// RegistryLoginDirect logs in to the registry itself, without the engine: what docker
// 28 does when the engine cannot be reached. auth.ServerAddress is the registry's
// host[:port] (or Docker Hub's index address). It tries https, then plain http for a
// registry on a loopback address (docker's default insecure range), and calls failed
// for each endpoint that did not work; the last one's error is returned.
// Basic auth and bearer tokens (an identity token when the token server gives a refresh
// token) are understood.
func RegistryLoginDirect(ctx context.Context, auth RegistryAuth, failed func(endpoint string, err error)) (AuthResponse, error) {
	endpoints := []string{hubLoginEndpoint}
	if auth.ServerAddress != indexServer {
		endpoints = []string{"https://" + auth.ServerAddress}
		if loopbackHost(ctx, auth.ServerAddress) {
			endpoints = append(endpoints, "http://"+auth.ServerAddress)
		}
	}
	hc := &http.Client{Timeout: 30 * time.Second}
	var err error
	for _, ep := range endpoints {
		var resp AuthResponse
		resp, err = loginEndpoint(ctx, hc, ep, auth)
		if err == nil {
			return resp, nil
		}
		if isLoginRefusal(err) {
			return AuthResponse{}, err // wrong credentials: no other endpoint is tried
		}
		if failed != nil {
			failed(ep, err)
		}
	}
	return AuthResponse{}, err
}

// loopbackHost reports whether host[:port] is a loopback address or a name that
// resolves to one.
func loopbackHost(ctx context.Context, hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	if ip := net.ParseIP(host); ip != nil {
		return ip.IsLoopback()
	}
	addrs, err := net.DefaultResolver.LookupIPAddr(ctx, host)
	if err != nil {
		return false
	}
	for _, a := range addrs {
		if a.IP.IsLoopback() {
			return true
		}
	}
	return false
}

// loginEndpoint asks endpoint's /v2/ with the credentials, answering its challenge.
func loginEndpoint(ctx context.Context, hc *http.Client, endpoint string, auth RegistryAuth) (AuthResponse, error) {
	v2 := endpoint + "/v2/"
	resp, err := registryGet(ctx, hc, v2, nil)
	if err != nil {
		return AuthResponse{}, err
	}
	resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		return AuthResponse{Status: "Login Succeeded"}, nil
	}
	failedErr := fmt.Errorf("login attempt to %s failed with status: %s", v2, resp.Status)
	if resp.StatusCode != http.StatusUnauthorized {
		return AuthResponse{}, failedErr
	}
	scheme, params := parseChallenge(resp.Header.Get("WWW-Authenticate"))
	var header http.Header
	var out AuthResponse
	switch scheme {
	case "basic":
		r, _ := http.NewRequest(http.MethodGet, v2, nil)
		r.SetBasicAuth(auth.Username, auth.Password)
		header = http.Header{"Authorization": {r.Header.Get("Authorization")}}
	case "bearer":
		token, refresh, err := fetchToken(ctx, hc, params, auth, tokenOptions{offline: true})
		if err != nil {
			// docker's transport reports it for the request it was authorising
			return AuthResponse{}, &url.Error{Op: "Get", URL: v2, Err: err}
		}
		header = http.Header{"Authorization": {"Bearer " + token}}
		out.IdentityToken = refresh
	default:
		return AuthResponse{}, failedErr
	}
	resp, err = registryGet(ctx, hc, v2, header)
	if err != nil {
		return AuthResponse{}, err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return AuthResponse{}, fmt.Errorf("login attempt to %s failed with status: %s", v2, resp.Status)
	}
	out.Status = "Login Succeeded"
	return out, nil
}

func registryGet(ctx context.Context, hc *http.Client, u string, h http.Header) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	for k, v := range h {
		req.Header[k] = v
	}
	return hc.Do(req)
}
