package stack

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/compose"
)

// loadCompose reads and loads the -c files in order (relative paths of the files are
// resolved against the first file's folder; "-" reads stdin, once).
func loadCompose(cli commands.Cli, names []string, skipInterpolation bool) (*compose.Config, error) {
	if len(names) == 0 {
		return nil, errors.New("Specify a Compose file (with --compose-file)")
	}
	files, err := compose.ReadFiles(names, func() ([]byte, error) { return io.ReadAll(cli.In()) })
	if err != nil {
		return nil, err
	}
	dir, _ := os.Getwd()
	if names[0] != "-" {
		if abs, err := filepath.Abs(names[0]); err == nil {
			dir = filepath.Dir(abs)
		}
	}
	cfg, warnings, err := compose.Load(files, compose.Options{
		WorkingDir:        dir,
		Lookup:            os.LookupEnv,
		SkipInterpolation: skipInterpolation,
	})
	for _, w := range warnings {
		logWarning(cli.Err(), w)
	}
	return cfg, err
}

// logWarning prints a warning as docker's logger does (time="..." level=warning msg="...").
func logWarning(w io.Writer, msg string) {
	fmt.Fprintf(w, "time=%q level=warning msg=%q\n", time.Now().Format(time.RFC3339), msg)
}
