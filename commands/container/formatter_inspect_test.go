package container

import (
	"bytes"
	"testing"

	"github.com/skiff-cli/skiff/formatter"
)

// docker 28's container inspect has ImageManifestDescriptor: engines before API 1.48 do
// not send it, and a template naming it prints <nil> (not "map has no entry").
func TestSweepReadonlyContainerInspectManifestDescriptor(t *testing.T) {
	raw := []byte(`{"Id":"abc","Name":"/x","State":{"Status":"created"},"Config":{},"HostConfig":{},"NetworkSettings":{}}`)
	get := func(string) (any, []byte, error) {
		v, err := InspectValue(raw)
		return v, raw, err
	}
	var b bytes.Buffer
	if err := formatter.Inspect(&b, []string{"x"}, "{{.ImageManifestDescriptor}}|{{json .ImageManifestDescriptor}}", get); err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), "<nil>|null\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	// the engine's JSON without it is printed as is
	b.Reset()
	if err := formatter.Inspect(&b, []string{"x"}, "json", get); err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), "["+string(raw)+"]\n"; got != want {
		t.Errorf("json: got %q, want %q", got, want)
	}
}
