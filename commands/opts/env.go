package opts

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ValidateEnv checks a -e value: NAME=value, or NAME alone, which takes NAME's value
// from the environment when it is set there and is passed as is otherwise.
func ValidateEnv(v string) (string, error) {
	k, _, hasValue := strings.Cut(v, "=")
	if k == "" {
		return "", fmt.Errorf("invalid environment variable: %s", v)
	}
	if hasValue {
		return v, nil
	}
	if val, ok := os.LookupEnv(k); ok {
		return k + "=" + val, nil
	}
	return v, nil
}

// ValidateLabel checks a -l value, name[=value]: spaces before the name pass (and stay
// in it), spaces in or after it do not ("a =1" is docker 28's "label 'a ' contains
// whitespaces").
func ValidateLabel(v string) (string, error) {
	k, _, _ := strings.Cut(v, "=")
	k = strings.TrimLeftFunc(k, unicode.IsSpace)
	if k == "" {
		return "", fmt.Errorf("invalid label '%s': empty name", v)
	}
	if strings.ContainsFunc(k, unicode.IsSpace) {
		return "", fmt.Errorf("label '%s' contains whitespaces", k)
	}
	return v, nil
}

// ParseEnvFile reads an --env-file: NAME=value lines; blank lines and lines starting
// with # are skipped; leading blanks are dropped, the value is kept verbatim; a NAME
// alone takes its value from the environment and is dropped when it is not set there.
func ParseEnvFile(path string) ([]string, error) {
	return parseKeyValueFile(path, os.LookupEnv)
}

// ParseLabelFile reads a --label-file: the env file's syntax, but a name without a
// value is dropped.
func ParseLabelFile(path string) ([]string, error) {
	return parseKeyValueFile(path, nil)
}

func parseKeyValueFile(path string, lookup func(string) (string, bool)) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out, err := ParseKeyValues(f, lookup)
	if err != nil {
		return nil, fmt.Errorf("invalid env file (%s): %w", path, err)
	}
	return out, nil
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// ParseKeyValues parses env-file lines from r; lookup (may be nil) resolves names given
// without a value.
func ParseKeyValues(r io.Reader, lookup func(string) (string, bool)) ([]string, error) {
	sc := bufio.NewScanner(r) // lines up to 64 KiB, as docker reads them
	var out []string
	for n := 1; sc.Scan(); n++ {
		b := sc.Bytes()
		if n == 1 {
			b = bytes.TrimPrefix(b, utf8BOM)
		}
		if !utf8.Valid(b) {
			return nil, fmt.Errorf("invalid utf8 bytes at line %d: %v", n, b)
		}
		line := strings.TrimLeftFunc(string(b), unicode.IsSpace)
		if line == "" || line[0] == '#' {
			continue
		}
		name, value, hasValue := strings.Cut(line, "=")
		if name == "" {
			return nil, fmt.Errorf("no variable name on line '%s'", line)
		}
		if strings.ContainsFunc(name, unicode.IsSpace) {
			return nil, fmt.Errorf("variable '%s' contains whitespaces", name)
		}
		if hasValue {
			out = append(out, name+"="+value)
			continue
		}
		if lookup != nil {
			if v, ok := lookup(name); ok {
				out = append(out, name+"="+v)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return out, nil
}
