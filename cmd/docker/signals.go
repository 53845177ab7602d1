package main

import (
	"os"
	"os/signal"
	"strings"
	"syscall"
)

// exitOnTermination makes SIGINT and SIGTERM end skiff with status 130 and 143, as
// docker does, also when the shell started it with SIGINT ignored (a background job:
// `docker events & kill -INT $!`, where Go's default would leave it running).
//
// Commands that hand signals to a container or a terminal session (run, start, attach,
// exec) keep their own handling and are left alone.
//
// Only an ignored SIGINT needs the handler: otherwise Go's default already ends the
// process on SIGINT and SIGTERM, which the shell reports as 130 and 143. Installing it
// unconditionally would cost every invocation about a millisecond (signal.Notify starts
// a thread), a third of `docker --version`.
func exitOnTermination(args []string) {
	if !signal.Ignored(syscall.SIGINT) || signalsOwnedByCommand(args) {
		return
	}
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		sig := <-c
		os.Exit(128 + int(sig.(syscall.Signal)))
	}()
}

// globalValueFlags are the root's flags that take a value in the next argument.
var globalValueFlags = map[string]bool{
	"--config": true, "-c": true, "--context": true, "-H": true, "--host": true,
	"-l": true, "--log-level": true, "--tlscacert": true, "--tlscert": true, "--tlskey": true,
}

// signalsOwnedByCommand reports whether args run a command that proxies signals to a
// container (docker run/start/attach/exec, or their `container` forms).
func signalsOwnedByCommand(args []string) bool {
	var words []string
	for i := 0; i < len(args) && len(words) < 2; i++ {
		a := args[i]
		switch {
		case a == "--":
			i = len(args)
		case strings.HasPrefix(a, "-"):
			if globalValueFlags[a] && !strings.Contains(a, "=") {
				i++
			}
		default:
			words = append(words, a)
		}
	}
	if len(words) == 0 {
		return false
	}
	verb := words[0]
	if verb == "container" {
		if len(words) < 2 {
			return false
		}
		verb = words[1]
	}
	switch verb {
	case "run", "start", "attach", "exec":
		return true
	}
	return false
}
