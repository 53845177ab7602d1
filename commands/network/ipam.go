package network

import (
	"errors"
	"fmt"
	"net"
	"sort"
	"strings"

	"github.com/skiff-cli/skiff/client"
)

// ipamConfigs pairs the --subnet, --ip-range, --gateway and --aux-address values of
// network create into one IPAM config per subnet, with docker 28's checks and wording
// (observed; the order of the checks decides which message a user sees):
//   - more ranges or gateways than subnets: "every ip-range or gateway must have a
//     corresponding subnet";
//   - two subnets where either holds the address the other is written with: "multiple
//     overlapping subnet configuration is not supported";
//   - each range, gateway and aux-address goes to every subnet holding it ("no matching
//     subnet for ..." when none does); a second range or gateway for a subnet is refused.
//
// A subnet is parsed only when compared with something, so a lone "--subnet foo" reaches
// the engine, which refuses it. Addresses are sent as written. Docker lists the configs
// in Go's random map order; skiff keeps the subnets' order, one of those.
func ipamConfigs(subnets, ranges, gateways []string, aux map[string]string) ([]client.NetworkIPAMConfig, error) {
	if len(subnets) < len(ranges) || len(subnets) < len(gateways) {
		return nil, errors.New("every ip-range or gateway must have a corresponding subnet")
	}
	configs := make([]client.NetworkIPAMConfig, 0, len(subnets))
	for i, s := range subnets {
		for _, k := range subnets[:i] {
			in, err := subnetHolds(s, k)
			if err != nil {
				return nil, err
			}
			out, err := subnetHolds(k, s)
			if err != nil {
				return nil, err
			}
			if in || out {
				return nil, errors.New("multiple overlapping subnet configuration is not supported")
			}
		}
		configs = append(configs, client.NetworkIPAMConfig{Subnet: s})
	}

	for _, r := range ranges {
		// a range must be a CIDR, checked before any subnet is
		if _, _, err := net.ParseCIDR(r); err != nil {
			return nil, err
		}
		matched := false
		for i := range configs {
			ok, err := subnetHolds(configs[i].Subnet, r)
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
			if configs[i].IPRange != "" {
				return nil, fmt.Errorf("cannot configure multiple ranges (%s, %s) on the same subnet (%s)", r, configs[i].IPRange, configs[i].Subnet)
			}
			configs[i].IPRange, matched = r, true
		}
		if !matched {
			return nil, fmt.Errorf("no matching subnet for range %s", r)
		}
	}

	for _, g := range gateways {
		matched := false
		for i := range configs {
			ok, err := subnetHolds(configs[i].Subnet, g)
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
			if configs[i].Gateway != "" {
				return nil, fmt.Errorf("cannot configure multiple gateways (%s, %s) for the same subnet (%s)", g, configs[i].Gateway, configs[i].Subnet)
			}
			configs[i].Gateway, matched = g, true
		}
		if !matched {
			return nil, fmt.Errorf("no matching subnet for gateway %s", g)
		}
	}

	// docker walks the aux-addresses in map order (which one it reports first among
	// several unmatched is random); skiff walks them by name.
	names := make([]string, 0, len(aux))
	for k := range aux {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, name := range names {
		ip := aux[name]
		matched := false
		for i := range configs {
			ok, err := subnetHolds(configs[i].Subnet, ip)
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
			if configs[i].AuxAddress == nil {
				configs[i].AuxAddress = map[string]string{}
			}
			configs[i].AuxAddress[name], matched = ip, true
		}
		if !matched {
			return nil, fmt.Errorf("no matching subnet for aux-address %s", ip)
		}
	}
	return configs, nil
}

// subnetHolds reports whether subnet (a CIDR) holds addr: an address, or the address a
// CIDR is written with ("10.0.0.5/16" is 10.0.0.5). A bad subnet is "invalid subnet:
// ..."; a bad CIDR addr is Go's parse error as is; anything else that is not an address
// is held by no subnet.
func subnetHolds(subnet, addr string) (bool, error) {
	_, n, err := net.ParseCIDR(subnet)
	if err != nil {
		return false, fmt.Errorf("invalid subnet: %w", err)
	}
	var ip net.IP
	if strings.Contains(addr, "/") {
		if ip, _, err = net.ParseCIDR(addr); err != nil {
			return false, err
		}
	} else {
		ip = net.ParseIP(addr)
	}
	return n.Contains(ip), nil
}
