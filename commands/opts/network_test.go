package opts

import (
	"testing"

	"github.com/spf13/pflag"
)

func TestNetworkOpt(t *testing.T) {
	var n NetworkOpt
	flags := pflag.NewFlagSet("t", pflag.ContinueOnError)
	flags.Var(&n, "network", "")
	err := flags.Parse([]string{
		"--network", "plain",
		"--network", "a,b", // no word=word: a name, commas and all
		"--network", "name=long,alias=x,alias=y,ip=10.0.0.2,ip6=::2,link-local-ip=169.254.0.1,mac-address=92:d0:c6:0a:29:33,driver-opt=k=v,gw-priority=-3",
		"--network", "NAME=upper",
	})
	if err != nil {
		t.Fatal(err)
	}
	got := mustJSON(t, n.Value())
	want := `[{"Target":"plain","Aliases":null,"IPv4":"","IPv6":"","LinkLocalIPs":null,"MacAddress":"","DriverOpts":null,"GwPriority":0},` +
		`{"Target":"a,b","Aliases":null,"IPv4":"","IPv6":"","LinkLocalIPs":null,"MacAddress":"","DriverOpts":null,"GwPriority":0},` +
		`{"Target":"long","Aliases":["x","y"],"IPv4":"10.0.0.2","IPv6":"::2","LinkLocalIPs":["169.254.0.1"],"MacAddress":"92:d0:c6:0a:29:33","DriverOpts":{"k":"v"},"GwPriority":-3},` +
		`{"Target":"upper","Aliases":null,"IPv4":"","IPv6":"","LinkLocalIPs":null,"MacAddress":"","DriverOpts":null,"GwPriority":0}]`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if n.String() != "plain, a,b, long, upper" || n.Type() != "network" {
		t.Errorf("String %q Type %q", n.String(), n.Type())
	}

	// docker 28's words, for run and service create alike
	for v, msg := range map[string]string{
		"name=a,foo=b":          "invalid field key foo",
		"alias=x":               "network name/id is not specified",
		"name=a,gw-priority=x":  "invalid gw-priority (x): invalid syntax",
		"name=a,driver-opt=x":   "invalid key value pair format in driver options",
		"name=a,=b":             "invalid field =b",
		`name=a,alias="unended`: `parse error on line 1, column 14: bare " in non-quoted-field`,
	} {
		var n NetworkOpt
		if err := n.Set(v); err == nil || err.Error() != msg {
			t.Errorf("%q: error %v, want %q", v, err, msg)
		}
		if len(n.Value()) != 0 {
			t.Errorf("%q: kept %v", v, n.Value())
		}
	}
}
