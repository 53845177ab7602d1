package registry

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/moby/term"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/streams"
)

// errPromptInterrupted is a SIGINT or SIGTERM while a prompt waits (a constant: no
// package-level work at start-up).
const errPromptInterrupted = promptError("prompt interrupted")

type promptError string

func (e promptError) Error() string { return string(e) }

// loginPrompt asks on the terminal for what the flags did not give: the user name
// (defaultUser offered in brackets) and the password, read with echo off. The terminal
// is restored before it returns, whatever happens; a ^C at a prompt gives
// interrupted (docker 28 then ends with status 0 after a newline).
func loginPrompt(cli commands.Cli, hub bool, user, defaultUser string) (string, string, bool, error) {
	in := cli.In()
	if !in.IsTerminal() {
		return "", "", false, loginError("Error: Cannot perform an interactive login from a non TTY device")
	}
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM)
	defer signal.Stop(sigs)

	password, err := func() (string, error) {
		if user == "" {
			if hub {
				fmt.Fprint(cli.Err(), loginNoWebLogin)
				fmt.Fprint(cli.Out(), loginHubIntro)
			}
			if defaultUser != "" {
				fmt.Fprintf(cli.Out(), "Username (%s): ", defaultUser)
			} else {
				fmt.Fprint(cli.Out(), "Username: ")
			}
			line, err := promptLine(in, sigs)
			if err != nil {
				return "", err
			}
			if user = strings.TrimSpace(line); user == "" {
				user = defaultUser
			}
			if user == "" {
				return "", loginError("Error: Non-null Username Required")
			}
		}
		if hub {
			fmt.Fprint(cli.Err(), loginTip(cli.Err().IsTerminal(), "A Personal Access Token (PAT) can be used instead.",
				"To create a PAT, visit \x1b[4mhttps://app.docker.com/settings\x1b[0m", "", ""))
		}
		fmt.Fprint(cli.Out(), "Password: ")
		line, err := promptSecret(in, sigs)
		fmt.Fprintln(cli.Out()) // the Enter the terminal did not echo
		if err != nil {
			return "", err
		}
		if line == "" {
			return "", loginError("Error: Password Required")
		}
		return line, nil
	}()
	if errors.Is(err, errPromptInterrupted) {
		if user == "" {
			fmt.Fprintln(cli.Out())
		}
		return "", "", true, nil
	}
	return user, password, false, err
}

// promptSecret reads a line with the terminal's echo off, restoring its mode after.
func promptSecret(in *streams.In, sigs <-chan os.Signal) (string, error) {
	st, err := term.SaveState(in.FD())
	if err != nil {
		return "", err
	}
	if err := term.DisableEcho(in.FD(), st); err != nil {
		return "", err
	}
	defer term.RestoreTerminal(in.FD(), st) //nolint:errcheck // nothing better to do
	return promptLine(in, sigs)
}

// promptLine reads one line (without its end) from in, or gives up on a signal. The
// terminal gives whole lines, so reading a byte at a time costs nothing and leaves the
// rest of the input unread. On a signal the reading goroutine stays blocked: the
// process ends right after.
func promptLine(in io.Reader, sigs <-chan os.Signal) (string, error) {
	type result struct {
		line string
		err  error
	}
	done := make(chan result, 1)
	go func() {
		var b []byte
		one := make([]byte, 1)
		for {
			n, err := in.Read(one)
			if n == 1 {
				if one[0] == '\n' {
					break
				}
				b = append(b, one[0])
			}
			if err != nil {
				if err == io.EOF {
					err = nil
				}
				done <- result{strings.TrimSuffix(string(b), "\r"), err}
				return
			}
		}
		done <- result{strings.TrimSuffix(string(b), "\r"), nil}
	}()
	select {
	case r := <-done:
		return r.line, r.err
	case <-sigs:
		return "", errPromptInterrupted
	}
}
