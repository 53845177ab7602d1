package commands

import (
	"bufio"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

// Confirm prints docker's question (e.g. prune's warning ending in "[y/N] ") on stdout
// and reads one line of stdin, terminal or not: "y" or "Y" (spaces aside) confirms;
// anything else, or stdin at its end or closed, declines. A SIGINT or SIGTERM while it
// waits declines too, after a newline, so the command ends with status 0 as docker 28's
// prompts do (not killed by the signal).
func Confirm(cli Cli, question string) bool {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM)
	defer signal.Stop(sigs)
	return confirm(cli, question, sigs)
}

// confirm is Confirm with the signals it gives up on coming from sigs. On a signal the
// reading goroutine stays blocked on stdin: the command ends right after.
func confirm(cli Cli, question string, sigs <-chan os.Signal) bool {
	fmt.Fprint(cli.Out(), question)
	answer := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(cli.In()).ReadString('\n')
		answer <- strings.TrimSpace(line)
	}()
	select {
	case a := <-answer:
		return a == "y" || a == "Y"
	case <-sigs:
		fmt.Fprintln(cli.Out())
		return false
	}
}
