package root

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/config"
	"github.com/skiff-cli/skiff/streams"
)

func newTestRoot(t *testing.T) (*commands.DockerCli, func(args ...string) ([]string, string)) {
	t.Helper()
	cli := commands.NewDockerCli(streams.NewTestIn(strings.NewReader(""), false),
		streams.NewTestOut(io.Discard, false), streams.NewTestOut(io.Discard, false))
	root := NewRootCommand(cli)
	return cli, func(args ...string) ([]string, string) {
		a, _ := rootArgs(root, args)
		return a, lookupCandidate(root, a)
	}
}

// TestLookupCandidate: only a first word after the global options that no built-in
// command has is a plugin candidate.
func TestLookupCandidate(t *testing.T) {
	_, look := newTestRoot(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"compose", "up"}, "compose"},
		{[]string{"-D", "-H", "unix:///x", "compose"}, "compose"},
		{[]string{"--config", "/x", "-c", "ctx", "dump", "-h"}, "dump"},
		{[]string{"ps", "-a"}, ""},
		{[]string{"container", "ls"}, ""},
		{[]string{"--version"}, ""},
		{[]string{}, ""},
		{[]string{"help", "compose"}, ""},
	} {
		if _, got := look(c.args...); got != c.want {
			t.Errorf("%q: candidate %q, want %q", c.args, got, c.want)
		}
	}
}

// TestCheckAliases: config.json may alias builder alone, as docker 28.
func TestCheckAliases(t *testing.T) {
	if err := checkAliases(&config.ConfigFile{Aliases: map[string]string{"builder": "buildx"}}); err != nil {
		t.Errorf("builder alias refused: %v", err)
	}
	err := checkAliases(&config.ConfigFile{Aliases: map[string]string{"ps": "x", "builder": "y"}})
	want := `not allowed to alias "ps" (allowed: map[string]struct {}{"builder":struct {}{}})`
	if err == nil || err.Error() != want || commands.ExitCode(err) != 1 {
		t.Errorf("ps alias: %v (exit %d), want %q", err, commands.ExitCode(err), want)
	}
}

// TestPluginBuilderNotHandedOver: an invalid buildx, or a command other than build/builder, is not handed over (the lines buildx gets: e2e TestCLIPluginBuildx).
func TestPluginBuilderNotHandedOver(t *testing.T) {
	cfg := t.TempDir()
	dir := filepath.Join(cfg, "cli-plugins")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	// a plugin that cannot run: found but not valid, so nothing is handed over
	if err := os.WriteFile(filepath.Join(dir, "docker-buildx"), []byte("#!/bin/sh\nexit 1\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("DOCKER_CONFIG", cfg)
	t.Setenv("DOCKER_BUILDKIT", "")
	os.Unsetenv("DOCKER_BUILDKIT")
	cli, _ := newTestRoot(t)
	root := NewRootCommand(cli)
	args, _ := rootArgs(root, []string{"build", "."})
	if run := pluginBuilder(cli, root, args, []string{"build", "."}); run != nil {
		t.Errorf("an invalid buildx took build over")
	}
	args, _ = rootArgs(root, []string{"ps"})
	if run := pluginBuilder(cli, root, args, []string{"ps"}); run != nil {
		t.Errorf("ps handed over")
	}
}
