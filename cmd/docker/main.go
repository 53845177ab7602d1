// Command docker is skiff: a drop-in replacement for the docker command-line client.
package main

import (
	"context"
	"io"
	"log"
	"os"

	"github.com/skiff-cli/skiff/commands/root"
)

func main() {
	// The standard logger is net/http's, for notes like "Unsolicited response received
	// on idle HTTP channel" that docker never shows: the error that follows says it.
	log.SetOutput(io.Discard)
	os.Exit(root.Main(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
