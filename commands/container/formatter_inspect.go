package container

import (
	"encoding/json"
	"time"

	"github.com/docker/go-units"
	"github.com/moby/moby/api/types/mount"
	ocispec "github.com/opencontainers/image-spec/specs-go/v1"

	"github.com/skiff-cli/skiff/formatter"
)

// InspectValue decodes a container's inspect JSON (GET /containers/{id}/json)
// into the value `docker container inspect --format` templates run on in docker 28.
//
// The types of github.com/moby/moby/api describe a newer API than the reference
// client's: they lack the deprecated NetworkSettings fields and Config.OnBuild's
// "null", order some fields differently, and use netip/struct types for addresses and
// ports that print differently in templates ("invalid IP" for an empty address, ports
// sorted by number). The types below have the reference's field set, order, JSON
// names and Go kinds, so that `{{json .NetworkSettings}}`, `{{.HostConfig.PortBindings}}`
// or `{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}` print the same bytes.
func InspectValue(raw []byte) (any, error) {
	var v containerInspect
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, err
	}
	return &v, nil
}

type containerInspect struct {
	ID             string `json:"Id"`
	Created        string
	Path           string
	Args           []string
	State          *containerState
	Image          string
	ResolvConfPath string
	HostnamePath   string
	HostsPath      string
	LogPath        string
	Name           string
	RestartCount   int
	Driver         string
	Platform       string
	// ImageManifestDescriptor is docker 28's (API 1.48+); older engines send none and
	// templates print <nil>.
	ImageManifestDescriptor *ocispec.Descriptor `json:",omitempty"`
	MountLabel              string
	ProcessLabel            string
	AppArmorProfile         string
	ExecIDs                 []string
	HostConfig              *containerHostConfig
	GraphDriver             formatter.GraphDriverData
	SizeRw                  *int64 `json:",omitempty"`
	SizeRootFs              *int64 `json:",omitempty"`
	Mounts                  []containerMountPoint
	Config                  *formatter.ContainerConfig
	NetworkSettings         *containerNetworkSettings
}

type containerState struct {
	Status     string
	Running    bool
	Paused     bool
	Restarting bool
	OOMKilled  bool
	Dead       bool
	Pid        int
	ExitCode   int
	Error      string
	StartedAt  string
	FinishedAt string
	Health     *containerHealth `json:",omitempty"`
}

type containerHealth struct {
	Status        string
	FailingStreak int
	Log           []*healthcheckResult
}

type healthcheckResult struct {
	Start    time.Time
	End      time.Time
	ExitCode int
	Output   string
}

type containerMountPoint struct {
	Type        string `json:",omitempty"`
	Name        string `json:",omitempty"`
	Source      string
	Destination string
	Driver      string `json:",omitempty"`
	Mode        string
	RW          bool
	Propagation string
}

type containerHostConfig struct {
	Binds           []string
	ContainerIDFile string
	LogConfig       struct {
		Type   string
		Config map[string]string
	}
	NetworkMode   string
	PortBindings  formatter.PortMap
	RestartPolicy struct {
		Name              string
		MaximumRetryCount int
	}
	AutoRemove      bool
	VolumeDriver    string
	VolumesFrom     []string
	ConsoleSize     [2]uint
	Annotations     map[string]string `json:",omitempty"`
	CapAdd          []string
	CapDrop         []string
	CgroupnsMode    string
	DNS             []string `json:"Dns"`
	DNSOptions      []string `json:"DnsOptions"`
	DNSSearch       []string `json:"DnsSearch"`
	ExtraHosts      []string
	GroupAdd        []string
	IpcMode         string
	Cgroup          string
	Links           []string
	OomScoreAdj     int
	PidMode         string
	Privileged      bool
	PublishAllPorts bool
	ReadonlyRootfs  bool
	SecurityOpt     []string
	StorageOpt      map[string]string `json:",omitempty"`
	Tmpfs           map[string]string `json:",omitempty"`
	UTSMode         string
	UsernsMode      string
	ShmSize         int64
	Sysctls         map[string]string `json:",omitempty"`
	Runtime         string            `json:",omitempty"`
	Isolation       string

	containerResources

	Mounts        []mount.Mount `json:",omitempty"`
	MaskedPaths   []string
	ReadonlyPaths []string
	Init          *bool `json:",omitempty"`
}

type containerResources struct {
	CPUShares            int64 `json:"CpuShares"`
	Memory               int64
	NanoCPUs             int64 `json:"NanoCpus"`
	CgroupParent         string
	BlkioWeight          uint16
	BlkioWeightDevice    []*weightDevice
	BlkioDeviceReadBps   []*throttleDevice
	BlkioDeviceWriteBps  []*throttleDevice
	BlkioDeviceReadIOps  []*throttleDevice
	BlkioDeviceWriteIOps []*throttleDevice
	CPUPeriod            int64 `json:"CpuPeriod"`
	CPUQuota             int64 `json:"CpuQuota"`
	CPURealtimePeriod    int64 `json:"CpuRealtimePeriod"`
	CPURealtimeRuntime   int64 `json:"CpuRealtimeRuntime"`
	CpusetCpus           string
	CpusetMems           string
	Devices              []deviceMapping
	DeviceCgroupRules    []string
	DeviceRequests       []deviceRequest
	KernelMemory         int64 `json:",omitempty"`
	KernelMemoryTCP      int64 `json:",omitempty"`
	MemoryReservation    int64
	MemorySwap           int64
	MemorySwappiness     *int64
	OomKillDisable       *bool
	PidsLimit            *int64
	Ulimits              []*units.Ulimit
	CPUCount             int64 `json:"CpuCount"`
	CPUPercent           int64 `json:"CpuPercent"`
	IOMaximumIOps        uint64
	IOMaximumBandwidth   uint64
}

type weightDevice struct {
	Path   string
	Weight uint16
}

type throttleDevice struct {
	Path string
	Rate uint64
}

type deviceMapping struct {
	PathOnHost        string
	PathInContainer   string
	CgroupPermissions string
}

type deviceRequest struct {
	Driver       string
	Count        int
	DeviceIDs    []string
	Capabilities [][]string
	Options      map[string]string
}

type containerNetworkSettings struct {
	networkSettingsBase
	defaultNetworkSettings
	Networks map[string]*endpointSettings
}

type networkSettingsBase struct {
	Bridge                 string
	SandboxID              string
	SandboxKey             string
	Ports                  formatter.PortMap
	HairpinMode            bool
	LinkLocalIPv6Address   string
	LinkLocalIPv6PrefixLen int
	SecondaryIPAddresses   []networkAddress
	SecondaryIPv6Addresses []networkAddress
}

type defaultNetworkSettings struct {
	EndpointID          string
	Gateway             string
	GlobalIPv6Address   string
	GlobalIPv6PrefixLen int
	IPAddress           string
	IPPrefixLen         int
	IPv6Gateway         string
	MacAddress          string
}

type networkAddress struct {
	Addr      string
	PrefixLen int
}

type endpointSettings struct {
	IPAMConfig          *endpointIPAMConfig
	Links               []string
	Aliases             []string
	MacAddress          string
	DriverOpts          map[string]string
	GwPriority          int
	NetworkID           string
	EndpointID          string
	Gateway             string
	IPAddress           string
	IPPrefixLen         int
	IPv6Gateway         string
	GlobalIPv6Address   string
	GlobalIPv6PrefixLen int
	DNSNames            []string
}

type endpointIPAMConfig struct {
	IPv4Address  string   `json:",omitempty"`
	IPv6Address  string   `json:",omitempty"`
	LinkLocalIPs []string `json:",omitempty"`
}
