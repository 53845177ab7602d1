package opts

import (
	"strings"
	"testing"
)

func TestDNSFlags(t *testing.T) {
	d := NewDNSFlags()
	flags := newFlagSetWith(d.Bind)
	for _, name := range []string{"dns", "dns-option", "dns-search"} {
		if f := flags.Lookup(name); f == nil || f.Value.Type() != "list" || f.Shorthand != "" || f.Hidden {
			t.Errorf("--%s bound as %+v", name, f)
		}
	}
	if flags.Lookup("dns-opt") != nil {
		t.Error("--dns-opt is run's own old name: the group must not bind it")
	}
	err := flags.Parse([]string{"--dns", "1.2.3.4", "--dns", "0:0::1", "--dns-option", "ndots:2",
		"--dns-search", "example.com", "--dns-search", "."})
	if err != nil {
		t.Fatal(err)
	}
	addrs, err := d.Addresses()
	if err != nil {
		t.Fatal(err)
	}
	if got := mustJSON(t, addrs); got != `["1.2.3.4","::1"]` {
		t.Errorf("addresses %s", got)
	}
	if got := strings.Join(d.Options.GetAll(), " ") + "|" + strings.Join(d.Search.GetAll(), " "); got != "ndots:2|example.com ." {
		t.Errorf("options|search %q", got)
	}

	// docker 28's words, for run and service create alike
	for _, tc := range []struct{ args, err string }{
		{"--dns foo", `invalid argument "foo" for "--dns" flag: IP address is not correctly formatted: foo`},
		{"--dns-search -bad", `invalid argument "-bad" for "--dns-search" flag: -bad is not a valid domain`},
	} {
		err := newFlagSetWith(NewDNSFlags().Bind).Parse(strings.Fields(tc.args))
		if err == nil || err.Error() != tc.err {
			t.Errorf("%s: error %v, want %s", tc.args, err, tc.err)
		}
	}

	none := NewDNSFlags()
	if addrs, err := none.Addresses(); err != nil || addrs == nil || len(addrs) != 0 {
		t.Errorf("no --dns: %v, %v (want an empty list)", addrs, err)
	}
}
