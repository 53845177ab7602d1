package formatter

import (
	"sort"
	"strings"
	"testing"
)

func TestNaturalLess(t *testing.T) {
	// The order the reference client printed for these volume names.
	want := []string{"zz", "zz-0", "zz-00", "zz-1", "zz-2", "zz-002", "zz-9", "zz--", "zz-.x",
		"zz-A3", "zz-a", "zz-a1", "zz-a1b", "zz-a2", "zz-a02", "zz-a10", "zz_b"}
	got := append([]string(nil), want...)
	sort.Slice(got, func(i, j int) bool { return got[i] > got[j] }) // scramble
	sort.SliceStable(got, func(i, j int) bool { return NaturalLess(got[i], got[j]) })
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("got  %v\nwant %v", got, want)
	}
	for _, s := range want {
		if NaturalLess(s, s) {
			t.Errorf("NaturalLess(%q, %q) = true", s, s)
		}
	}
}
