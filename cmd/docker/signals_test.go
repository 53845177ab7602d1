package main

import (
	"strings"
	"testing"
)

func TestSignalsOwnedByCommand(t *testing.T) {
	for args, want := range map[string]bool{
		"run -it bb sh":                    true,
		"container run bb":                 true,
		"-H unix:///x.sock start -a c":     true,
		"--context=foo attach c":           true,
		"-l debug container exec -i c cat": true,
		"events":                           false,
		"stats":                            false,
		"logs -f c":                        false,
		"container":                        false,
		"container stats":                  false,
		"--config /run ps":                 false, // "/run" is --config's value
		"-D version":                       false,
		"":                                 false,
		"image ls run":                     false,
		"-- run":                           false,
	} {
		if got := signalsOwnedByCommand(strings.Fields(args)); got != want {
			t.Errorf("%q: %v, want %v", args, got, want)
		}
	}
}
