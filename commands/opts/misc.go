package opts

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/moby/moby/api/types/container"
)

// ValidateSysctl accepts the namespaced sysctls docker allows: the IPC ones (kernel.msg*,
// kernel.sem, kernel.shm*, fs.mqueue.*) and net.*.
func ValidateSysctl(v string) (string, error) {
	k, _, ok := strings.Cut(v, "=")
	if ok {
		switch k {
		case "kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem",
			"kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced":
			return v, nil
		}
		if strings.HasPrefix(k, "fs.mqueue.") || strings.HasPrefix(k, "net.") {
			return v, nil
		}
	}
	return "", fmt.Errorf("sysctl '%s' is not allowed", v)
}

// ParseRestartPolicy parses --restart: name[:max-retries]. The daemon judges the name.
func ParseRestartPolicy(v string) (container.RestartPolicy, error) {
	var p container.RestartPolicy
	name, count, hasCount := strings.Cut(v, ":")
	if hasCount && name == "" {
		return p, errors.New("invalid restart policy format: no policy provided before colon")
	}
	if count != "" {
		n, err := strconv.Atoi(count)
		if err != nil {
			return p, errors.New("invalid restart policy format: maximum retry count must be an integer")
		}
		p.MaximumRetryCount = n
	}
	p.Name = container.RestartPolicyMode(name)
	return p, nil
}

// ParseStorageOpts turns --storage-opt key=value values into a map.
func ParseStorageOpts(values []string) (map[string]string, error) {
	out := make(map[string]string, len(values))
	for _, v := range values {
		k, val, ok := strings.Cut(v, "=")
		if !ok {
			return nil, errors.New("invalid storage option")
		}
		out[k] = val
	}
	return out, nil
}

// ParseSecurityOpts checks --security-opt values: key=value or key:value (label, apparmor,
// seccomp...) or no-new-privileges alone. A seccomp profile path other than
// "unconfined" is replaced by the profile's compacted JSON, as the daemon wants it.
func ParseSecurityOpts(values []string) ([]string, error) {
	for i, v := range values {
		k, val, ok := strings.Cut(v, "=")
		if !ok {
			k, val, ok = strings.Cut(v, ":")
		}
		if k != "no-new-privileges" && (!ok || val == "") {
			return nil, fmt.Errorf("Invalid --security-opt: %q", v)
		}
		if k == "seccomp" && val != "unconfined" && val != "builtin" {
			f, err := os.ReadFile(val)
			if err != nil {
				return nil, fmt.Errorf("opening seccomp profile (%s) failed: %w", val, err)
			}
			var b bytes.Buffer
			if err := json.Compact(&b, f); err != nil {
				return nil, fmt.Errorf("compacting json for seccomp profile (%s) failed: %w", val, err)
			}
			values[i] = "seccomp=" + b.String()
		}
	}
	return values, nil
}

// SplitSystemPaths removes systempaths=unconfined from the security options and reports
// whether it was there (it clears the masked and read-only path lists); any other
// systempaths value is left for the engine to refuse.
func SplitSystemPaths(values []string) (rest []string, unconfined bool) {
	rest = values[:0:0]
	for _, v := range values {
		if v == "systempaths=unconfined" {
			unconfined = true
			continue
		}
		rest = append(rest, v)
	}
	return rest, unconfined
}

// DurationOpt is a duration flag that knows whether it was set and refuses negatives
// later (shown as "duration", default 0s).
type DurationOpt struct {
	value *time.Duration
}

// Set parses a Go duration (1s, 500ms, 1h).
func (d *DurationOpt) Set(s string) error {
	v, err := time.ParseDuration(s)
	if err != nil {
		return err
	}
	d.value = &v
	return nil
}

func (d *DurationOpt) String() string {
	if d.value == nil {
		return "0s"
	}
	return d.value.String()
}

func (d *DurationOpt) Type() string { return "duration" }

// Value is the duration (0 when unset).
func (d *DurationOpt) Value() time.Duration {
	if d.value == nil {
		return 0
	}
	return *d.value
}

// GpuOpts is --gpus: "all", a count, or csv fields driver=, count=, device=, capabilities=,
// options=.
type GpuOpts struct {
	values []container.DeviceRequest
}

// Set parses one --gpus value.
func (g *GpuOpts) Set(v string) error {
	fields, err := csv.NewReader(strings.NewReader(v)).Read()
	if err != nil {
		return err
	}
	req := container.DeviceRequest{}
	seen := map[string]bool{}
	parseCount := func(s string) error {
		if s == "all" {
			req.Count = -1
			return nil
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			return fmt.Errorf("invalid count (%s): value must be either \"all\" or an integer: %w", s, errors.Unwrap(err))
		}
		req.Count = n
		return nil
	}
	for _, f := range fields {
		k, val, ok := strings.Cut(f, "=")
		if seen[k] {
			return fmt.Errorf("gpu request key '%s' can be specified only once", k)
		}
		seen[k] = true
		if !ok {
			seen["count"] = true
			if err := parseCount(f); err != nil {
				return err
			}
			continue
		}
		switch k {
		case "driver":
			req.Driver = val
		case "count":
			if err := parseCount(val); err != nil {
				return err
			}
		case "device":
			req.DeviceIDs = strings.Split(val, ",")
		case "capabilities":
			req.Capabilities = [][]string{append(strings.Split(val, ","), "gpu")}
		case "options":
			req.Options = KeyValueMap(strings.Split(val, ","))
		default:
			return fmt.Errorf("unexpected key '%s' in '%s'", k, f)
		}
	}
	if !seen["count"] && !seen["device"] {
		req.Count = 1
	}
	if req.Options == nil {
		req.Options = map[string]string{}
	}
	if req.Capabilities == nil {
		req.Capabilities = [][]string{{"gpu"}}
	}
	g.values = append(g.values, req)
	return nil
}

func (g *GpuOpts) String() string {
	var out []string
	for _, r := range g.values {
		out = append(out, fmt.Sprintf("%+v", r))
	}
	return strings.Join(out, ", ")
}

func (g *GpuOpts) Type() string { return "gpu-request" }

// Value returns the device requests.
func (g *GpuOpts) Value() []container.DeviceRequest { return g.values }
