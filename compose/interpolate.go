package compose

import (
	"fmt"
	"strings"
)

// interpolate replaces $VAR, ${VAR}, ${VAR:-def}, ${VAR-def}, ${VAR:?msg} and ${VAR?msg}
// in s with lookup's values ($$ is a literal $). A variable that is not set is
// replaced by the empty string, silently, as docker 28's stack loader does.
func interpolate(s string, lookup func(string) (string, bool)) (string, error) {
	if !strings.Contains(s, "$") {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '$' {
			b.WriteByte(c)
			continue
		}
		if i+1 >= len(s) {
			return "", badFormat{}
		}
		n := s[i+1]
		switch {
		case n == '$':
			b.WriteByte('$')
			i++
		case n == '{':
			end := strings.IndexByte(s[i+2:], '}')
			if end < 0 {
				return "", badFormat{}
			}
			v, err := braced(s[i+2:i+2+end], lookup)
			if err != nil {
				return "", err
			}
			b.WriteString(v)
			i += 2 + end
		case isNameStart(n):
			j := i + 2
			for j < len(s) && isNameChar(s[j]) {
				j++
			}
			v, _ := lookup(s[i+1 : j])
			b.WriteString(v)
			i = j - 1
		default:
			return "", badFormat{}
		}
	}
	return b.String(), nil
}

// badFormat marks a malformed substitution: the caller words it with the whole value.
type badFormat struct{}

func (badFormat) Error() string { return "bad format" }

// requiredError is ${VAR:?msg} or ${VAR?msg} without a value.
type requiredError struct{ name, msg string }

func (e *requiredError) Error() string {
	return fmt.Sprintf("required variable %s is missing a value: %s", e.name, e.msg)
}

func braced(expr string, lookup func(string) (string, bool)) (string, error) {
	j := 0
	for j < len(expr) && isNameChar(expr[j]) {
		j++
	}
	name, rest := expr[:j], expr[j:]
	if name == "" || !isNameStart(name[0]) {
		return "", badFormat{}
	}
	v, set := lookup(name)
	switch {
	case rest == "":
		return v, nil
	case strings.HasPrefix(rest, ":-"):
		if v == "" {
			return rest[2:], nil
		}
		return v, nil
	case strings.HasPrefix(rest, "-"):
		if !set {
			return rest[1:], nil
		}
		return v, nil
	case strings.HasPrefix(rest, ":?"):
		if v == "" {
			return "", &requiredError{name, rest[2:]}
		}
		return v, nil
	case strings.HasPrefix(rest, "?"):
		if !set {
			return "", &requiredError{name, rest[1:]}
		}
		return v, nil
	}
	return "", badFormat{}
}

func isNameStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

func isNameChar(c byte) bool { return isNameStart(c) || (c >= '0' && c <= '9') }

// interpolateTree substitutes every string value of v (keys are left alone); path names
// the value in errors as docker does ("services.web.image").
func interpolateTree(v any, path string, lookup func(string) (string, bool)) (any, error) {
	switch t := v.(type) {
	case string:
		out, err := interpolate(t, lookup)
		if err != nil {
			what := t
			if re, ok := err.(*requiredError); ok {
				what = re.Error()
			}
			return nil, fmt.Errorf("invalid interpolation format for %s: %q; you may need to escape any $ with another $", path, what)
		}
		return out, nil
	case map[string]any:
		for k, e := range t {
			out, err := interpolateTree(e, joinPath(path, k), lookup)
			if err != nil {
				return nil, err
			}
			t[k] = out
		}
	case []any:
		for i, e := range t {
			// docker names list items by their parent's path
			out, err := interpolateTree(e, path, lookup)
			if err != nil {
				return nil, err
			}
			t[i] = out
		}
	}
	return v, nil
}

func joinPath(path, k string) string {
	if path == "" {
		return k
	}
	return path + "." + k
}
