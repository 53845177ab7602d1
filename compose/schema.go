package compose

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
)

// A small schema of the v3 compose format, one per minor version (3.0 to 3.13, each
// with the keys docker 28 accepts in a file of that version), written from the
// format's documentation and docker's observed refusals. It words its refusals as
// docker 28's stack loader does: "services.web.tty must be a boolean", "(root)
// Additional property foo is not allowed", and of several it names the most
// specific one (the deepest path), as docker does.
type kind uint8

const (
	kAny kind = iota
	kString
	kInt
	kNumber
	kBool
	kObject
	kList
	kStringOrList   // "a b" or ["a", "b"]
	kStringOrNum    // a string or a number (durations, sizes, expose)
	kListOrDict     // ["A=1"] or {A: 1}
	kStringOrObj    // short or long syntax of one value (build, ulimit)
	kNumOrObj       // ulimits: 65535 or {soft, hard}
	kBoolOrObj      // external: true or {name: x}
	kListOfStrOrObj // secrets, configs, ports, volumes: short or long items
)

type schema struct {
	kind   kind
	props  map[string]*schema // object properties (nil: any key, see values)
	values *schema            // schema of every value of a map (kObject without props)
	items  *schema            // list items / long syntax objects
	keyRE  string             // keys of a map must match this
	format string             // "ports", "duration"
	// nullable lets an empty entry stand for defaults ("deploy:", a network "back:")
	nullable bool
	// ext allows extension keys ("x-foo") beside props: docker allows them at some
	// levels only, from some version on (top level 3.4, services 3.7, build 3.11).
	ext bool
	// required keys of an object, enum the values a string may take
	required, enum []string
}

// schemaErrors keeps docker's choice among a file's refusals: the one with the deepest
// path (docker picks one at random among equally deep ones; the first found here).
type schemaErrors struct {
	err   error
	depth int
}

func (c *schemaErrors) add(path string, err error) {
	d := 0
	if path != "" {
		d = strings.Count(path, ".") + 1
	}
	if c.err == nil || d > c.depth {
		c.err, c.depth = err, d
	}
}

func obj(props map[string]*schema) *schema { return &schema{kind: kObject, props: props} }
func mapOf(v *schema) *schema              { return &schema{kind: kObject, values: v} }
func listOf(v *schema) *schema             { return &schema{kind: kList, items: v} }

// typeWord is the noun docker's message uses for the first type a value may have.
func (s *schema) typeWord() string {
	switch s.kind {
	case kString, kStringOrList, kStringOrNum, kStringOrObj:
		return "string"
	case kInt:
		return "integer"
	case kNumber, kNumOrObj:
		return "number"
	case kBool, kBoolOrObj:
		return "boolean"
	case kObject, kListOrDict:
		return "mapping"
	case kList, kListOfStrOrObj:
		return "list"
	}
	return "value"
}

func isInt(v any) bool {
	switch v.(type) {
	case int, int64, uint64:
		return true
	}
	return false
}

func isNum(v any) bool {
	if isInt(v) {
		return true
	}
	_, ok := v.(float64)
	return ok
}

// check validates v; path is "" at the root. It returns the refusal docker names.
func (s *schema) check(v any, path string) error {
	var c schemaErrors
	s.walk(v, path, &c)
	return c.err
}

// walk adds every refusal of v to c.
func (s *schema) walk(v any, path string, c *schemaErrors) {
	fail := func(err error) { c.add(path, err) }
	bad := func() {
		name := path
		if name == "" {
			name = "(root)"
		}
		fail(fmt.Errorf("%s must be a %s", name, s.typeWord()))
	}
	_, isStr := v.(string)
	m, isMap := v.(map[string]any)
	l, isList := v.([]any)
	switch s.kind {
	case kAny:
	case kString:
		switch {
		case !isStr:
			bad()
		case s.format == "duration":
			if _, err := time.ParseDuration(v.(string)); err != nil {
				fail(fmt.Errorf("%s Does not match format 'duration'", path))
			}
		case s.enum != nil && !slices.Contains(s.enum, v.(string)):
			// docker names the path twice here
			fail(fmt.Errorf("%s %s must be one of the following: \"%s\"", path, path, strings.Join(s.enum, `", "`)))
		}
	case kInt:
		if !isInt(v) {
			bad()
		}
	case kNumber:
		if !isNum(v) {
			bad()
		}
	case kBool:
		if _, ok := v.(bool); !ok {
			bad()
		}
	case kStringOrNum:
		if !isStr && !isNum(v) {
			bad()
		}
	case kStringOrList:
		if isList {
			listOf(&schema{kind: kString}).walk(v, path, c)
		} else if !isStr {
			bad()
		}
	case kListOrDict:
		if isList {
			return
		}
		if !isMap {
			bad()
			return
		}
		for _, k := range sortedKeys(m) {
			if sub, ok := m[k].(map[string]any); ok && s.values != nil {
				s.values.walk(sub, joinPath(path, k), c)
				continue
			}
			switch m[k].(type) {
			case string, int, int64, uint64, float64, nil:
			default:
				c.add(joinPath(path, k), fmt.Errorf("%s must be a string, number or null", joinPath(path, k)))
			}
		}
	case kStringOrObj:
		if isStr {
			return
		}
		if !isMap {
			bad()
			return
		}
		s.items.walk(v, path, c)
	case kNumOrObj:
		if isInt(v) {
			return
		}
		if !isMap {
			(&schema{kind: kInt}).walk(v, path, c)
			return
		}
		s.items.walk(v, path, c)
	case kBoolOrObj:
		if _, ok := v.(bool); ok {
			return
		}
		if !isMap {
			bad()
			return
		}
		s.items.walk(v, path, c)
	case kList, kListOfStrOrObj:
		if !isList {
			bad()
			return
		}
		for i, e := range l {
			p := fmt.Sprintf("%s.%d", path, i)
			if s.kind == kList {
				s.items.walk(e, p, c)
				continue
			}
			s.walkItem(e, p, c)
		}
	case kObject:
		if !isMap {
			bad()
			return
		}
		name := path
		if name == "" {
			name = "(root)"
		}
		for _, k := range s.required {
			if _, ok := m[k]; !ok {
				fail(fmt.Errorf("%s %s is required", name, k))
			}
		}
		keys := sortedKeys(m)
		for _, k := range keys {
			if s.ext && strings.HasPrefix(k, "x-") {
				continue
			}
			if s.props != nil {
				if _, ok := s.props[k]; !ok {
					fail(fmt.Errorf("%s Additional property %s is not allowed", name, k))
				}
			} else if s.keyRE != "" && !regexp.MustCompile(s.keyRE).MatchString(k) {
				fail(fmt.Errorf("%s Additional property %s is not allowed", name, k))
			}
		}
		for _, k := range keys {
			var sub *schema
			if s.props != nil {
				sub = s.props[k]
			} else {
				sub = s.values
			}
			if sub == nil {
				continue
			}
			if m[k] == nil && (sub.nullable || sub.kind == kAny) {
				continue
			}
			sub.walk(m[k], joinPath(path, k), c)
		}
	}
}

// walkItem checks one item of a list of short or long syntax (ports, volumes, secrets,
// configs). Without items the list has no long syntax in the file's version (ports and
// volumes before 3.2): docker then names the short syntax's types.
func (s *schema) walkItem(e any, p string, c *schemaErrors) {
	ports := s.format == "ports"
	if es, ok := e.(string); ok {
		if ports && !validPortSpec(es) {
			c.add(p, fmt.Errorf("%s Does not match format 'ports'", p))
		}
		return
	}
	if ports && isNum(e) {
		return
	}
	if _, ok := e.(map[string]any); !ok || s.items == nil {
		switch {
		case ports && s.items == nil:
			c.add(p, fmt.Errorf("%s must be a string or number", p))
		case ports:
			c.add(p, fmt.Errorf("%s must be a number", p))
		default:
			c.add(p, fmt.Errorf("%s must be a string", p))
		}
		return
	}
	s.items.walk(e, p, c)
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// validPortSpec is the short syntax of ports: [[IP:]PUBLISHED[-END]:]TARGET[-END][/PROTO].
func validPortSpec(s string) bool {
	return regexp.MustCompile(`^((\[[0-9a-fA-F:.]+\]|[0-9.]+):)?(\d*(-\d+)?:)?\d+(-\d+)?(/(tcp|udp|sctp))?$|^:\d+(-\d+)?(/(tcp|udp|sctp))?$`).MatchString(s)
}
