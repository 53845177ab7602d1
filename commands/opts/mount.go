package opts

import (
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"

	units "github.com/docker/go-units"
	"github.com/moby/moby/api/types/mount"
)

// MountOpt is the repeatable --mount flag: comma-separated key=value fields. run and
// create bind it as --mount; service create takes the same syntax (an unknown type
// passes the flag there too, for the engine to refuse), service update as --mount-add.
type MountOpt struct {
	values   []mount.Mount
	warnings []string
}

// Warnings are the deprecation notices the values given deserve (docker logs them as
// warnings when it parses the flag).
func (m *MountOpt) Warnings() []string { return m.warnings }

func (m *MountOpt) String() string {
	parts := make([]string, 0, len(m.values))
	for _, v := range m.values {
		parts = append(parts, fmt.Sprintf("%s %s %s", v.Type, v.Source, v.Target))
	}
	return strings.Join(parts, ", ")
}

func (m *MountOpt) Type() string { return "mount" }

// Value returns the mounts in the order given.
func (m *MountOpt) Value() []mount.Mount { return m.values }

// Set parses one --mount value.
func (m *MountOpt) Set(v string) error {
	mt, err := ParseMount(v)
	if err != nil {
		return err
	}
	m.values = append(m.values, mt)
	if fields, err := csv.NewReader(strings.NewReader(v)).Read(); err == nil {
		for _, f := range fields {
			if strings.HasPrefix(strings.ToLower(f), "bind-nonrecursive=") {
				m.warnings = append(m.warnings, "bind-nonrecursive is deprecated, use bind-recursive=disabled instead")
			}
		}
	}
	return nil
}

func parseBoolField(key, val string) (bool, error) {
	b, err := strconv.ParseBool(val)
	if err != nil {
		return false, fmt.Errorf("invalid value for %s: %s", key, val)
	}
	return b, nil
}

// ParseMount parses a --mount value: type (volume by default), source/src,
// target/dst/destination, readonly/ro, consistency, bind-*, volume-*, image-*, tmpfs-*.
func ParseMount(v string) (mount.Mount, error) {
	r := csv.NewReader(strings.NewReader(v))
	fields, err := r.Read()
	if err != nil {
		return mount.Mount{}, err
	}
	mt := mount.Mount{Type: mount.TypeVolume}
	var (
		bindOpts   *mount.BindOptions
		volOpts    *mount.VolumeOptions
		imgOpts    *mount.ImageOptions
		tmpfsOpts  *mount.TmpfsOptions
		rroSet     string
		readOnlyOK bool
	)
	bind := func() *mount.BindOptions {
		if bindOpts == nil {
			bindOpts = &mount.BindOptions{}
		}
		return bindOpts
	}
	vol := func() *mount.VolumeOptions {
		if volOpts == nil {
			volOpts = &mount.VolumeOptions{DriverConfig: &mount.Driver{}}
		}
		return volOpts
	}
	img := func() *mount.ImageOptions {
		if imgOpts == nil {
			imgOpts = &mount.ImageOptions{}
		}
		return imgOpts
	}
	tmpfs := func() *mount.TmpfsOptions {
		if tmpfsOpts == nil {
			tmpfsOpts = &mount.TmpfsOptions{}
		}
		return tmpfsOpts
	}
	for _, field := range fields {
		key, val, ok := strings.Cut(field, "=")
		key = strings.ToLower(key)
		if !ok {
			switch key {
			case "readonly", "ro":
				mt.ReadOnly = true
				continue
			case "volume-nocopy":
				vol().NoCopy = true
				continue
			case "bind-nonrecursive":
				bind().NonRecursive = true
				continue
			}
			return mount.Mount{}, fmt.Errorf("invalid field '%s' must be a key=value pair", field)
		}
		switch key {
		case "type":
			mt.Type = mount.Type(strings.ToLower(val))
		case "source", "src":
			mt.Source = val
			if strings.HasPrefix(val, "."+string(filepath.Separator)) || val == "." {
				if abs, err := filepath.Abs(val); err == nil {
					mt.Source = abs
				}
			}
		case "target", "dst", "destination":
			mt.Target = val
		case "readonly", "ro":
			if mt.ReadOnly, err = parseBoolField(key, val); err != nil {
				return mount.Mount{}, err
			}
			readOnlyOK = mt.ReadOnly
		case "consistency":
			mt.Consistency = mount.Consistency(strings.ToLower(val))
		case "bind-propagation":
			bind().Propagation = mount.Propagation(strings.ToLower(val))
		case "bind-nonrecursive":
			b, err := parseBoolField(key, val)
			if err != nil {
				return mount.Mount{}, err
			}
			bind().NonRecursive = b
		case "bind-recursive":
			switch val {
			case "enabled":
			case "disabled":
				bind().NonRecursive = true
			case "writable":
				bind().ReadOnlyNonRecursive = true
				rroSet = "writable"
			case "readonly":
				bind().ReadOnlyForceRecursive = true
				rroSet = "readonly"
			default:
				return mount.Mount{}, fmt.Errorf(`invalid value for %s: %s (must be "enabled", "disabled", "writable", or "readonly")`, key, val)
			}
		case "volume-subpath":
			vol().Subpath = val
		case "volume-nocopy":
			b, err := parseBoolField(key, val)
			if err != nil {
				return mount.Mount{}, err
			}
			vol().NoCopy = b
		case "volume-label":
			lk, lv, _ := strings.Cut(val, "=")
			o := vol()
			if o.Labels == nil {
				o.Labels = map[string]string{}
			}
			o.Labels[lk] = lv
		case "volume-driver":
			vol().DriverConfig.Name = val
		case "volume-opt":
			ok, ov, _ := strings.Cut(val, "=")
			o := vol()
			if o.DriverConfig.Options == nil {
				o.DriverConfig.Options = map[string]string{}
			}
			o.DriverConfig.Options[ok] = ov
		case "image-subpath":
			img().Subpath = val
		case "tmpfs-size":
			n, err := units.RAMInBytes(val)
			if err != nil {
				return mount.Mount{}, fmt.Errorf("invalid value for %s: %s", key, val)
			}
			tmpfs().SizeBytes = n
		case "tmpfs-mode":
			n, err := strconv.ParseUint(val, 8, 32)
			if err != nil {
				return mount.Mount{}, fmt.Errorf("invalid value for %s: %s", key, val)
			}
			tmpfs().Mode = os.FileMode(n)
		default:
			return mount.Mount{}, fmt.Errorf("unexpected key '%s' in '%s'", key, field)
		}
	}
	if mt.Type == "" {
		return mount.Mount{}, errors.New("type is required")
	}
	if mt.Target == "" {
		return mount.Mount{}, errors.New("target is required")
	}
	if volOpts != nil && mt.Type != mount.TypeVolume {
		return mount.Mount{}, fmt.Errorf("cannot mix 'volume-*' options with mount type '%s'", mt.Type)
	}
	if imgOpts != nil && mt.Type != mount.TypeImage {
		return mount.Mount{}, fmt.Errorf("cannot mix 'image-*' options with mount type '%s'", mt.Type)
	}
	if bindOpts != nil && mt.Type != mount.TypeBind {
		return mount.Mount{}, fmt.Errorf("cannot mix 'bind-*' options with mount type '%s'", mt.Type)
	}
	if tmpfsOpts != nil && mt.Type != mount.TypeTmpfs {
		return mount.Mount{}, fmt.Errorf("cannot mix 'tmpfs-*' options with mount type '%s'", mt.Type)
	}
	if rroSet != "" {
		if !readOnlyOK && !mt.ReadOnly {
			return mount.Mount{}, fmt.Errorf("option 'bind-recursive=%s' requires 'readonly' to be specified in conjunction", rroSet)
		}
		if rroSet == "readonly" && bindOpts.Propagation != mount.PropagationRPrivate {
			return mount.Mount{}, errors.New("option 'bind-recursive=readonly' requires 'bind-propagation=rprivate' to be specified in conjunction")
		}
	}
	mt.BindOptions, mt.VolumeOptions, mt.ImageOptions, mt.TmpfsOptions = bindOpts, volOpts, imgOpts, tmpfsOpts
	return mt, nil
}

// VolumeSpec is what skiff needs from a -v value: whether it names a source (a bind or
// a named volume, sent as a bind string) and, for a bind, the spec with a relative
// host path made absolute.
type VolumeSpec struct {
	Bind string // set when the spec has a source
	Anon string // the container path of an anonymous volume
}

// ParseVolume checks a -v value, [source:]target[:options], the way docker splits it:
// fields end at ':', except that a one-letter field followed by ':' is a Windows drive
// ("c:"), so the colon stays in the field; a fourth field is an error.
func ParseVolume(spec string) (VolumeSpec, error) {
	switch len(spec) {
	case 0:
		return VolumeSpec{}, errors.New("invalid empty volume spec")
	case 1, 2:
		return VolumeSpec{Anon: spec}, nil
	}
	var fields []string
	var buf []rune
	const end = rune(-1)
	for _, c := range append([]rune(spec), end) {
		switch {
		case c == ':' && len(buf) == 1 && unicode.IsLetter(buf[0]):
			buf = append(buf, c)
		case c == ':' || c == end:
			if len(buf) == 0 {
				return VolumeSpec{}, fmt.Errorf("invalid spec: %s: empty section between colons", spec)
			}
			if len(fields) == 2 && c == ':' {
				return VolumeSpec{}, fmt.Errorf("invalid spec: %s: too many colons", spec)
			}
			fields = append(fields, string(buf))
			buf = buf[:0]
		default:
			buf = append(buf, c)
		}
	}
	if len(fields) == 1 {
		return VolumeSpec{Anon: spec}, nil
	}
	src := fields[0]
	if !strings.HasPrefix(src, ".") {
		return VolumeSpec{Bind: spec}, nil
	}
	host, rest, _ := strings.Cut(spec, ":")
	if !filepath.IsAbs(host) {
		if abs, err := filepath.Abs(host); err == nil {
			host = abs
		}
	}
	return VolumeSpec{Bind: host + ":" + rest}, nil
}

// ParseTmpfs splits a --tmpfs value, path[:options], into the Tmpfs map's entry.
func ParseTmpfs(v string) (path, options string) {
	path, options, _ = strings.Cut(v, ":")
	return path, options
}
