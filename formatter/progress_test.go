package formatter_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/moby/moby/api/types/jsonstream"

	"github.com/skiff-cli/skiff/client"

	"github.com/skiff-cli/skiff/formatter"
	"github.com/skiff-cli/skiff/formatter/formattertest"
)

// The golden files are docker 28.2.2's own output for the same streams (replayed by a
// fake engine to `docker pull`, on a pty of the given width and through a pipe), without
// pull's closing reference line.
func TestRenderProgressGolden(t *testing.T) {
	for _, tc := range []struct {
		stream, golden string
		terminal       bool
		width          int
		wantErr        string
	}{
		{stream: "progress-pull.json", golden: "progress-pull-plain.golden"},
		{stream: "progress-pull.json", golden: "progress-pull-term120.golden", terminal: true, width: 120},
		{stream: "progress-pull.json", golden: "progress-pull-term80.golden", terminal: true, width: 80},
		{stream: "progress-error.json", golden: "progress-error-plain.golden", wantErr: "read tcp: connection reset by peer"},
		{stream: "progress-error.json", golden: "progress-error-term80.golden", terminal: true, width: 80, wantErr: "read tcp: connection reset by peer"},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			in, err := os.Open(filepath.Join("testdata", tc.stream))
			if err != nil {
				t.Fatal(err)
			}
			defer in.Close()
			var out bytes.Buffer
			err = formatter.RenderProgress(client.NewJSONMessageDecoder(in), &out, formatter.ProgressOptions{Terminal: tc.terminal, Width: tc.width})
			if tc.wantErr == "" && err != nil {
				t.Fatalf("unexpected error %v", err)
			}
			if tc.wantErr != "" {
				var jerr *client.JSONMessageError
				if !errors.As(err, &jerr) || err.Error() != tc.wantErr {
					t.Fatalf("error = %v, want JSONMessageError %q", err, tc.wantErr)
				}
			}
			formattertest.AssertGolden(t, tc.golden, out.Bytes())
		})
	}
}

func TestProgressBar(t *testing.T) {
	for _, tc := range []struct {
		p     jsonstream.Progress
		width int
		want  string
	}{
		{jsonstream.Progress{}, 200, ""},
		{jsonstream.Progress{Current: 5000}, 200, "     5kB"},
		{jsonstream.Progress{Current: 0, Total: 100}, 200, "[>" + strings.Repeat(" ", 50) + "]       0B/100B"},
		{jsonstream.Progress{Current: 100, Total: 100}, 111, "[" + strings.Repeat("=", 50) + ">]     100B/100B"},
		{jsonstream.Progress{Current: 50, Total: 100}, 110, "     50B/100B"},
		{jsonstream.Progress{Current: 300, Total: 100}, 80, "    300B"},
		{jsonstream.Progress{Current: 1, Total: 4, Units: "items"}, 80, "1/4 items"},
		{jsonstream.Progress{Current: 1, Total: 4, HideCounts: true}, 200, "[============>" + strings.Repeat(" ", 38) + "] "},
	} {
		if got := formatter.ProgressBar(&tc.p, tc.width); got != tc.want {
			t.Errorf("ProgressBar(%+v, %d) = %q, want %q", tc.p, tc.width, got, tc.want)
		}
	}
}

// Aux messages (image IDs from build/load) go to the callback, not to the output.
func TestRenderProgressAux(t *testing.T) {
	in := strings.NewReader(`{"status":"Loaded"}{"aux":{"ID":"sha256:abc"}}{"stream":"done\n"}`)
	var out bytes.Buffer
	var aux []string
	err := formatter.RenderProgress(client.NewJSONMessageDecoder(in), &out, formatter.ProgressOptions{Aux: func(m client.JSONMessage) {
		aux = append(aux, string(*m.Aux))
	}})
	if err != nil {
		t.Fatal(err)
	}
	if out.String() != "Loaded\ndone\n" || len(aux) != 1 || aux[0] != `{"ID":"sha256:abc"}` {
		t.Fatalf("out %q aux %q", out.String(), aux)
	}
}

// Without a callback an aux message is still not drawn: push's ends its stream with
// {"progressDetail":{},"aux":{...}}, which docker does not print, on a terminal or not.
func TestRenderProgressAuxNoCallback(t *testing.T) {
	for _, terminal := range []bool{false, true} {
		in := strings.NewReader(`{"status":"v1: digest: sha256:9a size: 527"}` +
			`{"progressDetail":{},"aux":{"Tag":"v1","Digest":"sha256:9a","Size":527}}`)
		var out bytes.Buffer
		if err := formatter.RenderProgress(client.NewJSONMessageDecoder(in), &out, formatter.ProgressOptions{Terminal: terminal}); err != nil {
			t.Fatal(err)
		}
		if out.String() != "v1: digest: sha256:9a size: 527\n" {
			t.Errorf("terminal %v: %q", terminal, out.String())
		}
	}
}

// A message without progress ends the block of in-place lines: a layer id seen again
// afterwards gets a new line.
func TestRenderProgressResetsLines(t *testing.T) {
	in := strings.NewReader(`{"id":"a","status":"x","progressDetail":{}}{"status":"next"}{"id":"a","status":"y","progressDetail":{}}`)
	var out bytes.Buffer
	if err := formatter.RenderProgress(client.NewJSONMessageDecoder(in), &out, formatter.ProgressOptions{Terminal: true}); err != nil {
		t.Fatal(err)
	}
	want := "\n\x1b[1A\x1b[2K\ra: x \r\x1b[1Bnext\n\n\x1b[1A\x1b[2K\ra: y \r\x1b[1B"
	if out.String() != want {
		t.Fatalf("got %q\nwant %q", out.String(), want)
	}
}
