package clitest_test

import (
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/clitest"
)

// rootGatedCommand is a leaf command with a flag needing API 1.99 and one required
// argument, which does not wrap its own Args (the root does, and so must clitest.Run).
func rootGatedCommand(ran *bool) *cobra.Command {
	cmd := &cobra.Command{
		Use:  "gated ARG",
		Args: commands.ExactArgs(1),
		RunE: func(*cobra.Command, []string) error { *ran = true; return nil },
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.Bool("future", false, "needs a newer engine")
		commands.RequiresAPI(flags, "future", "1.99")
	})
	return cmd
}

// TestRootRunChecksAPIFlags: clitest.Run refuses a version-gated flag before the
// argument count, as the root does, also in a subtest and under a management command.
func TestRootRunChecksAPIFlags(t *testing.T) {
	e := fakeengine.New(t)
	clitest.New(t, e.Host())
	const want = `"--future" requires API version 1.99, but the Docker daemon API version is 1.41`
	var ran bool
	if err := clitest.Run(t, rootGatedCommand(&ran), "--future"); err == nil || err.Error() != want {
		t.Errorf("leaf: %v, want %s", err, want)
	}
	t.Run("sub", func(t *testing.T) {
		parent := &cobra.Command{Use: "noun"}
		parent.AddCommand(rootGatedCommand(&ran))
		if err := clitest.Run(t, parent, "gated", "--future", "x"); err == nil || err.Error() != want {
			t.Errorf("under a parent: %v, want %s", err, want)
		}
	})
	cmd := rootGatedCommand(&ran)
	for i := 0; i < 2; i++ { // run twice: wrapped once
		if err := clitest.Run(t, cmd, "x"); err != nil || !ran {
			t.Errorf("without the flag: %v, ran %v", err, ran)
		}
	}
}

// TestRootRunAPIFlagBeforeFlagError: a version-gated flag the engine lacks is reported
// before a later unknown flag, as the root does for every command.
func TestRootRunAPIFlagBeforeFlagError(t *testing.T) {
	e := fakeengine.New(t)
	clitest.New(t, e.Host())
	var ran bool
	err := clitest.Run(t, rootGatedCommand(&ran), "--future", "--bogus", "x")
	if want := `"--future" requires API version 1.99, but the Docker daemon API version is 1.41`; err == nil || err.Error() != want {
		t.Errorf("%v, want %s", err, want)
	}
	if err := clitest.Run(t, rootGatedCommand(&ran), "--bogus", "x"); err == nil || commands.ExitCode(err) != 125 {
		t.Errorf("unknown flag alone: %v", err)
	}
}
