package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Filters are the "filters" query parameter of list endpoints: key -> values.
type Filters map[string][]string

// NewFilters returns Filters holding the given key/value pairs.
func NewFilters(kv ...[2]string) Filters {
	f := Filters{}
	for _, p := range kv {
		f.Add(p[0], p[1])
	}
	return f
}

// Add adds value under key (a value already present is not repeated).
func (f Filters) Add(key, value string) {
	for _, v := range f[key] {
		if v == value {
			return
		}
	}
	f[key] = append(f[key], value)
}

// Get returns the values of key.
func (f Filters) Get(key string) []string { return f[key] }

// Contains reports whether key has any value.
func (f Filters) Contains(key string) bool { return len(f[key]) > 0 }

// Len is the number of keys.
func (f Filters) Len() int { return len(f) }

// Clone returns a deep copy.
func (f Filters) Clone() Filters {
	out := make(Filters, len(f))
	for k, vs := range f {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// Encode returns the JSON the engine expects (all API versions ≥ 1.22,
// 1.41 included): {"key":{"value":true,...},...}, keys and values sorted.
// Empty filters encode to "" (leave the parameter out).
func (f Filters) Encode() string {
	if len(f) == 0 {
		return ""
	}
	keys := make([]string, 0, len(f))
	for k := range f {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		writeJSONString(&b, k)
		b.WriteString(":{")
		vals := append([]string(nil), f[k]...)
		sort.Strings(vals)
		for j, v := range vals {
			if j > 0 {
				b.WriteByte(',')
			}
			writeJSONString(&b, v)
			b.WriteString(":true")
		}
		b.WriteByte('}')
	}
	b.WriteByte('}')
	return b.String()
}

func writeJSONString(b *strings.Builder, s string) {
	enc, _ := json.Marshal(s) // never fails for a string
	b.Write(enc)
}

// ParseFilters decodes filters JSON in either shape the engine knows:
// {"key":{"value":true}} or the legacy {"key":["value"]}. "" gives empty
// Filters. Values mapped to false are dropped.
func ParseFilters(s string) (Filters, error) {
	f := Filters{}
	if strings.TrimSpace(s) == "" {
		return f, nil
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal([]byte(s), &raw); err != nil {
		return nil, fmt.Errorf("invalid filters JSON: %w", err)
	}
	for k, r := range raw {
		var set map[string]bool
		if err := json.Unmarshal(r, &set); err == nil {
			vals := make([]string, 0, len(set))
			for v, on := range set {
				if on {
					vals = append(vals, v)
				}
			}
			sort.Strings(vals)
			f[k] = vals
			continue
		}
		var list []string
		if err := json.Unmarshal(r, &list); err != nil {
			return nil, fmt.Errorf("invalid filters JSON: value of %q must be an object of booleans or a list of strings", k)
		}
		f[k] = nil
		for _, v := range list {
			f.Add(k, v)
		}
	}
	return f, nil
}

// errBadFilterFormat is the reason ParseFilterFlag gives for an argument
// without "=" (docker: `invalid argument "foo" for "-f, --filter" flag: bad
// format of filter (expected name=value)`; pflag adds the rest when the
// flag's Set returns this error).
var errBadFilterFormat = errors.New("bad format of filter (expected name=value)")

// ParseFilterFlag adds one --filter argument "name=value" to f the way
// docker does: the name is trimmed and lower-cased, the value trimmed, the
// value may itself contain "=" ("label=a=b"). An empty argument is ignored,
// as docker ignores it (`ps -f ""` lists everything).
func (f Filters) ParseFilterFlag(arg string) error {
	if arg == "" {
		return nil
	}
	name, value, ok := strings.Cut(arg, "=")
	if !ok {
		return errBadFilterFormat
	}
	f.Add(strings.ToLower(strings.TrimSpace(name)), strings.TrimSpace(value))
	return nil
}
