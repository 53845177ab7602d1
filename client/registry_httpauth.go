package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
)

// Registry HTTP authentication, in one place for everything that talks to a registry
// itself (login without an engine, docker manifest): the WWW-Authenticate challenge of
// GET /v2/, basic auth, and bearer tokens from the challenge's token server.

// errNoBasicAuth is what a request to a registry that asks for basic auth gets when
// there are no credentials (docker's words, inside the request's url.Error).
const errNoBasicAuth = registryConstError("no basic auth credentials")

// registryConstError is an error that is a constant: no package-level work at start-up.
type registryConstError string

func (e registryConstError) Error() string { return string(e) }

// tokenOptions are the extras of one token request.
type tokenOptions struct {
	scopes  []string // "repository:a/b:pull,push"; none for a login
	offline bool     // login: ask for a refresh token (kept as the identity token)
}

// fetchToken gets a bearer token (and a refresh token, when offered) from the token
// server a challenge names, with the user name and password, or the identity token.
// A refusal without a token is no error: token is empty.
func fetchToken(ctx context.Context, hc *http.Client, params map[string]string, auth RegistryAuth, o tokenOptions) (token, refresh string, err error) {
	realm, err := url.Parse(params["realm"])
	if err != nil || realm.Host == "" || (realm.Scheme != "http" && realm.Scheme != "https") {
		return "", "", fmt.Errorf("invalid token realm %q", params["realm"])
	}
	q := realm.Query()
	if s := params["service"]; s != "" {
		q.Set("service", s)
	}
	for _, s := range o.scopes {
		q.Add("scope", s)
	}
	if o.offline {
		q.Set("client_id", "docker")
		q.Set("offline_token", "true")
	}
	// the account goes with a login's request too, as docker 28 sends it (observed)
	if auth.Username != "" {
		q.Set("account", auth.Username)
	}
	var req *http.Request
	if auth.IdentityToken != "" && !o.offline {
		// an identity token is an OAuth2 refresh token: exchanged by POST, no password
		// (client_id as docker 28 sends it for docker manifest)
		form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {auth.IdentityToken}, "client_id": {"registry-client"}}
		if s := params["service"]; s != "" {
			form.Set("service", s)
		}
		if len(o.scopes) > 0 {
			form.Set("scope", strings.Join(o.scopes, " "))
		}
		realm.RawQuery = ""
		req, err = http.NewRequestWithContext(ctx, http.MethodPost, realm.String(), strings.NewReader(form.Encode()))
		if err == nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
	} else {
		realm.RawQuery = q.Encode()
		req, err = http.NewRequestWithContext(ctx, http.MethodGet, realm.String(), nil)
		if err == nil && (auth.Username != "" || auth.Password != "") {
			req.SetBasicAuth(auth.Username, auth.Password)
		}
	}
	if err != nil {
		return "", "", err
	}
	resp, err := hc.Do(req)
	if err != nil {
		return "", "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", "", tokenResponseError(resp)
	}
	var tr struct {
		Token        string `json:"token"`
		AccessToken  string `json:"access_token"`
		RefreshToken string `json:"refresh_token"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&tr); err != nil {
		return "", "", fmt.Errorf("unable to decode token response: %w", err)
	}
	if tr.Token == "" {
		tr.Token = tr.AccessToken
	}
	if tr.Token == "" {
		return "", "", errNoToken
	}
	return tr.Token, tr.RefreshToken, nil
}

// errNoToken: a token server's 200 without a token (docker's words).
const errNoToken = registryConstError("authorization server did not include a token in the response")

// tokenResponseError is a token server's refusal in docker 28's words (observed against
// a token server answering each shape): Docker Hub's {"details": "..."} as one error
// named after the status; the distribution spec's errors as a list; a 401 whose body
// says nothing usable as "unauthorized" with the body, or docker's default message; any
// other 4xx body as a parse error; 5xx by its status. A 401's challenge error comes
// first. The one answer that ends a login at once is a single "unauthorized" (see
// isLoginRefusal).
func tokenResponseError(resp *http.Response) error {
	body, _ := readRegistryBody(resp.Body, 1<<20)
	code := resp.StatusCode
	if code < 400 || code >= 500 {
		return fmt.Errorf("received unexpected HTTP status: %s", resp.Status)
	}
	var details struct {
		Details string `json:"details"`
	}
	var doc struct {
		Errors []struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"errors"`
	}
	var err error
	switch jerr := json.Unmarshal(body, &doc); {
	case json.Unmarshal(body, &details) == nil && details.Details != "":
		err = RegistryError{Code: statusErrorCode(code), Message: details.Details}
	case jerr == nil && len(doc.Errors) > 0:
		es := make(RegistryErrors, 0, len(doc.Errors))
		for _, e := range doc.Errors {
			c := e.Code
			if !knownRegistryCode(c) {
				c = "UNKNOWN"
			}
			es = append(es, RegistryError{Code: c, Message: e.Message})
		}
		err = es
	default:
		if ce, ok := challengeError(resp); ok {
			return mergeRegistryErrors(ce, bodyParseError(code, body, jerr))
		}
		if code == http.StatusUnauthorized {
			msg := string(body)
			if jerr == nil || msg == "" {
				msg = "authentication required"
			}
			return RegistryError{Code: "UNAUTHORIZED", Message: msg}
		}
		return bodyParseError(code, body, jerr)
	}
	if ce, ok := challengeError(resp); ok {
		return mergeRegistryErrors(ce, err)
	}
	return err
}

// bodyParseError: an error answer whose body holds no error docker can read.
func bodyParseError(code int, body []byte, jerr error) error {
	if jerr == nil {
		return fmt.Errorf("error parsing HTTP %d response body: no error details found in HTTP response body: %q", code, body)
	}
	return fmt.Errorf("error parsing HTTP %d response body: %v: %q", code, jerr, body)
}

// statusErrorCode names the error of a status as docker does for Docker Hub's details.
func statusErrorCode(code int) string {
	switch code {
	case http.StatusUnauthorized:
		return "UNAUTHORIZED"
	case http.StatusForbidden:
		return "DENIED"
	case http.StatusTooManyRequests:
		return "TOOMANYREQUESTS"
	}
	return "UNKNOWN"
}

// challengeError is the error a 401's bearer challenge names (RFC 6750: invalid_token,
// insufficient_scope), with its description or docker's default message.
func challengeError(resp *http.Response) (RegistryError, bool) {
	if resp.StatusCode != http.StatusUnauthorized {
		return RegistryError{}, false
	}
	for _, h := range resp.Header.Values("WWW-Authenticate") {
		scheme, params := parseChallenge(h)
		if scheme != "bearer" {
			continue
		}
		var e RegistryError
		switch params["error"] {
		case "invalid_token":
			e = RegistryError{Code: "UNAUTHORIZED", Message: "authentication required"}
		case "insufficient_scope":
			e = RegistryError{Code: "DENIED", Message: "requested access to the resource is denied"}
		default:
			continue
		}
		if d := params["error_description"]; d != "" {
			e.Message = d
		}
		return e, true
	}
	return RegistryError{}, false
}

// mergeRegistryErrors is first followed by the errors of err, as one list.
func mergeRegistryErrors(first RegistryError, err error) RegistryErrors {
	out := RegistryErrors{first}
	var es RegistryErrors
	var e RegistryError
	switch {
	case errors.As(err, &es):
		out = append(out, es...)
	case errors.As(err, &e):
		out = append(out, e)
	default:
		out = append(out, RegistryError{Message: err.Error()})
	}
	return out
}

// isLoginRefusal: the answer after which docker 28 tries no other endpoint of a login
// (a single "unauthorized": wrong credentials), where any other error goes on to the
// next one.
func isLoginRefusal(err error) bool {
	var e RegistryError // a list (RegistryErrors), even of one, is not this
	return errors.As(err, &e) && e.Code == "UNAUTHORIZED"
}

// parseChallenge splits a WWW-Authenticate value (`Bearer realm="...",service="..."`)
// into its scheme (lower case) and parameters. Anything is accepted: what does not
// parse is left out.
func parseChallenge(h string) (string, map[string]string) {
	scheme, rest, _ := strings.Cut(strings.TrimSpace(h), " ")
	params := map[string]string{}
	for rest = strings.TrimSpace(rest); rest != ""; {
		k, v, ok := strings.Cut(rest, "=")
		if !ok {
			break
		}
		k = strings.ToLower(strings.TrimSpace(k))
		v = strings.TrimSpace(v)
		if strings.HasPrefix(v, `"`) {
			end := strings.Index(v[1:], `"`)
			if end < 0 {
				params[k] = v[1:]
				break
			}
			params[k], rest = v[1:1+end], v[2+end:]
		} else {
			val, r, _ := strings.Cut(v, ",")
			params[k], rest = strings.TrimSpace(val), r
		}
		rest = strings.TrimLeft(strings.TrimSpace(rest), ",")
		rest = strings.TrimSpace(rest)
	}
	return strings.ToLower(scheme), params
}

// registryAuthorizer answers one registry endpoint's challenge on every request: it
// remembers the challenge of the ping and one bearer token per scope set.
type registryAuthorizer struct {
	hc     *http.Client
	auth   RegistryAuth
	scheme string // "", "basic" or "bearer"
	params map[string]string

	mu     sync.Mutex
	tokens map[string]string
}

func newRegistryAuthorizer(hc *http.Client, auth RegistryAuth, challenge string) *registryAuthorizer {
	a := &registryAuthorizer{hc: hc, auth: auth, tokens: map[string]string{}}
	if challenge != "" {
		a.scheme, a.params = parseChallenge(challenge)
	}
	return a
}

// authorize sets req's Authorization for the scopes it needs. Its error is the
// request's (the caller wraps it as Go's client does: `Get "URL": ...`).
func (a *registryAuthorizer) authorize(ctx context.Context, req *http.Request, scopes []string) error {
	switch a.scheme {
	case "basic":
		if a.auth.Username == "" && a.auth.Password == "" {
			return errNoBasicAuth
		}
		req.SetBasicAuth(a.auth.Username, a.auth.Password)
	case "bearer":
		key := strings.Join(scopes, " ")
		a.mu.Lock()
		token, ok := a.tokens[key]
		a.mu.Unlock()
		if !ok {
			// a refusal is the request's error, as docker's transport reports it
			t, _, err := fetchToken(ctx, a.hc, a.params, a.auth, tokenOptions{scopes: scopes})
			if err != nil {
				return err
			}
			a.mu.Lock()
			a.tokens[key] = t
			a.mu.Unlock()
			token = t
		}
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return nil
}
