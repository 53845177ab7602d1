package formatter

import dockerspec "github.com/moby/docker-image-spec/specs-go/v1"

// Inspect shapes that image and container inspect share: an image records the config
// of the container it was committed from, and both name their storage driver. Field
// set, order, JSON names and Go kinds are docker 28's (see the nouns' InspectValue).

// GraphDriverData is the storage driver of an image or a container.
type GraphDriverData struct {
	Data map[string]string
	Name string
}

// PortMap and PortSet are keyed by "80/tcp", of a string type of their own as in the
// reference: `index .NetworkSettings.Ports "80/tcp"` fails on the typed value there,
// and the template falls back to the raw JSON (printing "[map[HostIp:... ]]").
type (
	Port        string
	PortMap     map[Port][]PortBinding
	PortSet     map[Port]struct{}
	PortBinding struct {
		HostIP   string `json:"HostIp"`
		HostPort string
	}
)

// ContainerConfig is a container's config, as container inspect and an image's
// ContainerConfig show it.
type ContainerConfig struct {
	Hostname        string
	Domainname      string
	User            string
	AttachStdin     bool
	AttachStdout    bool
	AttachStderr    bool
	ExposedPorts    PortSet `json:",omitempty"`
	Tty             bool
	OpenStdin       bool
	StdinOnce       bool
	Env             []string
	Cmd             []string
	Healthcheck     *dockerspec.HealthcheckConfig `json:",omitempty"`
	ArgsEscaped     bool                          `json:",omitempty"`
	Image           string
	Volumes         map[string]struct{}
	WorkingDir      string
	Entrypoint      []string
	NetworkDisabled bool   `json:",omitempty"`
	MacAddress      string `json:",omitempty"`
	OnBuild         []string
	Labels          map[string]string
	StopSignal      string   `json:",omitempty"`
	StopTimeout     *int     `json:",omitempty"`
	Shell           []string `json:",omitempty"`
}
