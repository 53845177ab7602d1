package image

import (
	"encoding/json"
	"github.com/skiff-cli/skiff/formatter"
	"time"

	dockerspec "github.com/moby/docker-image-spec/specs-go/v1"
	"github.com/moby/moby/api/types/image"
	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
)

// InspectValue decodes an image's inspect JSON into what docker 28 hands to
// --format templates and {{json .}}: that release's field set and order, including the
// fields newer API types dropped but engines of API 1.41 still send (Parent,
// Container, ContainerConfig, DockerVersion, VirtualSize).
func InspectValue(raw []byte) (any, error) {
	var v imageInspect
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, err
	}
	return &v, nil
}

// imageInspect is an image as docker 28 hands it to --format templates and to
// {{json .}}: that release's field set and order, including the fields newer API
// types dropped but engines of API 1.41 still send (Parent, Container,
// ContainerConfig, DockerVersion, VirtualSize). The output without --format is the
// daemon's own JSON, not this.
type imageInspect struct {
	ID              string `json:"Id"`
	RepoTags        []string
	RepoDigests     []string
	Parent          string
	Comment         string
	Created         string                     `json:",omitempty"`
	Container       string                     `json:",omitempty"`
	ContainerConfig *formatter.ContainerConfig `json:",omitempty"`
	DockerVersion   string
	Author          string
	Config          *dockerspec.DockerOCIImageConfig
	Architecture    string
	Variant         string `json:",omitempty"`
	Os              string
	OsVersion       string `json:",omitempty"`
	Size            int64
	VirtualSize     int64 `json:"VirtualSize,omitempty"`
	GraphDriver     formatter.GraphDriverData
	RootFS          imageRootFS
	Metadata        imageMetadata
	Descriptor      *ocispec.Descriptor     `json:",omitempty"`
	Manifests       []image.ManifestSummary `json:",omitempty"`
}

// imageRootFS lists the image's layers.
type imageRootFS struct {
	Type   string
	Layers []string `json:",omitempty"`
}

// imageMetadata holds what the daemon knows about the image locally.
type imageMetadata struct {
	LastTagTime time.Time `json:",omitempty"`
}
