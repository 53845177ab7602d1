package client

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Media types of manifests and manifest lists (the distribution and OCI image specs).
const (
	MediaTypeDockerManifest = "application/vnd.docker.distribution.manifest.v2+json"
	MediaTypeDockerList     = "application/vnd.docker.distribution.manifest.list.v2+json"
	MediaTypeOCIManifest    = "application/vnd.oci.image.manifest.v1+json"
	MediaTypeOCIIndex       = "application/vnd.oci.image.index.v1+json"
)

// manifestAccept is what a manifest GET accepts: both image and list types, both specs.
func manifestAccept() []string {
	return []string{MediaTypeDockerManifest, MediaTypeDockerList, MediaTypeOCIIndex, MediaTypeOCIManifest}
}

// Limits on what a registry may send: manifests and image configs are small.
const (
	maxManifestSize = 4 << 20
	maxBlobSize     = 16 << 20
)

// ErrRegistryNotFound is what a registry operation returns when every endpoint said
// "not here" (unknown manifest or repository, or unauthorised): docker reports it as
// "no such manifest: REF".
const ErrRegistryNotFound = registryConstError("not found in the registry")

// RegistryV2 talks to one registry's HTTP API v2 directly, without the engine (docker
// manifest). Every operation tries the registry's endpoints in docker's order, https
// first and, when insecure, plain http, and goes on to the next only on an answer that
// means "not here" (see continuable). Safe for concurrent use.
type RegistryV2 struct {
	host     string
	insecure bool
	auth     RegistryAuth
	hc       *http.Client

	mu    sync.Mutex
	pings map[string]*registryAuthorizer // by endpoint, once pinged
}

// NewRegistryV2 returns a client for the registry host of image references
// ("127.0.0.1:5000", "docker.io"). insecure allows plain http after https; TLS
// certificates are not verified for insecure and loopback registries (docker treats
// 127.0.0.0/8 as insecure for TLS, though not for plain http).
func NewRegistryV2(ctx context.Context, host string, insecure bool, auth RegistryAuth) *RegistryV2 {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = &tls.Config{InsecureSkipVerify: insecure || loopbackHost(ctx, host)} //nolint:gosec // docker's rule for insecure registries
	return &RegistryV2{host: host, insecure: insecure, auth: auth,
		hc: &http.Client{Transport: tr, Timeout: 2 * time.Minute}, pings: map[string]*registryAuthorizer{}}
}

// Host is the registry host the client was made for.
func (r *RegistryV2) Host() string { return r.host }

func (r *RegistryV2) endpoints() []string {
	if r.host == "docker.io" {
		return []string{hubLoginEndpoint}
	}
	eps := []string{"https://" + r.host}
	if r.insecure {
		eps = append(eps, "http://"+r.host)
	}
	return eps
}

// each runs op on each endpoint until one answers with something else than "not here".
// Pushes (write) stop at the first endpoint that answers at all, with its error.
func (r *RegistryV2) each(ctx context.Context, op func(ep string, a *registryAuthorizer) error) error {
	return r.eachMode(ctx, false, op)
}

func (r *RegistryV2) eachMode(ctx context.Context, write bool, op func(ep string, a *registryAuthorizer) error) error {
	for _, ep := range r.endpoints() {
		a, err := r.ping(ctx, ep)
		if err != nil {
			if isPlainHTTPAnswer(err) {
				continue // an http registry asked over https: the next endpoint may be http
			}
			return fmt.Errorf("failed to configure transport: error pinging v2 registry: %w", err)
		}
		if err := op(ep, a); write || !continuable(err) {
			return err
		}
	}
	return ErrRegistryNotFound
}

// ping asks ep's /v2/ once for its authentication challenge; its status is not checked.
func (r *RegistryV2) ping(ctx context.Context, ep string) (*registryAuthorizer, error) {
	r.mu.Lock()
	a, ok := r.pings[ep]
	r.mu.Unlock()
	if ok {
		return a, nil
	}
	resp, err := registryGet(ctx, r.hc, ep+"/v2/", nil)
	if err != nil {
		return nil, err
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	challenge := ""
	if resp.StatusCode == http.StatusUnauthorized {
		challenge = resp.Header.Get("WWW-Authenticate")
	}
	a = newRegistryAuthorizer(r.hc, r.auth, challenge)
	r.mu.Lock()
	r.pings[ep] = a
	r.mu.Unlock()
	return a, nil
}

func isPlainHTTPAnswer(err error) bool {
	return strings.Contains(err.Error(), "server gave HTTP response to HTTPS client")
}

// continuable: answers after which docker tries the next endpoint, and which end as
// "no such manifest" when none is left.
func continuable(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, ErrRegistryNotFound) {
		return true
	}
	// a request that could not be made (its token refused) is no answer of the registry
	var ue *url.Error
	if errors.As(err, &ue) {
		return false
	}
	var re RegistryErrors
	if errors.As(err, &re) && len(re) > 0 {
		switch re[0].Code {
		case "MANIFEST_UNKNOWN", "NAME_UNKNOWN", "UNAUTHORIZED":
			return true
		}
	}
	return false
}

// request sends one authorised request to ep; a failure to authorise is reported as
// Go's client reports a failed request (`Get "URL": ...`), as docker's are.
func (r *RegistryV2) request(ctx context.Context, a *registryAuthorizer, method, u string, body []byte, h http.Header, scopes []string) (*http.Response, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return nil, err
	}
	for k, v := range h {
		req.Header[k] = v
	}
	if err := a.authorize(ctx, req, scopes); err != nil {
		return nil, &url.Error{Op: method[:1] + strings.ToLower(method[1:]), URL: u, Err: err}
	}
	return r.hc.Do(req)
}

func pullScope(repo string) []string { return []string{"repository:" + repo + ":pull"} }
func pushScope(repo string) []string { return []string{"repository:" + repo + ":pull,push"} }

// Manifest is a manifest as the registry sent it.
type Manifest struct {
	MediaType string // from Content-Type
	Raw       []byte
	Digest    string // sha256 of Raw
}

// GetManifest fetches repo's manifest by tag or digest, image or list.
func (r *RegistryV2) GetManifest(ctx context.Context, repo, reference string) (Manifest, error) {
	var m Manifest
	err := r.each(ctx, func(ep string, a *registryAuthorizer) error {
		resp, err := r.request(ctx, a, http.MethodGet, ep+"/v2/"+repo+"/manifests/"+reference, nil,
			http.Header{"Accept": manifestAccept()}, pullScope(repo))
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return registryResponseError(resp)
		}
		raw, err := readRegistryBody(resp.Body, maxManifestSize)
		if err != nil {
			return err
		}
		ct, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
		switch ct {
		case MediaTypeDockerManifest, MediaTypeDockerList, MediaTypeOCIManifest, MediaTypeOCIIndex:
		default:
			return fmt.Errorf("unsupported manifest media type and no default available: %s", resp.Header.Get("Content-Type"))
		}
		m = Manifest{MediaType: ct, Raw: raw, Digest: Digest(raw)}
		return nil
	})
	return m, err
}

// GetBlob fetches a small blob (an image config).
func (r *RegistryV2) GetBlob(ctx context.Context, repo, digest string) ([]byte, error) {
	var out []byte
	err := r.each(ctx, func(ep string, a *registryAuthorizer) error {
		resp, err := r.request(ctx, a, http.MethodGet, ep+"/v2/"+repo+"/blobs/"+digest, nil, nil, pullScope(repo))
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return registryResponseError(resp)
		}
		out, err = readRegistryBody(resp.Body, maxBlobSize)
		return err
	})
	return out, err
}

// MountBlob makes blob digest of repository from available in repo, as docker does: a
// cross-repository mount, then a HEAD to see it arrived. A registry that will not mount
// gets the blob uploaded (read from from).
func (r *RegistryV2) MountBlob(ctx context.Context, repo, from, digest string) error {
	return r.eachMode(ctx, true, func(ep string, a *registryAuthorizer) error {
		scopes := append(pushScope(repo), pullScope(from)...)
		q := url.Values{"mount": {digest}, "from": {from}}
		resp, err := r.request(ctx, a, http.MethodPost, ep+"/v2/"+repo+"/blobs/uploads/?"+q.Encode(), nil, nil, scopes)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		switch resp.StatusCode {
		case http.StatusCreated:
		case http.StatusAccepted:
			if err := r.uploadFrom(ctx, a, ep, resp.Header.Get("Location"), from, digest, scopes); err != nil {
				return err
			}
		default:
			return registryResponseError(resp)
		}
		head, err := r.request(ctx, a, http.MethodHead, ep+"/v2/"+repo+"/blobs/"+digest, nil, nil, scopes)
		if err != nil {
			return err
		}
		defer head.Body.Close()
		if head.StatusCode != http.StatusOK {
			return registryResponseError(head)
		}
		return nil
	})
}

// uploadFrom finishes an upload session at loc with the blob read from repository from.
func (r *RegistryV2) uploadFrom(ctx context.Context, a *registryAuthorizer, ep, loc, from, digest string, scopes []string) error {
	get, err := r.request(ctx, a, http.MethodGet, ep+"/v2/"+from+"/blobs/"+digest, nil, nil, scopes)
	if err != nil {
		return err
	}
	defer get.Body.Close()
	if get.StatusCode != http.StatusOK {
		return registryResponseError(get)
	}
	blob, err := io.ReadAll(get.Body)
	if err != nil {
		return err
	}
	u, err := url.Parse(ep + "/")
	if err != nil {
		return err
	}
	target, err := u.Parse(loc)
	if err != nil {
		return err
	}
	q := target.Query()
	q.Set("digest", digest)
	target.RawQuery = q.Encode()
	put, err := r.request(ctx, a, http.MethodPut, target.String(), blob,
		http.Header{"Content-Type": {"application/octet-stream"}}, scopes)
	if err != nil {
		return err
	}
	defer put.Body.Close()
	if put.StatusCode != http.StatusCreated {
		return registryResponseError(put)
	}
	return nil
}

// PutManifest stores raw as repo's manifest under reference (a tag or its digest) and
// returns its digest.
func (r *RegistryV2) PutManifest(ctx context.Context, repo, reference, mediaType string, raw []byte) (string, error) {
	var digest string
	err := r.eachMode(ctx, true, func(ep string, a *registryAuthorizer) error {
		resp, err := r.request(ctx, a, http.MethodPut, ep+"/v2/"+repo+"/manifests/"+reference, raw,
			http.Header{"Content-Type": {mediaType}}, pushScope(repo))
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusCreated && resp.StatusCode != http.StatusOK {
			return registryResponseError(resp)
		}
		digest = resp.Header.Get("Docker-Content-Digest")
		if digest == "" {
			digest = Digest(raw)
		}
		return nil
	})
	return digest, err
}

// Digest is the sha256 digest of b as registries name content: "sha256:<hex>".
func Digest(b []byte) string {
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:])
}

func readRegistryBody(r io.Reader, max int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("registry answer larger than %d bytes", max)
	}
	return b, nil
}

// RegistryError is one entry of a registry's error answer ({"errors":[{"code",
// "message"}]}), or the one docker derives from a bare status.
type RegistryError struct {
	Code    string
	Message string
}

// knownRegistryCode: the error codes of the distribution spec docker knows by name;
// others read as "unknown".
func knownRegistryCode(c string) bool {
	switch c {
	case "UNKNOWN", "UNSUPPORTED", "UNAUTHORIZED", "DENIED", "UNAVAILABLE", "TOOMANYREQUESTS",
		"DIGEST_INVALID", "SIZE_INVALID", "NAME_INVALID", "TAG_INVALID", "NAME_UNKNOWN",
		"MANIFEST_UNKNOWN", "MANIFEST_INVALID", "MANIFEST_UNVERIFIED", "MANIFEST_BLOB_UNKNOWN",
		"BLOB_UNKNOWN", "BLOB_UPLOAD_UNKNOWN", "BLOB_UPLOAD_INVALID", "PAGINATION_NUMBER_INVALID",
		"RANGE_INVALID":
		return true
	}
	return false
}

// Error is docker's form: the code in lower case with spaces, then the message. An
// entry without a code is another error in a list (a body that did not parse) and is
// its message alone.
func (e RegistryError) Error() string {
	if e.Code == "" {
		return e.Message
	}
	return strings.ToLower(strings.ReplaceAll(e.Code, "_", " ")) + ": " + e.Message
}

// RegistryErrors is a registry's error answer.
type RegistryErrors []RegistryError

func (es RegistryErrors) Error() string {
	if len(es) == 1 {
		return es[0].Error()
	}
	var b strings.Builder
	b.WriteString("errors:\n")
	for _, e := range es {
		b.WriteString(e.Error() + "\n")
	}
	return b.String()
}

// registryResponseError reads a registry's refusal as docker does: its JSON errors
// when it sent some, else an error named after the status.
// A 401 whose challenge names an OAuth2 error (error="insufficient_scope", a token
// without the access asked for) has that error first, as docker 28 reports it.
func registryResponseError(resp *http.Response) error {
	body, _ := readRegistryBody(resp.Body, 1<<20)
	err := ParseRegistryError(resp.StatusCode, resp.Status, body)
	if ce, ok := challengeError(resp); ok {
		return mergeRegistryErrors(ce, err)
	}
	return err
}

// ParseRegistryError is the error of a registry answer with status code (and text) and
// body. Any body is accepted.
func ParseRegistryError(code int, status string, body []byte) error {
	var doc struct {
		Errors []struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"errors"`
	}
	if json.Unmarshal(body, &doc) == nil && len(doc.Errors) > 0 {
		es := make(RegistryErrors, 0, len(doc.Errors))
		for _, e := range doc.Errors {
			c := e.Code
			if !knownRegistryCode(c) {
				c = "UNKNOWN"
			}
			es = append(es, RegistryError{Code: c, Message: e.Message})
		}
		return es
	}
	switch code {
	case http.StatusUnauthorized:
		return RegistryErrors{{Code: "UNAUTHORIZED"}}
	case http.StatusForbidden:
		return RegistryErrors{{Code: "DENIED"}}
	case http.StatusNotFound:
		return RegistryErrors{{Code: "UNKNOWN"}}
	case http.StatusTooManyRequests:
		return RegistryErrors{{Code: "TOOMANYREQUESTS"}}
	}
	return fmt.Errorf("received unexpected HTTP status: %s", status)
}

// IsLoopbackRegistry reports a registry host on a loopback address (docker's default
// insecure range), or a name that resolves to one.
func IsLoopbackRegistry(ctx context.Context, host string) bool { return loopbackHost(ctx, host) }
