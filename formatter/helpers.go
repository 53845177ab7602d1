package formatter

import (
	"encoding/json"
	"reflect"
	"sort"
	"strings"
	"time"

	units "github.com/docker/go-units"
	"github.com/mattn/go-runewidth"
)

// shortIDLength is how many hex digits a truncated ID keeps.
const shortIDLength = 12

// TruncateID strips a "sha256:" (or any "algo:") prefix and keeps 12
// characters.
func TruncateID(id string) string {
	if i := strings.IndexByte(id, ':'); i >= 0 {
		id = id[i+1:]
	}
	if len(id) > shortIDLength {
		id = id[:shortIDLength]
	}
	return id
}

// HumanDuration renders d the way the reference's "CREATED" and "STATUS"
// columns do: "Less than a second", "1 second", "About a minute",
// "5 minutes", "About an hour", "2 hours", "3 days", "2 weeks", ...
func HumanDuration(d time.Duration) string { return units.HumanDuration(d) }

// HumanAgo is HumanDuration(now - t) + " ago".
func HumanAgo(now, t time.Time) string {
	return units.HumanDuration(now.UTC().Sub(t)) + " ago"
}

// HumanSize renders a byte count with 4 significant digits in decimal units
// ("1.984MB").
func HumanSize(size float64) string { return units.HumanSize(size) }

// HumanSizeWithPrecision renders a byte count with the given significant
// digits ("1.98MB" with 3), as the reference's SIZE columns do.
func HumanSizeWithPrecision(size float64, precision int) string {
	return units.HumanSizeWithPrecision(size, precision)
}

// Ellipsis shortens s to at most maxWidth cells, ending it with "…" when something
// was cut, measuring as the reference does: an East Asian wide or fullwidth rune
// counts two, every other rune one (a tab, a control character, a combining mark or
// a zero-width space too, whatever the terminal or the locale would say); a string
// of ASCII bytes is measured in bytes.
func Ellipsis(s string, maxWidth int) string {
	if maxWidth <= 0 {
		return ""
	}
	if maxWidth == 1 {
		for _, r := range s {
			return string(r)
		}
		return ""
	}
	if isASCII(s) {
		if len(s) <= maxWidth {
			return s
		}
		return s[:maxWidth-1] + "…"
	}
	cond := ellipsisCondition()
	total := 0
	for _, r := range s {
		total += ellipsisRuneWidth(cond, r)
	}
	if total <= maxWidth {
		return s
	}
	w := 0
	for i, r := range s {
		rw := ellipsisRuneWidth(cond, r)
		if w+rw > maxWidth-1 {
			if i == 0 {
				return s
			}
			return s[:i] + "…"
		}
		w += rw
	}
	return s
}

// ellipsisCondition measures runes without the locale's say (East Asian ambiguous
// runes are narrow, emoji neutral).
func ellipsisCondition() *runewidth.Condition {
	c := runewidth.NewCondition()
	c.EastAsianWidth = false
	c.StrictEmojiNeutral = true
	return c
}

// ellipsisRuneWidth is 2 for a wide or fullwidth rune and 1 for any other.
func ellipsisRuneWidth(c *runewidth.Condition, r rune) int {
	if c.RuneWidth(r) == 2 {
		return 2
	}
	return 1
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// JoinLabels renders labels as "k=v,k2=v2". docker sorts the joined "k=v" strings
// for containers (so "a.b=1" comes before "a=2"); for networks and volumes it uses map
// order, which varies from run to run, and this order is one of those.
func JoinLabels(labels map[string]string) string {
	if len(labels) == 0 {
		return ""
	}
	pairs := make([]string, 0, len(labels))
	for k, v := range labels {
		pairs = append(pairs, k+"="+v)
	}
	sort.Strings(pairs)
	return strings.Join(pairs, ",")
}

// MarshalMethods is the JSON of a row context: a JSON object whose keys are
// the names of v's exported methods that take no argument and return one
// value (plus an optional error), and whose values are what those methods
// return; keys are sorted. This is what "--format json" and "{{json .}}"
// print for a row. Methods named in skip (and MarshalJSON) are left out.
func MarshalMethods(v any, skip ...string) ([]byte, error) {
	m, err := methodMap(v, skip)
	if err != nil {
		return nil, err
	}
	return json.Marshal(m)
}

func methodMap(v any, skip []string) (map[string]any, error) {
	errorType := reflect.TypeFor[error]()
	rv := reflect.ValueOf(v)
	rt := rv.Type()
	out := make(map[string]any, rt.NumMethod())
outer:
	for i := 0; i < rt.NumMethod(); i++ {
		m := rt.Method(i)
		if !m.IsExported() || m.Name == "MarshalJSON" || m.Name == "FullHeader" {
			continue
		}
		for _, s := range skip {
			if s == m.Name {
				continue outer
			}
		}
		// Method type on a concrete type includes the receiver.
		if m.Type.NumIn() != 1 {
			continue
		}
		switch m.Type.NumOut() {
		case 1:
		case 2:
			if m.Type.Out(1) != errorType {
				continue
			}
		default:
			continue
		}
		res := rv.Method(i).Call(nil)
		if len(res) == 2 && !res[1].IsNil() {
			return nil, res[1].Interface().(error)
		}
		out[m.Name] = res[0].Interface()
	}
	return out, nil
}

// MarshalFields is MarshalMethods for a row that serves its string columns
// through field (no reflection): names are those columns, extra the columns
// of other types.
func MarshalFields(fr FieldRow, names []string, extra map[string]any) ([]byte, error) {
	m := make(map[string]any, len(names)+len(extra))
	for _, n := range names {
		v, _ := fr.Field(n)
		m[n] = v
	}
	for k, v := range extra {
		m[k] = v
	}
	return json.Marshal(m)
}

// RowHeader is the header part every row of docker's listings carries: a Header field
// and a FullHeader method, both empty on rows, so that {{.Header}} and {{.FullHeader}}
// print "<no value>" as the reference does. JSON leaves them out.
type RowHeader struct {
	Header any `json:"-"`
}

// FullHeader is nil on a row (the reference's header is built apart).
func (RowHeader) FullHeader() any { return nil }
