package formatter

import (
	"bytes"
	"errors"
	"testing"

	"gotest.tools/v3/assert"
)

type inspectObj struct {
	ID   string `json:"Id"`
	Size int64
}

func getter(objs map[string]string) InspectGetter {
	return func(ref string) (any, []byte, error) {
		raw, ok := objs[ref]
		if !ok {
			return nil, nil, errors.New("Error: No such object: " + ref)
		}
		return inspectObj{ID: ref, Size: 1984241}, []byte(raw), nil
	}
}

func TestInspect(t *testing.T) {
	objs := map[string]string{
		"a": `{"Id":"a","Size":1984241,"Extra":{"K":"v"}}`,
		"b": `{"Id":"b","Size":1984241,"Extra":{"K":"w"}}`,
	}
	cases := []struct {
		name, format string
		refs         []string
		out, err     string
		code         int
	}{
		{"indented", "", []string{"a", "b"}, "[\n    {\n        \"Id\": \"a\",\n        \"Size\": 1984241,\n        \"Extra\": {\n            \"K\": \"v\"\n        }\n    },\n    {\n        \"Id\": \"b\",\n        \"Size\": 1984241,\n        \"Extra\": {\n            \"K\": \"w\"\n        }\n    }\n]\n", "", 0},
		{"none found", "", []string{"x"}, "[]\n", "Error: No such object: x", 1},
		{"json", "json", []string{"a", "x"}, `[{"Id":"a","Size":1984241,"Extra":{"K":"v"}}]` + "\n", "Error: No such object: x", 1},
		{"typed template keeps integers", "{{.ID}} {{.Size}}", []string{"a", "b"}, "a 1984241\nb 1984241\n", "", 0},
		{"raw fallback", "{{.Extra.K}}", []string{"a"}, "v\n", "", 0},
		{"raw fallback keeps integers", "{{.Id}} {{.Size}}", []string{"a"}, "a 1984241\n", "", 0},
		{"missing key", "{{.Nope}}", []string{"a"}, "\n", `template parsing error: template: :1:2: executing "" at <.Nope>: map has no entry for key "Nope"`, 1},
		{"parse error", "{{.Foo", []string{"a"}, "", "template parsing error: template: :1: unclosed action", 64},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out bytes.Buffer
			err := Inspect(&out, c.refs, c.format, getter(objs))
			assert.Equal(t, out.String(), c.out)
			if c.err == "" {
				assert.NilError(t, err)
				return
			}
			var ie *InspectError
			assert.Assert(t, errors.As(err, &ie))
			assert.Equal(t, ie.Error(), c.err)
			assert.Equal(t, ie.ExitCode(), c.code)
		})
	}
}
