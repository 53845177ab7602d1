// Package compose loads docker stack's compose files (the v3 format): it parses them,
// validates them against the format, interpolates variables, merges several files in
// order and gives a typed model, which marshals back as `docker stack config` prints it.
package compose

// The field order of each type is the order docker 28 prints the keys in.

// Config is a loaded (and merged) compose file.
type Config struct {
	Version  string                   `yaml:"version"`
	Services map[string]ServiceConfig `yaml:"services"`
	Networks map[string]NetworkConfig `yaml:"networks,omitempty"`
	Volumes  map[string]VolumeConfig  `yaml:"volumes,omitempty"`
	Secrets  map[string]FileObject    `yaml:"secrets,omitempty"`
	Configs  map[string]FileObject    `yaml:"configs,omitempty"`
	Extras   map[string]any           `yaml:",inline"`
}

// ServiceConfig is one service.
type ServiceConfig struct {
	Build           map[string]any         `yaml:"build,omitempty"`
	CapAdd          []string               `yaml:"cap_add,omitempty"`
	CapDrop         []string               `yaml:"cap_drop,omitempty"`
	CgroupParent    string                 `yaml:"cgroup_parent,omitempty"`
	Command         []string               `yaml:"command,omitempty"`
	Configs         []FileRef              `yaml:"configs,omitempty"`
	ContainerName   string                 `yaml:"container_name,omitempty"`
	CredentialSpec  map[string]string      `yaml:"credential_spec,omitempty"`
	DependsOn       []string               `yaml:"depends_on,omitempty"`
	Deploy          *Deploy                `yaml:"deploy,omitempty"`
	Devices         []string               `yaml:"devices,omitempty"`
	DNS             []string               `yaml:"dns,omitempty"`
	DNSSearch       []string               `yaml:"dns_search,omitempty"`
	DomainName      string                 `yaml:"domainname,omitempty"`
	Entrypoint      []string               `yaml:"entrypoint,omitempty"`
	Environment     map[string]*string     `yaml:"environment,omitempty"`
	EnvFile         []string               `yaml:"env_file,omitempty"`
	Expose          []string               `yaml:"expose,omitempty"`
	ExternalLinks   []string               `yaml:"external_links,omitempty"`
	ExtraHosts      []string               `yaml:"extra_hosts,omitempty"`
	Hostname        string                 `yaml:"hostname,omitempty"`
	Healthcheck     *Healthcheck           `yaml:"healthcheck,omitempty"`
	Image           string                 `yaml:"image,omitempty"`
	Init            *bool                  `yaml:"init,omitempty"`
	Ipc             string                 `yaml:"ipc,omitempty"`
	Isolation       string                 `yaml:"isolation,omitempty"`
	Labels          map[string]string      `yaml:"labels,omitempty"`
	Links           []string               `yaml:"links,omitempty"`
	Logging         *Logging               `yaml:"logging,omitempty"`
	MacAddress      string                 `yaml:"mac_address,omitempty"`
	NetworkMode     string                 `yaml:"network_mode,omitempty"`
	Networks        map[string]*ServiceNet `yaml:"networks,omitempty"`
	Pid             string                 `yaml:"pid,omitempty"`
	Ports           []Port                 `yaml:"ports,omitempty"`
	Privileged      bool                   `yaml:"privileged,omitempty"`
	ReadOnly        bool                   `yaml:"read_only,omitempty"`
	Restart         string                 `yaml:"restart,omitempty"`
	Secrets         []FileRef              `yaml:"secrets,omitempty"`
	SecurityOpt     []string               `yaml:"security_opt,omitempty"`
	ShmSize         string                 `yaml:"shm_size,omitempty"`
	StdinOpen       bool                   `yaml:"stdin_open,omitempty"`
	StopGracePeriod *Duration              `yaml:"stop_grace_period,omitempty"`
	StopSignal      string                 `yaml:"stop_signal,omitempty"`
	Sysctls         map[string]string      `yaml:"sysctls,omitempty"`
	Tmpfs           []string               `yaml:"tmpfs,omitempty"`
	Tty             bool                   `yaml:"tty,omitempty"`
	Ulimits         map[string]Ulimit      `yaml:"ulimits,omitempty"`
	User            string                 `yaml:"user,omitempty"`
	UsernsMode      string                 `yaml:"userns_mode,omitempty"`
	Volumes         []Volume               `yaml:"volumes,omitempty"`
	WorkingDir      string                 `yaml:"working_dir,omitempty"`
	Extras          map[string]any         `yaml:",inline"`
}

// Deploy is a service's deploy section.
type Deploy struct {
	Mode           string            `yaml:"mode,omitempty"`
	Replicas       *uint64           `yaml:"replicas,omitempty"`
	Labels         map[string]string `yaml:"labels,omitempty"`
	UpdateConfig   *UpdateConfig     `yaml:"update_config,omitempty"`
	RollbackConfig *UpdateConfig     `yaml:"rollback_config,omitempty"`
	Resources      *Resources        `yaml:"resources,omitempty"`
	RestartPolicy  *RestartPolicy    `yaml:"restart_policy,omitempty"`
	Placement      *Placement        `yaml:"placement,omitempty"`
	EndpointMode   string            `yaml:"endpoint_mode,omitempty"`
}

// UpdateConfig is update_config and rollback_config.
type UpdateConfig struct {
	Parallelism     *uint64   `yaml:"parallelism,omitempty"`
	Delay           *Duration `yaml:"delay,omitempty"`
	FailureAction   string    `yaml:"failure_action,omitempty"`
	Monitor         *Duration `yaml:"monitor,omitempty"`
	MaxFailureRatio float32   `yaml:"max_failure_ratio,omitempty"`
	Order           string    `yaml:"order,omitempty"`
}

// Resources are limits and reservations.
type Resources struct {
	Limits       *Resource `yaml:"limits,omitempty"`
	Reservations *Resource `yaml:"reservations,omitempty"`
}

// Resource is one of them.
type Resource struct {
	NanoCPUs         string            `yaml:"cpus,omitempty"`
	MemoryBytes      Bytes             `yaml:"memory,omitempty"`
	Pids             int64             `yaml:"pids,omitempty"`
	GenericResources []GenericResource `yaml:"generic_resources,omitempty"`
}

// GenericResource is a discrete resource (a GPU...).
type GenericResource struct {
	DiscreteResourceSpec *struct {
		Kind  string `yaml:"kind"`
		Value int64  `yaml:"value"`
	} `yaml:"discrete_resource_spec,omitempty"`
}

// RestartPolicy is deploy.restart_policy.
type RestartPolicy struct {
	Condition   string    `yaml:"condition,omitempty"`
	Delay       *Duration `yaml:"delay,omitempty"`
	MaxAttempts *uint64   `yaml:"max_attempts,omitempty"`
	Window      *Duration `yaml:"window,omitempty"`
}

// Placement is deploy.placement.
type Placement struct {
	Constraints []string            `yaml:"constraints,omitempty"`
	Preferences []map[string]string `yaml:"preferences,omitempty"`
	MaxReplicas uint64              `yaml:"max_replicas_per_node,omitempty"`
}

// Healthcheck is a service's healthcheck.
type Healthcheck struct {
	Test          []string  `yaml:"test,omitempty"`
	Timeout       *Duration `yaml:"timeout,omitempty"`
	Interval      *Duration `yaml:"interval,omitempty"`
	Retries       *uint64   `yaml:"retries,omitempty"`
	StartPeriod   *Duration `yaml:"start_period,omitempty"`
	StartInterval *Duration `yaml:"start_interval,omitempty"`
	Disable       bool      `yaml:"disable,omitempty"`
}

// Logging is a service's logging.
type Logging struct {
	Driver  string            `yaml:"driver,omitempty"`
	Options map[string]string `yaml:"options,omitempty"`
}

// ServiceNet is one network of a service.
type ServiceNet struct {
	Aliases     []string `yaml:"aliases,omitempty"`
	Ipv4Address string   `yaml:"ipv4_address,omitempty"`
	Ipv6Address string   `yaml:"ipv6_address,omitempty"`
}

// Port is a port in the long syntax.
type Port struct {
	Mode      string `yaml:"mode,omitempty"`
	HostIP    string `yaml:"host_ip,omitempty"`
	Target    uint32 `yaml:"target,omitempty"`
	Published uint32 `yaml:"published,omitempty"`
	Protocol  string `yaml:"protocol,omitempty"`
}

// FileRef is a service's use of a secret or a config.
type FileRef struct {
	Source string  `yaml:"source,omitempty"`
	Target string  `yaml:"target,omitempty"`
	UID    string  `yaml:"uid,omitempty"`
	GID    string  `yaml:"gid,omitempty"`
	Mode   *uint32 `yaml:"mode,omitempty"`
}

// Volume is a mount in the long syntax.
type Volume struct {
	Type        string `yaml:"type,omitempty"`
	Source      string `yaml:"source,omitempty"`
	Target      string `yaml:"target,omitempty"`
	ReadOnly    bool   `yaml:"read_only,omitempty"`
	Consistency string `yaml:"consistency,omitempty"`
	Bind        *struct {
		Propagation    string `yaml:"propagation,omitempty"`
		CreateHostPath bool   `yaml:"create_host_path,omitempty"`
	} `yaml:"bind,omitempty"`
	Volume *struct {
		NoCopy bool `yaml:"nocopy,omitempty"`
	} `yaml:"volume,omitempty"`
	Tmpfs *struct {
		Size int64  `yaml:"size,omitempty"`
		Mode uint32 `yaml:"mode,omitempty"`
	} `yaml:"tmpfs,omitempty"`
}

// NetworkConfig is a top-level network.
type NetworkConfig struct {
	Name       string            `yaml:"name,omitempty"`
	Driver     string            `yaml:"driver,omitempty"`
	DriverOpts map[string]string `yaml:"driver_opts,omitempty"`
	Ipam       *struct {
		Driver string              `yaml:"driver,omitempty"`
		Config []map[string]string `yaml:"config,omitempty"`
	} `yaml:"ipam,omitempty"`
	External   bool              `yaml:"external,omitempty"`
	Internal   bool              `yaml:"internal,omitempty"`
	Attachable bool              `yaml:"attachable,omitempty"`
	Labels     map[string]string `yaml:"labels,omitempty"`
	Extras     map[string]any    `yaml:",inline"`
}

// VolumeConfig is a top-level volume.
type VolumeConfig struct {
	Name       string            `yaml:"name,omitempty"`
	Driver     string            `yaml:"driver,omitempty"`
	DriverOpts map[string]string `yaml:"driver_opts,omitempty"`
	External   bool              `yaml:"external,omitempty"`
	Labels     map[string]string `yaml:"labels,omitempty"`
	Extras     map[string]any    `yaml:",inline"`
}

// FileObject is a top-level secret or config.
type FileObject struct {
	Name           string            `yaml:"name,omitempty"`
	File           string            `yaml:"file,omitempty"`
	External       bool              `yaml:"external,omitempty"`
	Labels         map[string]string `yaml:"labels,omitempty"`
	Driver         string            `yaml:"driver,omitempty"`
	DriverOpts     map[string]string `yaml:"driver_opts,omitempty"`
	TemplateDriver string            `yaml:"template_driver,omitempty"`
	Extras         map[string]any    `yaml:",inline"`
}

// IsZero reports a deploy section with nothing set (empty labels included): docker
// leaves it out of what it prints, as it leaves out empty resources and placement.
func (d *Deploy) IsZero() bool {
	return d == nil || d.Mode == "" && d.Replicas == nil && len(d.Labels) == 0 && d.UpdateConfig == nil &&
		d.RollbackConfig == nil && d.Resources.IsZero() && d.RestartPolicy == nil && d.Placement.IsZero() &&
		d.EndpointMode == ""
}

// IsZero reports resources with neither limits nor reservations.
func (r *Resources) IsZero() bool { return r == nil || r.Limits == nil && r.Reservations == nil }

// IsZero reports a placement with nothing in it.
func (p *Placement) IsZero() bool {
	return p == nil || len(p.Constraints) == 0 && len(p.Preferences) == 0 && p.MaxReplicas == 0
}
