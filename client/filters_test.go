package client

import (
	"reflect"
	"sort"
	"testing"
)

func TestFiltersEncode(t *testing.T) {
	f := Filters{}
	if f.Encode() != "" || f.Len() != 0 {
		t.Fatal("empty filters must encode to nothing")
	}
	f.Add("name", "y")
	f.Add("name", "x")
	f.Add("name", "x")
	f.Add("label", `a="b"`)
	want := `{"label":{"a=\"b\"":true},"name":{"x":true,"y":true}}`
	if got := f.Encode(); got != want {
		t.Fatalf("got %s want %s", got, want)
	}
	if f.Len() != 2 || !f.Contains("name") || f.Contains("id") || len(f.Get("name")) != 2 {
		t.Fatalf("%v", f)
	}
	g := f.Clone()
	g.Add("name", "z")
	if len(f.Get("name")) != 2 {
		t.Fatal("Clone shares storage")
	}
}

func TestParseFilters(t *testing.T) {
	for _, in := range []string{`{"name":{"x":true,"y":true,"z":false}}`, `{"name":["x","y","x"]}`} {
		f, err := ParseFilters(in)
		if err != nil {
			t.Fatal(in, err)
		}
		got := f.Get("name")
		sort.Strings(got)
		if !reflect.DeepEqual(got, []string{"x", "y"}) {
			t.Fatalf("%s -> %v", in, got)
		}
	}
	if f, err := ParseFilters(""); err != nil || f.Len() != 0 {
		t.Fatal(f, err)
	}
	for _, bad := range []string{`{bad`, `[]`, `{"a":1}`, `{"a":{"x":"y"}}`} {
		if _, err := ParseFilters(bad); err == nil {
			t.Errorf("ParseFilters(%s) accepted", bad)
		}
	}
}

// Wording and normalisation observed with `docker ps --filter ...`.
func TestParseFilterFlag(t *testing.T) {
	f := Filters{}
	for _, a := range []string{" NAME = x ", "label=a=b", "dangling=true"} {
		if err := f.ParseFilterFlag(a); err != nil {
			t.Fatal(err)
		}
	}
	want := Filters{"name": {"x"}, "label": {"a=b"}, "dangling": {"true"}}
	if !reflect.DeepEqual(f, want) {
		t.Fatalf("%v", f)
	}
	if err := f.ParseFilterFlag("foo"); err == nil || err.Error() != "bad format of filter (expected name=value)" {
		t.Fatal(err)
	}
}

func FuzzParseFilters(f *testing.F) {
	for _, s := range []string{``, `{}`, `{"name":{"x":true}}`, `{"a":["b","c"]}`, `{"a":{"b":false}}`, `{"a":`, `null`, `{"\u00e9":["\ud800"]}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fl, err := ParseFilters(s)
		if err != nil {
			return
		}
		// whatever parsed must survive an Encode/Parse round trip
		again, err := ParseFilters(fl.Encode())
		if err != nil {
			t.Fatalf("re-parse of %q: %v", fl.Encode(), err)
		}
		if again.Len() != fl.Len() {
			t.Fatalf("round trip changed keys: %v -> %v", fl, again)
		}
		for k, vs := range again {
			for _, v := range vs {
				if !contains(fl[k], v) {
					t.Fatalf("value %q of %q appeared from nowhere", v, k)
				}
			}
		}
	})
}

func contains(vs []string, v string) bool {
	for _, x := range vs {
		if x == v {
			return true
		}
	}
	return false
}
