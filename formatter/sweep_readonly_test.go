package formatter

import (
	"bytes"
	"strings"
	"testing"

	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/network"
	"github.com/moby/moby/api/types/volume"

	"github.com/skiff-cli/skiff/client"
)

// docker 28's container inspect has ImageManifestDescriptor: engines before API 1.48 do
// not send it, and a template naming it prints <nil> (not "map has no entry").
func TestSweepReadonlyContainerInspectManifestDescriptor(t *testing.T) {
	raw := []byte(`{"Id":"abc","Name":"/x","State":{"Status":"created"},"Config":{},"HostConfig":{},"NetworkSettings":{}}`)
	get := func(string) (any, []byte, error) {
		v, err := ContainerInspectValue(raw)
		return v, raw, err
	}
	var b bytes.Buffer
	if err := Inspect(&b, []string{"x"}, "{{.ImageManifestDescriptor}}|{{json .ImageManifestDescriptor}}", get); err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), "<nil>|null\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	// the engine's JSON without it is printed as is
	b.Reset()
	if err := Inspect(&b, []string{"x"}, "json", get); err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), "["+string(raw)+"]\n"; got != want {
		t.Errorf("json: got %q, want %q", got, want)
	}
}

// Every row of docker's listings has a Header field and a FullHeader method that
// print "<no value>"; JSON leaves them out.
func TestSweepReadonlyRowHeader(t *testing.T) {
	writers := map[string]func(ctx Context) error{
		"ps": func(ctx Context) error {
			return ContainerWrite(ctx, []container.Summary{{ID: "abc", Names: []string{"/x"}}}, false)
		},
		"network ls": func(ctx Context) error { return NetworkWrite(ctx, []network.Summary{{}}) },
		"volume ls":  func(ctx Context) error { return VolumeWrite(ctx, []volume.Volume{{Name: "v"}}) },
		"system df": func(ctx Context) error {
			return DiskUsageWrite(ctx, client.DiskUsage{}, false)
		},
	}
	for name, write := range writers {
		var b bytes.Buffer
		if err := write(Context{Output: &b, Format: "{{.FullHeader}}|{{.Header}}", Trunc: true}); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, line := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
			if line != "<no value>|<no value>" {
				t.Errorf("%s: row %q, want <no value>|<no value>", name, line)
			}
		}
		b.Reset()
		if err := write(Context{Output: &b, Format: "json", Trunc: true}); err != nil {
			t.Fatalf("%s json: %v", name, err)
		}
		if strings.Contains(b.String(), "Header") {
			t.Errorf("%s json: %s", name, b.String())
		}
	}
}
