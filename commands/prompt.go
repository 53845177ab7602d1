package commands

import (
	"bufio"
	"fmt"
	"strings"
)

// Confirm prints docker's question (e.g. prune's warning ending in "[y/N] ") on stdout
// and reads one line of stdin, terminal or not: "y" or "Y" (spaces aside) confirms;
// anything else, or stdin at its end or closed, declines.
func Confirm(cli Cli, question string) bool {
	fmt.Fprint(cli.Out(), question)
	line, _ := bufio.NewReader(cli.In()).ReadString('\n')
	answer := strings.TrimSpace(line)
	return answer == "y" || answer == "Y"
}
