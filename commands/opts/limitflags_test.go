package opts

import (
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

func TestLimitFlags(t *testing.T) {
	// run, create and update
	var l LimitFlags
	flags := newFlagSetWith(func(flags *pflag.FlagSet) { l.Bind(flags, ContainerLimitNames()) })
	for name, want := range map[string]string{"cpus": "|decimal", "memory": "m|bytes", "pids-limit": "|int64"} {
		f := flags.Lookup(name)
		if f == nil || f.Shorthand+"|"+f.Value.Type() != want || f.Usage == "" {
			t.Errorf("--%s bound as %+v, want %s", name, f, want)
		}
	}
	if err := flags.Parse([]string{"--cpus", "1.5", "-m", "512m", "--pids-limit", "-1"}); err != nil {
		t.Fatal(err)
	}
	if l.CPUs.Value() != 1_500_000_000 || l.Memory.Value() != 512<<20 || l.Pids != -1 {
		t.Errorf("got %d CPUs, %d bytes, %d processes", l.CPUs.Value(), l.Memory.Value(), l.Pids)
	}

	// service create's names: the same values under others; reservations without a count
	var limit, reserve LimitFlags
	flags = newFlagSetWith(func(flags *pflag.FlagSet) {
		limit.Bind(flags, LimitNames{CPUs: FlagName{Name: "limit-cpu"}, Memory: FlagName{Name: "limit-memory"}, Pids: FlagName{Name: "limit-pids"}})
		reserve.Bind(flags, LimitNames{CPUs: FlagName{Name: "reserve-cpu"}, Memory: FlagName{Name: "reserve-memory"}})
	})
	n := 0
	flags.VisitAll(func(*pflag.Flag) { n++ })
	if n != 5 {
		t.Errorf("%d flags bound, want 5", n)
	}
	if err := flags.Parse([]string{"--limit-cpu", "0.25", "--limit-memory", "1g", "--limit-pids", "7", "--reserve-cpu", "1/4"}); err != nil {
		t.Fatal(err)
	}
	if limit.CPUs.Value() != 250_000_000 || limit.Memory.Value() != 1<<30 || limit.Pids != 7 ||
		reserve.CPUs.Value() != 250_000_000 || reserve.Memory.Value() != 0 {
		t.Errorf("limits %+v, reservations %+v", limit, reserve)
	}

	// docker 28's words (service create's --limit-* say the same)
	for _, tc := range []struct{ args, err string }{
		{"--cpus abc", `invalid argument "abc" for "--cpus" flag: failed to parse abc as a rational number`},
		{"-m 1x", `invalid argument "1x" for "-m, --memory" flag: invalid suffix: 'x'`},
		{"--pids-limit x", `invalid argument "x" for "--pids-limit" flag: strconv.ParseInt: parsing "x": invalid syntax`},
	} {
		var l LimitFlags
		err := newFlagSetWith(func(flags *pflag.FlagSet) { l.Bind(flags, ContainerLimitNames()) }).Parse(strings.Fields(tc.args))
		if err == nil || err.Error() != tc.err {
			t.Errorf("%s: error %v, want %s", tc.args, err, tc.err)
		}
	}
}
