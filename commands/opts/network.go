package opts

import (
	"encoding/csv"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// NetworkOpt is the repeatable --network value: a network name, or the long form of
// comma-separated fields (name=,alias=,ip=,ip6=,link-local-ip=,mac-address=,driver-opt=,
// gw-priority=). run and create bind it as --network (and the hidden --net); service
// create takes the same syntax as --network (docker 28 refuses "name=a,foo=b" there with
// the same "invalid field key foo"), service update as --network-add.
type NetworkOpt struct {
	values []NetworkAttachment
}

// NetworkAttachment is one --network value.
type NetworkAttachment struct {
	Target       string
	Aliases      []string
	IPv4, IPv6   string
	LinkLocalIPs []string
	MacAddress   string
	DriverOpts   map[string]string
	GwPriority   int
}

// isWordByte is a byte of regexp's \w.
func isWordByte(b byte) bool {
	return b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

// longNetworkSyntax reports whether a --network value holds key=value fields: as in
// docker, whether some word character, '=', word character appears in it; anything
// else is a network name.
func longNetworkSyntax(v string) bool {
	for i := 1; i+1 < len(v); i++ {
		if v[i] == '=' && isWordByte(v[i-1]) && isWordByte(v[i+1]) {
			return true
		}
	}
	return false
}

// Set parses one --network value.
func (n *NetworkOpt) Set(v string) error {
	var a NetworkAttachment
	if !longNetworkSyntax(v) {
		a.Target = v
		n.values = append(n.values, a)
		return nil
	}
	fields, err := csv.NewReader(strings.NewReader(v)).Read()
	if err != nil {
		return err
	}
	for _, f := range fields {
		k, val, ok := strings.Cut(f, "=")
		if !ok || k == "" {
			return fmt.Errorf("invalid field %s", f)
		}
		switch strings.ToLower(k) {
		case "name":
			a.Target = val
		case "alias":
			a.Aliases = append(a.Aliases, val)
		case "ip":
			a.IPv4 = val
		case "ip6":
			a.IPv6 = val
		case "link-local-ip":
			a.LinkLocalIPs = append(a.LinkLocalIPs, val)
		case "mac-address":
			a.MacAddress = val
		case "driver-opt":
			dk, dv, ok := strings.Cut(val, "=")
			if !ok {
				return fmt.Errorf("invalid key value pair format in driver options")
			}
			if a.DriverOpts == nil {
				a.DriverOpts = map[string]string{}
			}
			a.DriverOpts[dk] = dv
		case "gw-priority":
			p, err := strconv.Atoi(val)
			if err != nil {
				return fmt.Errorf("invalid gw-priority (%s): %w", val, errors.Unwrap(err))
			}
			a.GwPriority = p
		default:
			return fmt.Errorf("invalid field key %s", strings.ToLower(k))
		}
	}
	if a.Target == "" {
		return errors.New("network name/id is not specified")
	}
	n.values = append(n.values, a)
	return nil
}

func (n *NetworkOpt) String() string {
	var out []string
	for _, a := range n.values {
		out = append(out, a.Target)
	}
	return strings.Join(out, ", ")
}

func (n *NetworkOpt) Type() string { return "network" }

// Value returns the attachments in the order given.
func (n *NetworkOpt) Value() []NetworkAttachment { return n.values }
