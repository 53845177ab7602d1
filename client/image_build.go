package client

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"github.com/moby/moby/api/types/container"
)

// ImageBuildOptions are the parameters of a classic build (POST /build): what the
// flags of docker build ask for, already parsed. Zero values are not sent.
type ImageBuildOptions struct {
	Tags       []string
	Dockerfile string // relative to the context's root; "" lets the engine choose
	// BuildArgs: a nil value is a --build-arg NAME whose variable is not set (sent as
	// null, which the engine takes as "use the ARG's default").
	BuildArgs    map[string]*string
	Labels       map[string]string
	Target       string
	Quiet        bool
	NoCache      bool
	Pull         bool
	KeepInterim  bool // --rm=false: the intermediate containers are kept (rm=0)
	ForceRemove  bool
	NetworkMode  string // "" and "default" are not sent
	ExtraHosts   []string
	Platform     string
	CacheFrom    []string
	ShmSize      int64
	Ulimits      []*container.Ulimit
	Isolation    string // "" and "default" are not sent
	CPUSetCPUs   string
	CPUSetMems   string
	CPUShares    int64
	CPUPeriod    int64
	CPUQuota     int64
	Memory       int64
	MemorySwap   int64
	Squash       bool
	SecurityOpt  []string
	CgroupParent string
	// AuthConfigs are the credentials of every registry the configuration knows, for
	// the FROM images the engine pulls (X-Registry-Config), keyed by server address.
	AuthConfigs map[string]RegistryAuth
}

// ImageBuild sends the build context (a tar stream, read as it is sent) and returns the
// build's JSON-message stream; the caller closes it.
func (c *Client) ImageBuild(ctx context.Context, buildContext io.Reader, opts ImageBuildOptions) (io.ReadCloser, error) {
	q, err := buildQuery(opts)
	if err != nil {
		return nil, err
	}
	auths := opts.AuthConfigs
	if auths == nil {
		auths = map[string]RegistryAuth{}
	}
	conf, err := json.Marshal(auths)
	if err != nil {
		return nil, err
	}
	h := http.Header{
		"Content-Type":      {"application/x-tar"},
		"X-Registry-Config": {base64.URLEncoding.EncodeToString(conf)},
	}
	resp, err := c.Do(ctx, http.MethodPost, "/build", q, buildContext, h)
	if err != nil {
		return nil, err
	}
	return resp.Body, nil
}

// buildQuery encodes opts as docker 28 does for the classic builder (version=1): maps
// and lists of structures as JSON, repeated parameters for tags, hosts and security
// options, flags as "1", and nothing for what is left at its default.
func buildQuery(o ImageBuildOptions) (url.Values, error) {
	q := url.Values{}
	q["t"] = o.Tags
	set := func(k, v string) {
		if v != "" {
			q.Set(k, v)
		}
	}
	flag := func(k string, on bool) {
		if on {
			q.Set(k, "1")
		}
	}
	num := func(k string, v int64) {
		if v != 0 {
			q.Set(k, strconv.FormatInt(v, 10))
		}
	}
	asJSON := func(k string, v any, n int) error {
		if n == 0 {
			return nil
		}
		b, err := json.Marshal(v)
		if err == nil {
			q.Set(k, string(b))
		}
		return err
	}
	set("dockerfile", o.Dockerfile)
	set("target", o.Target)
	flag("q", o.Quiet)
	flag("nocache", o.NoCache)
	flag("pull", o.Pull)
	if o.KeepInterim {
		q.Set("rm", "0")
	}
	flag("forcerm", o.ForceRemove)
	if o.NetworkMode != "default" {
		set("networkmode", o.NetworkMode)
	}
	q["extrahosts"] = o.ExtraHosts
	set("platform", o.Platform)
	if o.Isolation != "default" {
		set("isolation", o.Isolation)
	}
	set("cpusetcpus", o.CPUSetCPUs)
	set("cpusetmems", o.CPUSetMems)
	num("cpushares", o.CPUShares)
	num("cpuperiod", o.CPUPeriod)
	num("cpuquota", o.CPUQuota)
	num("memory", o.Memory)
	num("memswap", o.MemorySwap)
	num("shmsize", o.ShmSize)
	flag("squash", o.Squash)
	q["securityopt"] = o.SecurityOpt
	set("cgroupparent", o.CgroupParent)
	for _, err := range []error{
		asJSON("buildargs", o.BuildArgs, len(o.BuildArgs)),
		asJSON("labels", o.Labels, len(o.Labels)),
		asJSON("cachefrom", o.CacheFrom, len(o.CacheFrom)),
		asJSON("ulimits", o.Ulimits, len(o.Ulimits)),
	} {
		if err != nil {
			return nil, err
		}
	}
	q.Set("version", "1")
	for k, v := range q {
		if len(v) == 0 {
			delete(q, k)
		}
	}
	return q, nil
}
