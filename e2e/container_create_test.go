//go:build e2e

package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// createBody returns the JSON body of the POST /containers/create a client sent (nil
// when it sent none), with Binds sorted: docker sends -v binds in map order.
func createBody(t *testing.T, reqs []Request) (map[string]any, string) {
	t.Helper()
	for _, r := range reqs {
		if r.Method == "POST" && r.Path == "/containers/create" {
			v, _ := r.JSON().(map[string]any)
			if env, ok := v["Env"].([]any); ok {
				// docker merges -e values through a map: their order is random.
				sort.Slice(env, func(i, j int) bool { return env[i].(string) < env[j].(string) })
			}
			if hc, ok := v["HostConfig"].(map[string]any); ok {
				if b, ok := hc["Binds"].([]any); ok {
					sort.Slice(b, func(i, j int) bool { return b[i].(string) < b[j].(string) })
				}
				hc["ContainerIDFile"] = "<cidfile>"
			}
			q := r.Query
			q.Del("name")
			return v, q.Encode()
		}
	}
	return nil, ""
}

// createInspect returns the parts of `docker inspect` a create decides, without what
// differs between two containers made the same way.
func createInspect(t *testing.T, id string) map[string]any {
	t.Helper()
	r, err := fixtureRun("inspect", id)
	if err != nil {
		t.Fatalf("inspect %s: %v %s", id, err, r)
	}
	var v []map[string]any
	if err := json.Unmarshal([]byte(r.Stdout), &v); err != nil || len(v) != 1 {
		t.Fatalf("inspect %s: %v", id, err)
	}
	cfg := v[0]["Config"].(map[string]any)
	delete(cfg, "Hostname")
	if env, ok := cfg["Env"].([]any); ok {
		sort.Slice(env, func(i, j int) bool { return env[i].(string) < env[j].(string) })
	}
	hc := v[0]["HostConfig"].(map[string]any)
	if links, ok := hc["Links"].([]any); ok {
		// "/other:/<this container's name>/alias": the name differs.
		for i, l := range links {
			a, b, _ := strings.Cut(l.(string), ":")
			links[i] = a + ":" + b[strings.LastIndexByte(b, '/')+1:]
		}
		sort.Slice(links, func(i, j int) bool { return links[i].(string) < links[j].(string) })
	}
	hc["ContainerIDFile"] = "<cidfile>"
	if b, ok := hc["Binds"].([]any); ok {
		sort.Slice(b, func(i, j int) bool { return b[i].(string) < b[j].(string) })
	}
	nets := map[string]any{}
	if ns, ok := v[0]["NetworkSettings"].(map[string]any); ok {
		if n, ok := ns["Networks"].(map[string]any); ok {
			for name, ep := range n {
				e := ep.(map[string]any)
				delete(e, "EndpointID")
				delete(e, "NetworkID")
				delete(e, "MacAddress")
				delete(e, "DNSNames")
				if a, ok := e["Aliases"].([]any); ok {
					// the engine adds the container's short id as an alias
					var keep []any
					for _, x := range a {
						if !strings.HasPrefix(id, x.(string)) {
							keep = append(keep, x)
						}
					}
					e["Aliases"] = keep
				}
				nets[name] = e
			}
		}
	}
	return map[string]any{"Config": cfg, "HostConfig": hc, "Networks": nets}
}

// sockPath is the socket of a Trace proxy (each client gets its own): --use-api-socket
// mounts it.
var sockPath = regexp.MustCompile(`/tmp/skiff-trace-[0-9]+/engine\.sock`)

func createJSON(v any) string {
	b, _ := json.MarshalIndent(v, "", "  ")
	return string(b)
}

// TestCreateFlagGroups creates the same container with each client, flag group by flag
// group, and compares the request bodies and what the engine made of them.
func TestCreateFlagGroups(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	net := f.Network()
	subnet := f.Network("--subnet", "10.203.7.0/24", "--ipv6", "--subnet", "fd00:7::/64")
	otherID, other := f.Container()
	_ = otherID
	dir := t.TempDir()
	envFile := filepath.Join(dir, "env")
	labelFile := filepath.Join(dir, "labels")
	seccomp := filepath.Join(dir, "seccomp.json")
	os.WriteFile(envFile, []byte("# comment\n\n  A=1\nSKIFF_E2E_CREATE\nSKIFF_E2E_UNSET\nB= spaced \n"), 0o644)
	os.WriteFile(labelFile, []byte("l1=a\n#x\nl2\n  l3=b\n"), 0o644)
	os.WriteFile(seccomp, []byte("{\n  \"defaultAction\": \"SCMP_ACT_ALLOW\"\n}\n"), 0o644)
	env := []string{"SKIFF_E2E_CREATE=from-env"}

	groups := map[string][]string{
		"defaults":    {},
		"resources":   {"-m", "64m", "--memory-reservation", "32m", "--memory-swap", "128m", "--cpus", "1.5", "-c", "512", "--cpuset-cpus", "0", "--cpuset-mems", "0", "--pids-limit", "50", "--oom-kill-disable", "--oom-score-adj", "100", "--memory-swappiness", "10", "--shm-size", "128m", "--kernel-memory", "50m"},
		"cpu-cfs":     {"--cpu-period", "100000", "--cpu-quota", "50000", "--memory-swap", "-1", "-m", "32m", "--cgroup-parent", "skiff.slice"},
		"blkio":       {"--blkio-weight-device", "/dev/null:100", "--device-read-bps", "/dev/null:1mb", "--device-write-bps", "/dev/null:2mb", "--device-read-iops", "/dev/null:100", "--device-write-iops", "/dev/null:200"},
		"mounts":      {"-v", "/tmp:/h:ro", "-v", "/anon", "-v", "./:/rel", "-v", "/tmp:/z:rw,z", "--tmpfs", "/t:size=1m,mode=1777", "--tmpfs", "/t2", "--mount", "type=bind,src=/tmp,dst=/b,readonly", "--mount", "type=volume,dst=/v,volume-nocopy", "--mount", "type=tmpfs,dst=/t3,tmpfs-size=1m,tmpfs-mode=700", "--mount", "type=bind,src=.,dst=/b2,bind-propagation=rslave", "--volume-driver", "local"},
		"ports":       {"-p", "8080:80", "-p", "127.0.0.1::90/udp", "-p", "7000-7001:70-71", "-p", "[::1]:6000:60", "-p", "target=50,published=5000", "--expose", "100-101", "--expose", "53/UDP", "--expose", "54-55/Sctp", "-P"},
		"dns":         {"--dns", "1.1.1.1", "--dns", "::1", "--dns-search", "example.com", "--dns-search", "b.example.", "--dns-search", "x:.:y", "--dns-option", "ndots:2", "--add-host", "a:1.2.3.4", "--add-host", "b=::1", "--add-host", "c:host-gateway", "-h", "h1", "--domainname", "d.example"},
		"network":     {"--network", net, "--network-alias", "x1", "--network-alias", "x2", "--link-local-ip", "169.254.1.1"},
		"net-adv":     {"--network", "name=" + net + ",alias=y1"},
		"net-plain":   {"--network", net},
		"net-host":    {"--network", "host"},
		"net-none":    {"--network", "none", "--link", "foo:bar"},
		"restart":     {"--restart", "on-failure:3"},
		"restart2":    {"--restart", "unless-stopped", "--rm=false"},
		"rm":          {"--rm"},
		"health":      {"--health-cmd", "true", "--health-interval", "2s", "--health-timeout", "1s", "--health-retries", "2", "--health-start-period", "500ms"},
		"nohealth":    {"--no-healthcheck"},
		"logging":     {"--log-driver", "json-file", "--log-opt", "max-size=1m", "--log-opt", "max-file=2"},
		"lognone":     {"--log-driver", "none"},
		"security":    {"--cap-add", "net_admin", "--cap-add", "SYS_TIME", "--cap-drop", "chown", "--security-opt", "no-new-privileges", "--security-opt", "label=disable", "--security-opt", "seccomp=" + seccomp, "--group-add", "100", "--group-add", "audio"},
		"caps-all":    {"--cap-add", "all", "--cap-drop", "ALL", "--cap-add", "cap_net_raw"},
		"privileged":  {"--privileged", "--read-only", "--security-opt", "systempaths=unconfined"},
		"ulimits":     {"--ulimit", "nofile=100:200", "--ulimit", "nproc=50", "--ulimit", "nofile=300"},
		"devices":     {"--device", "/dev/null:/dev/n:r", "--device", "/dev/zero", "--device-cgroup-rule", "c 1:3 mr"},
		"env":         {"-e", "A=2", "-e", "SKIFF_E2E_CREATE", "-e", "SKIFF_E2E_UNSET", "--env-file", envFile, "--label-file", labelFile, "-l", "x=y", "-l", "z"},
		"process":     {"--entrypoint", "/bin/echo", "-w", "/tmp", "-u", "1000:1000", Image, "hello", "world"},
		"entry-none":  {"--entrypoint", "", Image, "sh", "-c", "true"},
		"stop":        {"--stop-signal", "SIGUSR1", "--stop-timeout", "7", "--init"},
		"namespaces":  {"--pid", "host", "--ipc", "host", "--uts", "host", "--userns", "host", "--cgroupns", "private"},
		"attach":      {"-a", "stdin", "-a", "stdout", "-i", "-t"},
		"attach2":     {"-a", "STDERR"},
		"stdin":       {"-i"},
		"tty":         {"-t"},
		"sysctl":      {"--sysctl", "net.ipv4.ip_forward=1", "--sysctl", "kernel.shm_rmid_forced=1"},
		"runtime":     {"--runtime", "runc", "--isolation", "default", "--platform", "linux/amd64", "--pull", "never"},
		"gpus":        {"--gpus", "all"},
		"quiet":       {"-q", "--pull", "missing", "--disable-content-trust"},
		"share-ns":    {"--network", "container:" + other, "--ipc", "container:" + other, "--pid", "container:" + other, "--volumes-from", other + ":ro"},
		"link":        {"--link", other + ":db", "--link", other},
		"net-ip":      {"--network", subnet, "--ip", "10.203.7.5", "--ip6", "fd00:7::5"},
		"net-opts":    {"--network", "name=" + net + ",alias=z1,alias=z2,driver-opt=com.example.x=1,link-local-ip=169.254.2.2"},
		"mounts2":     {"--mount", "type=volume,dst=/v,volume-subpath=sub", "--mount", "type=bind,src=/tmp,dst=/w,bind-recursive=writable,ro", "--mount", "type=bind,src=/tmp,dst=/d,bind-recursive=disabled"},
		"mount-rel":   {"--mount", "type=bind,src=e2e-no-such-dir,dst=/x"},
		"attach3":     {"-a", "stdout", "-i"},
		"attach4":     {"-a", "stdin"},
		"expose-up":   {"--expose", "53/UDP", "--expose", "54-55/Sctp", "-p", "0.0.0.0:5353:53/UDP", "-p", "[::]:4000-4001:40-41"},
		"restart-e":   {"--restart", ""},
		"env-dup":     {"-e", "B=1", "-e", "A=1", "-e", "C=1", "-e", "B=2", "-e", "D", "-e", "A", "-l", "k=1", "-l", "k=2", "--log-opt", "tag", "--sysctl", "net.core.somaxconn = 10"},
		"health2":     {"--health-interval", "3s", "--health-retries", "1"},
		"stop0":       {"--stop-timeout", "0", "--oom-score-adj", "-500"},
		"cpus-per":    {"--cpus", "0.5", "--cpu-rt-period", "1000", "--cpu-rt-runtime", "100"},
		"entry-sp":    {"--entrypoint", "sh -c", "--dns-search", ".", Image, "exit 0"},
		"platform1":   {"--platform", "linux"},
		"gpus2":       {"--gpus", `"device=0,1",capabilities=compute,driver=nvidia`, "--gpus", "count=2,options=a=b c=d", "--gpus", `"options=x=1,y=2"`},
		"api-socket":  {"--use-api-socket"},
		"net-legacy":  {"--network", "name="},
		"cdi":         {"--device", "vendor.com/class=name", "--gpus", "1", "--device", "/dev/null:/dev/x:rw"},
		"host-space":  {"--add-host", "a:1.2.3.4 ", "--add-host", " b:1.2.3.5"},
		"net-legacy2": {"--network", `name="a,b"`},
		"net-case":    {"--network", "NAME=" + net + ",Alias=q"},
		"bool-false":  {"--init=false", "--oom-kill-disable=false", "--privileged=false", "-i=false", "--read-only=false", "--rm=false", "-P=false"},
		"zero-vals":   {"--stop-timeout", "-1", "--pids-limit", "0", "--memory-swappiness", "-1", "--health-retries", "0", "--cpus", "0", "--blkio-weight", "0", "-m", "0"},
		"empty-strs":  {"--entrypoint", "", "-w", "", "-u", "", "--log-driver", "", "--restart", "no", "--pid", ""},
		"gpus3":       {"--gpus", "count=all,device=0", "--gpus", "count=-2", "--gpus", "options=a", "--gpus", "all,2", "--gpus", "capabilities="},
		"ports-edge":  {"-p", "80/", "-p", "8080:81/tcp/x", "--expose", "82/", "--expose", "83/xyz", "-p", "0:84", "-p", "127.0.0.1:8000-8001:85"},
		"vol-edge":    {"-v", "/tmp:/c:rw,z", "-v", "/tmp/:/e/", "-v", "../e2e:/f:ro", "-v", "ab:"},
		"dev-edge":    {"--device", "/dev/null:r", "--device", "/dev/null:/dev/m:rw", "--device", "/dev/zero:/dev/z:m", "--device-cgroup-rule", "a *:* rwm", "--device-cgroup-rule", "b 8:* r"},
		"tmpfs-edge":  {"--tmpfs", "/t:ro:x", "--tmpfs", "/t", "--tmpfs", "/u:rw,noexec,nosuid,size=65536k"},
		"host-edge":   {"--add-host", "a:[::1]", "--add-host", "A:1.2.3.4", "--add-host", "x.y:10.0.0.1", "--add-host", "m=host-gateway"},
		"log-edge":    {"--log-driver", "local", "--log-opt", "max-size=10m", "--log-opt", "=x", "--log-opt", "compress=false"},
		"labels-edge": {"-l", "a=b=c", "-l", "  spaced=1", "-l", "e=", "-l", "f"},
		"restart-of":  {"--restart", "on-failure"},
		"health-none": {"--health-cmd", "exit 0", "--health-retries", "0", "--health-interval", "0s"},
		"user-edge":   {"-u", "root", "--group-add", "0", "-w", "relative", "--hostname", "h.example.com"},
		"ulimit-edge": {"--ulimit", "core=-1", "--ulimit", "stack=8192:-1"},
		"mem-units":   {"-m", "1.5g", "--memory-reservation", "100000k", "--shm-size", "1073741824", "--kernel-memory", "4m", "--memory-swap", "2g"},
		"cpus-edge":   {"--cpus", "0.001", "--cpu-shares", "2"},
		"sec-edge":    {"--security-opt", "apparmor:unconfined", "--security-opt", "seccomp=unconfined", "--security-opt", "no-new-privileges:true", "--security-opt", "label=user:USER"},
		"weight-edge": {"--blkio-weight", "10", "--blkio-weight-device", "/dev/null:0", "--device-read-bps", "/dev/null:1024", "--device-write-bps", "/dev/null:1gb", "--device-read-iops", "/dev/null:0"},
		"dns-local":   {"--dns", "8.8.8.8", "--dns", "127.0.0.53", "--dns", "::1"},
	}
	names := make([]string, 0, len(groups))
	for n := range groups {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		args := groups[name]
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			full := append([]string{"create", "--label", f.Label()}, args...)
			hasImage := false
			for _, a := range args {
				hasImage = hasImage || a == Image
			}
			if !hasImage {
				full = append(full, Image)
			}
			refRes, refReqs := Trace(t, "ref", "", env, full...)
			skRes, skReqs := Trace(t, "skiff", "", env, full...)
			if refRes.Code != skRes.Code || refRes.FirstErrLine() != skRes.FirstErrLine() {
				t.Fatalf("results differ:\nref:   %s\nskiff: %s", refRes, skRes)
			}
			refBody, refQuery := createBody(t, refReqs)
			skBody, skQuery := createBody(t, skReqs)
			if refQuery != skQuery {
				t.Errorf("query: ref %q, skiff %q", refQuery, skQuery)
			}
			if sockPath.ReplaceAllString(createJSON(refBody), "<sock>") != sockPath.ReplaceAllString(createJSON(skBody), "<sock>") {
				t.Errorf("create bodies differ:\n%s", Diff("ref", "skiff", createJSON(refBody), createJSON(skBody)))
			}
			if refRes.Code != 0 {
				return
			}
			refID, skID := strings.TrimSpace(refRes.Stdout), strings.TrimSpace(skRes.Stdout)
			if len(skID) != 64 {
				t.Fatalf("skiff printed %q, want a full id", skRes.Stdout)
			}
			a, b := createInspect(t, refID), createInspect(t, skID)
			if sockPath.ReplaceAllString(createJSON(a), "<sock>") != sockPath.ReplaceAllString(createJSON(b), "<sock>") {
				t.Errorf("inspect differs:\n%s", Diff("ref", "skiff", createJSON(a), createJSON(b)))
			}
		})
	}
}

// TestCreateErrors compares exit codes and first stderr lines of bad create invocations.
func TestCreateErrors(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	_, taken := f.Container()
	net := f.Network()
	cid := filepath.Join(t.TempDir(), "cid")
	os.WriteFile(cid, []byte("x"), 0o644)
	lbl := []string{"--label", f.Label()}
	cases := [][]string{
		{"-m", "notamemory", Image},
		{"-p", "99999:80", Image},
		{"-p", "abc", Image},
		{"-p", "80/xyz", Image},
		{"--expose", "abc", Image},
		{"--restart", "sometimes", Image},
		{"--restart", "on-failure:x", Image},
		{"--restart", "always:3", Image},
		{"--rm", "--restart", "always", Image},
		{"--mount", "type=foo", Image},
		{"--mount", "dst", Image},
		{"--mount", "type=volume,dst=/v,bind-propagation=shared", Image},
		{"--pull", "never", "bb:nosuch"},
		{"--pull", "sometimes", Image},
		{"--pull", "", "bb:skiff-e2e-nosuch"},
		{"--ulimit", "nofile=a", Image},
		{"--ulimit", "nofile", Image},
		{"--cpus", "abc", Image},
		{"--health-retries", "-1", Image},
		{"--health-timeout", "-1s", Image},
		{"--health-interval", "5", Image},
		{"--no-healthcheck", "--health-cmd", "x", Image},
		{"--env-file", "/nonexistent-skiff", Image},
		{"--label-file", "/nonexistent-skiff", Image},
		{"-e", "=x", Image},
		{"-l", "=x", Image},
		{"--pid", "foo", Image},
		{"--uts", "foo", Image},
		{"--userns", "foo", Image},
		{"--cgroupns", "foo", Image},
		{"--security-opt", "foo", Image},
		{"--security-opt", "apparmor=", Image},
		{"--security-opt", "seccomp=", Image},
		{"--security-opt", "systempaths=bogus", Image},
		{"--security-opt", "no-new-privileges=", Image},
		{"--cap-add", " net_admin", Image},
		{"--device-read-bps", "null:1", Image},
		{"--blkio-weight-device", ":1", Image},
		{"--security-opt", "seccomp=/nonexistent-skiff", Image},
		{"--network-alias", "a", Image},
		{"--mac-address", "92:d0:c6:0a:29:33", Image},
		{"--mac-address", "zz", Image},
		{"--network", "", Image},
		{"--network", "bogus=1", Image},
		{"--network", "name=" + net + ",alias=a", "--network-alias", "c", Image},
		{"--network", "name=" + net + ",ip=1.2.3.4", "--ip", "1.2.3.5", Image},
		{"--network", "name=" + net + ",ip6=::1", "--ip6", "::2", Image},
		{"--network", "name=" + net + ",mac-address=92:d0:c6:0a:29:33", "--mac-address", "92:d0:c6:0a:29:34", Image},
		{"--network", "name=" + net + ",link-local-ip=169.254.1.1", "--link-local-ip", "169.254.1.2", Image},
		{"--network", "name=" + net + ",driver-opt=a=b", "--network", "name=" + net + ",alias=x", Image},
		{"--network", "name=,alias=x", Image},
		{"--network", "alias=x", Image},
		{"--network", "name=a,alias=x,bogus", Image},
		{"--network", "name=a,ip=1.2.3.4,mac-address=zz", Image},
		{"--network", "name=a,driver-opt=x", Image},
		{"--network", "name=a,gw-priority=x", Image},
		{"--network", "a=b=c", Image},
		{"--network", ",name=a", Image},
		{"--network", "name=a,ip=zz", Image},
		{"--add-host", "foo", Image},
		{"--add-host", "a:notip", Image},
		{"--dns", "notip", Image},
		{"--dns-search", "-bad", Image},
		{"--dns-search", "a..b", Image},
		{"--ip", "notip", Image},
		{"--device", "rel", Image},
		{"--device", "/dev/null::r", Image},
		{"--device", ":/dev/n", Image},
		{"--device", "/dev/null:/dev/n:r:x", Image},
		{"--device", "/dev/null:r:w", Image},
		{"--device", "/dev/null:/dev/n:xyz", Image},
		{"--device-cgroup-rule", "bogus", Image},
		{"--blkio-weight-device", "foo", Image},
		{"--device-read-bps", "/dev/sda:abc", Image},
		{"--sysctl", "foo=1", Image},
		{"--storage-opt", "foo", Image},
		{"--memory-swappiness", "200", Image},
		{"--gpus", "foo", Image},
		{"--link", "a:b:c", Image},
		{"--name", "x/y", Image},
		{"--name", taken, Image},
		{"--cidfile", cid, Image},
		{"--cidfile", "/nonexistent-skiff/cid", Image},
		{"--platform", "a/b/c/d", Image},
		{"-v", ":/a", Image},
		{"-v", "/tmp:/a:ro:z", Image},
		{"-v", "/tmp:/a:b:c", Image},
		{"-v", "rel/dir:/d", Image},
		{"-v", "~/x:/b", Image},
		{"--mount", "type=bind,src=/tmp,dst=/r,readonly,bind-recursive=readonly,bind-propagation=rprivate", Image},
		{"--network", "host", "--network", net2(f), Image},
		{"--bogus", Image},
		{"--health-start-interval", "1s", Image},
		{"--cpu-count", "1", Image},
		{"--cpu-percent", "10", Image},
		{"--io-maxiops", "10", Image},
		{"--io-maxbandwidth", "1m", Image},
		{"--credentialspec", "x", Image},
		{"--annotation", "a=b", Image},
		{"-a", "stdfoo", Image},
		{"--pull", "always", Image},
		{"bb:skiff-e2e-nosuch"},
		{"BB"},
		{"bb:"},
		{"Foo/Bar"},
		{"x/BB@sha256:0000000000000000000000000000000000000000000000000000000000000000"},
		{},
	}
	for _, c := range cases {
		t.Run(strings.Join(c, " "), func(t *testing.T) {
			t.Parallel()
			CompareEnv(t, nil, "", append(append([]string{"create"}, lbl...), c...)...)
		})
	}
	Compare(t, "create")
}

func net2(f *Fix) string { return "skiff-e2e-nonexistent-net" }

// TestCreateCidfileAndName checks --cidfile's content and --name with each client.
func TestCreateCidfileAndName(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	dir := t.TempDir()
	for _, who := range []string{"ref", "skiff"} {
		cid := filepath.Join(dir, who+".cid")
		name := f.Name()
		var r Result
		args := []string{"create", "--label", f.Label(), "--cidfile", cid, "--name", name, Image}
		if who == "ref" {
			r = Ref(t, args...)
		} else {
			r = Skiff(t, args...)
		}
		if r.Code != 0 {
			t.Fatalf("%s: %s", who, r)
		}
		b, err := os.ReadFile(cid)
		if err != nil || string(b) != strings.TrimSpace(r.Stdout) {
			t.Errorf("%s: cidfile %q (%v), stdout %q", who, b, err, r.Stdout)
		}
		insp, _ := fixtureRun("inspect", "-f", "{{.Name}} {{.HostConfig.ContainerIDFile}}", strings.TrimSpace(r.Stdout))
		if got, want := strings.TrimSpace(insp.Stdout), "/"+name+" "+cid; got != want {
			t.Errorf("%s: inspect %q, want %q", who, got, want)
		}
		matches, _ := filepath.Glob(filepath.Join(dir, ".*"))
		if len(matches) > 0 {
			t.Errorf("%s: temporary files left: %v", who, matches)
		}
	}
}

// TestCreateAPISocketCredentials: --use-api-socket copies the registry credentials into
// the container after creating it, byte for byte as docker does.
func TestCreateAPISocketCredentials(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	cfg := t.TempDir()
	os.WriteFile(filepath.Join(cfg, "config.json"), []byte(`{"auths":{"https://index.docker.io/v1/":{"auth":"dXNlcjpwYXNz"},"registry.example:5000":{"auth":"YTpi","email":"a@b.c"}}}`), 0o600)
	env := []string{"DOCKER_CONFIG=" + cfg}
	args := []string{"create", "--label", f.Label(), "--use-api-socket", "-e", "X=1", Image}
	refRes, refReqs := Trace(t, "ref", "", env, args...)
	skRes, skReqs := Trace(t, "skiff", "", env, args...)
	if refRes.Code != 0 || skRes.Code != 0 {
		t.Fatalf("ref: %s\nskiff: %s", refRes, skRes)
	}
	put := func(reqs []Request) (string, []byte) {
		for _, r := range reqs {
			if r.Method == "PUT" {
				return r.Query.Encode(), r.Body
			}
		}
		return "", nil
	}
	rq, rb := put(refReqs)
	sq, sb := put(skReqs)
	if rq != sq || string(rb) != string(sb) || len(rb) == 0 {
		t.Errorf("archive upload differs:\nref   %s %q\nskiff %s %q", rq, rb, sq, sb)
	}
	refBody, _ := createBody(t, refReqs)
	skBody, _ := createBody(t, skReqs)
	if a, b := sockPath.ReplaceAllString(createJSON(refBody), "<sock>"), sockPath.ReplaceAllString(createJSON(skBody), "<sock>"); a != b {
		t.Errorf("create bodies differ:\n%s", Diff("ref", "skiff", a, b))
	}
}
