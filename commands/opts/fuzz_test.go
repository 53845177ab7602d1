package opts

import (
	"strings"
	"testing"
)

// The parsers below take values from the command line and from files: they must return
// an error, never panic, on any input.

func FuzzParsePortSpec(f *testing.F) {
	for _, s := range []string{"80", "8080:80/udp", "[::1]:1-2:3-4", "1.2.3.4::80", "target=80,published=1", "", ":", "65535-0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		pms, err := ParsePortSpec(s)
		if err == nil && len(pms) == 0 {
			t.Fatalf("%q: no mapping and no error", s)
		}
		_, _, _ = ParsePublish([]string{s})
	})
}

func FuzzParseMount(f *testing.F) {
	for _, s := range []string{"type=bind,src=/a,dst=/b", `"dst=/v",ro`, "type=tmpfs,dst=/t,tmpfs-mode=777,tmpfs-size=1g", "volume-label=a", ",", `"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMount(s)
		if err == nil && m.Target == "" {
			t.Fatalf("%q: accepted without a target", s)
		}
	})
}

func FuzzParseUlimit(f *testing.F) {
	for _, s := range []string{"nofile=1:2", "nproc=-1", "core=", "=", "stack=1:2:3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, err := ParseUlimit(s)
		// -1 is unlimited: a hard -1 takes any soft limit, a soft -1 only a hard -1
		if err == nil && u.Hard != -1 && (u.Soft == -1 || u.Soft > u.Hard) {
			t.Fatalf("%q: soft above hard", s)
		}
	})
}

func FuzzParseKeyValues(f *testing.F) {
	for _, s := range []string{"A=1\n#c\n\nB\n", "\xef\xbb\xbfX=1", "=1", "a b=1", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		lines, err := ParseKeyValues(strings.NewReader(s), func(string) (string, bool) { return "v", true })
		if err != nil {
			return
		}
		for _, l := range lines {
			if k, _, _ := strings.Cut(l, "="); k == "" || strings.ContainsAny(k, " \t\n") {
				t.Fatalf("%q: bad variable %q", s, l)
			}
		}
	})
}

func FuzzNetworkOpt(f *testing.F) {
	for _, s := range []string{"bridge", "a,b", "name=n,alias=a,driver-opt=k=v,gw-priority=1", `name="x,y",ip=1`, "=", "a=b", `name=a,"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var n NetworkOpt
		err := n.Set(s)
		if err == nil && (len(n.Value()) != 1 || longNetworkSyntax(s) && n.Value()[0].Target == "") {
			t.Fatalf("%q: accepted as %+v", s, n.Value())
		}
		if err != nil && len(n.Value()) != 0 {
			t.Fatalf("%q: refused (%v) but kept %+v", s, err, n.Value())
		}
	})
}
