package commands

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

// Confirm prints docker's question (e.g. prune's warning ending in "[y/N] ") on stdout
// and reads one line of stdin, terminal or not: "y" or "Y" (spaces aside) confirms;
// anything else, or stdin at its end or closed, declines. A SIGINT or SIGTERM while it
// waits declines too, after a newline, as docker 28 does (the command then ends with
// status 0 rather than dying by the signal).
func Confirm(cli Cli, question string) bool {
	// Only for the time of the question: signal.Notify starts a thread.
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM)
	defer signal.Stop(sigs)
	return confirm(cli, question, sigs)
}

// prompter is a Cli that tells the root's signal handling (commands/root) when a
// question is open, so that a signal then is the question's alone.
type prompter interface{ setPrompting(bool) }

// confirm is Confirm with the signals it gives up on coming from sigs.
func confirm(cli Cli, question string, sigs <-chan os.Signal) bool {
	p, _ := cli.(prompter)
	if p != nil {
		// Left set after a signal: the root's watch may see that signal later, and the
		// command ends right after anyway.
		p.setPrompting(true)
	}
	fmt.Fprint(cli.Out(), question)
	answer := make(chan string, 1)
	// On a signal this reader stays blocked on stdin: the command ends right after.
	go func() { answer <- readLine(cli.In()) }()
	select {
	case line := <-answer:
		if p != nil {
			p.setPrompting(false)
		}
		line = strings.TrimSpace(line)
		return line == "y" || line == "Y"
	case <-sigs:
		fmt.Fprintln(cli.Out())
		return false
	}
}

// readLine reads up to the end of a line, one byte at a time so that nothing after it
// is taken from stdin (a terminal gives whole lines: it costs nothing there).
func readLine(r io.Reader) string {
	var b []byte
	one := make([]byte, 1)
	for {
		n, err := r.Read(one)
		if n == 1 {
			if one[0] == '\n' {
				return string(b)
			}
			b = append(b, one[0])
		}
		if err != nil {
			return string(b)
		}
	}
}
