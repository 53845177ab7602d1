package commands

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// ReadSwarmObjectData reads the content of a secret or config: the file at path, or
// all of stdin for "-". Empty content is refused in docker's words, the swarm would
// refuse it anyway.
func ReadSwarmObjectData(stdin io.Reader, path string) ([]byte, error) {
	var (
		data []byte
		err  error
	)
	what := path
	if path == "-" {
		what = "STDIN"
		data, err = io.ReadAll(stdin)
	} else {
		data, err = os.ReadFile(path)
	}
	if err == nil && len(data) == 0 {
		err = errors.New("data is empty")
	}
	if err != nil {
		return nil, fmt.Errorf("error reading from %s: %w", what, err)
	}
	return data, nil
}

// PrintPretty is inspect --pretty of secrets and configs: every object is fetched
// first, and the first failure is the only output.
func PrintPretty(out io.Writer, names []string, get func(name string) (string, error)) error {
	var texts []string
	for _, n := range names {
		s, err := get(n)
		if err != nil {
			return err
		}
		texts = append(texts, s)
	}
	for _, s := range texts {
		if _, err := io.WriteString(out, s); err != nil {
			return err
		}
	}
	return nil
}

// RemoveEach removes the objects one after the other, printing each name as given once
// it is gone; the failures are reported together at the end.
func RemoveEach(out io.Writer, names []string, remove func(name string) error) error {
	var errs []error
	for _, n := range names {
		if err := remove(n); err != nil {
			errs = append(errs, err)
			continue
		}
		fmt.Fprintln(out, n)
	}
	return errors.Join(errs...)
}
