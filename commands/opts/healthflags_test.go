package opts

import (
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

func TestHealthFlags(t *testing.T) {
	var h HealthFlags
	flags := newFlagSetWith(h.Bind)
	types := map[string]string{"health-cmd": "string", "health-interval": "duration", "health-retries": "int",
		"health-timeout": "duration", "health-start-period": "duration", "health-start-interval": "duration",
		"no-healthcheck": "bool"}
	for name, typ := range types {
		if f := flags.Lookup(name); f == nil || f.Value.Type() != typ {
			t.Errorf("--%s bound as %+v, want a %s", name, f, typ)
		}
	}
	count := 0
	flags.VisitAll(func(f *pflag.Flag) { count++ })
	if count != len(types) {
		t.Errorf("%d flags bound, want %d", count, len(types))
	}

	cases := []struct {
		args, want, err string
	}{
		{args: "", want: "null"},
		{args: "--no-healthcheck", want: `{"Test":["NONE"]}`},
		{args: "--health-cmd true --health-interval 2s --health-timeout 3s --health-retries 4 --health-start-period 5s --health-start-interval 6s",
			want: `{"Test":["CMD-SHELL","true"],"Interval":2000000000,"Timeout":3000000000,"StartPeriod":5000000000,"StartInterval":6000000000,"Retries":4}`},
		// no command: the image's, with other timings
		{args: "--health-retries 1", want: `{"Retries":1}`},
		// a zero value asks for nothing
		{args: "--health-interval 0s", want: "null"},
		{args: "--no-healthcheck --health-cmd x", err: "--no-healthcheck conflicts with --health-* options"},
		{args: "--no-healthcheck --health-start-interval 1s", err: "--no-healthcheck conflicts with --health-* options"},
		{args: "--health-interval -1s", err: "--health-interval cannot be negative"},
		{args: "--health-timeout -1s --health-interval -1s", err: "--health-interval cannot be negative"},
		{args: "--health-timeout -1s", err: "--health-timeout cannot be negative"},
		{args: "--health-retries -1", err: "--health-retries cannot be negative"},
		{args: "--health-start-period -1s", err: "--health-start-period cannot be negative"},
		{args: "--health-start-interval -1ms", err: "--health-start-interval cannot be negative"},
	}
	for _, tc := range cases {
		var h HealthFlags
		if err := newFlagSetWith(h.Bind).Parse(strings.Fields(tc.args)); err != nil {
			t.Fatalf("%s: %v", tc.args, err)
		}
		cfg, err := h.Config()
		if tc.err != "" {
			if err == nil || err.Error() != tc.err || cfg != nil {
				t.Errorf("%s: %v, error %v, want %q", tc.args, cfg, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.args, err)
			continue
		}
		if got := mustJSON(t, cfg); got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.args, got, tc.want)
		}
	}

	var bad HealthFlags
	err := newFlagSetWith(bad.Bind).Parse([]string{"--health-interval", "1x"})
	if err == nil || err.Error() != `invalid argument "1x" for "--health-interval" flag: time: unknown unit "x" in duration "1x"` {
		t.Errorf("a bad duration: %v", err)
	}
}
