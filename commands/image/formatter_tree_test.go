package image

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/moby/moby/api/types/image"
)

// TestImageTreeWidths: on terminals of several widths (columns dropped from the right,
// names shortened, the legend right-aligned). The golden files are what docker 28.2.2
// drew for testdata/image-tree-input.json with -a on a terminal that wide.
func TestImageTreeWidths(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "image-tree-input.json"))
	if err != nil {
		t.Fatal(err)
	}
	var images []image.Summary
	if err := json.Unmarshal(raw, &images); err != nil {
		t.Fatal(err)
	}
	for _, w := range []int{200, 63, 62, 40, 15} {
		want, err := os.ReadFile(filepath.Join("testdata", fmt.Sprintf("image-tree-%d.golden", w)))
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		if err := imageTreeWrite(&out, images, imageTreeOptions{All: true, Terminal: true, Width: w}); err != nil {
			t.Fatal(err)
		}
		if out.String() != string(want) {
			t.Errorf("width %d:\n%q\nwant\n%q", w, out.String(), want)
		}
	}
}

func TestImageTreeNameOrder(t *testing.T) {
	images := []image.Summary{{ID: "sha256:0123456789abcdef", RepoTags: []string{"x:1", "x:latest", "x:2", "y/z:latest"}}}
	var out bytes.Buffer
	if err := imageTreeWrite(&out, images, imageTreeOptions{}); err != nil {
		t.Fatal(err)
	}
	// docker: longest first, equal lengths in their order
	want := "y/z:latest\nx:latest\nx:1\nx:2     "
	if got := out.String(); !bytes.Contains([]byte(got), []byte(want)) {
		t.Errorf("got\n%s\nwant the names as\n%s", got, want)
	}
}
