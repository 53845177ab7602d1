package client

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/moby/moby/api/types/container"

	"github.com/skiff-cli/skiff/client/fakeengine"
)

// The query strings are docker 28's, captured from its POST /build for the same flags.
func TestBuildQuery(t *testing.T) {
	s := func(v string) *string { return &v }
	tests := []struct {
		name string
		opts ImageBuildOptions
		want string
	}{
		{"defaults", ImageBuildOptions{Dockerfile: "Dockerfile", NetworkMode: "default"},
			"dockerfile=Dockerfile&version=1"},
		{"stdin tar", ImageBuildOptions{}, "version=1"},
		{"every flag", ImageBuildOptions{
			Dockerfile:   "Dockerfile",
			Tags:         []string{"a:1", "b"},
			BuildArgs:    map[string]*string{"K": s("V"), "FOO": s("fooval"), "UNSETV": nil, "E": s("")},
			Target:       "st",
			Labels:       map[string]string{"l1": "v1", "l2": ""},
			NoCache:      true,
			Pull:         true,
			NetworkMode:  "host",
			ExtraHosts:   []string{"h1:1.2.3.4", "h2:::1"},
			Platform:     "linux/amd64",
			ForceRemove:  true,
			CacheFrom:    []string{"c1", "c2", "c3"},
			ShmSize:      64 << 20,
			Ulimits:      []*container.Ulimit{{Name: "nofile", Soft: 1024, Hard: 2048}, {Name: "nproc", Soft: 10, Hard: 10}},
			Isolation:    "default",
			CPUSetCPUs:   "0-1",
			CPUSetMems:   "0",
			CPUShares:    5,
			CPUPeriod:    100000,
			CPUQuota:     50000,
			Memory:       100 << 20,
			MemorySwap:   200 << 20,
			SecurityOpt:  []string{"seccomp=unconfined", "no-new-privileges"},
			CgroupParent: "cg",
		}, "buildargs=%7B%22E%22%3A%22%22%2C%22FOO%22%3A%22fooval%22%2C%22K%22%3A%22V%22%2C%22UNSETV%22%3Anull%7D&cachefrom=%5B%22c1%22%2C%22c2%22%2C%22c3%22%5D&cgroupparent=cg&cpuperiod=100000&cpuquota=50000&cpusetcpus=0-1&cpusetmems=0&cpushares=5&dockerfile=Dockerfile&extrahosts=h1%3A1.2.3.4&extrahosts=h2%3A%3A%3A1&forcerm=1&labels=%7B%22l1%22%3A%22v1%22%2C%22l2%22%3A%22%22%7D&memory=104857600&memswap=209715200&networkmode=host&nocache=1&platform=linux%2Famd64&pull=1&securityopt=seccomp%3Dunconfined&securityopt=no-new-privileges&shmsize=67108864&t=a%3A1&t=b&target=st&ulimits=%5B%7B%22Name%22%3A%22nofile%22%2C%22Hard%22%3A2048%2C%22Soft%22%3A1024%7D%2C%7B%22Name%22%3A%22nproc%22%2C%22Hard%22%3A10%2C%22Soft%22%3A10%7D%5D&version=1"},
		{"rm=false", ImageBuildOptions{Dockerfile: "Dockerfile", KeepInterim: true}, "dockerfile=Dockerfile&rm=0&version=1"},
		{"quiet", ImageBuildOptions{Dockerfile: "Dockerfile", Quiet: true}, "dockerfile=Dockerfile&q=1&version=1"},
		{"isolation", ImageBuildOptions{Dockerfile: "Dockerfile", Isolation: "hyperv"}, "dockerfile=Dockerfile&isolation=hyperv&version=1"},
		{"unlimited swap", ImageBuildOptions{Dockerfile: "Dockerfile", MemorySwap: -1}, "dockerfile=Dockerfile&memswap=-1&version=1"},
		{"squash", ImageBuildOptions{Dockerfile: "Dockerfile", Squash: true}, "dockerfile=Dockerfile&squash=1&version=1"},
		{"same tag twice", ImageBuildOptions{Dockerfile: "Dockerfile", Tags: []string{"a", "a"}}, "dockerfile=Dockerfile&t=a&t=a&version=1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q, err := buildQuery(tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			if got := q.Encode(); got != tc.want {
				t.Errorf("query\n got %s\nwant %s", got, tc.want)
			}
		})
	}
}

// The context is the request body, the credentials of every registry go in
// X-Registry-Config ({} when there are none), and the stream comes back unread.
func TestImageBuild(t *testing.T) {
	e := fakeengine.New(t)
	var body string
	e.Expect("POST", "/build").Query("t", "x:y").Header("Content-Type", "application/x-tar").
		Header("X-Registry-Config", "eyJyZWcuZXhhbXBsZTo0NDMiOnsidXNlcm5hbWUiOiJ1MyIsInBhc3N3b3JkIjoicDMiLCJzZXJ2ZXJhZGRyZXNzIjoicmVnLmV4YW1wbGU6NDQzIiwiaWRlbnRpdHl0b2tlbiI6InRvayJ9fQ==").
		ReplyFunc(func(w http.ResponseWriter, r *http.Request) {
			b, _ := io.ReadAll(r.Body)
			body = string(b)
			io.WriteString(w, `{"stream":"ok\n"}`)
		})
	e.Expect("POST", "/build").Header("X-Registry-Config", "e30=").NoQuery("t").ReplyError(400, "dockerfile parse error line 2: unknown instruction: FOO")
	c := newTestClient(t, e, Options{})
	ctx := context.Background()
	rc, err := c.ImageBuild(ctx, strings.NewReader("the context"), ImageBuildOptions{Tags: []string{"x:y"},
		AuthConfigs: map[string]RegistryAuth{"reg.example:443": {Username: "u3", Password: "p3", ServerAddress: "reg.example:443", IdentityToken: "tok"}}})
	if err != nil {
		t.Fatal(err)
	}
	m, err := NewJSONMessageDecoder(rc).Next()
	rc.Close()
	if err != nil || m.Stream != "ok\n" || body != "the context" {
		t.Fatalf("%+v %v %q", m, err, body)
	}
	_, err = c.ImageBuild(ctx, strings.NewReader(""), ImageBuildOptions{})
	if err == nil || err.Error() != "Error response from daemon: dockerfile parse error line 2: unknown instruction: FOO" {
		t.Fatalf("got %v", err)
	}
}
