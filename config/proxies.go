package config

import "strings"

// proxyVars are config.json's "proxies" settings and the variables each becomes, in
// the order skiff adds them (docker 28 adds them in no fixed order: a map's).
var proxyVars = [...]struct{ setting, upper, lower string }{
	{"httpProxy", "HTTP_PROXY", "http_proxy"},
	{"httpsProxy", "HTTPS_PROXY", "https_proxy"},
	{"ftpProxy", "FTP_PROXY", "ftp_proxy"},
	{"noProxy", "NO_PROXY", "no_proxy"},
	{"allProxy", "ALL_PROXY", "all_proxy"},
}

// ProxyVars returns the variables config.json's "proxies" gives the daemon at host (the
// endpoint as the client dials it, e.g. unix:///var/run/docker.sock): its own entry when
// there is one, else "default"'s; each set setting under both spellings
// (HTTP_PROXY=..., http_proxy=...), as NAME=value. Settings left empty give nothing.
func (cf *ConfigFile) ProxyVars(host string) []string {
	if cf == nil || len(cf.Proxies) == 0 {
		return nil
	}
	entry, ok := cf.Proxies[host]
	if !ok {
		entry = cf.Proxies["default"]
	}
	var vars []string
	for _, p := range proxyVars {
		if v := proxySetting(entry, p.setting); v != "" {
			vars = append(vars, p.upper+"="+v, p.lower+"="+v)
		}
	}
	return vars
}

// proxySetting is entry's value for name; like docker's decoding of the file, a key
// spelled in another case (HTTPProxy) counts when the exact one is absent.
func proxySetting(entry map[string]string, name string) string {
	if v, ok := entry[name]; ok {
		return v
	}
	for k, v := range entry {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return ""
}

// WithProxyEnv returns env (NAME=value or a bare NAME, as -e gives them) with the proxy
// variables for host added after it, each unless env already names that exact variable:
// as docker 28 does for a new container, the user's -e HTTP_PROXY (even bare) wins,
// and -e Http_Proxy is another variable.
func (cf *ConfigFile) WithProxyEnv(host string, env []string) []string {
	vars := cf.ProxyVars(host)
	if len(vars) == 0 {
		return env
	}
	have := make(map[string]bool, len(env))
	for _, e := range env {
		k, _, _ := strings.Cut(e, "=")
		have[k] = true
	}
	for _, v := range vars {
		k, _, _ := strings.Cut(v, "=")
		if !have[k] {
			env = append(env, v)
		}
	}
	return env
}

// AddProxyBuildArgs adds the proxy variables for host to a build's arguments, each
// unless args has it already (a --build-arg wins, also a bare one), as docker 28 does.
func (cf *ConfigFile) AddProxyBuildArgs(host string, args map[string]*string) {
	for _, v := range cf.ProxyVars(host) {
		k, val, _ := strings.Cut(v, "=")
		if _, ok := args[k]; !ok {
			args[k] = &val
		}
	}
}
