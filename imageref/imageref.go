// Package imageref parses image references ("bb", "foo/bar:1", "127.0.0.1:5000/x@sha256:…")
// with the rules and the error wording docker uses, and normalises them to their
// canonical form ("docker.io/library/bb") and back to the familiar one ("bb").
//
// Pure functions, no regular expressions (nothing is compiled at start-up), no cobra.
package imageref

import (
	"errors"
	"strings"
)

// DefaultDomain is the registry of names without a domain.
const DefaultDomain = "docker.io"

const (
	legacyDomain   = "index.docker.io"
	officialPrefix = "library/"
	// maxPathLen is the longest repository path (without the domain) docker accepts.
	maxPathLen = 255
	maxTagLen  = 128
)

// Errors with docker's words. Callers compare the text, so these never change.
var (
	ErrFormat          = errors.New("invalid reference format")
	ErrNameUppercase   = errors.New("repository name must be lowercase")
	ErrNameTooLong     = errors.New("repository name must not be more than 255 characters")
	ErrDigestFormat    = errors.New("invalid checksum digest format")
	ErrDigestLength    = errors.New("invalid checksum digest length")
	ErrDigestAlgorithm = errors.New("unsupported digest algorithm")
)

// Ref is a parsed, normalised reference.
type Ref struct {
	Domain string // "docker.io", "127.0.0.1:5000", "[::1]:5000"
	Path   string // "library/bb", "skiff-e2e/bb"
	Tag    string // "" when none was given (see WithDefaultTag)
	Digest string // "sha256:…" or ""
}

// Name is the repository with its domain: "docker.io/library/bb". A name whose first
// component has a "." but is no valid host ("a_b.io/x") has no domain: its path alone.
func (r Ref) Name() string {
	if r.Domain == "" {
		return r.Path
	}
	return r.Domain + "/" + r.Path
}

// String is the full canonical reference: "docker.io/library/bb:latest".
func (r Ref) String() string { return r.Name() + r.suffix() }

// FamiliarName is the repository as docker shows it: "bb", "foo/bar",
// "127.0.0.1:5000/x/bb".
func (r Ref) FamiliarName() string {
	if r.Domain != DefaultDomain {
		return r.Name()
	}
	if rest, ok := strings.CutPrefix(r.Path, officialPrefix); ok && !strings.Contains(rest, "/") {
		return rest
	}
	return r.Path
}

// Familiar is the whole reference as docker shows it: "bb:latest", "foo/bar:1@sha256:…".
func (r Ref) Familiar() string { return r.FamiliarName() + r.suffix() }

// WithDefaultTag adds the tag "latest" when the reference has neither tag nor digest.
func (r Ref) WithDefaultTag() Ref {
	if r.Tag == "" && r.Digest == "" {
		r.Tag = "latest"
	}
	return r
}

func (r Ref) suffix() string {
	s := ""
	if r.Tag != "" {
		s = ":" + r.Tag
	}
	if r.Digest != "" {
		s += "@" + r.Digest
	}
	return s
}

// SplitDomain splits a name (with or without tag) into its registry and the rest, the
// way docker does: the first component is a registry when it contains "." or ":", is
// "localhost" or has an upper-case letter; otherwise the registry is docker.io, and a
// single-component name there lives under "library/".
func SplitDomain(name string) (domain, remainder string) {
	first, rest, found := strings.Cut(name, "/")
	if !found || (!strings.ContainsAny(first, ".:") && first != "localhost" && strings.ToLower(first) == first) {
		domain, remainder = DefaultDomain, name
	} else {
		domain, remainder = first, rest
	}
	if domain == legacyDomain {
		domain = DefaultDomain
	}
	if domain == DefaultDomain && !strings.Contains(remainder, "/") {
		remainder = officialPrefix + remainder
	}
	return domain, remainder
}

// Parse parses a reference as the user typed it and normalises it (docker's
// ParseNormalizedNamed): "bb" is docker.io/library/bb with no tag.
func Parse(s string) (Ref, error) {
	if isHex64(s) {
		return Ref{}, errors.New("invalid repository name (" + s + "), cannot specify 64-byte hexadecimal strings")
	}
	domain, remainder := SplitDomain(s)
	remote := remainder
	if i := strings.IndexByte(remainder, ':'); i >= 0 {
		remote = remainder[:i]
	}
	if strings.ToLower(remote) != remote {
		return Ref{}, errors.New("invalid reference format: repository name (" + remote + ") must be lowercase")
	}
	return parseCanonical(domain + "/" + remainder)
}

// ParseWithDefaultTag is Parse then WithDefaultTag: the reference as docker pulls or
// commits it ("bb" is docker.io/library/bb:latest).
func ParseWithDefaultTag(s string) (Ref, error) {
	r, err := Parse(s)
	if err != nil {
		return r, err
	}
	return r.WithDefaultTag(), nil
}

// ParseCanonical parses a reference that must already be complete: no normalisation.
// The domain is the first component when it is a valid host; else the reference has
// no domain (Domain == "").
func ParseCanonical(s string) (Ref, error) { return parseCanonical(s) }

func parseCanonical(s string) (Ref, error) {
	r, ok := match(s)
	if !ok {
		if s == "" {
			return Ref{}, errors.New("repository name must have at least one component")
		}
		if _, ok := match(strings.ToLower(s)); ok {
			return Ref{}, ErrNameUppercase
		}
		return Ref{}, ErrFormat
	}
	if len(r.Path) > maxPathLen {
		return Ref{}, ErrNameTooLong
	}
	if r.Digest != "" {
		if err := ValidateDigest(r.Digest); err != nil {
			return Ref{}, err
		}
	}
	return r, nil
}

// match is the reference grammar: name[:tag][@digest], where name is
// [host[:port]/]component(/component)*.
func match(s string) (Ref, bool) {
	var r Ref
	name := s
	if i := strings.IndexByte(s, '@'); i >= 0 {
		name, r.Digest = s[:i], s[i+1:]
		if !digestGrammar(r.Digest) {
			return r, false
		}
	}
	if i := strings.LastIndexByte(name, ':'); i >= 0 && i > strings.LastIndexByte(name, '/') {
		name, r.Tag = name[:i], name[i+1:]
		if !ValidTag(r.Tag) {
			return r, false
		}
	}
	if first, rest, found := strings.Cut(name, "/"); found && validDomain(first) && validPath(rest) {
		r.Domain, r.Path = first, rest
		return r, true
	}
	if validPath(name) {
		r.Path = name
		return r, true
	}
	return r, false
}

func isHex64(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isLowerHex(s[i]) {
			return false
		}
	}
	return true
}

func isLowerHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' }
func isHex(c byte) bool      { return isLowerHex(c) || c >= 'A' && c <= 'F' }
func isLowerAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
}
func isAlnum(c byte) bool { return isLowerAlnum(c) || c >= 'A' && c <= 'Z' }
func isWord(c byte) bool  { return isAlnum(c) || c == '_' }

// validPath: components of [a-z0-9]+ joined by ".", "_", "__" or a run of "-".
func validPath(p string) bool {
	for {
		comp, rest, more := strings.Cut(p, "/")
		if !validComponent(comp) {
			return false
		}
		if !more {
			return true
		}
		p = rest
	}
}

func validComponent(c string) bool {
	if c == "" || !isLowerAlnum(c[0]) || !isLowerAlnum(c[len(c)-1]) {
		return false
	}
	for i := 0; i < len(c); {
		if isLowerAlnum(c[i]) {
			i++
			continue
		}
		j := i
		for j < len(c) && !isLowerAlnum(c[j]) {
			j++
		}
		switch sep := c[i:j]; {
		case sep == "." || sep == "_" || sep == "__":
		case strings.Trim(sep, "-") == "":
		default:
			return false
		}
		i = j
	}
	return true
}

// ValidTag is docker's tag grammar: [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}.
func ValidTag(t string) bool {
	if t == "" || len(t) > maxTagLen || !isWord(t[0]) {
		return false
	}
	for i := 1; i < len(t); i++ {
		if c := t[i]; !isWord(c) && c != '.' && c != '-' {
			return false
		}
	}
	return true
}

// validDomain: host names of alphanumeric labels (inner "-" allowed) joined by ".", or
// a bracketed IPv6 address, with an optional numeric port.
func validDomain(d string) bool {
	host := d
	if strings.HasPrefix(d, "[") {
		end := strings.IndexByte(d, ']')
		if end < 0 {
			return false
		}
		host, d = d[:end+1], d[end+1:]
		if len(host) == 2 {
			return false
		}
		for i := 1; i < len(host)-1; i++ {
			if !isHex(host[i]) && host[i] != ':' {
				return false
			}
		}
		return validPort(d)
	}
	if i := strings.IndexByte(d, ':'); i >= 0 {
		host, d = d[:i], d[i:]
		if !validPort(d) {
			return false
		}
	}
	for {
		label, rest, more := strings.Cut(host, ".")
		if label == "" || !isAlnum(label[0]) || !isAlnum(label[len(label)-1]) {
			return false
		}
		for i := 0; i < len(label); i++ {
			if !isAlnum(label[i]) && label[i] != '-' {
				return false
			}
		}
		if !more {
			return true
		}
		host = rest
	}
}

// validPort accepts "" or ":" followed by digits.
func validPort(p string) bool {
	if p == "" {
		return true
	}
	if p[0] != ':' || len(p) == 1 {
		return false
	}
	for i := 1; i < len(p); i++ {
		if p[i] < '0' || p[i] > '9' {
			return false
		}
	}
	return true
}

// digestGrammar is the reference grammar's digest: an algorithm of letter-led words
// joined by "-", "_", "+" or ".", a colon and at least 32 hexadecimal digits.
func digestGrammar(d string) bool {
	alg, hex, ok := strings.Cut(d, ":")
	if !ok || len(hex) < 32 {
		return false
	}
	for i := 0; i < len(hex); i++ {
		if !isHex(hex[i]) {
			return false
		}
	}
	wordStart := true
	for i := 0; i < len(alg); i++ {
		c := alg[i]
		switch {
		case wordStart:
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
				return false
			}
			wordStart = false
		case isAlnum(c):
		case c == '-' || c == '_' || c == '+' || c == '.':
			wordStart = true
		default:
			return false
		}
	}
	return alg != "" && !wordStart
}

// ValidateDigest checks "algorithm:hex" as docker does: sha256, sha384 and sha512 with
// their exact length in lower-case hex.
func ValidateDigest(d string) error {
	i := strings.IndexByte(d, ':')
	if i <= 0 || i+1 == len(d) {
		return ErrDigestFormat
	}
	alg, hex := d[:i], d[i+1:]
	var size int
	switch alg {
	case "sha256":
		size = 64
	case "sha384":
		size = 96
	case "sha512":
		size = 128
	default:
		if !digestLooseGrammar(alg, hex) {
			return ErrDigestFormat
		}
		return ErrDigestAlgorithm
	}
	if len(hex) != size {
		return ErrDigestLength
	}
	for j := 0; j < len(hex); j++ {
		if !isLowerHex(hex[j]) {
			return ErrDigestFormat
		}
	}
	return nil
}

// digestLooseGrammar is the general digest syntax: [a-z0-9]+([.+_-][a-z0-9]+)* ":"
// [a-zA-Z0-9=_-]+.
func digestLooseGrammar(alg, hex string) bool {
	prevSep := true
	for i := 0; i < len(alg); i++ {
		c := alg[i]
		if isLowerAlnum(c) {
			prevSep = false
			continue
		}
		if prevSep || strings.IndexByte(".+_-", c) < 0 {
			return false
		}
		prevSep = true
	}
	if prevSep || hex == "" {
		return false
	}
	for i := 0; i < len(hex); i++ {
		c := hex[i]
		if !isAlnum(c) && c != '=' && c != '_' && c != '-' {
			return false
		}
	}
	return true
}

// ParseAny parses what docker accepts wherever an image ID may stand for a name (create,
// run): a bare 64-hex ID or a valid digest ("sha256:…") gives digestOnly and no name;
// anything else is parsed as Parse does.
func ParseAny(s string) (r Ref, digestOnly bool, err error) {
	if isHex64(s) || ValidateDigest(s) == nil {
		return Ref{}, true, nil
	}
	r, err = Parse(s)
	return r, false, err
}
