package formatter

import (
	"strconv"
	"testing"
)

// Ellipsis measures as docker does: wide and fullwidth runes count two, every other
// rune one, even those a terminal shows with no width (tab, newline, control,
// combining, zero-width), whatever the locale says of ambiguous ones. The cases are
// docker 28's ps COMMAND column (quoted) for these commands, --no-trunc and not.
func TestSweepReadonlyEllipsisWidths(t *testing.T) {
	t.Setenv("RUNEWIDTH_EASTASIAN", "1")
	t.Setenv("LC_ALL", "zh_CN.UTF-8")
	for _, tc := range []struct{ full, cut string }{
		{`"sh -c 'echo \"a\tb\nc\" \\\\ \x01 é'"`, `"sh -c 'echo \"a\tb\nc\"…"`},
		{`"sh -c 'e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301 x'"`, `"sh -c 'e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301…"`},
		{`"sh -c a\u200bb\u200bc\u200bd\u200be\u200bf\u200bg\u200bh\u200bi\u200bj\u200b"`, `"sh -c a\u200bb\u200bc\u200bd\u200be\u200bf\u200bg…"`},
		{`"sh -c '😀😀😀😀😀😀😀😀😀😀😀😀 ±±±±±±±±±±±±±±±±±±±±±'"`, `"sh -c '😀😀😀😀😀😀…"`},
		{`"sh -c 'echo ±±±±±±±±±±±±±±±±±±±±±±± ⚡⚡⚡ ☺☺☺'"`, `"sh -c 'echo ±±±±±±±…"`},
		{`"sh -c 'echo ｆｕｌｌｗｉｄｔｈ ＡＢＣ ｶﾀｶﾅ'"`, `"sh -c 'echo ｆｕｌ…"`},
		{`"sh -c '\x01\x02\x03\x04\x05\x06\a\b\v\f\x0e\x0f\x10 é'"`, `"sh -c '\x01\x02\x03\x04\x05\x06\a\b\v\f\x0e\x0f…"`},
		{`"sh -c 'echo ünïcödé ünïcödé ünïcödé and a long long long command with \"quotes\" and \\t tabs'"`, `"sh -c 'echo ünïcödé…"`},
	} {
		full, err := strconv.Unquote(tc.full)
		if err != nil {
			t.Fatalf("%s: %v", tc.full, err)
		}
		cut, err := strconv.Unquote(tc.cut)
		if err != nil {
			t.Fatalf("%s: %v", tc.cut, err)
		}
		if got := Ellipsis(full, 20); got != cut {
			t.Errorf("Ellipsis(%s, 20) = %q, want %s", tc.full, got, tc.cut)
		}
	}
}
