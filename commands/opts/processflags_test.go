package opts

import (
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

func TestProcessFlags(t *testing.T) {
	// run and create
	p := NewProcessFlags()
	flags := newFlagSetWith(func(flags *pflag.FlagSet) { p.Bind(flags, ContainerProcessNames()) })
	want := map[string]string{"user": "u|string", "workdir": "w|string", "tty": "t|bool", "init": "|bool",
		"read-only": "|bool", "stop-signal": "|string", "isolation": "|string", "hostname": "h|string", "group-add": "|list"}
	n := 0
	flags.VisitAll(func(f *pflag.Flag) {
		n++
		if got := f.Shorthand + "|" + f.Value.Type(); got != want[f.Name] || f.Usage == "" {
			t.Errorf("--%s bound as %s %q, want %s", f.Name, got, f.Usage, want[f.Name])
		}
	})
	if n != len(want) {
		t.Errorf("%d flags bound, want %d", n, len(want))
	}
	err := flags.Parse(strings.Fields("-u 1:2 -w /tmp -t --init --read-only --stop-signal SIGUSR1 --isolation hyperv -h box --group-add 10 --group-add audio"))
	if err != nil {
		t.Fatal(err)
	}
	got := mustJSON(t, p)
	if w := `{"User":"1:2","Workdir":"/tmp","TTY":true,"Init":true,"ReadOnly":true,"StopSignal":"SIGUSR1","Isolation":"hyperv","Hostname":"box","Groups":{}}`; got != w {
		t.Errorf("got  %s\nwant %s", got, w)
	}
	if g := strings.Join(p.Groups.GetAll(), ","); g != "10,audio" {
		t.Errorf("groups %q", g)
	}

	// service create: --hostname without -h, the groups as --group
	p = NewProcessFlags()
	flags = newFlagSetWith(func(flags *pflag.FlagSet) {
		p.Bind(flags, ProcessNames{Hostname: FlagName{Name: "hostname", Usage: "h"}, Groups: FlagName{Name: "group", Usage: "g"}})
	})
	if f := flags.Lookup("hostname"); f == nil || f.Shorthand != "" {
		t.Errorf("--hostname bound as %+v", f)
	}
	if flags.ShorthandLookup("h") != nil || flags.Lookup("group-add") != nil {
		t.Error("bound run's names")
	}
	if err := flags.Parse([]string{"--group", "1", "--hostname", "x"}); err != nil || p.Hostname != "x" || p.Groups.Len() != 1 {
		t.Errorf("parse: %v, %+v", err, p)
	}

	// no name: no flag
	p = NewProcessFlags()
	flags = newFlagSetWith(func(flags *pflag.FlagSet) { p.Bind(flags, ProcessNames{}) })
	if flags.Lookup("hostname") != nil || flags.Lookup("") != nil {
		t.Error("bound a flag without a name")
	}
}
