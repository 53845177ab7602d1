package compose

import (
	"fmt"
	"strings"
	"testing"
)

// versionKeys are keys added to the v3 format after 3.0: the first minor version docker
// 28 accepts each in, and its refusal in a file of an earlier version (observed with
// docker stack config on every version 3.0..3.13).
var versionKeys = []struct {
	name  string
	first int    // first minor version that accepts the key
	body  string // the file after its version line
	err   string // docker's refusal before first
}{
	{"top secrets", 1, "secrets:\n  s:\n    file: ./a\n", "(root) Additional property secrets is not allowed"},
	{"service secrets", 1, "services:\n  web:\n    image: bb\n    secrets: [s]\n", "services.web Additional property secrets is not allowed"},
	{"long ports", 2, "services:\n  web:\n    image: bb\n    ports:\n    - target: 80\n      published: 8080\n", "services.web.ports.0 must be a string or number"},
	{"long volumes", 2, "services:\n  web:\n    image: bb\n    volumes:\n    - type: volume\n      target: /v\n", "services.web.volumes.0 must be a string"},
	{"endpoint_mode", 2, "services:\n  web:\n    image: bb\n    deploy:\n      endpoint_mode: vip\n", "services.web.deploy Additional property endpoint_mode is not allowed"},
	{"attachable", 2, "networks:\n  n:\n    attachable: true\n", "networks.n Additional property attachable is not allowed"},
	{"build cache_from", 2, "services:\n  web:\n    build:\n      cache_from: [a]\n", "services.web.build Additional property cache_from is not allowed"},
	{"top configs", 3, "configs:\n  c:\n    file: ./a\n", "(root) Additional property configs is not allowed"},
	{"service configs", 3, "services:\n  web:\n    image: bb\n    configs: [c]\n", "services.web Additional property configs is not allowed"},
	{"credential_spec", 3, "services:\n  web:\n    image: bb\n    credential_spec:\n      file: a\n", "services.web Additional property credential_spec is not allowed"},
	{"preferences", 3, "services:\n  web:\n    image: bb\n    deploy:\n      placement:\n        preferences:\n        - spread: a\n", "services.web.deploy.placement Additional property preferences is not allowed"},
	{"build labels", 3, "services:\n  web:\n    build:\n      labels: {a: b}\n", "services.web.build Additional property labels is not allowed"},
	{"top x-", 4, "x-a: 1\nservices: {}\n", "(root) Additional property x-a is not allowed"},
	{"start_period", 4, "services:\n  web:\n    image: bb\n    healthcheck:\n      start_period: 1s\n", "services.web.healthcheck Additional property start_period is not allowed"},
	{"update order", 4, "services:\n  web:\n    image: bb\n    deploy:\n      update_config:\n        order: start-first\n", "services.web.deploy.update_config Additional property order is not allowed"},
	{"volume name", 4, "volumes:\n  v:\n    name: x\n", "volumes.v Additional property name is not allowed"},
	{"build network", 4, "services:\n  web:\n    build:\n      network: host\n", "services.web.build Additional property network is not allowed"},
	{"build target", 4, "services:\n  web:\n    build:\n      target: a\n", "services.web.build Additional property target is not allowed"},
	{"network name", 5, "networks:\n  n:\n    name: x\n", "networks.n Additional property name is not allowed"},
	{"secret name", 5, "secrets:\n  s:\n    name: x\n    file: ./a\n", "secrets.s Additional property name is not allowed"},
	{"config name", 5, "configs:\n  c:\n    name: x\n    file: ./a\n", "configs.c Additional property name is not allowed"},
	{"isolation", 5, "services:\n  web:\n    image: bb\n    isolation: default\n", "services.web Additional property isolation is not allowed"},
	{"generic_resources", 5, "services:\n  web:\n    image: bb\n    deploy:\n      resources:\n        reservations:\n          generic_resources: []\n", "services.web.deploy.resources.reservations Additional property generic_resources is not allowed"},
	{"build shm_size", 5, "services:\n  web:\n    build:\n      shm_size: 1m\n", "services.web.build Additional property shm_size is not allowed"},
	{"volume tmpfs", 6, "services:\n  web:\n    image: bb\n    volumes:\n    - type: tmpfs\n      target: /t\n      tmpfs:\n        size: 1000\n", "services.web.volumes.0 Additional property tmpfs is not allowed"},
	{"init", 7, "services:\n  web:\n    image: bb\n    init: true\n", "services.web Additional property init is not allowed"},
	{"rollback_config", 7, "services:\n  web:\n    image: bb\n    deploy:\n      rollback_config:\n        parallelism: 1\n", "services.web.deploy Additional property rollback_config is not allowed"},
	{"service x-", 7, "services:\n  web:\n    image: bb\n    x-a: 1\n", "services.web Additional property x-a is not allowed"},
	{"network x-", 7, "networks:\n  n:\n    x-a: 1\n", "networks.n Additional property x-a is not allowed"},
	{"volume x-", 7, "volumes:\n  v:\n    x-a: 1\n", "volumes.v Additional property x-a is not allowed"},
	{"secret x-", 7, "secrets:\n  s:\n    file: ./a\n    x-a: 1\n", "secrets.s Additional property x-a is not allowed"},
	{"config x-", 7, "configs:\n  c:\n    file: ./a\n    x-a: 1\n", "configs.c Additional property x-a is not allowed"},
	{"max_replicas_per_node", 8, "services:\n  web:\n    image: bb\n    deploy:\n      placement:\n        max_replicas_per_node: 1\n", "services.web.deploy.placement Additional property max_replicas_per_node is not allowed"},
	{"credential_spec config", 8, "services:\n  web:\n    image: bb\n    credential_spec:\n      config: a\n", "services.web.credential_spec Additional property config is not allowed"},
	{"secret template_driver", 8, "secrets:\n  s:\n    file: ./a\n    template_driver: golang\n", "secrets.s Additional property template_driver is not allowed"},
	{"secret driver", 8, "secrets:\n  s:\n    driver: d\n", "secrets.s Additional property driver is not allowed"},
	{"secret driver_opts", 8, "secrets:\n  s:\n    file: ./a\n    driver_opts: {a: b}\n", "secrets.s Additional property driver_opts is not allowed"},
	{"config template_driver", 8, "configs:\n  c:\n    file: ./a\n    template_driver: golang\n", "configs.c Additional property template_driver is not allowed"},
	{"limits pids", 9, "services:\n  web:\n    image: bb\n    deploy:\n      resources:\n        limits:\n          pids: 1\n", "services.web.deploy.resources.limits Additional property pids is not allowed"},
	{"build extra_hosts", 9, "services:\n  web:\n    build:\n      extra_hosts: [a:1.2.3.4]\n", "services.web.build Additional property extra_hosts is not allowed"},
	{"build isolation", 11, "services:\n  web:\n    build:\n      isolation: x\n", "services.web.build Additional property isolation is not allowed"},
	{"build x-", 11, "services:\n  web:\n    build:\n      x-a: 1\n", "services.web.build Additional property x-a is not allowed"},
	{"start_interval", 12, "services:\n  web:\n    image: bb\n    healthcheck:\n      start_interval: 1s\n", "services.web.healthcheck Additional property start_interval is not allowed"},
	{"oom_score_adj", 13, "services:\n  web:\n    image: bb\n    oom_score_adj: 1\n", "services.web Additional property oom_score_adj is not allowed"},
}

// parentSince: below a version, docker names the key's parent, which that version
// lacks too.
var parentSince = map[string]struct {
	below int
	err   string
}{
	"volume tmpfs":           {2, "services.web.volumes.0 must be a string"},
	"credential_spec config": {3, "services.web Additional property credential_spec is not allowed"},
}

func TestSchemaVersions(t *testing.T) {
	for _, k := range versionKeys {
		for minor := 0; minor <= 13; minor++ {
			in := fmt.Sprintf("version: \"3.%d\"\n%s", minor, k.body)
			want := k.err
			if p, ok := parentSince[k.name]; ok && minor < p.below {
				want = p.err
			}
			// a secret or config of an earlier version than the section fails on the section
			if minor < 1 && strings.HasPrefix(k.body, "secrets:") {
				want = "(root) Additional property secrets is not allowed"
			}
			if minor < 3 && strings.HasPrefix(k.body, "configs:") {
				want = "(root) Additional property configs is not allowed"
			}
			if minor >= k.first {
				want = ""
			}
			_, err := load(t, nil, in)
			if got := errString(err); got != want {
				t.Errorf("%s in 3.%d: got %q, want %q", k.name, minor, got, want)
			}
		}
		// no version, and "3", are the newest
		for _, v := range []string{"", "version: \"3\"\n"} {
			if _, err := load(t, nil, v+k.body); err != nil {
				t.Errorf("%s in %q: %v", k.name, v, err)
			}
		}
	}
}

// TestSchemaRefusals: keys never accepted, values the schema refuses, and which of
// several refusals docker names (the deepest).
func TestSchemaRefusals(t *testing.T) {
	for in, want := range map[string]string{
		"services:\n  web:\n    deploy:\n      x-a: 1\n":                                                       "services.web.deploy Additional property x-a is not allowed",
		"services:\n  web:\n    logging:\n      x-a: 1\n":                                                      "services.web.logging Additional property x-a is not allowed",
		"services:\n  web:\n    ports:\n    - target: 80\n      host_ip: 1.2.3.4\n":                            "services.web.ports.0 Additional property host_ip is not allowed",
		"services:\n  web:\n    ports:\n    - target: 80\n      published: \"8080\"\n":                         "services.web.ports.0.published must be a integer",
		"services:\n  web:\n    ports:\n    - true\n":                                                          "services.web.ports.0 must be a number",
		"services:\n  web:\n    deploy:\n      resources:\n        limits:\n          generic_resources: []\n": "services.web.deploy.resources.limits Additional property generic_resources is not allowed",
		"services:\n  web:\n    deploy:\n      resources:\n        reservations:\n          pids: 1\n":         "services.web.deploy.resources.reservations Additional property pids is not allowed",
		"services:\n  web:\n    stop_grace_period: 1d\n":                                                       "services.web.stop_grace_period Does not match format 'duration'",
		"services:\n  web:\n    deploy:\n      update_config:\n        order: x\n":                             `services.web.deploy.update_config.order services.web.deploy.update_config.order must be one of the following: "start-first", "stop-first"`,
		"services:\n  web:\n    ulimits:\n      n:\n        hard: 1\n":                                         "services.web.ulimits.n soft is required",
		"services:\n  web:\n    volumes:\n    - target: /v\n":                                                  "services.web.volumes.0 type is required",
		"services:\n  web:\n    mem_limit: 1m\n    tty: 1\n":                                                   "Configuration contains forbidden properties",
		"services:\n  web:\n    volumes_from: [a]\n":                                                           "Configuration contains forbidden properties",
		"x-a: 1\nfoo: 1\nservices:\n  web:\n    bar: 1\n":                                                      "services.web Additional property bar is not allowed",
		"services:\n  web:\n    foo: 1\n    tty: 1\n":                                                          "services.web.tty must be a boolean",
		"services:\n  web:\n    init: 1\n    deploy:\n      placement:\n        bar: 1\n":                      "services.web.deploy.placement Additional property bar is not allowed",
		"version: \"3.3\"\nservices:\n  web:\n    healthcheck:\n      interval: a\n":                           "decoding failed due to the following error(s):\n\nerror decoding 'HealthCheck.Interval': time: invalid duration \"a\"",
		"version: \"3.4\"\nservices:\n  web:\n    healthcheck:\n      interval: a\n":                           "services.web.healthcheck.interval Does not match format 'duration'",
		"services:\n  web:\n    deploy:\n      resources:\n        limits:\n          memory: a\n":             "decoding failed due to the following error(s):\n\nerror decoding 'Deploy.Resources.Limits.memory': invalid size: 'a'",
	} {
		_, err := load(t, nil, in)
		if got := errString(err); got != want {
			t.Errorf("%q: got %q, want %q", in, got, want)
		}
	}
	// extension keys of secret and config references are accepted in every version
	for _, in := range []string{
		"version: \"3.1\"\nservices:\n  web:\n    secrets:\n    - source: s\n      x-a: 1\nsecrets:\n  s:\n    file: ./a\n",
		"version: \"3.3\"\nservices:\n  web:\n    configs:\n    - source: c\n      x-a: 1\nconfigs:\n  c:\n    file: ./a\n",
	} {
		if _, err := load(t, nil, in); err != nil {
			t.Errorf("%q: %v", in, err)
		}
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
