package service

import (
	"encoding/csv"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/moby/moby/api/types/network"
	"github.com/moby/moby/api/types/swarm"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands/opts"
)

// uintValue is an unsigned flag shown as "uint", as docker's (pflag's own says uint64).
type uintValue uint64

func (u *uintValue) Set(s string) error {
	v, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return err
	}
	*u = uintValue(v)
	return nil
}
func (u *uintValue) String() string { return strconv.FormatUint(uint64(*u), 10) }
func (u *uintValue) Type() string   { return "uint" }

// floatValue is a ratio flag shown as "float".
type floatValue float32

func (f *floatValue) Set(s string) error {
	v, err := strconv.ParseFloat(s, 32)
	if err != nil {
		return err
	}
	*f = floatValue(v)
	return nil
}
func (f *floatValue) String() string { return strconv.FormatFloat(float64(*f), 'g', -1, 32) }
func (f *floatValue) Type() string   { return "float" }

// durationValue is a duration flag whose help shows its default (restart-delay 5s)
// or nothing when it has none.
type durationValue struct {
	d      time.Duration
	hasDef bool
}

func newDuration(def time.Duration, show bool) durationValue {
	return durationValue{d: def, hasDef: show}
}

func (d *durationValue) Set(s string) error {
	v, err := time.ParseDuration(s)
	if err != nil {
		return err
	}
	d.d = v
	return nil
}

func (d *durationValue) String() string {
	if !d.hasDef && d.d == 0 {
		return ""
	}
	return d.d.String()
}
func (d *durationValue) Type() string { return "duration" }

// commandValue is --entrypoint and --args: one string split as a shell splits words.
type commandValue struct {
	words []string
	set   bool
}

func (c *commandValue) Set(s string) error {
	w, err := splitWords(s)
	if err != nil {
		return err
	}
	c.words, c.set = w, true
	return nil
}
func (c *commandValue) String() string { return strings.Join(c.words, " ") }
func (c *commandValue) Type() string   { return "command" }

// splitWords splits s into words: blanks separate, single quotes keep everything,
// double quotes and backslashes escape.
func splitWords(s string) ([]string, error) {
	var (
		out   []string
		cur   strings.Builder
		inTok bool
		quote rune
	)
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case quote == '\'':
			if r == '\'' {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case quote == '"':
			if r == '"' {
				quote = 0
			} else if r == '\\' && i+1 < len(rs) && strings.ContainsRune("\"\\$`", rs[i+1]) {
				i++
				cur.WriteRune(rs[i])
			} else {
				cur.WriteRune(r)
			}
		case r == '\\':
			if i+1 < len(rs) {
				i++
				cur.WriteRune(rs[i])
			}
			inTok = true
		case r == '\'' || r == '"':
			quote, inTok = r, true
		case r == ' ' || r == '\t' || r == '\n':
			if inTok {
				out = append(out, cur.String())
				cur.Reset()
				inTok = false
			}
		default:
			cur.WriteRune(r)
			inTok = true
		}
	}
	if quote != 0 {
		return nil, errors.New("EOF found when expecting closing quote")
	}
	if inTok {
		out = append(out, cur.String())
	}
	return out, nil
}

// portValue is -p/--publish: the short syntax [published:]target[/proto] (ranges
// allowed), or the long one of mode=,target=,published=,protocol= fields.
type portValue struct{ ports []swarm.PortConfig }

func (p *portValue) Type() string { return "port" }
func (p *portValue) String() string {
	var s []string
	for _, c := range p.ports {
		s = append(s, fmt.Sprintf("%d:%d/%s", c.PublishedPort, c.TargetPort, c.Protocol))
	}
	return strings.Join(s, ", ")
}

func (p *portValue) Set(v string) error {
	if strings.Contains(v, "=") {
		c, err := parseLongPort(v)
		if err != nil {
			return err
		}
		p.ports = append(p.ports, c)
		return nil
	}
	maps, err := opts.ParsePortSpec(v)
	if err != nil {
		return err
	}
	for _, m := range maps {
		if m.Binding.HostIP.IsValid() && !m.Binding.HostIP.IsUnspecified() {
			return fmt.Errorf("hostip is not supported")
		}
		c := swarm.PortConfig{
			Protocol:    network.IPProtocol(m.Port.Proto()),
			TargetPort:  uint32(m.Port.Num()),
			PublishMode: swarm.PortConfigPublishModeIngress,
		}
		if m.Binding.HostPort != "" {
			n, err := strconv.ParseUint(m.Binding.HostPort, 10, 16)
			if err != nil {
				return err
			}
			c.PublishedPort = uint32(n)
		}
		p.ports = append(p.ports, c)
	}
	return nil
}

func parseLongPort(v string) (swarm.PortConfig, error) {
	c := swarm.PortConfig{Protocol: network.TCP, PublishMode: swarm.PortConfigPublishModeIngress}
	fields, err := csv.NewReader(strings.NewReader(v)).Read()
	if err != nil {
		return c, err
	}
	for _, f := range fields {
		k, val, ok := strings.Cut(f, "=")
		if !ok || k == "" {
			return c, fmt.Errorf("invalid field: %s", f)
		}
		switch strings.ToLower(k) {
		case "mode":
			switch m := strings.ToLower(val); m {
			case "ingress", "host":
				c.PublishMode = swarm.PortConfigPublishMode(m)
			default:
				return c, fmt.Errorf("invalid publish mode value (%s): must be either 'ingress' or 'host'", val)
			}
		case "protocol":
			switch pr := strings.ToLower(val); pr {
			case "tcp", "udp", "sctp":
				c.Protocol = network.IPProtocol(pr)
			default:
				return c, fmt.Errorf("invalid protocol value '%s'", val)
			}
		case "target", "published":
			n, err := strconv.ParseUint(val, 10, 16)
			if err != nil {
				return c, fmt.Errorf("invalid %s port (%s): value must be an integer: %w", strings.ToLower(k), val, errors.Unwrap(err))
			}
			if strings.ToLower(k) == "target" {
				c.TargetPort = uint32(n)
			} else {
				c.PublishedPort = uint32(n)
			}
		default:
			return c, fmt.Errorf("invalid field key: %s", k)
		}
	}
	if c.TargetPort == 0 {
		return c, fmt.Errorf("missing mandatory field 'target'")
	}
	return c, nil
}

// fileRefValue is --secret and --config: a name, or source=,target=,uid=,gid=,mode=
// fields. The names are resolved to IDs when the spec is made.
type fileRefValue struct {
	kind string // "secret" or "config"
	refs []fileRef
}

type fileRef struct {
	Source, Target, UID, GID string
	Mode                     uint32
}

func (f *fileRefValue) Type() string { return f.kind }
func (f *fileRefValue) String() string {
	var s []string
	for _, r := range f.refs {
		s = append(s, r.Source)
	}
	return strings.Join(s, ", ")
}

func (f *fileRefValue) Set(v string) error {
	r := fileRef{UID: "0", GID: "0", Mode: 0o444}
	fields, err := csv.NewReader(strings.NewReader(v)).Read()
	if err != nil {
		return err
	}
	for _, fl := range fields {
		k, val, ok := strings.Cut(fl, "=")
		if !ok {
			if len(fields) == 1 {
				r.Source = fl
				continue
			}
			return fmt.Errorf("invalid field '%s' must be a key=value pair", fl)
		}
		switch strings.ToLower(k) {
		case "source", "src":
			r.Source = val
		case "target":
			r.Target = val
		case "uid":
			r.UID = val
		case "gid":
			r.GID = val
		case "mode":
			m, err := strconv.ParseUint(val, 0, 32)
			if err != nil {
				return fmt.Errorf("invalid mode specified: %v", err)
			}
			r.Mode = uint32(m)
		default:
			return fmt.Errorf("invalid field in %s request: %s", f.kind, k)
		}
	}
	if r.Source == "" {
		return errors.New("source is required")
	}
	if r.Target == "" {
		r.Target = r.Source
	}
	f.refs = append(f.refs, r)
	return nil
}

// prefValue is --placement-pref: spread=<label>.
type prefValue struct{ prefs []swarm.PlacementPreference }

func (p *prefValue) Type() string { return "pref" }
func (p *prefValue) String() string {
	var s []string
	for _, pr := range p.prefs {
		if pr.Spread != nil {
			s = append(s, "spread="+pr.Spread.SpreadDescriptor)
		}
	}
	return strings.Join(s, ",")
}

func (p *prefValue) Set(v string) error {
	strategy, arg, ok := strings.Cut(v, "=")
	if !ok || strategy == "" {
		return errors.New(`placement preference must be of the format "<strategy>=<arg>"`)
	}
	if strategy != "spread" {
		return fmt.Errorf("unsupported placement preference %s (only spread is supported)", strategy)
	}
	p.prefs = append(p.prefs, swarm.PlacementPreference{Spread: &swarm.SpreadOver{SpreadDescriptor: arg}})
	return nil
}

// credSpecValue is --credential-spec: config://, file:// or registry://.
type credSpecValue struct {
	spec  *swarm.CredentialSpec
	value string
}

func (c *credSpecValue) Type() string   { return "credential-spec" }
func (c *credSpecValue) String() string { return c.value }
func (c *credSpecValue) Set(v string) error {
	kind, rest, _ := strings.Cut(v, "://")
	s := &swarm.CredentialSpec{}
	switch kind {
	case "config":
		s.Config = rest
	case "file":
		s.File = rest
	case "registry":
		s.Registry = rest
	default:
		return errors.New(`invalid credential spec: value must be prefixed with "config://", "file://", or "registry://"`)
	}
	c.spec, c.value = s, v
	return nil
}

// validateGenericResource checks a --generic-resource value has the kind=value form;
// its value is judged when the spec is made.
func validateGenericResource(v string) (string, error) {
	if !strings.Contains(v, "=") {
		return "", fmt.Errorf("invalid generic-resource format `%s` expected `name=value`", v)
	}
	return v, nil
}

// genericResource is one kind=count; docker 28 refuses named resources (a value that
// is no number) for services.
func genericResource(v string) (swarm.GenericResource, error) {
	k, val, _ := strings.Cut(v, "=")
	n, err := strconv.ParseInt(val, 10, 64)
	if err != nil {
		return swarm.GenericResource{}, fmt.Errorf("invalid generic-resource request `%s`, Named Generic Resources is not supported for service create or update", v)
	}
	return swarm.GenericResource{DiscreteResourceSpec: &swarm.DiscreteGenericResource{Kind: k, Value: n}}, nil
}

// hostEntry turns host:ip into the "ip host" line the swarm keeps.
func hostEntry(v string) string {
	i := strings.Index(v, ":")
	return v[i+1:] + " " + v[:i]
}

// positiveDuration is a duration flag that refuses a negative value as it is parsed,
// as service's health durations do in docker 28.
type positiveDuration struct{ pflag.Value }

func (p positiveDuration) Set(s string) error {
	if d, err := time.ParseDuration(s); err == nil && d < 0 {
		return errors.New("duration cannot be negative")
	}
	return p.Value.Set(s)
}
