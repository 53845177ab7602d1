package network

import (
	"strings"
	"testing"
)

// FuzzIPAMConfigs feeds network create's address flags (outside input: --subnet,
// --ip-range, --gateway, comma lists; --aux-address name=address lists): never a panic,
// and what is accepted is placed whole: one config per subnet in order, each range,
// gateway and aux-address in exactly one of them.
func FuzzIPAMConfigs(f *testing.F) {
	for _, s := range [][4]string{
		{"10.0.0.0/24", "10.0.0.0/28", "10.0.0.1", "a=10.0.0.3"},
		{"10.0.0.0/24,fd00::/64", "", "fd00::1,10.0.0.1", "x=10.0.0.3,y=fd00::5"},
		{"foo", "", "", ""},
		{"10.0.0.0/33,bar", "bad", "10.0.0.1/40", "a=foo"},
		{"::ffff:10.1.0.0/120,10.1.0.0/24", "", "", ""},
		{"10.0.0.0/24,10.1.0.0/24", "10.0.0.0/28,10.0.0.16/28", "10.0.0.1,10.0.0.2", "a,=x,b=10.1.0.9/30"},
	} {
		f.Add(s[0], s[1], s[2], s[3])
	}
	split := func(s string) []string {
		if s == "" {
			return nil
		}
		return strings.Split(s, ",")
	}
	f.Fuzz(func(t *testing.T, subnets, ranges, gateways, aux string) {
		auxMap := map[string]string{}
		for _, kv := range split(aux) {
			k, v, _ := strings.Cut(kv, "=")
			auxMap[k] = v
		}
		sub, rng, gw := split(subnets), split(ranges), split(gateways)
		configs, err := ipamConfigs(sub, rng, gw, auxMap)
		if err != nil {
			if configs != nil {
				t.Fatalf("error %v with configs %v", err, configs)
			}
			return
		}
		if len(configs) != len(sub) {
			t.Fatalf("%d configs for %d subnets", len(configs), len(sub))
		}
		for i, c := range configs {
			if c.Subnet != sub[i] {
				t.Fatalf("config %d is subnet %q, want %q", i, c.Subnet, sub[i])
			}
		}
		count := func(want string, get func(c int) string) int {
			n := 0
			for i := range configs {
				if get(i) == want {
					n++
				}
			}
			return n
		}
		for _, r := range rng {
			if count(r, func(i int) string { return configs[i].IPRange }) != 1 {
				t.Fatalf("range %q placed %v", r, configs)
			}
		}
		for _, g := range gw {
			if count(g, func(i int) string { return configs[i].Gateway }) != 1 {
				t.Fatalf("gateway %q placed %v", g, configs)
			}
		}
		for name, ip := range auxMap {
			n := 0
			for _, c := range configs {
				if v, ok := c.AuxAddress[name]; ok && v == ip {
					n++
				}
			}
			if n != 1 {
				t.Fatalf("aux-address %s=%s placed %d times: %v", name, ip, n, configs)
			}
		}
	})
}
