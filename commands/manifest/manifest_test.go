package manifest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"gotest.tools/v3/assert"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands/clitest"
)

const (
	testImage  = `{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":40,"digest":"sha256:cfg"},"layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":3,"digest":"sha256:layer"}]}`
	testConfig = `{"architecture":"amd64","os":"linux","rootfs":{}}`
	testList   = `{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.docker.distribution.manifest.v2+json","digest":"sha256:x","size":3,"annotations":{"a":"b"},"platform":{"os":"linux","architecture":"arm","variant":"v7"}}],"annotations":{"i":"j"}}`
)

// fakeRegistry serves repo "img" (tags a and b: testImage, tag list: testList) over
// plain http, and records what is pushed.
type fakeRegistry struct {
	*httptest.Server
	mu   sync.Mutex
	puts map[string]string
	log  []string
}

func newFakeRegistry(t *testing.T) *fakeRegistry {
	f := &fakeRegistry{puts: map[string]string{}}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.log = append(f.log, r.Method+" "+r.URL.RequestURI())
		p := r.URL.Path
		switch {
		case p == "/v2/":
		case r.Method == http.MethodGet && (p == "/v2/img/manifests/a" || p == "/v2/img/manifests/b"):
			w.Header().Set("Content-Type", client.MediaTypeDockerManifest)
			_, _ = io.WriteString(w, testImage)
		case r.Method == http.MethodGet && p == "/v2/img/manifests/list":
			w.Header().Set("Content-Type", client.MediaTypeOCIIndex)
			_, _ = io.WriteString(w, testList)
		case r.Method == http.MethodGet && p == "/v2/img/blobs/sha256:cfg":
			_, _ = io.WriteString(w, testConfig)
		case r.Method == http.MethodPost && strings.HasSuffix(p, "/blobs/uploads/"):
			w.WriteHeader(http.StatusCreated)
		case r.Method == http.MethodHead && strings.Contains(p, "/blobs/"):
		case r.Method == http.MethodPut:
			b, _ := io.ReadAll(r.Body)
			f.puts[p] = r.Header.Get("Content-Type") + "\n" + string(b)
			w.Header().Set("Docker-Content-Digest", client.Digest(b))
			w.WriteHeader(http.StatusCreated)
		default:
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, `{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}`)
		}
	}))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeRegistry) host() string { return strings.TrimPrefix(f.URL, "http://") }

func run(t *testing.T, cli *clitest.Cli, args ...string) error {
	t.Helper()
	cli.OutBuf.Reset()
	cli.ErrBuf.Reset()
	return clitest.Run(t, NewCommand(cli), args...)
}

// create, annotate, inspect, push and rm on one list: docker's store layout and file
// content, its output shapes, and what reaches the registry.
func TestManifestLifecycle(t *testing.T) {
	reg := newFakeRegistry(t)
	h := reg.host()
	cli := clitest.New(t, "")
	list, a := h+"/img:l", h+"/img:a"

	assert.NilError(t, run(t, cli, "create", "--insecure", list, h+"/img:a", h+"/img:b"))
	assert.Equal(t, cli.OutBuf.String(), "Created manifest list "+list+"\n")

	dir := filepath.Join(os.Getenv("DOCKER_CONFIG"), "manifests", strings.NewReplacer(":", "-", "/", "_").Replace(list))
	raw, err := os.ReadFile(filepath.Join(dir, strings.NewReplacer(":", "-", "/", "_").Replace(a)))
	assert.NilError(t, err)
	var im imageManifest
	assert.NilError(t, json.Unmarshal(raw, &im))
	assert.Equal(t, im.Ref, a)
	assert.Equal(t, im.Descriptor.Digest, client.Digest([]byte(testImage)))
	assert.Equal(t, string(im.Raw), testImage)
	// docker's key order, the manifest kept as sent
	assert.Assert(t, strings.HasPrefix(string(raw), `{"Ref":"`+a+`","Descriptor":{"mediaType":"`+client.MediaTypeDockerManifest+`","digest":"`))
	assert.Assert(t, strings.HasSuffix(string(raw), `"SchemaV2Manifest":`+testImage+`}`), string(raw))

	assert.Error(t, run(t, cli, "create", "--insecure", list, h+"/img:a"), "refusing to amend an existing manifest list with no --amend flag")

	assert.NilError(t, run(t, cli, "annotate", list, a, "--os", "linux", "--arch", "arm", "--variant", "v7", "--os-features", "x,y", "--os-version", "1"))
	assert.NilError(t, run(t, cli, "annotate", list, a, "--os-features", "y,z"))
	assert.Error(t, run(t, cli, "annotate", list, a, "--arch", "foo"), "manifest entry for image has unsupported os/arch combination: /foo")
	assert.Error(t, run(t, cli, "annotate", list, h+"/img:zz"), "manifest for image "+h+"/img:zz does not exist in "+list)

	assert.NilError(t, run(t, cli, "inspect", list))
	want := `{
   "schemaVersion": 2,
   "mediaType": "application/vnd.docker.distribution.manifest.list.v2+json",
   "manifests": [
      {
         "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
         "size": ` + strconv.Itoa(len(testImage)) + `,
         "digest": "` + client.Digest([]byte(testImage)) + `",
         "platform": {
            "architecture": "arm",
            "os": "linux",
            "os.version": "1",
            "os.features": [
               "x",
               "y",
               "z"
            ],
            "variant": "v7"
         }
      },
      {
         "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
         "size": ` + strconv.Itoa(len(testImage)) + `,
         "digest": "` + client.Digest([]byte(testImage)) + `",
         "platform": {
            "architecture": "amd64",
            "os": "linux"
         }
      }
   ]
}
`
	assert.Equal(t, cli.OutBuf.String(), want)

	assert.NilError(t, run(t, cli, "inspect", list, a))
	assert.Assert(t, strings.HasPrefix(cli.OutBuf.String(), "{\n\t\"schemaVersion\": 2,\n\t\"mediaType\""), cli.OutBuf.String())

	assert.NilError(t, run(t, cli, "push", "--purge", list))
	pushed := reg.puts["/v2/img/manifests/l"]
	assert.Equal(t, pushed, client.MediaTypeDockerList+"\n"+strings.TrimSuffix(want, "\n"))
	assert.Equal(t, cli.OutBuf.String(), client.Digest([]byte(strings.TrimSuffix(want, "\n")))+"\n")
	_, err = os.Stat(dir)
	assert.Assert(t, os.IsNotExist(err), "--purge left %s", dir)

	assert.Error(t, run(t, cli, "push", list), "No such manifest: "+list)
	assert.Error(t, run(t, cli, "rm", list, h+"/img:m"), "No such manifest: "+list+"\nNo such manifest: "+h+"/img:m")
}

// Remote lists are re-encoded in docker's shape (annotations dropped, 3 spaces); a
// list cannot go into a list; an unknown image is docker's "no such manifest".
func TestManifestRemote(t *testing.T) {
	reg := newFakeRegistry(t)
	h := reg.host()
	cli := clitest.New(t, "")
	assert.NilError(t, run(t, cli, "inspect", "--insecure", h+"/img:list"))
	assert.Equal(t, cli.OutBuf.String(), `{
   "schemaVersion": 2,
   "mediaType": "application/vnd.oci.image.index.v1+json",
   "manifests": [
      {
         "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
         "size": 3,
         "digest": "sha256:x",
         "platform": {
            "architecture": "arm",
            "os": "linux",
            "variant": "v7"
         }
      }
   ]
}
`)
	assert.NilError(t, run(t, cli, "inspect", "-v", "--insecure", h+"/img:a"))
	var im imageManifest
	assert.NilError(t, json.Unmarshal(cli.OutBuf.Bytes(), &im))
	assert.Equal(t, im.Ref, h+"/img:a")
	assert.DeepEqual(t, im.Descriptor.Platform, &platform{Architecture: "amd64", OS: "linux"})

	assert.Error(t, run(t, cli, "create", "--insecure", h+"/img:l", h+"/img:list"), h+"/img:list is a manifest list")
	assert.Error(t, run(t, cli, "inspect", "--insecure", h+"/img:nope"), "no such manifest: "+h+"/img:nope")
	assert.Error(t, run(t, cli, "create", "--insecure", h+"/img:l", h+"/img:a", h+"/img:nope"), "no such manifest: "+h+"/img:nope")
	// nothing written when one image fails
	_, err := os.Stat(filepath.Join(os.Getenv("DOCKER_CONFIG"), "manifests"))
	assert.Assert(t, os.IsNotExist(err))
}

// A list docker wrote (entries of another registry) is refused for push and inspect
// with docker's words.
func TestManifestOtherRegistry(t *testing.T) {
	cli := clitest.New(t, "")
	dir := filepath.Join(os.Getenv("DOCKER_CONFIG"), "manifests", "docker.io_library_mylist-latest")
	assert.NilError(t, os.MkdirAll(dir, 0o755))
	entry := `{"Ref":"127.0.0.1:5000/x:a","Descriptor":{"mediaType":"application/vnd.docker.distribution.manifest.v2+json","digest":"sha256:d","size":3},"Raw":"e30=","SchemaV2Manifest":{}}`
	assert.NilError(t, os.WriteFile(filepath.Join(dir, "127.0.0.1-5000_x-a"), []byte(entry), 0o644))
	assert.Error(t, run(t, cli, "push", "mylist"), "cannot use source images from a different registry than the target image: 127.0.0.1:5000 != docker.io")
	assert.Error(t, run(t, cli, "inspect", "mylist"), "failed to assemble ManifestDescriptor: cannot use source images from a different registry than the target image: 127.0.0.1:5000 != docker.io")
	assert.NilError(t, run(t, cli, "rm", "mylist"))
	_, err := os.Stat(dir)
	assert.Assert(t, os.IsNotExist(err))
}

// FuzzManifestDecode: any manifest or list a registry sends decodes or fails with an
// error, and what decodes re-encodes in docker's shapes.
func FuzzManifestDecode(f *testing.F) {
	f.Add([]byte(testImage), false)
	f.Add([]byte(testList), true)
	f.Add([]byte(`{"manifests":[{"platform":null}]}`), true)
	f.Add([]byte(`not json`), false)
	f.Fuzz(func(t *testing.T, raw []byte, list bool) {
		if list {
			l, err := decodeList(raw)
			if err == nil {
				if _, err := indentList(l); err != nil {
					t.Fatal(err)
				}
			}
			return
		}
		im, err := newImageManifest("r", client.Manifest{MediaType: client.MediaTypeOCIManifest, Raw: raw}, nil)
		if err != nil {
			return
		}
		if _, err := indentTab(im); err != nil {
			t.Fatalf("%q: %v", raw, err)
		}
		if _, err := configPlatform(raw); err != nil {
			return
		}
	})
}
