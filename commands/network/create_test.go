package network

import (
	"testing"

	"gotest.tools/v3/assert"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/clitest"
)

const createdJSON = `{"Id":"abc123def4567890abc123def4567890abc123def4567890abc123def4567890","Warning":"not printed"}`

// The bodies are what docker 28 sent for the same command lines (API 1.50; below 1.44
// it adds "CheckDuplicate":true).
func TestCreateBody(t *testing.T) {
	for _, tc := range []struct {
		name string
		api  string
		args []string
		body string
	}{
		{"defaults", "1.50", []string{"n"},
			`{"Driver":"bridge","Scope":"","IPAM":{"Driver":"default","Options":{},"Config":[]},"Internal":false,"Attachable":false,"Ingress":false,"ConfigOnly":false,"ConfigFrom":null,"Options":{},"Labels":{},"Name":"n"}`},
		{"CheckDuplicate below 1.44", "1.41", []string{"n"},
			`{"Driver":"bridge","Scope":"","IPAM":{"Driver":"default","Options":{},"Config":[]},"Internal":false,"Attachable":false,"Ingress":false,"ConfigOnly":false,"ConfigFrom":null,"Options":{},"Labels":{},"Name":"n","CheckDuplicate":true}`},
		{"every flag", "1.50", []string{"-d", "overlay", "--subnet", "10.1.0.0/16", "--ip-range", "10.1.1.0/24", "--gateway", "10.1.0.1",
			"--aux-address", "a=10.1.0.5", "--aux-address", "b=10.1.0.6", "--internal", "--attachable", "--ipv4=false", "--ipv6",
			"-o", "x=y", "-o", "com.a=1", "--label", "l=1", "--label", "m", "--ipam-driver", "foo", "--ipam-opt", "p=q",
			"--config-from", "cf", "--scope", "swarm", "--ingress", "n2"},
			`{"Driver":"overlay","Scope":"swarm","EnableIPv4":false,"EnableIPv6":true,"IPAM":{"Driver":"foo","Options":{"p":"q"},"Config":[{"Subnet":"10.1.0.0/16","IPRange":"10.1.1.0/24","Gateway":"10.1.0.1","AuxiliaryAddresses":{"a":"10.1.0.5","b":"10.1.0.6"}}]},"Internal":true,"Attachable":true,"Ingress":true,"ConfigOnly":false,"ConfigFrom":{"Network":"cf"},"Options":{"com.a":"1","x":"y"},"Labels":{"l":"1","m":""},"Name":"n2"}`},
		{"config-only", "1.50", []string{"--config-only", "n3"},
			`{"Driver":"bridge","Scope":"","IPAM":{"Driver":"default","Options":{},"Config":[]},"Internal":false,"Attachable":false,"Ingress":false,"ConfigOnly":true,"ConfigFrom":null,"Options":{},"Labels":{},"Name":"n3"}`},
		{"ipv4 and ipv6 given false and true", "1.41", []string{"--ipv6=false", "--ipv4=true", "n"},
			`{"Driver":"bridge","Scope":"","EnableIPv4":true,"EnableIPv6":false,"IPAM":{"Driver":"default","Options":{},"Config":[]},"Internal":false,"Attachable":false,"Ingress":false,"ConfigOnly":false,"ConfigFrom":null,"Options":{},"Labels":{},"Name":"n","CheckDuplicate":true}`},
		{"two subnets, comma lists", "1.50", []string{"--subnet", "10.0.0.0/24,fd00::/64", "--gateway", "fd00::1", "--gateway", "10.0.0.1", "--aux-address", "x=10.0.0.3", "--aux-address", "y=fd00::5", "n"},
			`{"Driver":"bridge","Scope":"","IPAM":{"Driver":"default","Options":{},"Config":[{"Subnet":"10.0.0.0/24","Gateway":"10.0.0.1","AuxiliaryAddresses":{"x":"10.0.0.3"}},{"Subnet":"fd00::/64","Gateway":"fd00::1","AuxiliaryAddresses":{"y":"fd00::5"}}]},"Internal":false,"Attachable":false,"Ingress":false,"ConfigOnly":false,"ConfigFrom":null,"Options":{},"Labels":{},"Name":"n"}`},
		{"the last aux-address of a name wins", "1.50", []string{"--aux-address", "x=10.0.0.3", "--aux-address", "x=10.0.0.4", "--subnet", "10.0.0.0/24", "n"},
			`{"Driver":"bridge","Scope":"","IPAM":{"Driver":"default","Options":{},"Config":[{"Subnet":"10.0.0.0/24","AuxiliaryAddresses":{"x":"10.0.0.4"}}]},"Internal":false,"Attachable":false,"Ingress":false,"ConfigOnly":false,"ConfigFrom":null,"Options":{},"Labels":{},"Name":"n"}`},
		{"a lone subnet is the engine's to judge", "1.50", []string{"--subnet", "foo", "n"},
			`{"Driver":"bridge","Scope":"","IPAM":{"Driver":"default","Options":{},"Config":[{"Subnet":"foo"}]},"Internal":false,"Attachable":false,"Ingress":false,"ConfigOnly":false,"ConfigFrom":null,"Options":{},"Labels":{},"Name":"n"}`},
		{"gateway written as a CIDR", "1.50", []string{"--subnet", "10.0.0.0/24", "--gateway", "10.0.0.0/30", "n"},
			`{"Driver":"bridge","Scope":"","IPAM":{"Driver":"default","Options":{},"Config":[{"Subnet":"10.0.0.0/24","Gateway":"10.0.0.0/30"}]},"Internal":false,"Attachable":false,"Ingress":false,"ConfigOnly":false,"ConfigFrom":null,"Options":{},"Labels":{},"Name":"n"}`},
		{"maps and labels", "1.50", []string{"-o", "x", "-o", "y=1", "-o", "y=2", "--ipam-opt", "z", "--label", "a=1", "--label", "a=2", "--label", "b=c d", "n"},
			`{"Driver":"bridge","Scope":"","IPAM":{"Driver":"default","Options":{"z":""},"Config":[]},"Internal":false,"Attachable":false,"Ingress":false,"ConfigOnly":false,"ConfigFrom":null,"Options":{"x":"","y":"2"},"Labels":{"a":"2","b":"c d"},"Name":"n"}`},
		{"empty subnet list, empty option", "1.50", []string{"--subnet", "", "-o", "=x", "n"},
			`{"Driver":"bridge","Scope":"","IPAM":{"Driver":"default","Options":{},"Config":[]},"Internal":false,"Attachable":false,"Ingress":false,"ConfigOnly":false,"ConfigFrom":null,"Options":{"":"x"},"Labels":{},"Name":"n"}`},
		{"the name as given", "1.50", []string{" n "},
			`{"Driver":"bridge","Scope":"","IPAM":{"Driver":"default","Options":{},"Config":[]},"Internal":false,"Attachable":false,"Ingress":false,"ConfigOnly":false,"ConfigFrom":null,"Options":{},"Labels":{},"Name":" n "}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := fakeengine.New(t)
			e.APIVersion = tc.api
			e.Expect("POST", "/networks/create").Version(tc.api).ReplyFunc(rawBody(t, tc.body, 201, createdJSON))
			cli := clitest.New(t, e.Host())
			assert.NilError(t, clitest.Run(t, newCreateCommand(cli), tc.args...))
			assert.Equal(t, cli.OutBuf.String(), "abc123def4567890abc123def4567890abc123def4567890abc123def4567890\n")
			assert.Equal(t, cli.ErrBuf.String(), "")
		})
	}
}

// docker's refusals of the address flags, before any request (exit 1).
func TestCreateAddressErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		err  string
	}{
		{[]string{"--gateway", "10.0.0.1"}, "every ip-range or gateway must have a corresponding subnet"},
		{[]string{"--ip-range", "10.1.0.0/28"}, "every ip-range or gateway must have a corresponding subnet"},
		{[]string{"--subnet", "10.0.0.0/24", "--ip-range", "10.0.0.0/28", "--ip-range", "10.0.0.16/28"}, "every ip-range or gateway must have a corresponding subnet"},
		{[]string{"--subnet", "10.0.0.0/24", "--gateway", "10.1.0.1"}, "no matching subnet for gateway 10.1.0.1"},
		{[]string{"--subnet", "10.0.0.0/24", "--gateway", "foo"}, "no matching subnet for gateway foo"},
		{[]string{"--subnet", "10.0.0.0/24", "--ip-range", "10.1.0.0/28"}, "no matching subnet for range 10.1.0.0/28"},
		{[]string{"--subnet", "10.0.0.0/24", "--subnet", "10.0.0.0/16"}, "multiple overlapping subnet configuration is not supported"},
		{[]string{"--subnet", "10.0.0.0/16", "--subnet", "10.0.0.0/24"}, "multiple overlapping subnet configuration is not supported"},
		{[]string{"--subnet", "10.1.0.5/16", "--subnet", "10.1.9.0/24"}, "multiple overlapping subnet configuration is not supported"},
		{[]string{"--subnet", "10.1.0.0/24", "--subnet", "10.1.0.0/24"}, "multiple overlapping subnet configuration is not supported"},
		{[]string{"--subnet", "10.0.0.0/24", "--aux-address", "x=10.1.0.3"}, "no matching subnet for aux-address 10.1.0.3"},
		{[]string{"--aux-address", "x=10.1.0.3"}, "no matching subnet for aux-address 10.1.0.3"},
		{[]string{"--aux-address", "x"}, "no matching subnet for aux-address "},
		{[]string{"--subnet", "10.0.0.0/24", "--aux-address", "a=foo"}, "no matching subnet for aux-address foo"},
		{[]string{"--subnet", "10.0.0.0/24", "--subnet", "10.1.0.0/24", "--ip-range", "10.0.0.0/28", "--ip-range", "10.0.0.16/28"},
			"cannot configure multiple ranges (10.0.0.16/28, 10.0.0.0/28) on the same subnet (10.0.0.0/24)"},
		{[]string{"--subnet", "10.0.0.0/24", "--gateway", "10.0.0.1", "--gateway", "10.0.0.2", "--subnet", "10.1.0.0/24"},
			"cannot configure multiple gateways (10.0.0.2, 10.0.0.1) for the same subnet (10.0.0.0/24)"},
		{[]string{"--subnet", "foo", "--gateway", "10.0.0.1"}, "invalid subnet: invalid CIDR address: foo"},
		{[]string{"--subnet", "foo", "--subnet", "bar"}, "invalid subnet: invalid CIDR address: bar"},
		{[]string{"--subnet", "10.0.0.0/24", "--subnet", "bar"}, "invalid subnet: invalid CIDR address: bar"},
		{[]string{"--subnet", "foo", "--ip-range", "10.0.0.0/28"}, "invalid subnet: invalid CIDR address: foo"},
		{[]string{"--subnet", "foo", "--aux-address", "a=foo"}, "invalid subnet: invalid CIDR address: foo"},
		{[]string{"--subnet", "foo", "--gateway", "10.0.0.1/40"}, "invalid subnet: invalid CIDR address: foo"},
		{[]string{"--subnet", "10.0.0.0/33", "--subnet", "10.1.0.0/24"}, "invalid CIDR address: 10.0.0.0/33"},
		{[]string{"--subnet", "10.1.0.0/24", "--subnet", "10.0.0.0/33"}, "invalid subnet: invalid CIDR address: 10.0.0.0/33"},
		{[]string{"--subnet", "10.0.0.0/33", "--subnet", "bar"}, "invalid subnet: invalid CIDR address: bar"},
		{[]string{"--subnet", "10.0.0.0/24", "--ip-range", "foo"}, "invalid CIDR address: foo"},
		{[]string{"--subnet", "foo", "--ip-range", "bad"}, "invalid CIDR address: bad"},
		{[]string{"--subnet", "10.0.0.0/24", "--ip-range", "10.0.0.0"}, "invalid CIDR address: 10.0.0.0"},
		{[]string{"--subnet", "10.1.0.0/24", "--gateway", "10.1.0.1/40"}, "invalid CIDR address: 10.1.0.1/40"},
		{[]string{"--subnet", "10.1.0.0/24", "--aux-address", "a=10.1.0.1/40"}, "invalid CIDR address: 10.1.0.1/40"},
		// ranges before gateways before aux-addresses
		{[]string{"--subnet", "10.0.0.0/24", "--ip-range", "10.1.0.0/28", "--gateway", "10.2.0.1"}, "no matching subnet for range 10.1.0.0/28"},
		{[]string{"--subnet", "10.0.0.0/24", "--gateway", "10.2.0.1", "--aux-address", "a=10.3.0.1"}, "no matching subnet for gateway 10.2.0.1"},
	} {
		t.Run(tc.err, func(t *testing.T) {
			e := fakeengine.New(t) // no request expected
			cli := clitest.New(t, e.Host())
			err := clitest.Run(t, newCreateCommand(cli), append(tc.args, "n")...)
			assert.Error(t, err, tc.err)
			assert.Equal(t, commands.ExitCode(err), 1)
			assert.Equal(t, cli.OutBuf.String(), "")
		})
	}
}

func TestCreateErrors(t *testing.T) {
	t.Run("daemon", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("POST", "/networks/create").ReplyError(409, "network with name n already exists")
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newCreateCommand(cli), "n")
		assert.Error(t, err, "Error response from daemon: network with name n already exists")
		assert.Equal(t, commands.ExitCode(err), 1)
		assert.Equal(t, cli.OutBuf.String(), "")
	})
	for _, tc := range []struct {
		args []string
		err  string
		code int
	}{
		{[]string{}, "docker: 'create' requires 1 argument", 1},
		{[]string{"n", "m"}, "docker: 'create' requires 1 argument", 1},
		{[]string{"--label", "b = c", "n"}, `invalid argument "b = c" for "--label" flag: label 'b ' contains whitespaces`, 125},
		{[]string{"--label", "", "n"}, `invalid argument "" for "--label" flag: invalid label '': empty name`, 125},
	} {
		t.Run(tc.err, func(t *testing.T) {
			cli := clitest.New(t, "")
			err := clitest.Run(t, newCreateCommand(cli), tc.args...)
			assert.Equal(t, firstLine(err.Error()), tc.err)
			assert.Equal(t, commands.ExitCode(err), tc.code)
		})
	}
}

// Flags newer than the engine's API are refused before any request, with docker's words.
func TestCreateAPIGated(t *testing.T) {
	for _, tc := range []struct {
		api, flag, need string
	}{
		{"1.24", "--attachable", "1.25"},
		{"1.24", "--attachable=false", "1.25"},
		{"1.28", "--ingress", "1.29"},
		{"1.29", "--scope=local", "1.30"},
		{"1.29", "--config-only", "1.30"},
		{"1.29", "--config-from=x", "1.30"},
	} {
		t.Run(tc.flag, func(t *testing.T) {
			e := fakeengine.New(t)
			e.APIVersion = tc.api
			cli := clitest.New(t, e.Host())
			err := clitest.Run(t, newCreateCommand(cli), tc.flag, "n")
			name, _, _ := cut(tc.flag, "=")
			assert.Error(t, err, `"`+name+`" requires API version `+tc.need+`, but the Docker daemon API version is `+tc.api)
			assert.Equal(t, commands.ExitCode(err), 1)
		})
	}
	// --ipv4 and --ipv6 are not gated: docker sends them to a 1.24 engine too
	e := fakeengine.New(t)
	e.APIVersion = "1.24"
	e.Expect("POST", "/networks/create").Version("1.24").BodyField("EnableIPv4", false).BodyField("EnableIPv6", true).Reply(201, createdJSON)
	cli := clitest.New(t, e.Host())
	assert.NilError(t, clitest.Run(t, newCreateCommand(cli), "--ipv4=false", "--ipv6", "n"))
}
