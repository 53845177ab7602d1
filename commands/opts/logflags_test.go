package opts

import (
	"strings"
	"testing"
)

func TestLogFlags(t *testing.T) {
	l := NewLogFlags()
	flags := newFlagSetWith(l.Bind)
	if f := flags.Lookup("log-driver"); f == nil || f.Value.Type() != "string" {
		t.Errorf("--log-driver bound as %+v", f)
	}
	if f := flags.Lookup("log-opt"); f == nil || f.Value.Type() != "list" {
		t.Errorf("--log-opt bound as %+v", f)
	}
	if err := flags.Parse(strings.Fields("--log-driver json-file --log-opt max-size=1m --log-opt x --log-opt max-size=2m")); err != nil {
		t.Fatal(err)
	}
	if got := mustJSON(t, l.Config()); got != `{"Type":"json-file","Config":{"max-size":"2m","x":""}}` {
		t.Errorf("got %s", got)
	}
	if got := mustJSON(t, NewLogFlags().Config()); got != `{"Type":"","Config":{}}` {
		t.Errorf("none given: %s", got)
	}
}
