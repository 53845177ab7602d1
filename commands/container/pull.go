package container

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"strings"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/formatter"
)

// pullImage pulls ref (as the user typed it) as `docker run`/`create` do when the image
// is missing: POST /images/create with the normalised name, the registry's credentials
// from config.json (or "{}"), and the progress drawn on stderr (in place on a terminal,
// plain lines otherwise); quiet reads the stream without drawing it. Errors — a
// malformed reference, the daemon's answer, an error inside the stream — come back
// with exit code 125 and the daemon's message as their text; the caller adds docker
// run's "docker: " prefix and help hint.
func pullImage(ctx context.Context, cli commands.Cli, ref string, platform string, quiet bool) error {
	r, err := pullParseRef(ref)
	if err != nil {
		return commands.Exit(125, err)
	}
	c, err := cli.Client()
	if err != nil {
		return commands.Exit(125, err)
	}
	body, err := c.ImageCreate(ctx, client.ImageCreateOptions{
		FromImage:    r.Name(),
		Tag:          r.queryTag(),
		Platform:     platform,
		RegistryAuth: pullRegistryAuth(cli, r.Domain),
	})
	if err != nil {
		return commands.Exit(125, err)
	}
	defer body.Close()
	dec := client.NewJSONMessageDecoder(body)
	if quiet {
		for {
			if _, err := dec.Next(); err != nil {
				if err == io.EOF {
					return nil
				}
				return commands.Exit(125, err)
			}
		}
	}
	_, width := cli.Err().GetTtySize()
	err = formatter.RenderProgress(dec, cli.Err(), formatter.ProgressOptions{
		Terminal: cli.Err().IsTerminal(),
		Width:    int(width),
	})
	return commands.Exit(125, err)
}

// pullRef is an image reference split and normalised as docker does:
// "bb" is docker.io/library/bb:latest.
type pullRef struct {
	Domain string // "docker.io", "127.0.0.1:5000"
	Path   string // "library/bb", "skiff-e2e/bb"
	Tag    string // "latest" when neither tag nor digest was given
	Digest string // "sha256:..."
}

// Name is the repository with its domain: "docker.io/library/bb".
func (r pullRef) Name() string { return r.Domain + "/" + r.Path }

// String is the full reference: "docker.io/library/bb:latest".
func (r pullRef) String() string { return r.Name() + r.suffix() }

// Familiar is the reference as docker shows it: "bb:latest", "foo/bar:1",
// "127.0.0.1:5000/x/bb:2".
func (r pullRef) Familiar() string {
	name := r.Name()
	if r.Domain == "docker.io" {
		name = strings.TrimPrefix(r.Path, "library/")
		if strings.Contains(name, "/") {
			name = r.Path
		}
	}
	return name + r.suffix()
}

func (r pullRef) suffix() string {
	s := ""
	if r.Tag != "" {
		s = ":" + r.Tag
	}
	if r.Digest != "" {
		s += "@" + r.Digest
	}
	return s
}

// queryTag is the "tag" parameter of the pull: the digest when there is one.
func (r pullRef) queryTag() string {
	if r.Digest != "" {
		return r.Digest
	}
	return r.Tag
}

var errPullRefFormat = errors.New("invalid reference format")

// pullParseRef parses an image reference with docker's rules (without regexps, so
// that nothing is compiled at start-up).
func pullParseRef(s string) (pullRef, error) {
	var r pullRef
	if s == "" || strings.TrimSpace(s) != s {
		return r, errPullRefFormat
	}
	name := s
	if i := strings.IndexByte(s, '@'); i >= 0 {
		name, r.Digest = s[:i], s[i+1:]
		if !pullValidDigest(r.Digest) {
			return r, errPullRefFormat
		}
	}
	if i := strings.LastIndexByte(name, ':'); i > strings.LastIndexByte(name, '/') {
		name, r.Tag = name[:i], name[i+1:]
		if !pullValidTag(r.Tag) {
			return r, errPullRefFormat
		}
	}
	if r.Tag == "" && r.Digest == "" {
		r.Tag = "latest"
	}
	first, rest, found := strings.Cut(name, "/")
	if found && (strings.ContainsAny(first, ".:") || first == "localhost" || strings.ToLower(first) != first) {
		r.Domain, r.Path = first, rest
		if !pullValidDomain(first) {
			return r, errPullRefFormat
		}
	} else {
		r.Domain, r.Path = "docker.io", name
	}
	if r.Domain == "index.docker.io" {
		r.Domain = "docker.io"
	}
	if r.Domain == "docker.io" && !strings.Contains(r.Path, "/") {
		r.Path = "library/" + r.Path
	}
	if strings.ToLower(r.Path) != r.Path {
		return r, errors.New("invalid reference format: repository name (" + r.Path + ") must be lowercase")
	}
	if !pullValidPath(r.Path) || len(r.Name()) > 255 {
		return r, errPullRefFormat
	}
	return r, nil
}

// pullValidPath checks path components: [a-z0-9]+ joined by ".", "_", "__" or runs of "-".
func pullValidPath(p string) bool {
	for _, comp := range strings.Split(p, "/") {
		if comp == "" {
			return false
		}
		prevSep, run := true, ""
		for i := 0; i < len(comp); i++ {
			c := comp[i]
			switch {
			case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
				if run != "" && !(run == "." || run == "_" || run == "__" || strings.Trim(run, "-") == "") {
					return false
				}
				prevSep, run = false, ""
			case c == '.' || c == '_' || c == '-':
				if prevSep {
					return false
				}
				run += string(c)
			default:
				return false
			}
		}
		if run != "" {
			return false
		}
	}
	return true
}

func pullValidTag(t string) bool {
	if t == "" || len(t) > 128 {
		return false
	}
	for i := 0; i < len(t); i++ {
		c := t[i]
		word := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
		if !word && (i == 0 || c != '.' && c != '-') {
			return false
		}
	}
	return true
}

func pullValidDigest(d string) bool {
	alg, hex, ok := strings.Cut(d, ":")
	if !ok || alg == "" || len(hex) < 32 {
		return false
	}
	for i := 0; i < len(hex); i++ {
		c := hex[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

func pullValidDomain(d string) bool {
	host := d
	if i := strings.LastIndexByte(d, ':'); i >= 0 && !strings.HasSuffix(d, "]") {
		host = d[:i]
		port := d[i+1:]
		if port == "" {
			return false
		}
		for i := 0; i < len(port); i++ {
			if port[i] < '0' || port[i] > '9' {
				return false
			}
		}
	}
	if host == "" {
		return false
	}
	for i := 0; i < len(host); i++ {
		c := host[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(".-[]:", c) >= 0) {
			return false
		}
	}
	return true
}

// pullAuthConfig is the X-Registry-Auth payload.
type pullAuthConfig struct {
	Username      string `json:"username,omitempty"`
	Password      string `json:"password,omitempty"`
	Auth          string `json:"auth,omitempty"`
	Email         string `json:"email,omitempty"`
	ServerAddress string `json:"serveraddress,omitempty"`
	IdentityToken string `json:"identitytoken,omitempty"`
	RegistryToken string `json:"registrytoken,omitempty"`
}

// pullRegistryAuth encodes the registry's credentials from config.json's "auths" for
// X-Registry-Auth (base64url JSON), or "" (the client sends "{}") when there are none.
func pullRegistryAuth(cli commands.Cli, domain string) string {
	cf := cli.ConfigFile()
	if cf == nil || len(cf.AuthConfigs) == 0 {
		return ""
	}
	key := domain
	if domain == "docker.io" {
		key = "https://index.docker.io/v1/"
	}
	entry, ok := cf.AuthConfigs[key]
	if !ok {
		want := domain
		if domain == "docker.io" {
			want = "index.docker.io"
		}
		for k, v := range cf.AuthConfigs {
			h := strings.TrimPrefix(strings.TrimPrefix(k, "https://"), "http://")
			h, _, _ = strings.Cut(h, "/")
			if h == want {
				key, entry, ok = k, v, true
				break
			}
		}
	}
	if !ok {
		return ""
	}
	a := pullAuthConfig{
		Username: entry.Username, Password: entry.Password, Email: entry.Email,
		ServerAddress: key, IdentityToken: entry.IdentityToken, RegistryToken: entry.RegistryToken,
	}
	if entry.Auth != "" {
		if raw, err := base64.StdEncoding.DecodeString(entry.Auth); err == nil {
			if u, p, ok := strings.Cut(string(raw), ":"); ok {
				a.Username, a.Password = u, p
			}
		}
	}
	b, err := json.Marshal(a)
	if err != nil {
		return ""
	}
	return base64.URLEncoding.EncodeToString(b)
}
