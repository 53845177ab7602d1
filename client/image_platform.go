package client

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"

	"github.com/moby/moby/api/types/image"
	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
)

// ImageHistoryPlatform is ImageHistory for one platform of a multi-platform image
// (API >= 1.48): the platform is sent as its OCI JSON form, as docker does. A nil
// platform sends none.
func (c *Client) ImageHistoryPlatform(ctx context.Context, ref string, platform *ocispec.Platform) ([]image.HistoryResponseItem, error) {
	q, err := platformQuery(platform)
	if err != nil {
		return nil, err
	}
	var out []image.HistoryResponseItem
	err = c.DoJSON(ctx, http.MethodGet, "/images/"+pathEscape(ref)+"/history", q, nil, &out)
	return out, err
}

// ImageInspectPlatform is ImageInspect for one platform of a multi-platform image
// (API >= 1.49). A nil platform sends none.
func (c *Client) ImageInspectPlatform(ctx context.Context, ref string, platform *ocispec.Platform) (image.InspectResponse, []byte, error) {
	var out image.InspectResponse
	if ref == "" { // docker's client: no request, the engine's not-found wording
		return out, nil, &ErrorResponse{StatusCode: http.StatusNotFound, Message: "Error: No such image: ", bare: true}
	}
	q, err := platformQuery(platform)
	if err != nil {
		return out, nil, err
	}
	raw, err := c.doJSONRaw(ctx, http.MethodGet, "/images/"+pathEscape(ref)+"/json", q, nil, nil, true)
	return out, raw, unmarshalWhole(raw, err, &out)
}

func platformQuery(p *ocispec.Platform) (url.Values, error) {
	if p == nil {
		return nil, nil
	}
	b, err := json.Marshal(p)
	if err != nil {
		return nil, err
	}
	return url.Values{"platform": {string(b)}}, nil
}
