package commands

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// DebugEnabled reports whether the global options ask for debug output (-D, or
// --log-level debug or trace).
func DebugEnabled(cli Cli) bool {
	o := cli.Options()
	l := strings.ToLower(o.LogLevel)
	return o.Debug || l == "debug" || l == "trace"
}

// Debugf writes one debug line to cli's stderr, in the shape docker's logger gives it
// (`time="2026-11-23T22:39:54Z" level=debug msg="[hijack] End of stdout"`), when debug
// output is on; fields are key/value pairs after the message (`error="..."`).
func Debugf(cli Cli, msg string, fields ...string) {
	if !DebugEnabled(cli) {
		return
	}
	fmt.Fprint(cli.Err(), DebugLine(time.Now(), msg, fields...))
}

// DebugLine formats one docker debug line, newline included.
func DebugLine(now time.Time, msg string, fields ...string) string {
	var b strings.Builder
	b.WriteString("time=" + strconv.Quote(now.Format(time.RFC3339)) + " level=debug msg=" + strconv.Quote(msg))
	for i := 0; i+1 < len(fields); i += 2 {
		b.WriteString(" " + fields[i] + "=" + strconv.Quote(fields[i+1]))
	}
	b.WriteString("\n")
	return b.String()
}
