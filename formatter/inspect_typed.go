package formatter

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// TypedGetter fetches one object as a value of the client's own type.
type TypedGetter func(ref string) (any, error)

// InspectTyped is Inspect for objects docker prints from its own types rather than the
// daemon's bytes (docker volume inspect): the JSON is the value re-encoded, and a
// template sees only the typed value, with no fallback to the raw fields, so a missing
// field reads "can't evaluate field Foo in type volume.Volume".
func InspectTyped(out io.Writer, refs []string, format string, get TypedGetter) error {
	if format == "" || format == JSONFormatKey {
		return Inspect(out, refs, format, func(ref string) (any, []byte, error) {
			v, err := get(ref)
			if err != nil {
				return nil, nil, err
			}
			raw, err := json.Marshal(v)
			return v, raw, err
		})
	}
	tmpl, err := Parse(format)
	if err != nil {
		return &InspectError{Messages: []string{"template parsing error: " + err.Error()}, Code: 64}
	}
	var (
		errs    []string
		printed int
		b       bytes.Buffer
	)
	for _, ref := range refs {
		v, err := get(ref)
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		b.Reset()
		if err := tmpl.Execute(&b, v); err != nil {
			errs = append(errs, "template parsing error: "+err.Error())
			continue
		}
		b.WriteByte('\n')
		printed++
		if _, err := out.Write(b.Bytes()); err != nil {
			return err
		}
	}
	if printed == 0 {
		// As Inspect: a template run that printed nothing ends with an empty line.
		fmt.Fprintln(out)
	}
	if len(errs) > 0 {
		return &InspectError{Messages: errs, Code: 1}
	}
	return nil
}
