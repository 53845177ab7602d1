package compose

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// A small schema of the v3 compose format (3.0 to 3.13, the union of their keys),
// written from the format's documentation. It words its refusals as docker 28's
// stack loader does: "services.web.tty must be a boolean", "(root) Additional
// property foo is not allowed".
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

// check validates v; path is "" at the root. It returns docker's first refusal.
func (s *schema) check(v any, path string) error {
	bad := func() error {
		name := path
		if name == "" {
			name = "(root)"
		}
		return fmt.Errorf("%s must be a %s", name, s.typeWord())
	}
	_, isStr := v.(string)
	m, isMap := v.(map[string]any)
	l, isList := v.([]any)
	switch s.kind {
	case kAny:
		return nil
	case kString:
		if !isStr {
			return bad()
		}
	case kInt:
		if !isInt(v) {
			return bad()
		}
	case kNumber:
		if !isNum(v) {
			return bad()
		}
	case kBool:
		if _, ok := v.(bool); !ok {
			return bad()
		}
	case kStringOrNum:
		if !isStr && !isNum(v) {
			return bad()
		}
	case kStringOrList:
		if isList {
			return listOf(&schema{kind: kString}).check(v, path)
		}
		if !isStr {
			return bad()
		}
	case kListOrDict:
		if isList {
			return nil
		}
		if !isMap {
			return bad()
		}
		for _, k := range sortedKeys(m) {
			if sub, ok := m[k].(map[string]any); ok && s.values != nil {
				if err := s.values.check(sub, joinPath(path, k)); err != nil {
					return err
				}
				continue
			}
			switch m[k].(type) {
			case string, int, int64, uint64, float64, nil:
			default:
				return fmt.Errorf("%s must be a string, number or null", joinPath(path, k))
			}
		}
	case kStringOrObj:
		if isStr {
			return nil
		}
		if !isMap {
			return bad()
		}
		return s.items.check(v, path)
	case kNumOrObj:
		if isInt(v) {
			return nil
		}
		if !isMap {
			return (&schema{kind: kInt}).check(v, path)
		}
		return s.items.check(v, path)
	case kBoolOrObj:
		if _, ok := v.(bool); ok {
			return nil
		}
		if !isMap {
			return bad()
		}
		return s.items.check(v, path)
	case kList, kListOfStrOrObj:
		if !isList {
			return bad()
		}
		for i, e := range l {
			p := fmt.Sprintf("%s.%d", path, i)
			if s.kind == kListOfStrOrObj {
				if es, ok := e.(string); ok {
					if s.format == "ports" && !validPortSpec(es) {
						return fmt.Errorf("%s Does not match format 'ports'", p)
					}
					continue
				}
				if s.format == "ports" && isNum(e) {
					continue
				}
				if _, ok := e.(map[string]any); !ok {
					return fmt.Errorf("%s must be a string", p)
				}
			}
			if err := s.items.check(e, p); err != nil {
				return err
			}
		}
	case kObject:
		if !isMap {
			return bad()
		}
		name := path
		if name == "" {
			name = "(root)"
		}
		keys := sortedKeys(m)
		for _, k := range keys {
			if strings.HasPrefix(k, "x-") && (s.props != nil || path == "") {
				continue
			}
			if s.props != nil {
				if _, ok := s.props[k]; !ok {
					return fmt.Errorf("%s Additional property %s is not allowed", name, k)
				}
			} else if s.keyRE != "" && !regexp.MustCompile(s.keyRE).MatchString(k) {
				return fmt.Errorf("%s Additional property %s is not allowed", name, k)
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
			if err := sub.check(m[k], joinPath(path, k)); err != nil {
				return err
			}
		}
	}
	return nil
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
