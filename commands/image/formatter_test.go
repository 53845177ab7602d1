package image

import (
	"strings"
	"testing"
	"time"

	"github.com/moby/moby/api/types/image"

	"github.com/skiff-cli/skiff/formatter"
	"github.com/skiff-cli/skiff/formatter/formattertest"
)

const fmtImageID = "sha256:0520ffc24218ff28e02ad63f40067c276a55535b1a9a12e34d90b2a6214758fe"

func testImages() []image.Summary {
	ago := formattertest.Ago
	dgst := "sha256:1111111111111111111111111111111111111111111111111111111111111111"
	return []image.Summary{
		{ID: fmtImageID, RepoTags: []string{"bb:latest", "skf/x:1", "skf/x:2", "localhost:5000/y:3"}, Created: ago(3 * time.Minute), Size: 1984241, SharedSize: -1, Containers: -1},
		{ID: "sha256:9a9bec4954726a84702af6090700341da569e45cf4f7a241ca3efcce84d2736a", RepoTags: []string{"<none>:<none>"}, RepoDigests: []string{"<none>@<none>"}, Created: ago(49 * time.Hour), Size: 0, SharedSize: 1000, Containers: 2},
		{ID: "sha256:6d7c6ec14f2a00000000000000000000000000000000000000000000000000aa", RepoTags: []string{"pulled:v1"}, RepoDigests: []string{"pulled@" + dgst, "digestonly@" + dgst}, Created: ago(400 * 24 * time.Hour), Size: 123456789, SharedSize: 23456789, Containers: 0},
	}
}

func testHistory() []image.HistoryResponseItem {
	ago := formattertest.Ago
	return []image.HistoryResponseItem{
		{ID: "sha256:9a9bec4954726a84702af6090700341da569e45cf4f7a241ca3efcce84d2736a", Created: ago(2 * time.Second), CreatedBy: "/bin/sh -c #(nop)\tCMD [\"sh\" \"-c\" \"echo a very long command line to truncate\"]", Size: 0, Comment: "my comment", Tags: []string{"skf:v1"}},
		{ID: "<missing>", Created: ago(3 * time.Hour), CreatedBy: "RUN /bin/sh -c echo 日本語日本語日本語日本語日本語日本語日本語日本語日本語 # buildkit", Size: 1234567},
		{ID: fmtImageID, Created: ago(14 * 24 * time.Hour), Size: 1984241, Comment: "Imported from -"},
	}
}

func writeTestImages(ctx formatter.Context) error  { return imageWrite(ctx, testImages(), false) }
func writeTestHistory(ctx formatter.Context) error { return historyWrite(ctx, true, testHistory()) }

// TestFormatterGolden renders images and history in every mode
// (testdata/columns-*.golden).
func TestFormatterGolden(t *testing.T) {
	for _, l := range []formattertest.Listing{
		{
			Name:   "columns-images",
			Custom: `table {{.Repository}}:{{.Tag}}\t{{.ID}}\t{{.Containers}}\t{{.SharedSize}}\t{{.UniqueSize}}`,
			Raw:    `{{.Repository}}|{{.Tag}}|{{.Digest}}|{{.ID}}|{{.CreatedSince}}|{{.CreatedAt}}|{{.Size}}|{{.SharedSize}}|{{.UniqueSize}}|{{.VirtualSize}}|{{.Containers}}`,
			Format: func(s string, q bool) formatter.Format { return imageFormat(s, q, false) },
			Write:  writeTestImages,
		},
		{
			Name:   "columns-images-digests",
			Custom: `table {{.Repository}}\t{{.Tag}}\t{{.ID}}`,
			Raw:    `{{.Repository}}|{{.Tag}}|{{.Digest}}`,
			Format: func(s string, q bool) formatter.Format { return imageFormat(s, q, true) },
			Write:  func(ctx formatter.Context) error { return imageWrite(ctx, testImages(), true) },
		},
		{
			Name:   "columns-history",
			Custom: `table {{.ID}}\t{{.CreatedBy}}\t{{.Comment}}`,
			Raw:    `{{.ID}}|{{.CreatedSince}}|{{.CreatedAt}}|{{.CreatedBy}}|{{.Size}}|{{.Comment}}`,
			Format: func(s string, q bool) formatter.Format { return historyFormat(s, q, true) },
			Write:  writeTestHistory,
		},
		{
			Name:   "columns-history-raw-values",
			Custom: `table {{.ID}}\t{{.CreatedSince}}\t{{.Size}}`,
			Raw:    `{{.ID}}|{{.CreatedSince}}|{{.CreatedAt}}|{{.Size}}`,
			Format: func(s string, q bool) formatter.Format { return historyFormat(s, q, false) },
			Write:  func(ctx formatter.Context) error { return historyWrite(ctx, false, testHistory()) },
		},
	} {
		t.Run(l.Name, func(t *testing.T) { formattertest.Golden(t, l) })
	}
}

// docker keeps images' rows in its formatter package and history's in its image
// package: template errors name *formatter.imageContext and *image.historyContext.
func TestFormatterTemplateErrors(t *testing.T) {
	imageErr := `template parsing error: template: :1:2: executing "" at <.Nope>: can't evaluate field Nope in type *formatter.imageContext`
	formattertest.TemplateError(t, writeTestImages, "{{.Nope}}", imageErr)
	formattertest.TemplateError(t, writeTestImages, "table {{.Nope}}", imageErr)
	formattertest.TemplateError(t, writeTestImages, `table {{.Label "x"}}|`,
		`template parsing error: template: :1:2: executing "" at <.Label>: can't evaluate field Label in type *formatter.imageContext`)
	formattertest.TemplateError(t, writeTestHistory, "{{.Foo}}",
		`template parsing error: template: :1:2: executing "" at <.Foo>: can't evaluate field Foo in type *image.historyContext`)
}

func TestFormatterRows(t *testing.T) {
	now := formattertest.FixedNow()
	var rows []any
	for _, i := range testImages() {
		rows = append(rows, &imageContext{i: &i, repo: "r", tag: "t", digest: "d", trunc: true, now: now})
	}
	for _, h := range testHistory() {
		rows = append(rows, &historyContext{h: &h, trunc: true, human: true, now: now})
	}
	formattertest.RowsMatchMethods(t, rows...)
}

func FuzzImageFormat(f *testing.F) {
	formattertest.Fuzz(f, func(ctx formatter.Context) error {
		_ = imageWrite(ctx, testImages(), true)
		return historyWrite(ctx, true, testHistory())
	})
}

func TestImageRefs(t *testing.T) {
	tests := []struct {
		tags, digests []string
		withDigests   bool
		want          string
	}{
		{nil, nil, false, "<none>:<none>@<none>"},
		{[]string{"<none>:<none>"}, []string{"<none>@<none>"}, true, "<none>:<none>@<none>"},
		{[]string{"a:1", "b:2", "a:3"}, nil, false, "a:1@<none> a:3@<none> b:2@<none>"},
		{[]string{"a:1"}, []string{"a@sha256:" + strings.Repeat("1", 64)}, false, "a:1@<none>"},
		{[]string{"a:1", "a:2"}, []string{"a@sha256:" + strings.Repeat("1", 64)}, true, "a:1@sha256:1111111111111111111111111111111111111111111111111111111111111111 a:2@sha256:1111111111111111111111111111111111111111111111111111111111111111"},
		{nil, []string{"a@sha256:" + strings.Repeat("1", 64)}, false, "a:<none>@<none>"},
		{nil, []string{"a@sha256:" + strings.Repeat("1", 64)}, true, "a:<none>@sha256:1111111111111111111111111111111111111111111111111111111111111111"},
		{[]string{"docker.io/library/x:1", "docker.io/u/y:2"}, nil, false, "x:1@<none> u/y:2@<none>"},
		// names that do not parse: no row, unless they are exactly the placeholder pair
		// (docker 28, observed against engines answering these shapes)
		{[]string{"<none>:<none>"}, []string{"<none>@<none>"}, false, "<none>:<none>@<none>"},
		{[]string{"<none>:<none>"}, nil, false, ""},
		{[]string{"<none>:<none>"}, nil, true, ""},
		{nil, []string{"<none>@<none>"}, true, ""},
		{[]string{"<none>:<none>", "a:b"}, []string{"<none>@<none>"}, true, "a:b@<none>"},
	}
	for _, tt := range tests {
		var got []string
		for _, r := range imageRefs(&image.Summary{RepoTags: tt.tags, RepoDigests: tt.digests}, tt.withDigests) {
			got = append(got, r.repo+":"+r.tag+"@"+r.digest)
		}
		if s := strings.Join(got, " "); s != tt.want {
			t.Errorf("%v %v %v: got %q, want %q", tt.tags, tt.digests, tt.withDigests, s, tt.want)
		}
	}
}
