package opts

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"gotest.tools/v3/assert"
)

func TestParseTimestamp(t *testing.T) {
	now := time.Date(2026, 11, 23, 19, 10, 47, 0, time.UTC)
	plus2 := now.In(time.FixedZone("X", 2*3600))
	tests := []struct {
		in   string
		now  time.Time
		want string
		err  string
	}{
		{in: "10m", now: now, want: "1795460447"},
		{in: "1h30m", now: now, want: "1795455647"},
		{in: "-10m", now: now, want: "1795461647"},
		{in: "0", now: now, want: "0"},
		{in: "1795461052", now: now, want: "1795461052"},
		{in: "1795461052.5", now: now, want: "1795461052.5"},
		{in: "1795461052.123456789123", now: now, want: "1795461052.123456789123"},
		{in: "+5", now: now, want: "+5"},
		{in: "2026-11-23", now: now, want: "1795392000.000000000"},
		{in: "2026-11-23", now: plus2, want: "1795384800.000000000"},
		{in: "2026-11-23T10", now: now, want: "1795428000.000000000"},
		{in: "2026-11-23T10:00", now: now, want: "1795428000.000000000"},
		{in: "2026-11-23T10:00:00", now: now, want: "1795428000.000000000"},
		{in: "2026-11-23T10:00:00", now: plus2, want: "1795420800.000000000"},
		{in: "2026-11-23T10:00:00.5", now: now, want: "1795428000.500000000"},
		{in: "2026-11-23T10:00:00Z", now: plus2, want: "1795428000.000000000"},
		{in: "2026-11-23T10:00:00.123456789+02:00", now: now, want: "1795420800.123456789"},
		{in: "2026-11-23T10:00-05:00", now: now, want: "1795446000.000000000"},
		{in: "2026-11-23T10-05:00", now: now, want: "1795446000.000000000"},
		{in: "2026-11-23T10Z", now: now, want: "1795428000.000000000"},
		{in: "2026-11-23Z", now: now, want: "1795392000.000000000"},
		{in: "2026-11-23-05:00", now: now, want: "1795410000.000000000"},
		{in: "bogus", now: now, err: `failed to parse value as time or duration: "bogus"`},
		{in: "1e9", now: now, err: `failed to parse value as time or duration: "1e9"`},
		{in: "12abc", now: now, err: `failed to parse value as time or duration: "12abc"`},
		{in: "1.2.3", now: now, err: `failed to parse value as time or duration: "1.2.3"`},
		{in: "-5", now: now, err: `parsing time "-5" as "2006-01-02": cannot parse "-5" as "2006"`},
		{in: "2026-13-01", now: now, err: `parsing time "2026-13-01": month out of range`},
		{in: "2026-11-23 10:00:00", now: now, err: `parsing time "2026-11-23 10:00:00": extra text: " 10:00:00"`},
		{in: "2026-11-23t10:00:00", now: now, err: `parsing time "2026-11-23t10:00:00": extra text: "t10:00:00"`},
	}
	for _, tc := range tests {
		got, err := ParseTimestamp(tc.in, tc.now)
		if tc.err != "" {
			assert.Error(t, err, tc.err, tc.in)
			continue
		}
		assert.NilError(t, err, tc.in)
		assert.Equal(t, got, tc.want, tc.in)
	}
}

func TestParseTimestampLogsCases(t *testing.T) {
	loc := time.FixedZone("X", 2*3600)
	now := time.Date(2024, 5, 6, 7, 8, 9, 0, loc)
	for in, want := range map[string]string{
		"":                           "",
		"10m":                        fmt.Sprint(now.Add(-10 * time.Minute).Unix()),
		"-1h":                        fmt.Sprint(now.Add(time.Hour).Unix()),
		"0":                          "0",
		"1700000000":                 "1700000000",
		"1700000000.5":               "1700000000.5",
		"2013-01-02":                 fmt.Sprintf("%d.000000000", time.Date(2013, 1, 2, 0, 0, 0, 0, loc).Unix()),
		"2013-01-02T13":              fmt.Sprintf("%d.000000000", time.Date(2013, 1, 2, 13, 0, 0, 0, loc).Unix()),
		"2013-01-02T13:23":           fmt.Sprintf("%d.000000000", time.Date(2013, 1, 2, 13, 23, 0, 0, loc).Unix()),
		"2013-01-02T13:23:37Z":       "1357133017.000000000",
		"2013-01-02T13:23:37.5Z":     "1357133017.500000000",
		"2013-01-02T13:23:37+01:00":  "1357129417.000000000",
		"2013-01-02T13:23:37-01:00":  "1357136617.000000000",
		"2013-01-02T13:23:37.123456": fmt.Sprintf("%d.123456000", time.Date(2013, 1, 2, 13, 23, 37, 0, loc).Unix()),
	} {
		got, err := ParseTimestamp(in, now)
		if err != nil || got != want {
			t.Errorf("%q: got %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"10x", "x", "1.x", "2013-13-01", "2013-01-02T25", "-"} {
		if got, err := ParseTimestamp(in, now); err == nil {
			t.Errorf("%q: no error, %q", in, got)
		}
	}
}

func FuzzParseTimestamp(f *testing.F) {
	for _, s := range []string{"10m", "2013-01-02T13:23:37Z", "1700000000.5", "2013-01-02T13:23:37.1-07:00", "x"} {
		f.Add(s)
	}
	now := time.Unix(1700000000, 0)
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseTimestamp(s, now)
		if err == nil && s != "" && got == "" {
			t.Errorf("%q: empty result without error", s)
		}
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Errorf("%q: multi-line error %q", s, err)
		}
	})
}
