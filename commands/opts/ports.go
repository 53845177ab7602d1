package opts

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"

	"github.com/moby/moby/api/types/network"
)

// PortMapping is one container port and how it is published (HostPort "" = any port).
type PortMapping struct {
	Port    network.Port
	Binding network.PortBinding
}

// ParsePortRange parses "80" or "8000-8010" (as docker's --expose and -p do): each bound
// is 0..65535 and the end is not below the start.
func ParsePortRange(s string) (start, end uint16, err error) {
	if s == "" {
		return 0, 0, errors.New("empty string specified for ports")
	}
	lo, hi, isRange := strings.Cut(s, "-")
	a, err := strconv.ParseUint(lo, 10, 16)
	if err != nil {
		return 0, 0, err
	}
	if !isRange {
		return uint16(a), uint16(a), nil
	}
	b, err := strconv.ParseUint(hi, 10, 16)
	if err != nil {
		return 0, 0, err
	}
	if b < a {
		return 0, 0, fmt.Errorf("invalid range specified for port: %s", s)
	}
	return uint16(a), uint16(b), nil
}

// splitProtoPort splits "80/udp" into ("udp", "80"); the protocol defaults to tcp.
func splitProtoPort(s string) (proto, port string) {
	port, proto, _ = strings.Cut(s, "/")
	if port == "" {
		return "", ""
	}
	if proto == "" {
		proto = "tcp"
	}
	if i := strings.IndexByte(proto, '/'); i >= 0 {
		proto = proto[:i]
	}
	return proto, port
}

func makePort(num uint16, proto string) network.Port {
	p, _ := network.PortFrom(num, network.IPProtocol(proto))
	return p
}

// ParsePortSpec parses one -p value: [ip:][hostPort:]containerPort[/proto], where ports
// may be ranges and an IPv6 address may be bracketed.
func ParsePortSpec(raw string) ([]PortMapping, error) {
	parts := strings.Split(raw, ":")
	var ip, hostPort, containerPort string
	switch n := len(parts); n {
	case 1:
		containerPort = parts[0]
	case 2:
		hostPort, containerPort = parts[0], parts[1]
	default:
		ip, hostPort, containerPort = strings.Join(parts[:n-2], ":"), parts[n-2], parts[n-1]
	}
	proto, containerPort := splitProtoPort(containerPort)
	if ip != "" && ip[0] == '[' {
		h, _, err := net.SplitHostPort(ip + ":")
		if err != nil {
			return nil, fmt.Errorf("invalid IP address %v: %w", ip, err)
		}
		ip = h
	}
	if ip != "" && net.ParseIP(ip) == nil {
		return nil, errors.New("invalid IP address: " + ip)
	}
	if containerPort == "" {
		return nil, fmt.Errorf("no port specified: %s<empty>", raw)
	}
	start, end, err := ParsePortRange(containerPort)
	if err != nil {
		return nil, errors.New("invalid containerPort: " + containerPort)
	}
	var hStart, hEnd uint16
	if hostPort != "" {
		hStart, hEnd, err = ParsePortRange(hostPort)
		if err != nil {
			return nil, errors.New("invalid hostPort: " + hostPort)
		}
		if end-start != hEnd-hStart && end != start {
			return nil, fmt.Errorf("invalid ranges specified for container and host Ports: %s and %s", containerPort, hostPort)
		}
	}
	proto = strings.ToLower(proto)
	switch proto {
	case "tcp", "udp", "sctp":
	default:
		return nil, errors.New("invalid proto: " + proto)
	}
	var hostIP = parseAddrOrZero(ip)
	count := int(end) - int(start) + 1
	out := make([]PortMapping, 0, count)
	for i := 0; i < count; i++ {
		hp := ""
		if hostPort != "" {
			hp = strconv.Itoa(int(hStart) + i)
			if count == 1 && hStart != hEnd {
				hp += "-" + strconv.Itoa(int(hEnd))
			}
		}
		out = append(out, PortMapping{
			Port:    makePort(uint16(int(start)+i), proto),
			Binding: network.PortBinding{HostIP: hostIP, HostPort: hp},
		})
	}
	return out, nil
}

// ConvertPublish rewrites -p's long form (target=80,published=8080,protocol=udp) to the
// short one; short forms pass through.
func ConvertPublish(v string) (string, error) {
	if !strings.Contains(v, "=") {
		return v, nil
	}
	params := map[string]string{"protocol": "tcp"}
	for _, f := range strings.Split(v, ",") {
		k, val, ok := strings.Cut(f, "=")
		if !ok || k == "" {
			return "", fmt.Errorf("invalid publish opts format (should be name=value but got '%s')", f)
		}
		params[k] = val
	}
	return params["published"] + ":" + params["target"] + "/" + params["protocol"], nil
}

// ParsePublish parses every -p value into exposed ports and bindings.
func ParsePublish(specs []string) (network.PortSet, network.PortMap, error) {
	exposed := network.PortSet{}
	bindings := network.PortMap{}
	for _, s := range specs {
		s, err := ConvertPublish(s)
		if err != nil {
			return nil, nil, err
		}
		pms, err := ParsePortSpec(s)
		if err != nil {
			return nil, nil, err
		}
		for _, pm := range pms {
			exposed[pm.Port] = struct{}{}
			bindings[pm.Port] = append(bindings[pm.Port], pm.Binding)
		}
	}
	return exposed, bindings, nil
}

// ParseExpose adds one --expose value (a port or range, with an optional protocol) to set.
func ParseExpose(set network.PortSet, v string) error {
	if strings.Contains(v, ":") {
		return fmt.Errorf("invalid port format for --expose: %s", v)
	}
	proto, port := splitProtoPort(v)
	start, end, err := ParsePortRange(port)
	if err != nil {
		return fmt.Errorf("invalid range format for --expose: %s, error: %w", v, err)
	}
	proto = strings.ToLower(proto)
	for i := int(start); i <= int(end); i++ {
		set[makePort(uint16(i), proto)] = struct{}{}
	}
	return nil
}

// ExposeKeys lists the ports one --expose value names as docker writes them to the
// engine: "53/UDP" keeps the protocol's case, which network.Port cannot.
func ExposeKeys(v string) ([]string, error) {
	if err := ParseExpose(network.PortSet{}, v); err != nil {
		return nil, err
	}
	proto, port := splitProtoPort(v)
	start, end, _ := ParsePortRange(port)
	keys := make([]string, 0, int(end)-int(start)+1)
	for i := int(start); i <= int(end); i++ {
		keys = append(keys, strconv.Itoa(i)+"/"+proto)
	}
	return keys, nil
}
