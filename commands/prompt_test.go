package commands

import (
	"bytes"
	"io"
	"os"
	"strings"
	"syscall"
	"testing"

	"github.com/skiff-cli/skiff/streams"
)

func promptCli(in io.Reader) (*DockerCli, *bytes.Buffer) {
	out := &bytes.Buffer{}
	return NewDockerCli(streams.NewTestIn(in, false), streams.NewTestOut(out, false), streams.NewTestOut(&bytes.Buffer{}, false)), out
}

func TestConfirmAnswers(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"y\n", true}, {"Y\n", true}, {"  y \r\n", true}, {"y", true},
		{"yes\n", false}, {"n\n", false}, {"\n", false}, {"", false}, {"N\ny\n", false},
	} {
		cli, out := promptCli(strings.NewReader(tc.in))
		if got := Confirm(cli, "Sure? [y/N] "); got != tc.want {
			t.Errorf("%q: got %v, want %v", tc.in, got, tc.want)
		}
		if out.String() != "Sure? [y/N] " {
			t.Errorf("%q: printed %q", tc.in, out.String())
		}
	}
}

// A signal at the prompt declines after a newline (docker 28: exit 0), however long
// stdin stays silent.
func TestConfirmSignal(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		r, w := io.Pipe()
		cli, out := promptCli(r)
		sigs := make(chan os.Signal, 1)
		sigs <- sig
		if confirm(cli, "Sure? [y/N] ", sigs) {
			t.Errorf("%v: confirmed", sig)
		}
		if got := out.String(); got != "Sure? [y/N] \n" {
			t.Errorf("%v: printed %q", sig, got)
		}
		w.Close()
	}
}
