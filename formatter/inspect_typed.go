package formatter

import "io"

// TypedGetter fetches one object as a value of the client's own type.
type TypedGetter func(ref string) (any, error)

// InspectTyped is Inspect for objects docker prints from its own types rather than the
// daemon's bytes (docker volume inspect): the JSON is the value re-encoded, and a
// template sees only the typed value, with no fallback to the raw fields, so a missing
// field reads "can't evaluate field Foo in type volume.Volume".
func InspectTyped(out io.Writer, refs []string, format string, get TypedGetter) error {
	return Inspect(out, refs, format, func(ref string) (any, []byte, error) {
		v, err := get(ref)
		return v, nil, err
	})
}
