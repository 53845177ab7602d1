package commands

import (
	"errors"
	"fmt"
)

// StatusError is an error that carries the process exit code. Status, when set, is the
// exact text printed on stderr; otherwise the cause's text is.
type StatusError struct {
	Status     string
	StatusCode int
	Cause      error
}

func (e StatusError) Error() string {
	if e.Status != "" {
		return e.Status
	}
	if e.Cause != nil {
		return e.Cause.Error()
	}
	return fmt.Sprintf("exit status %d", e.StatusCode)
}

func (e StatusError) Unwrap() error { return e.Cause }

// Exit wraps err so that the process exits with code. A nil err stays nil.
func Exit(code int, err error) error {
	if err == nil {
		return nil
	}
	return StatusError{StatusCode: code, Cause: err}
}

// Silent returns an error that prints nothing and exits with code: for commands that
// have already reported their failures (and for a container's own exit status).
func Silent(code int) error {
	return StatusError{StatusCode: code}
}

// ExitCode maps an error to the process exit status: a StatusError's code, an error's
// own ExitCode() method, else 1, the
// code docker 28 uses for daemon and runtime errors. Flag errors are StatusErrors of 125.
func ExitCode(err error) int {
	if err == nil {
		return 0
	}
	var se StatusError
	if errors.As(err, &se) {
		if se.StatusCode == 0 {
			return 1
		}
		return se.StatusCode
	}
	// Errors from other packages (formatter's template errors, inspect) carry their own.
	var coded interface{ ExitCode() int }
	if errors.As(err, &coded) {
		return coded.ExitCode()
	}
	return 1
}

// Message returns the text to print for err, or "" when nothing should be printed.
func Message(err error) string {
	if err == nil {
		return ""
	}
	var se StatusError
	if errors.As(err, &se) && se.Status == "" && se.Cause == nil {
		return ""
	}
	return err.Error()
}
