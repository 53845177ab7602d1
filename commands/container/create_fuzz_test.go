package container

import (
	"testing"

	"github.com/spf13/pflag"
)

// FuzzCreateFlags gives one create flag an arbitrary value: parsing and converting must
// answer with an error or a request, never panic.
func FuzzCreateFlags(f *testing.F) {
	names := []string{"add-host", "attach", "blkio-weight-device", "cap-add", "cgroupns", "cpus", "device",
		"device-cgroup-rule", "device-read-bps", "device-write-iops", "dns", "dns-search", "env", "expose", "gpus",
		"health-interval", "ip", "ip6", "ipc", "label", "link", "link-local-ip", "log-opt", "mac-address", "memory",
		"memory-swap", "mount", "network", "network-alias", "pid", "publish", "restart", "security-opt", "shm-size",
		"storage-opt", "sysctl", "tmpfs", "ulimit", "userns", "uts", "volume", "volumes-from", "pull", "platform"}
	for i := range names {
		f.Add(uint8(i), "x")
		f.Add(uint8(i), "a=b,c=:d")
	}
	f.Add(uint8(0), "a:[::1]")
	f.Fuzz(func(t *testing.T, which uint8, value string) {
		o := newContainerOptions()
		flags := pflag.NewFlagSet("create", pflag.ContinueOnError)
		addCreateFlags(flags, o)
		if err := flags.Set(names[int(which)%len(names)], value); err != nil {
			return
		}
		cfgs, err := o.parse([]string{"bb"})
		if err == nil && (cfgs.config == nil || cfgs.hostConfig == nil || cfgs.netConfig == nil) {
			t.Fatalf("no error and no request for %q", value)
		}
	})
}
