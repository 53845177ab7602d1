package formatter

import (
	"bytes"
	"errors"
	"testing"
)

type typedVol struct {
	Name string
}

func TestInspectTyped(t *testing.T) {
	get := func(ref string) (any, error) {
		if ref == "nope" {
			return nil, errors.New("Error response from daemon: get nope: no such volume")
		}
		return typedVol{Name: ref}, nil
	}
	tests := []struct {
		format, out, err string
		code             int
	}{
		{format: "", out: "[\n    {\n        \"Name\": \"a\"\n    }\n]\n"},
		{format: "json", out: `[{"Name":"a"}]` + "\n"},
		{format: "{{.Name}}", out: "a\n"},
		{format: "{{.Foo}}", out: "\n", code: 1,
			err: `template parsing error: template: :1:2: executing "" at <.Foo>: can't evaluate field Foo in type formatter.typedVol`},
		{format: "{{.Foo", out: "", code: 64, err: "template parsing error: template: :1: unclosed action"},
	}
	for _, tc := range tests {
		var b bytes.Buffer
		err := InspectTyped(&b, []string{"a"}, tc.format, get)
		if b.String() != tc.out {
			t.Errorf("%q: out %q, want %q", tc.format, b.String(), tc.out)
		}
		if tc.err == "" {
			if err != nil {
				t.Errorf("%q: %v", tc.format, err)
			}
			continue
		}
		var ie *InspectError
		if !errors.As(err, &ie) || err.Error() != tc.err || ie.ExitCode() != tc.code {
			t.Errorf("%q: err %v, want %q (code %d)", tc.format, err, tc.err, tc.code)
		}
	}

	var b bytes.Buffer
	err := InspectTyped(&b, []string{"a", "nope", "b"}, "{{.Name}}", get)
	if b.String() != "a\nb\n" || err == nil || err.Error() != "Error response from daemon: get nope: no such volume" {
		t.Errorf("missing object: out %q err %v", b.String(), err)
	}
}
