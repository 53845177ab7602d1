package container

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"strconv"
	"strings"

	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/network"
	"github.com/moby/moby/api/types/strslice"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/opts"
)

// containerOptions holds every flag of `docker create` (and of `docker run`, which adds
// -d, --detach-keys and --sig-proxy: run binds those to detach, detachKeys, sigProxy).
//
// For run: o := newContainerOptions(); bindContainerFlags(cli, cmd, func(flags) {
// addCreateFlags(flags, o); flags.BoolVarP(&o.detach, "detach", "d", ...) ... }) (-h is
// --hostname, so the usual -h help shorthand must not be bound); then
// createContainer(ctx, cli, o, args) and, on error, return createRunError(cmd, err).
type containerOptions struct {
	// run's own flags; create leaves them at their zero values.
	detach     bool
	detachKeys string
	sigProxy   bool

	addHost           *opts.ListOpts
	annotations       *opts.MapOpts
	attach            *opts.ListOpts
	blkioWeight       uint16
	blkioWeightDevice opts.WeightDeviceOpt
	caps              opts.CapFlags
	cgroupParent      string
	cgroupnsMode      string
	cidFile           string
	cpuCount          int64
	cpuPercent        int64
	cpuPeriod         int64
	cpuQuota          int64
	cpuRealtimePeriod int64
	cpuRealtimeRun    int64
	cpuShares         int64
	limits            opts.LimitFlags
	cpusetCpus        string
	cpusetMems        string
	devices           *opts.ListOpts
	deviceCgroupRules *opts.ListOpts
	deviceReadBps     *opts.ThrottleDeviceOpt
	deviceReadIOps    *opts.ThrottleDeviceOpt
	deviceWriteBps    *opts.ThrottleDeviceOpt
	deviceWriteIOps   *opts.ThrottleDeviceOpt
	untrusted         bool
	dns               opts.DNSFlags
	domainname        string
	entrypoint        string
	env               opts.EnvFlags
	expose            *opts.ListOpts
	gpus              opts.GpuOpts
	health            opts.HealthFlags
	stdin             bool
	ioMaxBandwidth    opts.MemBytes
	ioMaxIOps         uint64
	ipv4              string
	ipv6              string
	ipcMode           string
	kernelMemory      opts.MemBytes
	labels            opts.LabelFlags
	links             *opts.ListOpts
	linkLocalIPs      *opts.ListOpts
	log               opts.LogFlags
	macAddress        string
	memoryReservation opts.MemBytes
	memorySwap        opts.MemSwapBytes
	memorySwappiness  int64
	mounts            opts.MountOpt
	name              string
	network           opts.NetworkOpt
	aliases           *opts.ListOpts
	oomKillDisable    bool
	oomScoreAdj       int
	pidMode           string
	platform          string
	privileged        bool
	process           opts.ProcessFlags
	publish           *opts.ListOpts
	publishAll        bool
	pull              string
	quiet             bool
	restartPolicy     string
	autoRemove        bool
	runtime           string
	securityOpt       *opts.ListOpts
	shmSize           opts.MemBytes
	stopTimeout       int
	storageOpt        *opts.ListOpts
	sysctls           *opts.MapOpts
	tmpfs             *opts.ListOpts
	ulimits           *opts.UlimitOpt
	useAPISocket      bool
	usernsMode        string
	utsMode           string
	volumes           *opts.ListOpts
	volumeDriver      string
	volumesFrom       *opts.ListOpts

	// flags is the bound flag set, to ask which flags were given.
	flags *pflag.FlagSet
}

func newContainerOptions() *containerOptions {
	return &containerOptions{
		addHost:           opts.NewListOpts(opts.ValidateExtraHost),
		annotations:       opts.NewMapOpts(nil),
		attach:            opts.NewListOpts(createValidateAttach),
		caps:              *opts.NewCapFlags(),
		devices:           opts.NewListOpts(nil),
		deviceCgroupRules: opts.NewListOpts(opts.ValidateDeviceCgroupRule),
		deviceReadBps:     opts.NewThrottleDeviceOpt(true),
		deviceReadIOps:    opts.NewThrottleDeviceOpt(false),
		deviceWriteBps:    opts.NewThrottleDeviceOpt(true),
		deviceWriteIOps:   opts.NewThrottleDeviceOpt(false),
		dns:               *opts.NewDNSFlags(),
		env:               *opts.NewEnvFlags(),
		expose:            opts.NewListOpts(nil),
		labels:            *opts.NewLabelFlags(),
		links:             opts.NewListOpts(opts.ValidateLink),
		linkLocalIPs:      opts.NewListOpts(nil),
		log:               *opts.NewLogFlags(),
		aliases:           opts.NewListOpts(nil),
		process:           *opts.NewProcessFlags(),
		publish:           opts.NewListOpts(nil),
		securityOpt:       opts.NewListOpts(nil),
		storageOpt:        opts.NewListOpts(nil),
		sysctls:           opts.NewMapOpts(opts.ValidateSysctl),
		tmpfs:             opts.NewListOpts(nil),
		ulimits:           opts.NewUlimitOpt(),
		volumes:           opts.NewListOpts(nil),
		volumesFrom:       opts.NewListOpts(nil),
		memorySwappiness:  -1,
		pull:              "missing",
		restartPolicy:     "no",
		untrusted:         true,
	}
}

func createValidateAttach(v string) (string, error) {
	s := strings.ToLower(v)
	switch s {
	case "stdin", "stdout", "stderr":
		return s, nil
	}
	return "", errors.New("valid streams are STDIN, STDOUT and STDERR")
}

// bindContainerFlags binds create's (or run's) flags lazily. These commands give -h
// to --hostname, so their flag set is made afresh with a --help that has no shorthand
// (shown in help, as docker shows it) instead of the one every command gets.
func bindContainerFlags(cli commands.Cli, cmd *cobra.Command, bind func(flags *pflag.FlagSet)) {
	commands.LazyFlags(cmd, func(*pflag.FlagSet) {
		cmd.ResetFlags()
		flags := cmd.Flags()
		flags.SetOutput(cli.Out())
		flags.Bool("help", false, "Print usage")
		bind(flags)
		completeCreateFlags(cli, cmd)
	})
}

// addCreateFlags binds every flag create and run share to o.
func addCreateFlags(flags *pflag.FlagSet, o *containerOptions) {
	o.flags = flags
	flags.SetInterspersed(false)

	// Configuration of the process and its environment.
	o.process.Bind(flags, opts.ContainerProcessNames())
	flags.VarP(o.attach, "attach", "a", "Streams to attach to (STDIN, STDOUT, STDERR)")
	flags.StringVar(&o.cidFile, "cidfile", "", "Save the new container's ID in this file")
	flags.StringVar(&o.entrypoint, "entrypoint", "", "Replace the image's ENTRYPOINT")
	o.env.Bind(flags)
	flags.StringVar(&o.domainname, "domainname", "", "NIS domain name inside the container")
	flags.BoolVarP(&o.stdin, "interactive", "i", false, "Keep STDIN open, attached or not")
	o.labels.Bind(flags,
		opts.FlagName{Name: "label", Shorthand: "l", Usage: "Label to set on the container (key=value)"},
		opts.FlagName{Name: "label-file", Usage: "File of key=value lines to set as labels"})
	flags.StringVar(&o.name, "name", "", "Name for the container")
	flags.StringVar(&o.platform, "platform", os.Getenv("DOCKER_DEFAULT_PLATFORM"), "Platform (os/arch) of the image, for engines that hold several")
	flags.StringVar(&o.restartPolicy, "restart", "no", "When to restart the container after it exits (no, always, unless-stopped, on-failure[:N])")
	flags.BoolVar(&o.autoRemove, "rm", false, "Remove the container and its anonymous volumes once it exits")
	flags.IntVar(&o.stopTimeout, "stop-timeout", 0, "Seconds to wait for the container to stop before killing it")
	flags.StringVar(&o.pull, "pull", "missing", `Pull the image first: "always", "|missing" (when absent), "never"`)
	flags.BoolVarP(&o.quiet, "quiet", "q", false, "Do not show pull progress")
	flags.BoolVar(&o.untrusted, "disable-content-trust", !createContentTrustEnv(), "Do not verify the image's signature")
	flags.BoolVar(&o.useAPISocket, "use-api-socket", false, "Give the container the Docker API socket and credentials")

	// Security.
	o.caps.Bind(flags)
	flags.BoolVar(&o.privileged, "privileged", false, "Run with all privileges and host devices")
	flags.Var(o.securityOpt, "security-opt", "Security option (seccomp=, apparmor=, label=, no-new-privileges...)")
	flags.StringVar(&o.usernsMode, "userns", "", "User namespace (host or empty)")

	// Networking.
	flags.Var(o.addHost, "add-host", "Extra /etc/hosts entry (host:ip)")
	o.dns.Bind(flags)
	flags.Var(o.dns.Options, "dns-opt", "resolv.conf option to set")
	_ = flags.MarkHidden("dns-opt")
	flags.Var(o.expose, "expose", "Port or port range to expose")
	flags.StringVar(&o.ipv4, "ip", "", "IPv4 address on the network (e.g., 172.30.100.104)")
	flags.StringVar(&o.ipv6, "ip6", "", "IPv6 address on the network (e.g., 2001:db8::33)")
	flags.Var(o.links, "link", "Link to another container (name[:alias])")
	flags.Var(o.linkLocalIPs, "link-local-ip", "Link-local IPv4/IPv6 address")
	flags.StringVar(&o.macAddress, "mac-address", "", "MAC address (e.g., 92:d0:c6:0a:29:33)")
	flags.VarP(o.publish, "publish", "p", "Publish container port(s) on the host ([ip:][hostPort:]port[/proto])")
	flags.BoolVarP(&o.publishAll, "publish-all", "P", false, "Publish every exposed port on a random host port")
	flags.Var(&o.network, "network", "Network to connect the container to")
	flags.Var(&o.network, "net", "Network to connect the container to")
	_ = flags.MarkHidden("net")
	flags.Var(o.aliases, "network-alias", "Alias of the container on its network")
	flags.Var(o.aliases, "net-alias", "Alias of the container on its network")
	_ = flags.MarkHidden("net-alias")

	// Logging and storage.
	o.log.Bind(flags)
	flags.Var(o.storageOpt, "storage-opt", "Storage driver option (key=value)")
	flags.Var(o.tmpfs, "tmpfs", "tmpfs to mount (path[:options])")
	flags.Var(o.volumesFrom, "volumes-from", "Container whose volumes to mount (name[:ro|rw])")
	flags.VarP(o.volumes, "volume", "v", "Volume or bind mount ([source:]target[:options])")
	flags.Var(&o.mounts, "mount", "Mount to add (type=...,source=...,target=...)")
	flags.StringVar(&o.volumeDriver, "volume-driver", "", "Default volume driver")

	// Health checks.
	o.health.Bind(flags)
	commands.RequiresAPI(flags, "health-start-interval", "1.44")

	// Resources.
	// pflag never prints a default of "0" (docker's help shows it here): it is in the text.
	flags.Uint16Var(&o.blkioWeight, "blkio-weight", 0, "Relative block IO weight, 10 to 1000 (0: off) (default 0)")
	flags.Var(&o.blkioWeightDevice, "blkio-weight-device", "Relative block IO weight of a device (device:weight)")
	flags.StringVar(&o.cgroupParent, "cgroup-parent", "", "Parent cgroup for the container")
	flags.StringVar(&o.cgroupnsMode, "cgroupns", "", "Cgroup namespace: 'host' (the host's), 'private' (its own),\n"+
		"or '' for the daemon's default-cgroupns-mode (default)")
	flags.Int64Var(&o.cpuCount, "cpu-count", 0, "Number of CPUs (Windows)")
	_ = flags.MarkHidden("cpu-count")
	flags.Int64Var(&o.cpuPercent, "cpu-percent", 0, "Share of CPU in percent (Windows)")
	_ = flags.MarkHidden("cpu-percent")
	flags.Int64Var(&o.cpuPeriod, "cpu-period", 0, "CPU CFS (Completely Fair Scheduler) period")
	flags.Int64Var(&o.cpuQuota, "cpu-quota", 0, "CPU CFS (Completely Fair Scheduler) quota")
	flags.Int64Var(&o.cpuRealtimePeriod, "cpu-rt-period", 0, "CPU real-time period, in microseconds")
	flags.Int64Var(&o.cpuRealtimeRun, "cpu-rt-runtime", 0, "CPU real-time runtime, in microseconds")
	flags.Int64VarP(&o.cpuShares, "cpu-shares", "c", 0, "Relative CPU weight")
	o.limits.Bind(flags, opts.ContainerLimitNames())
	flags.StringVar(&o.cpusetCpus, "cpuset-cpus", "", "CPUs the container may run on (0-3, 0,1)")
	flags.StringVar(&o.cpusetMems, "cpuset-mems", "", "Memory nodes the container may use (0-3, 0,1)")
	flags.Var(o.devices, "device", "Host device to give the container (host[:container][:rwm])")
	flags.Var(o.deviceCgroupRules, "device-cgroup-rule", "Rule for the cgroup's allowed devices ('c 1:3 mr')")
	flags.Var(o.deviceReadBps, "device-read-bps", "Read rate limit of a device, bytes per second (device:rate)")
	flags.Var(o.deviceReadIOps, "device-read-iops", "Read rate limit of a device, IO per second (device:rate)")
	flags.Var(o.deviceWriteBps, "device-write-bps", "Write rate limit of a device, bytes per second (device:rate)")
	flags.Var(o.deviceWriteIOps, "device-write-iops", "Write rate limit of a device, IO per second (device:rate)")
	flags.Var(&o.gpus, "gpus", "GPUs to give the container ('all', a count, or device=...)")
	flags.Var(&o.ioMaxBandwidth, "io-maxbandwidth", "System drive bandwidth limit (Windows)")
	_ = flags.MarkHidden("io-maxbandwidth")
	flags.Uint64Var(&o.ioMaxIOps, "io-maxiops", 0, "System drive IOps limit (Windows)")
	_ = flags.MarkHidden("io-maxiops")
	// Windows-only: help shows them unless the daemon is known to run another OS.
	for _, name := range []string{"cpu-count", "cpu-percent", "io-maxbandwidth", "io-maxiops"} {
		_ = flags.SetAnnotation(name, "ostype", []string{"windows"})
	}
	flags.Var(&o.kernelMemory, "kernel-memory", "Kernel memory limit (deprecated)")
	flags.Var(&o.memoryReservation, "memory-reservation", "Memory soft limit (e.g. 256m)")
	flags.Var(&o.memorySwap, "memory-swap", "Memory plus swap limit; '-1' for unlimited swap")
	flags.Int64Var(&o.memorySwappiness, "memory-swappiness", -1, "Memory swappiness, 0 to 100")
	flags.BoolVar(&o.oomKillDisable, "oom-kill-disable", false, "Keep the OOM killer away from the container")
	flags.IntVar(&o.oomScoreAdj, "oom-score-adj", 0, "OOM score adjustment, -1000 to 1000")
	flags.Var(&o.shmSize, "shm-size", "Size of /dev/shm (e.g. 64m)")
	flags.Var(o.ulimits, "ulimit", "Resource limit (name=soft[:hard])")
	flags.Var(o.sysctls, "sysctl", "Namespaced kernel parameter (key=value)")

	// Namespaces and runtime.
	flags.StringVar(&o.ipcMode, "ipc", "", "IPC namespace (host, private, shareable, container:<name|id>)")
	flags.StringVar(&o.pidMode, "pid", "", "PID namespace (host, container:<name|id>)")
	flags.StringVar(&o.utsMode, "uts", "", "UTS namespace (host)")
	flags.StringVar(&o.runtime, "runtime", "", "OCI runtime to run the container with")
	flags.Var(o.annotations, "annotation", "Annotation handed to the OCI runtime (key=value)")
	commands.RequiresAPI(flags, "annotation", "1.43")
	// Flags older engines lack: help hides them, and using one fails, when the API version
	// in use is older (as docker). Unlike RequiresAPI's, they are shown by default.
	for name, v := range map[string]string{
		"cpu-rt-period": "1.25", "cpu-rt-runtime": "1.25", "cpus": "1.25", "init": "1.25",
		"stop-timeout": "1.25", "health-start-period": "1.29", "platform": "1.32",
		"gpus": "1.40", "cgroupns": "1.41",
	} {
		_ = flags.SetAnnotation(name, "version", []string{v})
	}
}

// createWindowsFlags are the flags only a Windows engine honours; docker hides them and
// refuses them when the engine runs another OS.
var createWindowsFlags = []string{"cpu-count", "cpu-percent", "io-maxbandwidth", "io-maxiops"}

// checkOSFlags fails, as docker does, when a Windows-only flag is given to an engine
// running another OS.
func (o *containerOptions) checkOSFlags(ctx context.Context, cl *client.Client) error {
	for _, name := range createWindowsFlags {
		if o.flags == nil || !o.flags.Changed(name) {
			continue
		}
		p, err := cl.Ping(ctx)
		if err != nil || p.OSType == "" || p.OSType == "windows" {
			return nil
		}
		return fmt.Errorf("%q is only supported on a Docker daemon running on windows, but the Docker daemon is running on %s", "--"+name, p.OSType)
	}
	return nil
}

// createInvalidError is a problem with the flags found before anything is sent: create
// reports it as "docker: ..." with exit code 125.
type createInvalidError struct{ err error }

func (e createInvalidError) Error() string { return e.err.Error() }
func (e createInvalidError) Unwrap() error { return e.err }

func createInvalid(format string, a ...any) error {
	return createInvalidError{fmt.Errorf(format, a...)}
}

// createConfigs is the request create sends.
type createConfigs struct {
	config       *container.Config
	hostConfig   *container.HostConfig
	netConfig    *network.NetworkingConfig
	kernelMemory int64
	// exposedRaw, when set, are the ExposedPorts keys to send as written.
	exposedRaw []string
}

// createIsUserDefined reports a network other than the built-in modes.
func createIsUserDefined(n string) bool {
	switch n {
	case "default", "bridge", "host", "none", "":
		return false
	}
	return !strings.HasPrefix(n, "container:")
}

// parse turns the flags and IMAGE [COMMAND] [ARG...] into the create request, with
// docker's validation.
func (o *containerOptions) parse(args []string) (*createConfigs, error) {
	changed := func(name string) bool { return o.flags != nil && o.flags.Changed(name) }
	image := args[0]
	var cmd strslice.StrSlice
	if len(args) > 1 {
		cmd = args[1:]
	}

	// Attachments.
	attachStdin, attachStdout, attachStderr := false, false, false
	if o.attach.Len() > 0 {
		for _, a := range o.attach.GetAll() {
			switch a {
			case "stdin":
				attachStdin = true
			case "stdout":
				attachStdout = true
			case "stderr":
				attachStderr = true
			}
		}
	} else if !o.detach {
		attachStdout, attachStderr = true, true
	}
	if o.stdin {
		attachStdin = true
	}
	if o.detach {
		attachStdin, attachStdout, attachStderr = false, false, false
	}

	if o.macAddress != "" {
		if _, err := net.ParseMAC(strings.TrimSpace(o.macAddress)); err != nil {
			return nil, createInvalid("%s is not a valid mac address", o.macAddress)
		}
	}
	if o.memorySwappiness != -1 && (o.memorySwappiness < 0 || o.memorySwappiness > 100) {
		return nil, createInvalid("invalid value: %d. Valid memory swappiness range is 0-100", o.memorySwappiness)
	}

	// Volumes, binds, tmpfs, mounts.
	var binds []string
	volumes := map[string]struct{}{}
	for _, v := range o.volumes.GetAll() {
		spec, err := opts.ParseVolume(v)
		if err != nil {
			return nil, createInvalidError{err}
		}
		if spec.Bind != "" {
			binds = append(binds, spec.Bind)
		} else {
			volumes[spec.Anon] = struct{}{}
		}
	}
	var tmpfs map[string]string
	for _, t := range o.tmpfs.GetAll() {
		if tmpfs == nil {
			tmpfs = map[string]string{}
		}
		p, options := opts.ParseTmpfs(t)
		tmpfs[p] = options
	}
	mounts := o.mounts.Value()

	// Entrypoint and command.
	var entrypoint strslice.StrSlice
	if o.entrypoint != "" {
		entrypoint = strslice.StrSlice{o.entrypoint}
	} else if changed("entrypoint") {
		entrypoint = strslice.StrSlice{""}
	}

	// Ports.
	var publish []string
	publish = append(publish, o.publish.GetAll()...)
	ports, portBindings, err := opts.ParsePublish(publish)
	if err != nil {
		return nil, createInvalidError{err}
	}
	published := make([]string, 0, len(ports))
	for p := range ports {
		published = append(published, p.String())
	}
	var exposedRaw []string
	for _, e := range o.expose.GetAll() {
		if err := opts.ParseExpose(ports, e); err != nil {
			return nil, createInvalidError{err}
		}
		keys, _ := opts.ExposeKeys(e)
		for _, k := range keys {
			if k != strings.ToLower(k) {
				exposedRaw = keys
			}
		}
	}
	if exposedRaw != nil {
		// Some protocol is not in lower case: send every key as docker writes it.
		exposedRaw = published
		for _, e := range o.expose.GetAll() {
			keys, _ := opts.ExposeKeys(e)
			exposedRaw = append(exposedRaw, keys...)
		}
	}

	// Devices.
	devices := []container.DeviceMapping{}
	var cdiDevices []string
	for _, d := range o.devices.GetAll() {
		if opts.IsCDIName(d) {
			cdiDevices = append(cdiDevices, d)
			continue
		}
		dm, err := opts.ParseDevice(d)
		if err != nil {
			return nil, createInvalidError{err}
		}
		devices = append(devices, dm)
	}

	// Environment and labels: files first, then flags.
	env, err := o.env.Variables()
	if err != nil {
		return nil, createInvalidError{err}
	}
	labels, err := o.labels.Map()
	if err != nil {
		return nil, createInvalidError{err}
	}

	// Namespaces.
	pidMode := container.PidMode(o.pidMode)
	if !pidMode.Valid() {
		return nil, createInvalid("--pid: invalid PID mode")
	}
	utsMode := container.UTSMode(o.utsMode)
	if !utsMode.Valid() {
		return nil, createInvalid("--uts: invalid UTS mode")
	}
	usernsMode := container.UsernsMode(o.usernsMode)
	if !usernsMode.Valid() {
		return nil, createInvalid("--userns: invalid USER mode")
	}
	cgroupnsMode := container.CgroupnsMode(o.cgroupnsMode)
	if !cgroupnsMode.Valid() {
		return nil, createInvalid("--cgroupns: invalid CGROUP mode")
	}

	restart, err := opts.ParseRestartPolicy(o.restartPolicy)
	if err != nil {
		return nil, createInvalidError{err}
	}

	if o.log.Driver == "none" && o.log.Options.Len() > 0 {
		return nil, createInvalid("invalid logging opts for driver none")
	}
	storageOpts, err := opts.ParseStorageOpts(o.storageOpt.GetAll())
	if err != nil {
		return nil, createInvalidError{err}
	}
	if len(storageOpts) == 0 {
		storageOpts = nil
	}

	// Health check.
	health, err := o.health.Config()
	if err != nil {
		return nil, createInvalidError{err}
	}

	securityOpts, err := opts.ParseSecurityOpts(o.securityOpt.GetAll())
	if err != nil {
		return nil, createInvalidError{err}
	}
	securityOpts, unconfined := opts.SplitSystemPaths(securityOpts)
	var maskedPaths, readonlyPaths []string
	if unconfined {
		maskedPaths, readonlyPaths = []string{}, []string{}
	}
	if len(securityOpts) == 0 && !unconfined && o.securityOpt.Len() == 0 {
		securityOpts = nil
	}

	dns, err := o.dns.Addresses()
	if err != nil {
		return nil, createInvalidError{err}
	}

	resources := container.Resources{
		CgroupParent:         o.cgroupParent,
		Memory:               o.limits.Memory.Value(),
		MemoryReservation:    o.memoryReservation.Value(),
		MemorySwap:           o.memorySwap.Value(),
		MemorySwappiness:     &o.memorySwappiness,
		OomKillDisable:       &o.oomKillDisable,
		NanoCPUs:             o.limits.CPUs.Value(),
		CPUCount:             o.cpuCount,
		CPUPercent:           o.cpuPercent,
		CPUShares:            o.cpuShares,
		CPUPeriod:            o.cpuPeriod,
		CpusetCpus:           o.cpusetCpus,
		CpusetMems:           o.cpusetMems,
		CPUQuota:             o.cpuQuota,
		CPURealtimePeriod:    o.cpuRealtimePeriod,
		CPURealtimeRuntime:   o.cpuRealtimeRun,
		PidsLimit:            &o.limits.Pids,
		BlkioWeight:          o.blkioWeight,
		BlkioWeightDevice:    o.blkioWeightDevice.GetList(),
		BlkioDeviceReadBps:   o.deviceReadBps.GetList(),
		BlkioDeviceWriteBps:  o.deviceWriteBps.GetList(),
		BlkioDeviceReadIOps:  o.deviceReadIOps.GetList(),
		BlkioDeviceWriteIOps: o.deviceWriteIOps.GetList(),
		IOMaximumIOps:        o.ioMaxIOps,
		IOMaximumBandwidth:   uint64(o.ioMaxBandwidth.Value()),
		Ulimits:              o.ulimits.GetList(),
		DeviceCgroupRules:    o.deviceCgroupRules.GetAll(),
		Devices:              devices,
		DeviceRequests:       o.gpus.Value(),
	}
	if len(cdiDevices) > 0 {
		resources.DeviceRequests = append(resources.DeviceRequests, container.DeviceRequest{Driver: "cdi", DeviceIDs: cdiDevices})
	}

	config := &container.Config{
		Hostname:     o.process.Hostname,
		Domainname:   o.domainname,
		ExposedPorts: ports,
		User:         o.process.User,
		Tty:          o.process.TTY,
		OpenStdin:    o.stdin,
		AttachStdin:  attachStdin,
		AttachStdout: attachStdout,
		AttachStderr: attachStderr,
		Env:          env,
		Cmd:          cmd,
		Image:        image,
		Volumes:      volumes,
		Entrypoint:   entrypoint,
		WorkingDir:   o.process.Workdir,
		Labels:       labels,
		StopSignal:   o.process.StopSignal,
		Healthcheck:  health,
	}
	if changed("stop-timeout") {
		config.StopTimeout = &o.stopTimeout
	}
	if config.OpenStdin && config.AttachStdin {
		config.StdinOnce = true
	}

	var annotations map[string]string
	if len(o.annotations.GetAll()) > 0 {
		annotations = o.annotations.GetAll()
	}
	var sysctls map[string]string
	if len(o.sysctls.GetAll()) > 0 {
		sysctls = o.sysctls.GetAll()
	}

	capAdd, capDrop := o.caps.Normalized()
	hostConfig := &container.HostConfig{
		Binds:           binds,
		ContainerIDFile: o.cidFile,
		OomScoreAdj:     o.oomScoreAdj,
		AutoRemove:      o.autoRemove,
		Privileged:      o.privileged,
		PortBindings:    portBindings,
		Links:           o.links.GetAll(),
		PublishAllPorts: o.publishAll,
		DNS:             dns,
		DNSSearch:       nonNil(o.dns.Search.GetAll()),
		DNSOptions:      nonNil(o.dns.Options.GetAll()),
		ExtraHosts:      o.addHost.GetAll(),
		VolumesFrom:     o.volumesFrom.GetAll(),
		IpcMode:         container.IpcMode(o.ipcMode),
		NetworkMode:     "default",
		PidMode:         pidMode,
		UTSMode:         utsMode,
		UsernsMode:      usernsMode,
		CgroupnsMode:    cgroupnsMode,
		CapAdd:          capAdd,
		CapDrop:         capDrop,
		GroupAdd:        o.process.Groups.GetAll(),
		RestartPolicy:   restart,
		SecurityOpt:     securityOpts,
		StorageOpt:      storageOpts,
		ReadonlyRootfs:  o.process.ReadOnly,
		LogConfig:       o.log.Config(),
		VolumeDriver:    o.volumeDriver,
		Isolation:       container.Isolation(o.process.Isolation),
		ShmSize:         o.shmSize.Value(),
		Resources:       resources,
		Tmpfs:           tmpfs,
		Sysctls:         sysctls,
		Runtime:         o.runtime,
		Mounts:          mounts,
		MaskedPaths:     maskedPaths,
		ReadonlyPaths:   readonlyPaths,
		Annotations:     annotations,
	}
	if changed("init") {
		hostConfig.Init = &o.process.Init
	}
	if o.autoRemove && !hostConfig.RestartPolicy.IsNone() {
		return nil, createInvalid("conflicting options: cannot specify both --restart and --rm")
	}

	netConfig, err := o.parseNetworks(hostConfig)
	if err != nil {
		return nil, err
	}
	return &createConfigs{config: config, hostConfig: hostConfig, netConfig: netConfig, kernelMemory: o.kernelMemory.Value(), exposedRaw: exposedRaw}, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// parseNetworks sets the network mode and builds the endpoint settings: the first
// network takes --ip, --ip6, --network-alias, --link-local-ip and --link.
func (o *containerOptions) parseNetworks(hostConfig *container.HostConfig) (*network.NetworkingConfig, error) {
	nets := o.network.Value()
	given := len(nets) > 0
	if !given {
		nets = []opts.NetworkAttachment{{Target: "default"}}
	}
	hostConfig.NetworkMode = container.NetworkMode(nets[0].Target)
	endpoints := map[string]*network.EndpointSettings{}
	userDefined, builtin := false, false
	for i, n := range nets {
		if n.Target == "" {
			return nil, createInvalid("no name set for network")
		}
		if createIsUserDefined(n.Target) {
			userDefined = true
		} else {
			builtin = true
		}
		if i == 0 {
			// The container-wide flags apply to the first network, unless it sets its own.
			conflict := func(flag, what string) error {
				return createInvalid("conflicting options: cannot specify both %s and per-network %s", flag, what)
			}
			switch {
			case o.aliases.Len() > 0 && len(n.Aliases) > 0:
				return nil, conflict("--network-alias", "alias")
			case o.ipv4 != "" && n.IPv4 != "":
				return nil, conflict("--ip", "IPv4 address")
			case o.ipv6 != "" && n.IPv6 != "":
				return nil, conflict("--ip6", "IPv6 address")
			case o.macAddress != "" && n.MacAddress != "":
				return nil, conflict("--mac-address", "MAC address")
			case o.linkLocalIPs.Len() > 0 && len(n.LinkLocalIPs) > 0:
				return nil, conflict("--link-local-ip", "link-local IP addresses")
			}
			n.Aliases = append(n.Aliases, o.aliases.GetAll()...)
			if o.ipv4 != "" {
				n.IPv4 = o.ipv4
			}
			if o.ipv6 != "" {
				n.IPv6 = o.ipv6
			}
			if o.macAddress != "" {
				n.MacAddress = o.macAddress
			}
			n.LinkLocalIPs = append(n.LinkLocalIPs, o.linkLocalIPs.GetAll()...)
		}
		if len(n.Aliases) > 0 && !createIsUserDefined(n.Target) {
			return nil, createInvalid("network-scoped aliases are only supported for user-defined networks")
		}
		ep := &network.EndpointSettings{Aliases: n.Aliases, DriverOpts: n.DriverOpts, GwPriority: n.GwPriority}
		if i == 0 && createIsUserDefined(n.Target) {
			ep.Links = o.links.GetAll()
		}
		if n.IPv4 != "" || n.IPv6 != "" || len(n.LinkLocalIPs) > 0 {
			ipam := &network.EndpointIPAMConfig{}
			if n.IPv4 != "" {
				a, err := createParseIP(n.IPv4, "IPv4")
				if err != nil {
					return nil, err
				}
				ipam.IPv4Address = a
			}
			if n.IPv6 != "" {
				a, err := createParseIP(n.IPv6, "IPv6")
				if err != nil {
					return nil, err
				}
				ipam.IPv6Address = a
			}
			for _, l := range n.LinkLocalIPs {
				a, err := createParseIP(l, "link-local")
				if err != nil {
					return nil, err
				}
				ipam.LinkLocalIPs = append(ipam.LinkLocalIPs, a)
			}
			ep.IPAMConfig = ipam
		}
		if n.MacAddress != "" {
			mac, err := net.ParseMAC(strings.TrimSpace(n.MacAddress))
			if err != nil {
				return nil, createInvalid("%s is not a valid mac address", n.MacAddress)
			}
			// the endpoint's (API 1.44); older engines are refused by the client
			ep.MacAddress = network.HardwareAddr(mac)
		}
		if _, dup := endpoints[n.Target]; dup {
			return nil, createInvalid("network %q is specified multiple times", n.Target)
		}
		empty := ep.IPAMConfig == nil && len(ep.Aliases) == 0 && len(ep.Links) == 0 && len(ep.DriverOpts) == 0 && ep.GwPriority == 0 &&
			len(ep.MacAddress) == 0
		if given && i == 0 && len(nets) == 1 && empty {
			continue
		}
		endpoints[n.Target] = ep
	}
	if userDefined && builtin {
		return nil, createInvalid("conflicting options: cannot attach both user-defined and non-user-defined network-modes")
	}
	return &network.NetworkingConfig{EndpointsConfig: endpoints}, nil
}

// createParseIP parses an address given to --ip and friends; the engine would refuse a
// malformed one with this message, which the API types cannot carry to it.
func createParseIP(s, kind string) (netip.Addr, error) {
	a, err := netip.ParseAddr(s)
	if err != nil {
		return a, fmt.Errorf("Error response from daemon: invalid %s address: %s", kind, s)
	}
	return a, nil
}

// createContentTrustEnv reports whether DOCKER_CONTENT_TRUST turns content trust on, as
// docker reads it: set to anything but a false boolean ("0", "false", "f"...).
func createContentTrustEnv() bool {
	v := os.Getenv("DOCKER_CONTENT_TRUST")
	if v == "" {
		return false
	}
	on, err := strconv.ParseBool(v)
	return err != nil || on
}
