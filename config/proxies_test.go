package config

import (
	"testing"

	"gotest.tools/v3/assert"
)

func TestProxyVars(t *testing.T) {
	cf := &ConfigFile{Proxies: map[string]map[string]string{
		"default":      {"httpProxy": "http://p:1", "noProxy": "x", "httpsProxy": "", "FTPProxy": "f", "bogus": "b"},
		"tcp://h:2376": {"httpsProxy": "https://s:2"},
	}}
	assert.DeepEqual(t, cf.ProxyVars("unix:///var/run/docker.sock"), []string{
		"HTTP_PROXY=http://p:1", "http_proxy=http://p:1", "FTP_PROXY=f", "ftp_proxy=f", "NO_PROXY=x", "no_proxy=x"})
	// a host's own entry replaces default's whole, nothing merged
	assert.DeepEqual(t, cf.ProxyVars("tcp://h:2376"), []string{"HTTPS_PROXY=https://s:2", "https_proxy=https://s:2"})
	assert.Assert(t, (&ConfigFile{}).ProxyVars("x") == nil)
	assert.Assert(t, (*ConfigFile)(nil).ProxyVars("x") == nil)
	assert.Assert(t, (&ConfigFile{Proxies: map[string]map[string]string{"other": {"httpProxy": "h"}}}).ProxyVars("x") == nil)
}

func TestWithProxyEnv(t *testing.T) {
	cf := &ConfigFile{Proxies: map[string]map[string]string{"default": {"httpProxy": "h", "noProxy": "n"}}}
	// the user's exact names win, bare or not; another case is another variable
	got := cf.WithProxyEnv("", []string{"A=1", "http_proxy=mine", "NO_PROXY", "No_proxy=z"})
	assert.DeepEqual(t, got, []string{"A=1", "http_proxy=mine", "NO_PROXY", "No_proxy=z", "HTTP_PROXY=h", "no_proxy=n"})
	assert.DeepEqual(t, (&ConfigFile{}).WithProxyEnv("", []string{"A=1"}), []string{"A=1"})
	assert.Assert(t, (&ConfigFile{}).WithProxyEnv("", nil) == nil)
}

func TestAddProxyBuildArgs(t *testing.T) {
	cf := &ConfigFile{Proxies: map[string]map[string]string{"default": {"httpProxy": "h", "noProxy": "n"}}}
	mine := "mine"
	args := map[string]*string{"no_proxy": &mine, "HTTP_PROXY": nil}
	cf.AddProxyBuildArgs("unix:///x", args)
	str := map[string]any{}
	for k, v := range args {
		if v == nil {
			str[k] = nil
		} else {
			str[k] = *v
		}
	}
	assert.DeepEqual(t, str, map[string]any{"no_proxy": "mine", "HTTP_PROXY": nil, "http_proxy": "h", "NO_PROXY": "n"})
}
