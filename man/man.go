// Package man generates skiff's manual: a man page in section 1 and a markdown reference
// page for every command of the tree commands/root builds, in our own prose (each
// command's Short and Long). It is a build-time tool (man/cmd/genman, `make man`): the
// shipped binary does not import it, so the generator's dependencies stay out of it.
package man

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/root"
	"github.com/skiff-cli/skiff/streams"
)

// Page is one generated file: its base name and contents.
type Page struct {
	Name string
	Data []byte
}

// Tree builds the whole command tree with every command's flags bound (the shipped
// binary binds only the flags of the command it runs) and shown as help shows them
// for a current engine.
func Tree() *cobra.Command {
	discard := streams.NewOut(io.Discard)
	cli := commands.NewDockerCli(streams.NewIn(io.NopCloser(strings.NewReader(""))), discard, discard)
	top := root.NewRootCommand(cli)
	commands.BindAll(top)
	home, _ := os.UserHomeDir()
	walk(top, func(c *cobra.Command) {
		c.SetOut(io.Discard)
		c.SetErr(io.Discard)
		// Help decides which version- and OS-gated flags show; render it once so that
		// the pages list the same flags `docker CMD --help` does.
		_ = c.Help()
		c.DisableAutoGenTag = true
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			// Defaults resolved from this machine's home (--config, --tlscacert...) are
			// written as ~ so that the pages do not depend on who generated them.
			if home != "" && home != "/" && strings.HasPrefix(f.DefValue, home+"/") {
				f.DefValue = "~" + strings.TrimPrefix(f.DefValue, home)
			}
		})
	})
	return top
}

func walk(c *cobra.Command, f func(*cobra.Command)) {
	f(c)
	for _, sub := range c.Commands() {
		walk(sub, f)
	}
}

// Documented reports whether c gets pages: every command a user can run or whose
// commands they can list, not hidden or deprecated, and not `help`.
func Documented(c *cobra.Command) bool {
	return !c.HasParent() || (c.IsAvailableCommand() && !c.IsAdditionalHelpTopicCommand())
}

// ManPages renders docker(1), docker-container(1), docker-container-run(1)... for top
// and every documented command below it, dated date.
func ManPages(top *cobra.Command, date time.Time) ([]Page, error) {
	var pages []Page
	var err error
	visit(top, func(c *cobra.Command) {
		if err != nil {
			return
		}
		var b bytes.Buffer
		header := &doc.GenManHeader{
			Section: "1",
			Date:    &date,
			Source:  "skiff",
			Manual:  "Docker CLI (skiff) Manual",
		}
		if err = doc.GenMan(c, header, &b); err == nil {
			pages = append(pages, Page{Name: dashed(c, "-") + ".1", Data: b.Bytes()})
		}
	})
	return pages, err
}

// MarkdownPages renders docker.md, docker_container.md, docker_container_run.md...,
// linked to each other.
func MarkdownPages(top *cobra.Command) ([]Page, error) {
	var pages []Page
	var err error
	link := func(name string) string { return name }
	visit(top, func(c *cobra.Command) {
		if err != nil {
			return
		}
		var b bytes.Buffer
		if err = doc.GenMarkdownCustom(c, &b, link); err == nil {
			pages = append(pages, Page{Name: dashed(c, "_") + ".md", Data: b.Bytes()})
		}
	})
	return pages, err
}

func visit(c *cobra.Command, f func(*cobra.Command)) {
	if !Documented(c) {
		return
	}
	f(c)
	for _, sub := range c.Commands() {
		visit(sub, f)
	}
}

func dashed(c *cobra.Command, sep string) string {
	return strings.ReplaceAll(c.CommandPath(), " ", sep)
}

// Write puts pages into dir (made when missing) without ever leaving a page half
// written: every page goes to a scratch directory inside dir first, and only when all
// are there are they renamed into place. Errors name dir and the cause in one line.
func Write(dir string, pages []Page) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("cannot write to %s: %w", dir, cause(err))
	}
	scratch, err := os.MkdirTemp(dir, ".genman-")
	if err != nil {
		return fmt.Errorf("cannot write to %s: %w", dir, cause(err))
	}
	defer os.RemoveAll(scratch)
	for _, p := range pages {
		if err := os.WriteFile(filepath.Join(scratch, p.Name), p.Data, 0o644); err != nil {
			return fmt.Errorf("cannot write to %s: %w", dir, cause(err))
		}
	}
	for _, p := range pages {
		if err := os.Rename(filepath.Join(scratch, p.Name), filepath.Join(dir, p.Name)); err != nil {
			return fmt.Errorf("cannot write %s: %w", filepath.Join(dir, p.Name), cause(err))
		}
	}
	return nil
}

// cause drops the operation and path of a *PathError: the message names dir itself.
func cause(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
