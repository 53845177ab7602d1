package image

import (
	"time"

	dockerspec "github.com/moby/docker-image-spec/specs-go/v1"
	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/image"
	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
)

// inspectedImage is an image as docker 28 hands it to --format templates and to
// {{json .}}: that release's field set and order, including the fields newer API
// types dropped but engines of API 1.41 still send (Parent, Container,
// ContainerConfig, DockerVersion, VirtualSize). The output without --format is the
// daemon's own JSON, not this.
type inspectedImage struct {
	ID              string `json:"Id"`
	RepoTags        []string
	RepoDigests     []string
	Parent          string
	Comment         string
	Created         string           `json:",omitempty"`
	Container       string           `json:",omitempty"`
	ContainerConfig *containerConfig `json:",omitempty"`
	DockerVersion   string
	Author          string
	Config          *dockerspec.DockerOCIImageConfig
	Architecture    string
	Variant         string `json:",omitempty"`
	Os              string
	OsVersion       string `json:",omitempty"`
	Size            int64
	VirtualSize     int64 `json:"VirtualSize,omitempty"`
	GraphDriver     driverData
	RootFS          rootFS
	Metadata        imageMetadata
	Descriptor      *ocispec.Descriptor     `json:",omitempty"`
	Manifests       []image.ManifestSummary `json:",omitempty"`
}

// containerConfig is the container configuration of the build step that made the
// image (ContainerConfig), with the MacAddress field docker 28 still has.
type containerConfig struct {
	Hostname        string
	Domainname      string
	User            string
	AttachStdin     bool
	AttachStdout    bool
	AttachStderr    bool
	ExposedPorts    map[string]struct{} `json:",omitempty"`
	Tty             bool
	OpenStdin       bool
	StdinOnce       bool
	Env             []string
	Cmd             []string
	Healthcheck     *container.HealthConfig `json:",omitempty"`
	ArgsEscaped     bool                    `json:",omitempty"`
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

// driverData is the storage driver and its data.
type driverData struct {
	Data map[string]string
	Name string
}

// rootFS lists the image's layers.
type rootFS struct {
	Type   string
	Layers []string `json:",omitempty"`
}

// imageMetadata holds what the daemon knows about the image locally.
type imageMetadata struct {
	LastTagTime time.Time `json:",omitempty"`
}
