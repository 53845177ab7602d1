// genman writes skiff's man pages (section 1) and markdown reference pages:
//
//	genman [-md DIR] MANDIR
//
// The pages are dated SOURCE_DATE_EPOCH when set (the Makefile sets the commit's time),
// so the same commit generates the same pages.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/skiff-cli/skiff/man"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stderr))
}

func run(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("genman", flag.ContinueOnError)
	fs.SetOutput(stderr)
	md := fs.String("md", "", "also write markdown reference pages to this directory")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: genman [-md DIR] MANDIR")
		return 2
	}
	if err := generate(fs.Arg(0), *md); err != nil {
		fmt.Fprintln(stderr, "genman: "+err.Error())
		return 1
	}
	return 0
}

func generate(manDir, mdDir string) error {
	date := time.Now().UTC()
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		sec, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return fmt.Errorf("invalid SOURCE_DATE_EPOCH %q", s)
		}
		date = time.Unix(sec, 0).UTC()
	}
	// A DOCKER_API_VERSION in the generator's environment would hide flags from the
	// pages as it hides them from help.
	os.Unsetenv("DOCKER_API_VERSION")
	top := man.Tree()
	pages, err := man.ManPages(top, date)
	if err != nil {
		return err
	}
	if err := man.Write(manDir, pages); err != nil {
		return err
	}
	if mdDir == "" {
		return nil
	}
	md, err := man.MarkdownPages(top)
	if err != nil {
		return err
	}
	return man.Write(mdDir, md)
}
