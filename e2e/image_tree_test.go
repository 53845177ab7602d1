//go:build e2e

package e2e

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// `docker images --tree` needs API 1.47; the shared engine speaks 1.41. These tests
// serve an API 1.49 /images/json?manifests=1 answer from a small fake engine and point
// both clients at it, so the drawing is compared byte for byte: through a pipe (plain,
// 80 columns) and on terminals of several widths (colours, columns dropped, names cut).

func treeDigest(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "sha256:" + hex.EncodeToString(sum[:])
}

type treePlatform map[string]string

var (
	treeAmd64 = treePlatform{"os": "linux", "architecture": "amd64"}
	treeArm64 = treePlatform{"os": "linux", "architecture": "arm64", "variant": "v8"}
	treeArmV7 = treePlatform{"os": "linux", "architecture": "arm", "variant": "v7"}
)

// treeManifest is one entry of an image's Manifests. kind "image" needs a platform;
// "attestation" and "unknown" have none.
type treeManifest struct {
	name       string
	kind       string
	platform   treePlatform
	missing    bool // Available: false
	content    int64
	total      int64
	containers []string
}

func (m treeManifest) json() map[string]any {
	id := treeDigest(m.name)
	out := map[string]any{
		"ID":         id,
		"Descriptor": map[string]any{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": id, "size": 1234},
		"Available":  !m.missing,
		"Size":       map[string]any{"Content": m.content, "Total": m.total},
		"Kind":       m.kind,
	}
	switch m.kind {
	case "image":
		containers := m.containers
		if containers == nil {
			containers = []string{}
		}
		out["ImageData"] = map[string]any{"Platform": m.platform, "Size": map[string]any{"Unpacked": m.total * 2}, "Containers": containers}
	case "attestation":
		out["AttestationData"] = map[string]any{"For": treeDigest("for-" + m.name)}
	}
	return out
}

type treeImage struct {
	name       string
	tags       []string
	digests    []string
	created    int64
	size       int64
	containers int64
	manifests  []treeManifest // nil: the image has no Manifests field
}

func (i treeImage) json() map[string]any {
	out := map[string]any{
		"Id": treeDigest(i.name), "ParentId": "", "RepoTags": i.tags, "RepoDigests": i.digests,
		"Created": i.created, "Size": i.size, "SharedSize": -1, "Labels": nil, "Containers": i.containers,
	}
	if i.manifests != nil {
		ms := []any{}
		for _, m := range i.manifests {
			ms = append(ms, m.json())
		}
		out["Manifests"] = ms
	}
	return out
}

// treeEngine serves API 1.49 on a unix socket: /_ping and GET /images/json (which must
// ask for manifests) answering images; it records each /images/json query.
type treeEngine struct {
	host    string
	mu      sync.Mutex
	queries []string
}

func newTreeEngine(t *testing.T, images []treeImage) *treeEngine {
	t.Helper()
	list := []any{}
	for _, i := range images {
		list = append(list, i.json())
	}
	body, err := json.Marshal(list)
	if err != nil {
		t.Fatal(err)
	}
	e := &treeEngine{}
	e.host = fakeEngine(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("API-Version", "1.49")
		w.Header().Set("OSType", "linux")
		w.Header().Set("Server", "Docker/28.2.2 (linux)")
		switch {
		case r.URL.Path == "/_ping":
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			_, _ = w.Write([]byte("OK"))
		case r.Method == http.MethodGet && r.URL.Path == "/v1.49/images/json":
			e.mu.Lock()
			e.queries = append(e.queries, r.URL.RawQuery)
			e.mu.Unlock()
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write(body)
		default:
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprintf(w, `{"message":"unexpected %s %s"}`, r.Method, r.URL)
		}
	})
	return e
}

func (e *treeEngine) takeQueries() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	q := e.queries
	e.queries = nil
	return q
}

// treeCompare runs `args` with both clients against e, through a pipe and, for each of
// widths, on a terminal; everything must be identical, as must the queries sent.
func treeCompare(t *testing.T, e *treeEngine, widths []uint16, args ...string) {
	t.Helper()
	env := []string{"DOCKER_HOST=" + e.host}
	ref := RefIn(t, "", env, args...)
	refQ := e.takeQueries()
	sk := SkiffIn(t, "", env, args...)
	skQ := e.takeQueries()
	if ref.Code != sk.Code || ref.Stdout != sk.Stdout || ref.Stderr != sk.Stderr {
		t.Errorf("%s through a pipe: exit %d/%d\n%s%s", quoteArgs(args), ref.Code, sk.Code,
			Diff("reference", "skiff", ref.Stdout, sk.Stdout), Diff("reference stderr", "skiff stderr", ref.Stderr, sk.Stderr))
	}
	if strings.Join(refQ, "\n") != strings.Join(skQ, "\n") {
		t.Errorf("%s: queries differ\nreference: %q\nskiff:     %q", quoteArgs(args), refQ, skQ)
	}
	h := homesOf(t)
	defer e.takeQueries()
	for _, w := range widths {
		refOut, refCode := ptyRun(t, refBin, h.ref, env, w, "", args...)
		skOut, skCode := ptyRun(t, skiffBin, h.skiff, env, w, "", args...)
		if refOut != skOut || refCode != skCode {
			t.Errorf("%s on a %d-column terminal: exit %d/%d\n%s", quoteArgs(args), w, refCode, skCode,
				Diff("reference", "skiff", strings.ReplaceAll(fmt.Sprintf("%q", refOut), `\r\n`, "\\r\\n\n"),
					strings.ReplaceAll(fmt.Sprintf("%q", skOut), `\r\n`, "\\r\\n\n")))
		}
	}
}

// treeMixed: multi-platform images (attestation and unknown entries, a missing platform,
// in use), single-platform, untagged, nameless (hidden without -a), several tags, a
// name too long for 80 columns, equal creation times.
func treeMixed() []treeImage {
	return []treeImage{
		{name: "alpine", tags: []string{"alpine:3.20", "alpine:latest"}, digests: []string{"alpine@" + treeDigest("alpine")},
			created: 1700000000, size: 8123456, containers: 2, manifests: []treeManifest{
				{name: "alpine-amd64", kind: "image", platform: treeAmd64, content: 3500000, total: 3600000, containers: []string{"c1", "c2"}},
				{name: "alpine-att", kind: "attestation", content: 800, total: 800},
				{name: "alpine-arm64", kind: "image", platform: treeArm64, missing: true},
				{name: "alpine-arm", kind: "image", platform: treeArmV7, content: 3100000, total: 3100000},
				{name: "alpine-unk", kind: "unknown", missing: true, content: 300000},
			}},
		{name: "bb", tags: []string{"bb:latest"}, created: 1690000000, size: 1234567, manifests: []treeManifest{
			{name: "bb-amd64", kind: "image", platform: treeAmd64, content: 1234567, total: 1234567}}},
		{name: "dangling", digests: []string{"example.com/foo/bar@" + treeDigest("dangling")}, created: 1680000000, size: 555,
			manifests: []treeManifest{{name: "dangling-amd64", kind: "image", platform: treeAmd64, content: 555, total: 555}}},
		{name: "nameless", created: 1670000000, size: 777, containers: -1},
		{name: "tags", tags: []string{"x:1", "x:latest", "x:2", "y/z:latest"}, created: 1670000000, size: 1000,
			manifests: []treeManifest{{name: "tags-amd64", kind: "image", platform: treeAmd64, content: 1000, total: 5000}}},
		{name: "notmanifests", tags: []string{"eee:1"}, created: 1670000000, size: 1000},
		{name: "long", tags: []string{"registry.example.com:5000/a-very-long-organisation-name/with-a-very-long-repository-name:and-a-quite-long-tag-v1.2.3"},
			created: 1660000000, size: 99999999, manifests: []treeManifest{
				{name: "long-amd64", kind: "image", platform: treeAmd64, content: 99999999, total: 99999999, containers: []string{"x"}},
				{name: "long-win", kind: "image", platform: treePlatform{"os": "windows", "architecture": "amd64", "os.version": "10.0.17763.1"}, content: 1, total: 2},
				{name: "long-s390x", kind: "image", platform: treePlatform{"os": "linux", "architecture": "s390x"}, missing: true, containers: []string{"y"}},
				{name: "long-noos", kind: "image", platform: treePlatform{}},
			}},
	}
}

// treeFlat: images without platforms (no blank lines between them), many equal creation
// times and many tags (docker's unstable sort decides their order).
func treeFlat() []treeImage {
	var images []treeImage
	for i := range 20 {
		created := int64(100)
		if i%3 == 0 {
			created = 50
		}
		images = append(images, treeImage{name: fmt.Sprint("flat", i), tags: []string{fmt.Sprintf("t%02d:1", i)}, created: created, size: 1000})
	}
	var tags []string
	for i := range 16 {
		tags = append(tags, fmt.Sprintf("m%02d:x", i))
	}
	tags[5], tags[11] = "m05:latest", "m11:latest"
	return append(images, treeImage{name: "many", tags: tags, created: 75, size: 1000})
}

func TestImageTree(t *testing.T) {
	t.Parallel()
	if !hasRef() {
		t.Skip("needs the reference client")
	}
	t.Run("mixed", func(t *testing.T) {
		t.Parallel()
		e := newTreeEngine(t, treeMixed())
		treeCompare(t, e, []uint16{200, 100, 63, 62, 40, 15}, "images", "--tree")
		treeCompare(t, e, []uint16{80}, "image", "ls", "--tree", "-a")
	})
	t.Run("flat", func(t *testing.T) {
		t.Parallel()
		e := newTreeEngine(t, treeFlat())
		treeCompare(t, e, []uint16{80}, "images", "--tree")
	})
	t.Run("empty", func(t *testing.T) {
		t.Parallel()
		e := newTreeEngine(t, nil)
		treeCompare(t, e, []uint16{70}, "images", "--tree")
	})
	t.Run("filters", func(t *testing.T) {
		t.Parallel()
		// the fake engine ignores them: what matters is that both clients send the same
		e := newTreeEngine(t, treeMixed()[:2])
		treeCompare(t, e, nil, "images", "--tree", "-a", "--filter", "dangling=false", "-f", "label=a=b", "bb*")
		treeCompare(t, e, nil, "image", "list", "--tree", "--filter", "reference=alpine")
	})
	t.Run("refused-combinations", func(t *testing.T) {
		t.Parallel()
		e := newTreeEngine(t, treeMixed()[:1])
		for _, extra := range [][]string{{"-q"}, {"--no-trunc"}, {"--digests"}, {"--format", "json"}, {"--format", "{{.ID}}", "--no-trunc"},
			{"--digests", "--format", "x"}, {"--no-trunc", "--digests"}, {"-q", "--format", "json"}} {
			treeCompare(t, e, nil, append([]string{"images", "--tree"}, extra...)...)
		}
	})
}

// TestImageTreeOldEngine: the shared engine (API 1.41) refuses --tree as docker does.
func TestImageTreeOldEngine(t *testing.T) {
	t.Parallel()
	Compare(t, "images", "--tree")
	Compare(t, "image", "ls", "--tree", "-q")
}
