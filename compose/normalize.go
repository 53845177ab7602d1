package compose

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	units "github.com/docker/go-units"
)

// normalize turns every short syntax of a validated file into the long one the typed
// model holds (and docker prints): "80:80" ports, "a=b" lists, string commands...
// minor is the file's version (3.minor).
func normalize(m map[string]any, minor int, opts Options, warnings *[]string) error {
	if svcs, ok := m["services"].(map[string]any); ok {
		for name, v := range svcs {
			s, _ := v.(map[string]any)
			if s == nil {
				s = map[string]any{}
				svcs[name] = s
			}
			if err := normalizeService(name, s, opts, warnings); err != nil {
				return err
			}
		}
	}
	for _, sec := range []string{"networks", "volumes", "secrets", "configs"} {
		objs, _ := m[sec].(map[string]any)
		for name, v := range objs {
			o, _ := v.(map[string]any)
			if o == nil {
				o = map[string]any{}
				objs[name] = o
			}
			toDict(o, "labels")
			toDict(o, "driver_opts")
			if sec == "networks" || sec == "volumes" {
				dropExtensions(o) // docker prints them for secrets and configs only
			}
			if ext, ok := o["external"].(map[string]any); ok {
				o["external"] = true
				if n, ok := ext["name"].(string); ok {
					o["name"] = n
				}
				// docker warns only where the file's version has name (volumes 3.4, the others 3.5)
				if _, ok := ext["name"].(string); ok && (minor >= 5 || minor == 4 && sec == "volumes") {
					*warnings = append(*warnings, fmt.Sprintf("%s %s: %s.external.name is deprecated in favor of %s.name", sec[:len(sec)-1], name, sec[:len(sec)-1], sec[:len(sec)-1]))
				}
			}
			if o["external"] == true && o["name"] == nil {
				o["name"] = name
			}
			if f, ok := o["file"].(string); ok {
				o["file"] = absPath(opts.WorkingDir, f)
			}
		}
	}
	return nil
}

func normalizeService(name string, s map[string]any, opts Options, warnings *[]string) error {
	if b, ok := s["build"].(string); ok {
		s["build"] = map[string]any{"context": b}
	}
	// keys docker accepts and leaves out of what it prints (and deploys)
	delete(s, "oom_score_adj")
	if b, ok := s["build"].(map[string]any); ok {
		dropExtensions(b)
		delete(b, "isolation")
	}
	for _, k := range []string{"command", "entrypoint"} {
		if c, ok := s[k].(string); ok {
			s[k] = toAnyList(shellSplit(c))
		}
	}
	for _, k := range []string{"dns", "dns_search", "tmpfs", "env_file"} {
		if v, ok := s[k].(string); ok {
			s[k] = []any{v}
		}
	}
	if hc, ok := s["healthcheck"].(map[string]any); ok {
		if t, ok := hc["test"].(string); ok {
			hc["test"] = []any{"CMD-SHELL", t}
		}
		for _, k := range []string{"interval", "timeout", "start_period", "start_interval"} {
			if err := normDuration(hc, k); err != nil {
				// before 3.4 the schema lets a bad interval or timeout through
				return decodeError("HealthCheck."+strings.ToUpper(k[:1])+k[1:], err)
			}
		}
	}
	if err := normDuration(s, "stop_grace_period"); err != nil {
		return err
	}
	toDict(s, "labels")
	toDict(s, "sysctls")
	if env, err := environment(s, opts); err != nil {
		return err
	} else if env != nil {
		s["environment"] = env
	}
	if eh, ok := s["extra_hosts"].(map[string]any); ok {
		var l []any
		for _, k := range sortedKeys(eh) {
			l = append(l, k+":"+scalarString(eh[k]))
		}
		s["extra_hosts"] = l
	}
	if ex, ok := s["expose"].([]any); ok {
		for i, e := range ex {
			ex[i] = scalarString(e)
		}
	}
	if lg, ok := s["logging"].(map[string]any); ok {
		toDict(lg, "options")
	}
	for _, k := range []string{"secrets", "configs"} {
		if l, ok := s[k].([]any); ok {
			for i, e := range l {
				if src, ok := e.(string); ok {
					l[i] = map[string]any{"source": src}
				}
			}
		}
	}
	if nl, ok := s["networks"].([]any); ok {
		nm := map[string]any{}
		for _, n := range nl {
			nm[scalarString(n)] = nil
		}
		s["networks"] = nm
	}
	if pl, ok := s["ports"].([]any); ok {
		var out []any
		for _, p := range pl {
			if pm, ok := p.(map[string]any); ok {
				if pub, ok := pm["published"].(string); ok {
					n, err := strconv.ParseUint(pub, 10, 32)
					if err != nil {
						return fmt.Errorf("invalid published port %q", pub)
					}
					pm["published"] = n
				}
				out = append(out, pm)
				continue
			}
			ports, err := parsePortSpec(scalarString(p), warnings)
			if err != nil {
				return err
			}
			out = append(out, ports...)
		}
		s["ports"] = out
	}
	if vl, ok := s["volumes"].([]any); ok {
		for i, v := range vl {
			if spec, ok := v.(string); ok {
				mv, err := parseVolumeSpec(spec, opts.WorkingDir)
				if err != nil {
					return err
				}
				vl[i] = mv
				continue
			}
			mv, _ := v.(map[string]any)
			// accepted, not printed by docker
			if t, ok := mv["tmpfs"].(map[string]any); ok {
				delete(t, "mode")
			}
			if b, ok := mv["bind"].(map[string]any); ok {
				delete(b, "create_host_path")
			}
			if src, ok := mv["source"].(string); ok && mv["type"] == "bind" {
				mv["source"] = absPath(opts.WorkingDir, src)
			}
		}
	}
	if d, ok := s["deploy"].(map[string]any); ok {
		if err := normalizeDeploy(d); err != nil {
			return err
		}
	}
	return nil
}

func normalizeDeploy(d map[string]any) error {
	toDict(d, "labels")
	if r, ok := d["replicas"].(int); ok && r < 0 {
		return fmt.Errorf("decoding failed due to the following error(s):\n\ncannot parse 'Deploy.Replicas', %d overflows uint", r)
	}
	for _, k := range []string{"update_config", "rollback_config"} {
		if u, ok := d[k].(map[string]any); ok {
			if err := normDuration(u, "delay"); err != nil {
				return err
			}
			if err := normDuration(u, "monitor"); err != nil {
				return err
			}
		}
	}
	if rp, ok := d["restart_policy"].(map[string]any); ok {
		if err := normDuration(rp, "delay"); err != nil {
			return err
		}
		if err := normDuration(rp, "window"); err != nil {
			return err
		}
	}
	if res, ok := d["resources"].(map[string]any); ok {
		for _, k := range []string{"limits", "reservations"} {
			r, ok := res[k].(map[string]any)
			if !ok {
				continue
			}
			if c, ok := r["cpus"]; ok {
				r["cpus"] = scalarString(c)
			}
			if mem, ok := r["memory"].(string); ok {
				n, err := units.RAMInBytes(mem)
				if err != nil {
					return decodeError("Deploy.Resources."+strings.ToUpper(k[:1])+k[1:]+".memory", err)
				}
				r["memory"] = strconv.FormatInt(n, 10)
			}
		}
	}
	return nil
}

// dropExtensions removes the x- keys of m.
func dropExtensions(m map[string]any) {
	for k := range m {
		if strings.HasPrefix(k, "x-") {
			delete(m, k)
		}
	}
}

// decodeError words a value the schema let through and the typed model refuses, as
// docker's decoder does (its first line is the same whatever the field).
func decodeError(field string, err error) error {
	return fmt.Errorf("decoding failed due to the following error(s):\n\nerror decoding '%s': %v", field, err)
}

func normDuration(m map[string]any, k string) error {
	s, ok := m[k].(string)
	if !ok {
		return nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return err
	}
	m[k] = d.String()
	return nil
}

// toDict turns a ["k=v", "k2"] list into a map, and a map's values into strings.
func toDict(m map[string]any, k string) {
	switch v := m[k].(type) {
	case []any:
		d := make(map[string]any, len(v))
		for _, e := range v {
			kv := scalarString(e)
			if i := strings.IndexByte(kv, '='); i >= 0 {
				d[kv[:i]] = kv[i+1:]
			} else {
				d[kv] = ""
			}
		}
		m[k] = d
	case map[string]any:
		for dk, dv := range v {
			v[dk] = scalarString(dv)
		}
	}
}

// environment is the service's environment as a map: env_file entries, then
// environment's own (nil values are variables named without a value).
func environment(s map[string]any, opts Options) (map[string]any, error) {
	out := map[string]any{}
	files, _ := s["env_file"].([]any)
	for _, f := range files {
		b, err := os.ReadFile(absPath(opts.WorkingDir, scalarString(f)))
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(bytes.NewReader(b))
		for sc.Scan() {
			line := strings.TrimSpace(sc.Text())
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			if i := strings.IndexByte(line, '='); i >= 0 {
				out[line[:i]] = line[i+1:]
			} else if v, ok := opts.Lookup(line); ok {
				out[line] = v
			}
		}
	}
	switch v := s["environment"].(type) {
	case []any:
		for _, e := range v {
			kv := scalarString(e)
			if i := strings.IndexByte(kv, '='); i >= 0 {
				out[kv[:i]] = kv[i+1:]
			} else {
				out[kv] = nil
			}
		}
	case map[string]any:
		for k, e := range v {
			if e == nil {
				out[k] = nil
			} else {
				out[k] = scalarString(e)
			}
		}
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

func scalarString(v any) string {
	switch t := v.(type) {
	case nil:
		return ""
	case string:
		return t
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64)
	}
	return fmt.Sprint(v)
}

func toAnyList(l []string) []any {
	out := make([]any, len(l))
	for i, s := range l {
		out[i] = s
	}
	return out
}

// shellSplit splits a command line as a POSIX shell would split words (quotes and
// backslashes; no expansion).
func shellSplit(s string) []string {
	var (
		words []string
		cur   strings.Builder
		in    bool
		quote byte
	)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote == '\'':
			if c == '\'' {
				quote = 0
			} else {
				cur.WriteByte(c)
			}
		case quote == '"':
			if c == '"' {
				quote = 0
			} else if c == '\\' && i+1 < len(s) && strings.IndexByte("\"\\$`", s[i+1]) >= 0 {
				i++
				cur.WriteByte(s[i])
			} else {
				cur.WriteByte(c)
			}
		case c == '\'' || c == '"':
			quote, in = c, true
		case c == '\\' && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
			in = true
		case c == ' ' || c == '\t' || c == '\n':
			if in {
				words = append(words, cur.String())
				cur.Reset()
				in = false
			}
		default:
			cur.WriteByte(c)
			in = true
		}
	}
	if in {
		words = append(words, cur.String())
	}
	return words
}

// parsePortSpec expands a short port ("8080:80/udp", "1000-1001:2000-2001", "3000").
func parsePortSpec(spec string, warnings *[]string) ([]any, error) {
	whole := spec
	proto := "tcp"
	if i := strings.LastIndexByte(spec, '/'); i >= 0 {
		spec, proto = spec[:i], spec[i+1:]
	}
	ip := ""
	parts := strings.Split(spec, ":")
	if len(parts) == 3 {
		ip, parts = parts[0], parts[1:]
		if !strings.Contains(whole, "/") {
			whole += "/" + proto
		}
		// a swarm service publishes on every address
		*warnings = append(*warnings, fmt.Sprintf("ignoring IP-address (%s) service will listen on '0.0.0.0'", whole))
		ip = ""
	}
	target := parts[len(parts)-1]
	published := ""
	if len(parts) == 2 {
		published = parts[0]
	}
	tlo, thi, err := portRange(target)
	if err != nil {
		return nil, err
	}
	plo, phi := uint64(0), uint64(0)
	if published != "" {
		if plo, phi, err = portRange(published); err != nil {
			return nil, err
		}
	}
	var out []any
	for i := uint64(0); tlo+i <= thi; i++ {
		p := map[string]any{"mode": "ingress", "target": tlo + i, "protocol": proto}
		if ip != "" {
			p["host_ip"] = ip
		}
		if published != "" {
			pub := plo + i
			if phi == plo {
				pub = plo
			}
			p["published"] = pub
		}
		out = append(out, p)
	}
	return out, nil
}

func portRange(s string) (lo, hi uint64, err error) {
	a, b, isRange := strings.Cut(s, "-")
	if lo, err = strconv.ParseUint(a, 10, 16); err != nil {
		return 0, 0, fmt.Errorf("invalid port: %s", s)
	}
	hi = lo
	if isRange {
		if hi, err = strconv.ParseUint(b, 10, 16); err != nil || hi < lo {
			return 0, 0, fmt.Errorf("invalid port: %s", s)
		}
	}
	return lo, hi, nil
}

// parseVolumeSpec reads "[SOURCE:]TARGET[:MODE]": a source that is a path is a bind.
func parseVolumeSpec(spec, dir string) (map[string]any, error) {
	parts := strings.Split(spec, ":")
	v := map[string]any{}
	switch len(parts) {
	case 1:
		v["type"], v["target"] = "volume", parts[0]
		return v, nil
	case 2, 3:
	default:
		return nil, fmt.Errorf("invalid spec: %s: too many colons", spec)
	}
	src := parts[0]
	v["target"] = parts[1]
	if strings.HasPrefix(src, "/") || strings.HasPrefix(src, ".") || strings.HasPrefix(src, "~") {
		v["type"], v["source"] = "bind", absPath(dir, src)
	} else {
		v["type"], v["source"] = "volume", src
	}
	if len(parts) == 3 {
		for _, o := range strings.Split(parts[2], ",") {
			switch o {
			case "ro":
				v["read_only"] = true
			case "rw":
			case "nocopy":
				v["volume"] = map[string]any{"nocopy": true}
			case "rprivate", "private", "rshared", "shared", "rslave", "slave":
				v["bind"] = map[string]any{"propagation": o}
			case "z", "Z", "cached", "delegated", "consistent":
				if o != "z" && o != "Z" {
					v["consistency"] = o
				}
			default:
				return nil, fmt.Errorf("invalid spec: %s: unknown option: %s", spec, o)
			}
		}
	}
	return v, nil
}
