package root

import (
	"io"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

// FuzzRootArgs: rootArgs rewrites the global options, never what they mean. The fuzzer
// writes the options (plan: one byte per option, choosing its flag and spelling) with
// values of its own (vals, split on NUL: "", "--", "=x", "-h" included), then a command
// and arguments (tail) that must come out unchanged and in order. Parsing the rewritten
// options (as docker's pflag would) must give every flag exactly the values given, the
// help flag must be reported when (and only when) one was given, and a second pass must
// change nothing. Any other argument list (raw) must not panic nor find a help flag
// that is not there.
func FuzzRootArgs(f *testing.F) {
	f.Add([]byte{0, 2, 4}, "\x00\x00", "ps\x00-a", "-H\x00\x00ps")
	f.Add([]byte{3, 11, 19, 6, 14}, "--\x00=x\x00-h", "run\x00--rm\x00--\x00bb", "-Dl\x00\x00--\x00ps")
	f.Add([]byte{5, 13, 21, 1, 9, 7}, "=\x00==\x00ab\x00x=y\x00\x00-", "ps", "-D=true\x00--\x00ps")
	f.Add([]byte{8, 16, 24, 32, 40, 48, 56}, "a\x00b\x00c\x00d\x00e\x00f\x00g", "container\x00ls", "-D-\x00ps")
	root := NewRootCommand(newTestCli())
	f.Fuzz(func(t *testing.T, plan []byte, vals, tail, raw string) {
		rawArgs := strings.Split(raw, "\x00")
		rest, help := rootArgs(root, rawArgs)
		if n := rootGlobalCount(root, rest); n > len(rest) {
			t.Fatalf("%q: %d global options counted in %q", rawArgs, n, rest)
		}
		if help != "" && !slices.ContainsFunc(rawArgs, func(a string) bool {
			return a == "--help" || (strings.HasPrefix(a, "-") && !strings.HasPrefix(a, "--") && strings.Contains(a, "h"))
		}) {
			t.Fatalf("%q: help %q without a help flag", rawArgs, help)
		}

		if len(plan) > 64 {
			plan = plan[:64]
		}
		values := strings.Split(vals, "\x00")
		next := func(k int) string { return values[k%len(values)] }
		var args []string
		want := map[string][]string{}
		wantHelp := ""
		for k, b := range plan {
			long := rootFuzzLong[int(b>>3)%len(rootFuzzLong)]
			short := rootFuzzShort[int(b>>3)%len(rootFuzzShort)]
			v := next(k)
			switch b % 8 {
			case 0: // --host VALUE
				args = append(args, "--"+long, v)
				want[long] = append(want[long], v)
			case 1: // --host=VALUE
				args = append(args, "--"+long+"="+v)
				want[long] = append(want[long], v)
			case 2: // -H VALUE
				args = append(args, "-"+short[:1], v)
				want[short[1:]] = append(want[short[1:]], v)
			case 3: // -DH VALUE
				args = append(args, "-D"+short[:1], v)
				want["debug"] = append(want["debug"], "true")
				want[short[1:]] = append(want[short[1:]], v)
			case 4:
				args = append(args, "-D")
				want["debug"] = append(want["debug"], "true")
			case 5: // -HVALUE, -H=VALUE: pflag's reading (docker's too), "=" dropped after two
				if v == "" {
					continue
				}
				args = append(args, "-"+short[:1]+v)
				if len(v) > 1 && v[0] == '=' {
					v = v[1:]
				}
				want[short[1:]] = append(want[short[1:]], v)
			case 6:
				wantHelp = [...]string{"--help", "-h"}[b>>3&1]
				args = append(args, wantHelp)
			case 7: // -Dh: help inside a group
				wantHelp = "-h"
				args = append(args, "-Dh")
				want["debug"] = append(want["debug"], "true")
			}
		}
		words := append([]string{[...]string{"ps", "run", "image"}[len(plan)%3]}, strings.Split(tail, "\x00")...)
		if words[0] == "image" && len(words) > 1 && (words[1] == "--help" || words[1] == "-h") {
			words[1] = "ls" // a management command's help is rewritten on purpose
		}
		rest, help = rootArgs(root, append(append([]string{}, args...), words...))
		n := rootGlobalCount(root, rest)
		if !reflect.DeepEqual(rest[n:], words) {
			t.Fatalf("%q: rest %q: after the options %q, want %q", args, rest, rest[n:], words)
		}
		if help != wantHelp {
			t.Fatalf("%q: help %q, want %q", args, help, wantHelp)
		}
		got, err := rootFuzzParse(root, rest[:n])
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("%q → %q: values %q (%v), want %q", args, rest[:n], got, err, want)
		}
		if again, help := rootArgs(root, rest); !reflect.DeepEqual(again, rest) || help != "" {
			t.Fatalf("%q: a second pass gives %q (help %q)", rest, again, help)
		}
	})
}

// The value-taking global options the fuzzer writes: long names, and shorthand+name.
var rootFuzzLong = [...]string{"host", "context", "log-level", "config", "tlscacert", "tlscert", "tlskey"}

var rootFuzzShort = [...]string{"Hhost", "ccontext", "llog-level"}

// rootFuzzParse parses args with a copy of the root's flags that records every value
// set, by flag name.
func rootFuzzParse(root interface{ Flags() *pflag.FlagSet }, args []string) (map[string][]string, error) {
	got := map[string][]string{}
	fs := pflag.NewFlagSet("docker", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	root.Flags().VisitAll(func(fl *pflag.Flag) {
		cp := *fl
		cp.Value = rootFuzzValue{fl.Name, fl.Value.Type(), got}
		fs.AddFlag(&cp)
	})
	err := fs.Parse(args)
	if len(fs.Args()) > 0 && err == nil {
		err = io.ErrUnexpectedEOF // options only were expected
	}
	return got, err
}

type rootFuzzValue struct {
	name, typ string
	got       map[string][]string
}

func (v rootFuzzValue) String() string { return "" }
func (v rootFuzzValue) Type() string   { return v.typ }
func (v rootFuzzValue) Set(s string) error {
	v.got[v.name] = append(v.got[v.name], s)
	return nil
}
