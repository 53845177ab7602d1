package network

import (
	"testing"

	"gotest.tools/v3/assert"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/clitest"
)

// endpoint is docker 28's EndpointConfig with the given IPAMConfig, Links, Aliases,
// DriverOpts and GwPriority (the rest as it always sends them).
func endpoint(ipam, links, aliases, driverOpts, gw string) string {
	return `{"IPAMConfig":` + ipam + `,"Links":` + links + `,"Aliases":` + aliases + `,"MacAddress":"","DriverOpts":` + driverOpts +
		`,"GwPriority":` + gw + `,"NetworkID":"","EndpointID":"","Gateway":"","IPAddress":"","IPPrefixLen":0,"IPv6Gateway":"","GlobalIPv6Address":"","GlobalIPv6PrefixLen":0,"DNSNames":null}`
}

// The bodies are what docker 28 sent for the same command lines.
func TestConnectBody(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		path string
		body string
	}{
		{"defaults", []string{"n", "c"}, "/networks/n/connect",
			`{"Container":"c","EndpointConfig":` + endpoint(`{}`, `null`, `[]`, `{}`, `0`) + `}`},
		{"every flag", []string{"--alias", "a", "--alias", "b,c", "--ip", "10.0.0.5", "--ip6", "fd00::5", "--link", "x", "--link", "y:z",
			"--link-local-ip", "169.254.0.5", "--link-local-ip", "fe80::5", "--driver-opt", "a=1", "--driver-opt", "c=2,d=3",
			"--driver-opt", "e=x=y", "--gw-priority", "5", "n", "c"}, "/networks/n/connect",
			`{"Container":"c","EndpointConfig":` + endpoint(`{"IPv4Address":"10.0.0.5","IPv6Address":"fd00::5","LinkLocalIPs":["169.254.0.5","fe80::5"]}`,
				`["x","y:z"]`, `["a","b","c"]`, `{"a":"1","c":"2","d":"3","e":"x=y"}`, `5`) + `}`},
		{"addresses as written", []string{"--ip", "foo", "--ip6", "10.0.0.1", "--link-local-ip", "bar", "n", "c"}, "/networks/n/connect",
			`{"Container":"c","EndpointConfig":` + endpoint(`{"IPv4Address":"foo","IPv6Address":"10.0.0.1","LinkLocalIPs":["bar"]}`, `null`, `[]`, `{}`, `0`) + `}`},
		{"empty values", []string{"--ip", "", "--ip6", "", "--link-local-ip", "", "--alias", "", "--driver-opt", "", "n", "c"}, "/networks/n/connect",
			`{"Container":"c","EndpointConfig":` + endpoint(`{}`, `null`, `[]`, `{}`, `0`) + `}`},
		{"driver options trimmed, last wins", []string{"--driver-opt", " a = 1 ", "--driver-opt", "a=2", "--driver-opt", "b=", "--driver-opt", "x y=z", "n", "c"}, "/networks/n/connect",
			`{"Container":"c","EndpointConfig":` + endpoint(`{}`, `null`, `[]`, `{"a":"2","b":"","x y":"z"}`, `0`) + `}`},
		{"links the engine judges", []string{"--link", "/x:/y", "--link", "x:", "--link", ":y", "n", "c"}, "/networks/n/connect",
			`{"Container":"c","EndpointConfig":` + endpoint(`{}`, `["/x:/y","x:",":y"]`, `[]`, `{}`, `0`) + `}`},
		{"negative and large priorities", []string{"--gw-priority", "-99999999999", "n", "c"}, "/networks/n/connect",
			`{"Container":"c","EndpointConfig":` + endpoint(`{}`, `null`, `[]`, `{}`, `-99999999999`) + `}`},
		{"names trimmed", []string{" n ", " c "}, "/networks/n/connect",
			`{"Container":"c","EndpointConfig":` + endpoint(`{}`, `null`, `[]`, `{}`, `0`) + `}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := fakeengine.New(t)
			e.Expect("POST", tc.path).ReplyFunc(rawBody(t, tc.body, 200, ""))
			cli := clitest.New(t, e.Host())
			assert.NilError(t, clitest.Run(t, newConnectCommand(cli), tc.args...))
			assert.Equal(t, cli.OutBuf.String(), "")
			assert.Equal(t, cli.ErrBuf.String(), "")
		})
	}
	// --gw-priority is not gated: docker sends it to old engines too
	e := fakeengine.New(t)
	e.APIVersion = "1.24"
	e.Expect("POST", "/networks/n/connect").Version("1.24").BodyField("EndpointConfig.GwPriority", 5)
	cli := clitest.New(t, e.Host())
	assert.NilError(t, clitest.Run(t, newConnectCommand(cli), "--gw-priority", "5", "n", "c"))
}

func TestConnectErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		err  string
		code int
	}{
		{"driver-opt without =", []string{"--driver-opt", "b", "n", "c"}, "invalid key/value pair format in driver options", 1},
		{"driver-opt without key", []string{"--driver-opt", " =b", "n", "c"}, "invalid key/value pair format in driver options", 1},
		{"driver-opt in a list", []string{"--driver-opt", "x=1,b", "n", "c"}, "invalid key/value pair format in driver options", 1},
		{"empty network", []string{" ", "c"}, "invalid network name or ID: value is empty", 1},
		{"empty container", []string{"n", ""}, "invalid container name or ID: value is empty", 1},
		{"both empty", []string{"", ""}, "invalid network name or ID: value is empty", 1},
		{"bad link", []string{"--link", "a:b:c", "n", "c"}, `invalid argument "a:b:c" for "--link" flag: bad format for links: a:b:c`, 125},
		{"empty link", []string{"--link", "", "n", "c"}, `invalid argument "" for "--link" flag: empty string specified for links`, 125},
		{"bad priority", []string{"--gw-priority", "x", "n", "c"}, `invalid argument "x" for "--gw-priority" flag: strconv.ParseInt: parsing "x": invalid syntax`, 125},
		{"one argument", []string{"n"}, "docker: 'connect' requires 2 arguments", 1},
		{"three arguments", []string{"n", "c", "d"}, "docker: 'connect' requires 2 arguments", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := fakeengine.New(t) // no request expected
			cli := clitest.New(t, e.Host())
			err := clitest.Run(t, newConnectCommand(cli), tc.args...)
			assert.Equal(t, firstLine(err.Error()), tc.err)
			assert.Equal(t, commands.ExitCode(err), tc.code)
		})
	}
	t.Run("daemon", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("POST", "/networks/n/connect").ReplyError(404, "No such container: c")
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newConnectCommand(cli), "n", "c")
		assert.Error(t, err, "Error response from daemon: No such container: c")
		assert.Equal(t, commands.ExitCode(err), 1)
	})
}

func TestDisconnect(t *testing.T) {
	for _, tc := range []struct {
		args []string
		body string
	}{
		{[]string{"n", "c"}, `{"Container":"c","Force":false}`},
		{[]string{"-f", " n ", " c "}, `{"Container":"c","Force":true}`},
		{[]string{"--force", "n", "c"}, `{"Container":"c","Force":true}`},
	} {
		e := fakeengine.New(t)
		e.Expect("POST", "/networks/n/disconnect").ReplyFunc(rawBody(t, tc.body, 200, ""))
		cli := clitest.New(t, e.Host())
		assert.NilError(t, clitest.Run(t, newDisconnectCommand(cli), tc.args...))
		assert.Equal(t, cli.OutBuf.String()+cli.ErrBuf.String(), "")
	}
}

func TestDisconnectErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		err  string
	}{
		{[]string{"", ""}, "invalid network name or ID: value is empty"},
		{[]string{"n", " "}, "invalid container name or ID: value is empty"},
		{[]string{"n"}, "docker: 'disconnect' requires 2 arguments"},
	} {
		e := fakeengine.New(t)
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newDisconnectCommand(cli), tc.args...)
		assert.Equal(t, firstLine(err.Error()), tc.err)
		assert.Equal(t, commands.ExitCode(err), 1)
	}
	e := fakeengine.New(t)
	e.Expect("POST", "/networks/n/disconnect").ReplyError(404, "endpoint c not found")
	cli := clitest.New(t, e.Host())
	err := clitest.Run(t, newDisconnectCommand(cli), "-f", "n", "c")
	assert.Error(t, err, "Error response from daemon: endpoint c not found")
	assert.Equal(t, commands.ExitCode(err), 1)
}
