package opts

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/moby/moby/api/types/container"
)

// ulimitNames are the resources --ulimit knows (setrlimit's, without RLIMIT_).
var ulimitNames = []string{"as", "core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue",
	"nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack"}

// ParseUlimit parses name=soft[:hard] (hard defaults to soft).
func ParseUlimit(v string) (*container.Ulimit, error) {
	name, limits, ok := strings.Cut(v, "=")
	if !ok {
		return nil, fmt.Errorf("invalid ulimit argument: %s", v)
	}
	known := false
	for _, n := range ulimitNames {
		if n == name {
			known = true
			break
		}
	}
	if !known {
		return nil, fmt.Errorf("invalid ulimit type: %s", name)
	}
	parts := strings.SplitN(limits, ":", 2)
	if len(parts) > 1 && strings.Contains(parts[1], ":") {
		return nil, fmt.Errorf("too many limit value arguments - %s, can only have up to two, `soft[:hard]`", limits)
	}
	soft, err := strconv.ParseInt(parts[0], 10, 64)
	if err != nil {
		return nil, err
	}
	hard := soft
	if len(parts) == 2 {
		if hard, err = strconv.ParseInt(parts[1], 10, 64); err != nil {
			return nil, err
		}
		// -1 is unlimited: a hard limit of -1 takes any soft one; an unlimited soft one
		// needs an unlimited hard one
		if hard != -1 && soft == -1 {
			return nil, fmt.Errorf("ulimit soft limit must be less than or equal to hard limit: soft: -1 (unlimited), hard: %d", hard)
		}
		if hard != -1 && soft > hard {
			return nil, fmt.Errorf("ulimit soft limit must be less than or equal to hard limit: %d > %d", soft, hard)
		}
	}
	return &container.Ulimit{Name: name, Soft: soft, Hard: hard}, nil
}

// UlimitOpt is the repeatable --ulimit flag; a later value for a name replaces an earlier.
// run and create bind it as --ulimit; service create takes the same values (docker 28
// words a bad one the same), service update as --ulimit-add.
type UlimitOpt struct {
	values map[string]*container.Ulimit
}

// NewUlimitOpt returns an empty --ulimit value.
func NewUlimitOpt() *UlimitOpt { return &UlimitOpt{values: map[string]*container.Ulimit{}} }

// Set parses one name=soft[:hard].
func (u *UlimitOpt) Set(v string) error {
	l, err := ParseUlimit(v)
	if err != nil {
		return err
	}
	u.values[l.Name] = l
	return nil
}

func (u *UlimitOpt) String() string {
	var out []string
	for _, l := range u.GetList() {
		out = append(out, l.String())
	}
	return fmt.Sprintf("%v", out)
}

func (u *UlimitOpt) Type() string { return "ulimit" }

// GetList returns the limits sorted by name (never nil).
func (u *UlimitOpt) GetList() []*container.Ulimit {
	out := make([]*container.Ulimit, 0, len(u.values))
	for _, l := range u.values {
		out = append(out, l)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
