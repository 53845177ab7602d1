package opts

import (
	"fmt"
	"net"
	"net/netip"
	"strings"
)

func parseAddrOrZero(s string) netip.Addr {
	a, _ := netip.ParseAddr(s)
	return a
}

// ValidateIPAddress accepts an IPv4 or IPv6 address and returns it in canonical form.
func ValidateIPAddress(v string) (string, error) {
	ip := net.ParseIP(strings.TrimSpace(v))
	if ip == nil {
		return "", fmt.Errorf("IP address is not correctly formatted: %s", v)
	}
	return ip.String(), nil
}

// ValidateExtraHost checks an --add-host value, host:ip or host=ip (IPv6 possibly in
// brackets, or the special host-gateway), and returns it as host:ip. Service create's
// --host (update's --host-add) takes the same values, refused in the same words.
func ValidateExtraHost(v string) (string, error) {
	host, ip, ok := strings.Cut(v, "=")
	if !ok {
		host, ip, ok = strings.Cut(v, ":")
	}
	if !ok || host == "" {
		return "", fmt.Errorf("bad format for add-host: %q", v)
	}
	if len(ip) > 1 && ip[0] == '[' && ip[len(ip)-1] == ']' {
		ip = ip[1 : len(ip)-1]
	}
	if ip == "host-gateway" {
		return host + ":" + ip, nil
	}
	if net.ParseIP(strings.TrimSpace(ip)) == nil {
		return "", fmt.Errorf("invalid IP address in add-host: %q", ip)
	}
	return host + ":" + ip, nil
}

// ValidateLink checks a --link value, name or name:alias; the engine judges the names.
func ValidateLink(v string) (string, error) {
	if v == "" {
		return "", fmt.Errorf("empty string specified for links")
	}
	if strings.Count(v, ":") > 1 {
		return "", fmt.Errorf("bad format for links: %s", v)
	}
	return v, nil
}

// ParseDNS turns --dns values into addresses.
func ParseDNS(values []string) ([]netip.Addr, error) {
	out := make([]netip.Addr, 0, len(values))
	for _, v := range values {
		a, err := netip.ParseAddr(v)
		if err != nil {
			return nil, fmt.Errorf("IP address is not correctly formatted: %s", v)
		}
		out = append(out, a)
	}
	return out, nil
}

// ValidateDNSSearch checks a --dns-search domain ("." is allowed) and returns it
// without surrounding blanks and a final dot. Like docker's pattern, it tolerates a ':'
// next to each dot and up to two before the name.
func ValidateDNSSearch(v string) (string, error) {
	v = strings.Trim(v, " ")
	if v == "." {
		return v, nil
	}
	bad := fmt.Errorf("%s is not a valid domain", v)
	if !strings.ContainsFunc(v, func(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }) {
		return "", bad
	}
	name := strings.TrimSuffix(strings.TrimRight(v, " \t\n\r\v\f"), ".")
	labels := strings.Split(name, ".")
	for i, label := range labels {
		if i == 0 {
			label = strings.TrimPrefix(label, ":")
		}
		label = strings.TrimPrefix(label, ":")
		if i < len(labels)-1 {
			label = strings.TrimSuffix(label, ":")
		}
		if !dnsLabel(label) {
			return "", bad
		}
	}
	if len(name) >= 255 {
		return "", bad
	}
	return name, nil
}

func dnsLabel(l string) bool {
	if l == "" {
		return false
	}
	for i, r := range l {
		alnum := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
		if !alnum && (r != '-' || i == 0 || i == len(l)-1) {
			return false
		}
	}
	return true
}
