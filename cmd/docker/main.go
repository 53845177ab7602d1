// Command docker is skiff: a drop-in replacement for the docker command-line client.
package main

import (
	"context"
	"os"

	"github.com/skiff-cli/skiff/commands/root"
)

func main() {
	os.Exit(root.Main(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
