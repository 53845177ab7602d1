package opts

import (
	"strings"
	"testing"
)

func TestCapFlags(t *testing.T) {
	c := NewCapFlags()
	flags := newFlagSetWith(c.Bind)
	for _, name := range []string{"cap-add", "cap-drop"} {
		if f := flags.Lookup(name); f == nil || f.Value.Type() != "list" {
			t.Errorf("--%s bound as %+v", name, f)
		}
	}
	if err := flags.Parse(strings.Fields("--cap-add net_admin --cap-add CAP_NET_ADMIN --cap-add sys_time --cap-drop all --cap-drop Cap_Chown")); err != nil {
		t.Fatal(err)
	}
	add, drop := c.Normalized()
	if got := strings.Join(add, ",") + "|" + strings.Join(drop, ","); got != "CAP_NET_ADMIN,CAP_SYS_TIME|ALL,CAP_CHOWN" {
		t.Errorf("got %q", got)
	}
	if add, drop := NewCapFlags().Normalized(); add != nil || drop != nil {
		t.Errorf("none given: %v %v, want nil", add, drop)
	}
}
