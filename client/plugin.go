package client

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/moby/moby/api/types/plugin"
)

// PluginList returns GET /plugins.
func (c *Client) PluginList(ctx context.Context, filters Filters) (plugin.ListResponse, error) {
	q := url.Values{}
	setFilters(q, filters)
	var out plugin.ListResponse
	err := c.DoJSON(ctx, http.MethodGet, "/plugins", q, nil, &out)
	return out, err
}

// PluginInspect returns GET /plugins/{name}/json, decoded and raw.
func (c *Client) PluginInspect(ctx context.Context, name string) (plugin.Plugin, []byte, error) {
	var out plugin.Plugin
	name, err := pluginName(name)
	if err != nil {
		return out, nil, err
	}
	raw, err := c.doJSONRaw(ctx, http.MethodGet, "/plugins/"+pathEscape(name)+"/json", nil, nil, &out, true)
	return out, raw, err
}

// PluginCreate sends POST /plugins/create?name=NAME with the plugin's directory as a
// tar (config.json and rootfs/), gzipped or not: the engine sniffs the compression.
func (c *Client) PluginCreate(ctx context.Context, name string, tar io.Reader) error {
	h := http.Header{"Content-Type": {"application/x-tar"}}
	resp, err := c.Do(ctx, http.MethodPost, "/plugins/create", url.Values{"name": {name}}, tar, h)
	if err != nil {
		return err
	}
	return drainClose(resp)
}

// PluginEnable sends POST /plugins/{name}/enable?timeout=N (seconds the engine waits
// for the plugin's socket; 0 is the engine's default).
func (c *Client) PluginEnable(ctx context.Context, name string, timeout int) error {
	name, err := pluginName(name)
	if err != nil {
		return err
	}
	q := url.Values{"timeout": {strconv.Itoa(timeout)}}
	return c.DoJSON(ctx, http.MethodPost, "/plugins/"+pathEscape(name)+"/enable", q, nil, nil)
}

// PluginDisable sends POST /plugins/{name}/disable (force=1 with force).
func (c *Client) PluginDisable(ctx context.Context, name string, force bool) error {
	name, err := pluginName(name)
	if err != nil {
		return err
	}
	return c.DoJSON(ctx, http.MethodPost, "/plugins/"+pathEscape(name)+"/disable", forceQuery(force), nil, nil)
}

// PluginRemove sends DELETE /plugins/{name} (force=1 with force).
func (c *Client) PluginRemove(ctx context.Context, name string, force bool) error {
	name, err := pluginName(name)
	if err != nil {
		return err
	}
	return c.DoJSON(ctx, http.MethodDelete, "/plugins/"+pathEscape(name), forceQuery(force), nil, nil)
}

// PluginSet sends POST /plugins/{name}/set with the KEY=VALUE settings as a JSON array.
func (c *Client) PluginSet(ctx context.Context, name string, settings []string) error {
	name, err := pluginName(name)
	if err != nil {
		return err
	}
	if settings == nil {
		settings = []string{} // [] rather than null
	}
	return c.DoJSON(ctx, http.MethodPost, "/plugins/"+pathEscape(name)+"/set", nil, settings, nil)
}

// PluginPrivileges returns GET /plugins/privileges?remote=REMOTE: what the plugin
// will be allowed to do, for the user to grant.
func (c *Client) PluginPrivileges(ctx context.Context, remote string, auth RegistryAuth) (plugin.Privileges, error) {
	resp, err := c.Do(ctx, http.MethodGet, "/plugins/privileges", url.Values{"remote": {remote}}, nil, registryAuthHeader(auth))
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var out plugin.Privileges
	raw, err := readLimited(resp.Body, maxJSONResponse)
	if err != nil {
		return nil, c.readError(resp.Request, err)
	}
	if err := unmarshalJSON(raw, &out); err != nil {
		return nil, &DecodeError{Method: http.MethodGet, URL: resp.Request.URL.Path, Err: err, Bare: true}
	}
	return out, nil
}

// PluginPull starts POST /plugins/pull?remote=REMOTE&name=NAME (name "" keeps the
// remote's) with the privileges granted as its body, and returns the JSON-message
// stream; the caller closes it.
func (c *Client) PluginPull(ctx context.Context, name, remote string, granted plugin.Privileges, auth RegistryAuth) (io.ReadCloser, error) {
	q := url.Values{"name": {name}, "remote": {remote}}
	return c.privilegedStream(ctx, "/plugins/pull", q, granted, auth)
}

// PluginUpgrade starts POST /plugins/{name}/upgrade?remote=REMOTE with the privileges
// granted as its body, and returns the JSON-message stream; the caller closes it.
func (c *Client) PluginUpgrade(ctx context.Context, name, remote string, granted plugin.Privileges, auth RegistryAuth) (io.ReadCloser, error) {
	name, err := pluginName(name)
	if err != nil {
		return nil, err
	}
	return c.privilegedStream(ctx, "/plugins/"+pathEscape(name)+"/upgrade", url.Values{"remote": {remote}}, granted, auth)
}

// PluginPush starts POST /plugins/{name}/push and returns the JSON-message stream; the
// caller closes it.
func (c *Client) PluginPush(ctx context.Context, name string, auth RegistryAuth) (io.ReadCloser, error) {
	name, err := pluginName(name)
	if err != nil {
		return nil, err
	}
	resp, err := c.Do(ctx, http.MethodPost, "/plugins/"+pathEscape(name)+"/push", nil, nil, registryAuthHeader(auth))
	if err != nil {
		return nil, err
	}
	return resp.Body, nil
}

func (c *Client) privilegedStream(ctx context.Context, path string, q url.Values, granted plugin.Privileges, auth RegistryAuth) (io.ReadCloser, error) {
	if granted == nil {
		granted = plugin.Privileges{} // [] rather than null, as docker sends it
	}
	body, h, err := jsonBody(granted, registryAuthHeader(auth))
	if err != nil {
		return nil, err
	}
	resp, err := c.Do(ctx, http.MethodPost, path, q, body, h)
	if err != nil {
		return nil, err
	}
	return resp.Body, nil
}

func forceQuery(force bool) url.Values {
	if !force {
		return nil
	}
	return url.Values{"force": {"1"}}
}

// drainClose reads what is left of a response (so the connection can be reused) and
// closes it.
func drainClose(resp *http.Response) error {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	return resp.Body.Close()
}

// pluginName trims the spaces around a plugin's name, as docker's client does, and
// refuses one left empty without asking the engine.
func pluginName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", &EmptyIDError{Kind: "plugin"}
	}
	return name, nil
}
