package opts

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"

	units "github.com/docker/go-units"
	"github.com/moby/moby/api/types/blkiodev"
	"github.com/moby/moby/api/types/container"
)

// validDeviceMode reports whether mode is a non-empty combination of r, w and m, each
// at most once.
func validDeviceMode(mode string) bool {
	if mode == "" || len(mode) > 3 {
		return false
	}
	seen := map[rune]bool{}
	for _, c := range mode {
		if (c != 'r' && c != 'w' && c != 'm') || seen[c] {
			return false
		}
		seen[c] = true
	}
	return true
}

// ParseDevice parses a --device value, host[:container][:mode] (mode rwm by default).
func ParseDevice(v string) (container.DeviceMapping, error) {
	src, dst, perms := "", "", "rwm"
	arr := strings.Split(v, ":")
	switch len(arr) {
	case 3:
		if !validDeviceMode(arr[2]) {
			return container.DeviceMapping{}, fmt.Errorf("bad mode specified: %s", arr[2])
		}
		src, dst, perms = arr[0], arr[1], arr[2]
	case 2:
		src = arr[0]
		if validDeviceMode(arr[1]) {
			dst, perms = src, arr[1]
		} else {
			dst = arr[1]
		}
	case 1:
		src, dst = arr[0], arr[0]
	}
	if len(arr) > 3 || src == "" {
		return container.DeviceMapping{}, fmt.Errorf("bad format for path: %s", v)
	}
	if !filepath.IsAbs(dst) {
		return container.DeviceMapping{}, fmt.Errorf("%s is not an absolute path", dst)
	}
	return container.DeviceMapping{PathOnHost: src, PathInContainer: dst, CgroupPermissions: perms}, nil
}

// IsCDIName reports whether a --device value is a CDI device name, vendor/class=name
// ("vendor.com/gpu=0"), which the engine's CDI driver resolves.
func IsCDIName(v string) bool {
	vc, name, ok := strings.Cut(v, "=")
	if !ok {
		return false
	}
	vendor, class, ok := strings.Cut(vc, "/")
	if !ok || strings.Contains(class, "/") {
		return false
	}
	return cdiPart(vendor, ".-_", false) && cdiPart(class, "-_", false) && cdiPart(name, ".-_:", true)
}

// cdiPart checks a CDI name part: at least two characters (one for a device name),
// starting with a letter (or digit for a device name), ending with a letter or digit,
// with only letters, digits and extra in between.
func cdiPart(s, extra string, device bool) bool {
	if len(s) < 2 && !(device && len(s) == 1) {
		return false
	}
	letter := func(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }
	digit := func(b byte) bool { return b >= '0' && b <= '9' }
	if !letter(s[0]) && !(device && digit(s[0])) {
		return false
	}
	if last := s[len(s)-1]; !letter(last) && !digit(last) {
		return false
	}
	for i := 1; i < len(s)-1; i++ {
		if b := s[i]; !letter(b) && !digit(b) && !strings.ContainsRune(extra, rune(b)) {
			return false
		}
	}
	return true
}

var deviceCgroupRule = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^([acb]) ([0-9]+|\*):([0-9]+|\*) ([rwm]{1,3})$`)
})

// ValidateDeviceCgroupRule checks a --device-cgroup-rule value ("c 1:3 mr").
func ValidateDeviceCgroupRule(v string) (string, error) {
	if deviceCgroupRule().MatchString(v) {
		return v, nil
	}
	return "", fmt.Errorf("invalid device cgroup format '%s'", v)
}

// checkDevicePath checks the device:value split of a weight or rate flag.
func checkDevicePath(v, dev string, hasValue bool) error {
	if !hasValue || dev == "" {
		return fmt.Errorf("bad format: %s", v)
	}
	if !strings.HasPrefix(dev, "/dev/") {
		return fmt.Errorf("bad format for device path: %s", v)
	}
	return nil
}

// WeightDeviceOpt is --blkio-weight-device, device:weight.
type WeightDeviceOpt struct {
	values []*blkiodev.WeightDevice
}

// Set parses device:weight (10..1000, or 0).
func (o *WeightDeviceOpt) Set(v string) error {
	dev, w, ok := strings.Cut(v, ":")
	if err := checkDevicePath(v, dev, ok); err != nil {
		return err
	}
	n, err := strconv.ParseUint(w, 10, 16)
	if err != nil {
		return fmt.Errorf("invalid weight for device: %s", v)
	}
	if n > 0 && (n < 10 || n > 1000) {
		return fmt.Errorf("invalid weight for device: %s", v)
	}
	o.values = append(o.values, &blkiodev.WeightDevice{Path: dev, Weight: uint16(n)})
	return nil
}

func (o *WeightDeviceOpt) String() string {
	out := make([]string, 0, len(o.values))
	for _, d := range o.values {
		out = append(out, d.String())
	}
	return fmt.Sprintf("%v", out)
}

func (o *WeightDeviceOpt) Type() string { return "list" }

// GetList returns the values (never nil).
func (o *WeightDeviceOpt) GetList() []*blkiodev.WeightDevice {
	if o.values == nil {
		return []*blkiodev.WeightDevice{}
	}
	return o.values
}

// ThrottleDeviceOpt is --device-{read,write}-{bps,iops}, device:rate.
type ThrottleDeviceOpt struct {
	values []*blkiodev.ThrottleDevice
	bps    bool
}

// NewThrottleDeviceOpt returns a rate flag: bps takes sizes (1mb), otherwise IO counts.
func NewThrottleDeviceOpt(bps bool) *ThrottleDeviceOpt { return &ThrottleDeviceOpt{bps: bps} }

// Set parses device:rate.
func (o *ThrottleDeviceOpt) Set(v string) error {
	dev, r, ok := strings.Cut(v, ":")
	if err := checkDevicePath(v, dev, ok); err != nil {
		return err
	}
	var rate uint64
	if o.bps {
		n, err := units.RAMInBytes(r)
		if err != nil || n < 0 {
			return fmt.Errorf("invalid rate for device: %s. The correct format is <device-path>:<number>[<unit>]. Number must be a positive integer. Unit is optional and can be kb, mb, or gb", v)
		}
		rate = uint64(n)
	} else {
		n, err := strconv.ParseUint(r, 10, 64)
		if err != nil {
			return fmt.Errorf("invalid rate for device: %s. The correct format is <device-path>:<number>. Number must be a positive integer", v)
		}
		rate = n
	}
	o.values = append(o.values, &blkiodev.ThrottleDevice{Path: dev, Rate: rate})
	return nil
}

func (o *ThrottleDeviceOpt) String() string {
	out := make([]string, 0, len(o.values))
	for _, d := range o.values {
		out = append(out, d.String())
	}
	return fmt.Sprintf("%v", out)
}

func (o *ThrottleDeviceOpt) Type() string { return "list" }

// GetList returns the values (never nil).
func (o *ThrottleDeviceOpt) GetList() []*blkiodev.ThrottleDevice {
	if o.values == nil {
		return []*blkiodev.ThrottleDevice{}
	}
	return o.values
}
