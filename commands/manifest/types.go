package manifest

import (
	"encoding/json"

	"github.com/skiff-cli/skiff/client"
)

// The JSON shapes docker 28 reads and writes for docker manifest. Field order is the
// interface: it is what inspect prints and what the local store files hold.

// platform is an image's platform as manifest lists and descriptors carry it.
type platform struct {
	Architecture string   `json:"architecture"`
	OS           string   `json:"os"`
	OSVersion    string   `json:"os.version,omitempty"`
	OSFeatures   []string `json:"os.features,omitempty"`
	Variant      string   `json:"variant,omitempty"`
	Features     []string `json:"features,omitempty"`
}

// descriptor is an image manifest's descriptor as docker keeps it with the image (OCI
// field order: digest before size).
type descriptor struct {
	MediaType string    `json:"mediaType"`
	Digest    string    `json:"digest"`
	Size      int64     `json:"size"`
	Platform  *platform `json:"platform,omitempty"`
}

// imageManifest is one image of a manifest list: a file of the local store, and what
// inspect -v prints. The manifest itself is kept as the registry sent it (its bytes
// base64 in Raw, and as JSON under the key of its kind, keys in their original order).
type imageManifest struct {
	Ref              string          `json:"Ref"`
	Descriptor       descriptor      `json:"Descriptor"`
	Raw              []byte          `json:"Raw"`
	SchemaV2Manifest json.RawMessage `json:"SchemaV2Manifest,omitempty"`
	OCIManifest      json.RawMessage `json:"OCIManifest,omitempty"`
}

// body is the manifest's JSON, whichever kind it is.
func (m imageManifest) body() json.RawMessage {
	if m.OCIManifest != nil {
		return m.OCIManifest
	}
	return m.SchemaV2Manifest
}

// imageManifestBody is what docker reads of an image manifest to list its blobs.
type imageManifestBody struct {
	SchemaVersion int    `json:"schemaVersion"`
	MediaType     string `json:"mediaType"`
	Config        struct {
		MediaType string `json:"mediaType"`
		Digest    string `json:"digest"`
		Size      int64  `json:"size"`
	} `json:"config"`
	Layers []struct {
		MediaType string   `json:"mediaType"`
		Digest    string   `json:"digest"`
		Size      int64    `json:"size"`
		URLs      []string `json:"urls,omitempty"`
	} `json:"layers"`
}

// blobs are the digests of the config and the layers that are not foreign (layers with
// URLs live elsewhere and are not mounted).
func (b imageManifestBody) blobs() []string {
	out := []string{b.Config.Digest}
	for _, l := range b.Layers {
		if len(l.URLs) == 0 {
			out = append(out, l.Digest)
		}
	}
	return out
}

// manifestList is a manifest list or OCI index as docker prints and pushes it: what it
// does not know (annotations) is dropped.
type manifestList struct {
	SchemaVersion int         `json:"schemaVersion"`
	MediaType     string      `json:"mediaType"`
	Manifests     []listEntry `json:"manifests"`
}

// listEntry is one image of a list (distribution's field order: size before digest).
type listEntry struct {
	MediaType string   `json:"mediaType"`
	Size      int64    `json:"size"`
	Digest    string   `json:"digest"`
	URLs      []string `json:"urls,omitempty"`
	Platform  platform `json:"platform"`
}

// isList reports media types of manifest lists.
func isList(mediaType string) bool {
	return mediaType == client.MediaTypeDockerList || mediaType == client.MediaTypeOCIIndex
}

// newImageManifest is the store entry of an image manifest fetched for ref, with the
// platform the caller found for it.
func newImageManifest(ref string, m client.Manifest, p *platform) (imageManifest, error) {
	var body imageManifestBody
	if err := json.Unmarshal(m.Raw, &body); err != nil {
		return imageManifest{}, err
	}
	im := imageManifest{Ref: ref, Raw: m.Raw,
		Descriptor: descriptor{MediaType: m.MediaType, Digest: m.Digest, Size: int64(len(m.Raw)), Platform: p}}
	// json.RawMessage must be valid JSON: Unmarshal above proved it is
	if m.MediaType == client.MediaTypeOCIManifest {
		im.OCIManifest = json.RawMessage(m.Raw)
	} else {
		im.SchemaV2Manifest = json.RawMessage(m.Raw)
	}
	return im, nil
}

// configPlatform reads the platform of an image config blob.
func configPlatform(config []byte) (*platform, error) {
	var c struct {
		Architecture string   `json:"architecture"`
		OS           string   `json:"os"`
		OSVersion    string   `json:"os.version"`
		OSFeatures   []string `json:"os.features"`
		Variant      string   `json:"variant"`
	}
	if err := json.Unmarshal(config, &c); err != nil {
		return nil, err
	}
	return &platform{Architecture: c.Architecture, OS: c.OS, OSVersion: c.OSVersion, OSFeatures: c.OSFeatures, Variant: c.Variant}, nil
}

// decodeList reads a manifest list or index as the registry sent it.
func decodeList(raw []byte) (manifestList, error) {
	var l manifestList
	if err := json.Unmarshal(raw, &l); err != nil {
		return l, err
	}
	return l, nil
}

// listFor is the list docker builds of a set of images: an OCI index when every image
// is an OCI manifest, else a docker manifest list.
func listFor(images []imageManifest) manifestList {
	l := manifestList{SchemaVersion: 2, MediaType: client.MediaTypeOCIIndex, Manifests: []listEntry{}}
	for _, im := range images {
		if im.Descriptor.MediaType != client.MediaTypeOCIManifest {
			l.MediaType = client.MediaTypeDockerList
		}
		e := listEntry{MediaType: im.Descriptor.MediaType, Size: im.Descriptor.Size, Digest: im.Descriptor.Digest}
		if im.Descriptor.Platform != nil {
			e.Platform = *im.Descriptor.Platform
		}
		l.Manifests = append(l.Manifests, e)
	}
	return l
}

// indentList is a list as docker prints and pushes it: three-space indentation.
func indentList(l manifestList) ([]byte, error) {
	return json.MarshalIndent(l, "", "   ")
}

// indentTab is how docker prints single manifests and -v output.
func indentTab(v any) ([]byte, error) {
	return json.MarshalIndent(v, "", "\t")
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }
