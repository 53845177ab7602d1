package root

import (
	"fmt"
	"strings"
	"testing"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/config"
)

// TestRootArgs: the first "--" among the global options is dropped, help flags among
// them are taken out, shorthand groups are split; nothing after the command changes.
func TestRootArgs(t *testing.T) {
	for in, want := range map[string]struct{ rest, help string }{
		"-- ps -a":                     {"ps -a", ""},
		"-D -- ps":                     {"-D ps", ""},
		"-- -- ps":                     {"-- ps", ""},
		"-- --help ps":                 {"ps", "mgmt--help"},
		"-- -D -- ps":                  {"-D -- ps", ""},
		"-H -- ps":                     {"--host=-- ps", ""}, // "--" is -H's value
		"--config /x -- ps":            {"--config=/x ps", ""},
		"ps -- -a":                     {"ps -- -a", ""},
		"--help ps":                    {"ps", "--help"},
		"-h -H x rm c":                 {"--host=x rm c", "-h"},
		"rm --help":                    {"rm --help", ""},
		"-Dl debug ps":                 {"-D --log-level=debug ps", ""},
		"-D=true -- ps":                {"-D=true ps", ""}, // a joined value does not end them
		"-l=debug --help ps":           {"-l=debug ps", "--help"},
		"-Dh ps":                       {"-D ps", "-h"},
		"-D- ps":                       {"-D- ps", ""}, // pflag refuses it whole, as docker
		"-Dx- ps":                      {"-Dx- ps", ""},
		"-DD=x ps":                     {"-D -D=x ps", ""},
		"-Dl= ps":                      {"-D -l= ps", ""}, // pflag's value "=", as docker's
		"-lDEBUG ps":                   {"-lDEBUG ps", ""},
		"-Dlx ps":                      {"-D -lx ps", ""},
		"-D=true ps":                   {"-D=true ps", ""},
		"--log-level debug -Dl":        {"--log-level=debug -D -l", ""},
		"-c -h ps":                     {"--context=-h ps", ""},
		"":                             {"", ""},
		"run --rm -- bb sh -c -- echo": {"run --rm -- bb sh -c -- echo", ""},
		"container --help rm x":        {"container rm x", "mgmt--help"},
		"-h container -h ls":           {"container ls", "-h mgmt-h"},
		"container --help":             {"container --help", ""},
		"container --bogus --help ls":  {"container --bogus --help ls", ""},
		"container ls --help":          {"container ls --help", ""},
	} {
		root := NewRootCommand(newTestCli())
		rest, help := rootArgs(root, strings.Fields(in))
		if got := strings.Join(rest, " "); got != want.rest || help != want.help {
			t.Errorf("%q: %q, help %q; want %q, help %q", in, got, help, want.rest, want.help)
		}
	}
}

// TestRootCheckFlags: a bad global option before a command is a usage error (125) with
// the root's usage; the values are only checked, never set twice.
func TestRootCheckFlags(t *testing.T) {
	for in, want := range map[string]string{
		"--tls=nope ps":      `invalid argument "nope" for "--tls" flag: strconv.ParseBool: parsing "nope": invalid syntax`,
		"-D=x ps":            `invalid argument "x" for "-D, --debug" flag: strconv.ParseBool: parsing "x": invalid syntax`,
		"--bogus=1 ps":       "unknown flag: --bogus",
		"-H a -H b ps":       "",
		"--tls=false ps":     "",
		"--bogus":            "", // no command: cobra reports it
		"container -q=1 ls":  "",
		"-l debug ps -q=bad": "",
	} {
		root := NewRootCommand(newTestCli())
		err := rootCheckFlags(root, strings.Fields(in))
		switch {
		case want == "" && err != nil:
			t.Errorf("%q: %v", in, err)
		case want != "" && (err == nil || commands.ExitCode(err) != 125 ||
			err.Error() != want+"\n\nUsage:  docker [OPTIONS] COMMAND [ARG...]\n\nRun 'docker --help' for more information"):
			t.Errorf("%q: %v (exit %d), want %s", in, err, commands.ExitCode(err), want)
		}
		if hosts := root.Flags().Lookup("host").Value.String(); hosts != "[]" && hosts != "" {
			t.Errorf("%q: -H set by the check: %s", in, hosts)
		}
	}
}

// TestRootHelpFlagAmongGlobals: `docker --help rm x` prints rm's help and runs nothing;
// -h also notes its deprecation on stderr.
func TestRootHelpFlagAmongGlobals(t *testing.T) {
	t.Setenv("DOCKER_HOST", "unix:///nonexistent.sock")
	want, _, _ := run(t, "rm", "--help")
	out, errOut, code := run(t, "--help", "rm", "x")
	if code != 0 || out != want || errOut != "" {
		t.Errorf("--help rm x: exit %d, stderr %q, stdout:\n%s", code, errOut, out)
	}
	out, errOut, code = run(t, "-h", "rm")
	if code != 0 || out != want || errOut != "Flag shorthand -h has been deprecated, use --help\n" {
		t.Errorf("-h rm: exit %d, stderr %q, stdout:\n%s", code, errOut, out)
	}
}

// TestRootHelpFlagAfterManagement: `docker container --help rm x` prints rm's help and
// runs nothing; -h there notes its deprecation on stdout, three times, as docker does.
func TestRootHelpFlagAfterManagement(t *testing.T) {
	t.Setenv("DOCKER_HOST", "unix:///nonexistent.sock")
	want, _, _ := run(t, "container", "rm", "--help")
	out, errOut, code := run(t, "container", "--help", "rm", "x")
	if code != 0 || out != want || errOut != "" {
		t.Errorf("container --help rm x: exit %d, stderr %q, stdout:\n%s", code, errOut, out)
	}
	note := "Flag shorthand -h has been deprecated, use --help\n"
	out, errOut, code = run(t, "container", "-h", "rm")
	if code != 0 || out != note+note+note+want || errOut != "" {
		t.Errorf("container -h rm: exit %d, stderr %q, stdout:\n%s", code, errOut, out)
	}
	help, _, _ := run(t, "help", "ps")
	if out, _, code = run(t, "help", "--", "ps"); code != 0 || out != help {
		t.Errorf("help -- ps: exit %d, not help ps:\n%s", code, out)
	}
}

// TestRootArgsEmptyValue: an empty value of a global option is that option's value, ""
// (docker reads `-H ”` as the default host, `-c ”` and `-l ”` as unset), never "=",
// whichever way the option is written; "-l=" is pflag's (and docker's) value "=".
func TestRootArgsEmptyValue(t *testing.T) {
	for _, tc := range []struct {
		args                   []string
		hosts, context, level  string
		config, cacert, remain string
	}{
		{[]string{"-H", "", "ps"}, "[]", "", "info", "", "default", "ps"},
		{[]string{"--host", "", "ps"}, "[]", "", "info", "", "default", "ps"},
		{[]string{"-DH", "", "ps", ""}, "[]", "", "info", "", "default", "ps "},
		{[]string{"-c", "", "ps"}, "", "", "info", "", "default", "ps"},
		{[]string{"-Dc", "", "ps"}, "", "", "info", "", "default", "ps"},
		{[]string{"-l", "", "ps"}, "", "", "", "", "default", "ps"},
		{[]string{"-Dl", "", "ps", "-l", ""}, "", "", "", "", "default", "ps -l "},
		{[]string{"-D", "--", "-l", "", "ps"}, "", "", "", "", "default", "ps"},
		{[]string{"--config", "", "--tlscacert", "", "ps"}, "", "", "info", "", "", "ps"},
		{[]string{"-l=", "ps"}, "", "", "=", "", "default", "ps"},
		{[]string{"-c", "=x", "-l", "--", "ps"}, "", "=x", "--", "", "default", "ps"},
	} {
		cli := newTestCli()
		root := NewRootCommand(cli)
		rest, help := rootArgs(root, tc.args)
		n := rootGlobalCount(root, rest)
		if err := root.ParseFlags(rest[:n]); err != nil || help != "" {
			t.Errorf("%q: %v, help %q", tc.args, err, help)
			continue
		}
		opts := cli.Options()
		if tc.cacert == "default" {
			tc.cacert = config.TLSDefaultPath("ca.pem")
		}
		hosts := ""
		if root.Flags().Changed("host") {
			hosts = fmt.Sprintf("%q", opts.Hosts.Values())
			hosts = strings.ReplaceAll(hosts, `""`, "")
		}
		if got := strings.Join(rest[n:], " "); got != tc.remain || hosts != tc.hosts ||
			opts.Context != tc.context || opts.LogLevel != tc.level || opts.TLSCACert != tc.cacert || opts.ConfigDir != tc.config {
			t.Errorf("%q: hosts %s, context %q, level %q, cacert %q, rest %q", tc.args, hosts, opts.Context, opts.LogLevel, opts.TLSCACert, got)
		}
	}
}

// TestRootEmptyValueRuns: the empty values reach the command as docker's do: -l ” is
// no level to refuse, -c ” no context to conflict with -H.
func TestRootEmptyValueRuns(t *testing.T) {
	want := "Cannot connect to the Docker daemon at unix:///nonexistent.sock. Is the docker daemon running?\n"
	for _, args := range [][]string{
		{"-l", "", "-H", "unix:///nonexistent.sock", "ps"},
		{"-Dl", "", "-H", "unix:///nonexistent.sock", "ps"},
		{"-c", "", "-H", "unix:///nonexistent.sock", "ps"},
		{"-H", "unix:///nonexistent.sock", "-c", "", "ps"},
	} {
		out, errOut, code := run(t, args...)
		if code != 1 || out != "" || errOut != want {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", args, code, out, errOut)
		}
	}
}
