package opts

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/moby/moby/api/types/network"
)

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestParsePublish(t *testing.T) {
	cases := []struct {
		specs            []string
		exposed, binding string
		err              string
	}{
		{specs: []string{"80"}, exposed: `{"80/tcp":{}}`, binding: `{"80/tcp":[{"HostIp":"","HostPort":""}]}`},
		{specs: []string{"80/UDP"}, exposed: `{"80/udp":{}}`, binding: `{"80/udp":[{"HostIp":"","HostPort":""}]}`},
		{specs: []string{"127.0.0.1:8080:80"}, exposed: `{"80/tcp":{}}`, binding: `{"80/tcp":[{"HostIp":"127.0.0.1","HostPort":"8080"}]}`},
		{specs: []string{"[::1]:8080:80"}, binding: `{"80/tcp":[{"HostIp":"::1","HostPort":"8080"}]}`},
		{specs: []string{"::1:8080:80"}, binding: `{"80/tcp":[{"HostIp":"::1","HostPort":"8080"}]}`},
		{specs: []string{"8000-8001:80-81"}, binding: `{"80/tcp":[{"HostIp":"","HostPort":"8000"}],"81/tcp":[{"HostIp":"","HostPort":"8001"}]}`},
		{specs: []string{"8000-8010:80"}, binding: `{"80/tcp":[{"HostIp":"","HostPort":"8000-8010"}]}`},
		{specs: []string{":80"}, binding: `{"80/tcp":[{"HostIp":"","HostPort":""}]}`},
		{specs: []string{"target=80,published=8080,protocol=udp"}, binding: `{"80/udp":[{"HostIp":"","HostPort":"8080"}]}`},
		{specs: []string{"8080:80", "8081:80"}, binding: `{"80/tcp":[{"HostIp":"","HostPort":"8080"},{"HostIp":"","HostPort":"8081"}]}`},
		{specs: []string{"99999:80"}, err: "invalid hostPort: 99999"},
		{specs: []string{"abc"}, err: "invalid containerPort: abc"},
		{specs: []string{"80-70"}, err: "invalid containerPort: 80-70"},
		{specs: []string{"80/xyz"}, err: "invalid proto: xyz"},
		{specs: []string{""}, err: "no port specified: <empty>"},
		{specs: []string{"80:"}, err: "no port specified: 80:<empty>"},
		{specs: []string{"1.2.3:80:80"}, err: "invalid IP address: 1.2.3"},
		{specs: []string{"8080-8081:80-83"}, err: "invalid ranges specified for container and host Ports: 80-83 and 8080-8081"},
		{specs: []string{"target"}, err: "invalid containerPort: target"},
		{specs: []string{"a=b,c"}, err: "invalid publish opts format (should be name=value but got 'c')"},
	}
	for _, c := range cases {
		exposed, bindings, err := ParsePublish(c.specs)
		if c.err != "" {
			if err == nil || err.Error() != c.err {
				t.Errorf("%q: error %v, want %q", c.specs, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", c.specs, err)
			continue
		}
		if c.exposed != "" && mustJSON(t, exposed) != c.exposed {
			t.Errorf("%q: exposed %s, want %s", c.specs, mustJSON(t, exposed), c.exposed)
		}
		if got := mustJSON(t, bindings); got != c.binding {
			t.Errorf("%q: bindings %s, want %s", c.specs, got, c.binding)
		}
	}
}

func TestParseExpose(t *testing.T) {
	set := network.PortSet{}
	for _, v := range []string{"80", "90-91", "53/udp"} {
		if err := ParseExpose(set, v); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := mustJSON(t, set), `{"53/udp":{},"80/tcp":{},"90/tcp":{},"91/tcp":{}}`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	for v, want := range map[string]string{
		"abc":    `invalid range format for --expose: abc, error: strconv.ParseUint: parsing "abc": invalid syntax`,
		"70-60":  "invalid range format for --expose: 70-60, error: invalid range specified for port: 70-60",
		"65536":  `invalid range format for --expose: 65536, error: strconv.ParseUint: parsing "65536": value out of range`,
		"1:2":    "invalid port format for --expose: 1:2",
		"80-abc": `invalid range format for --expose: 80-abc, error: strconv.ParseUint: parsing "abc": invalid syntax`,
	} {
		if err := ParseExpose(network.PortSet{}, v); err == nil || err.Error() != want {
			t.Errorf("%q: %v, want %q", v, err, want)
		}
	}
}

func TestParseMount(t *testing.T) {
	cases := map[string]string{
		"type=bind,src=/tmp,dst=/a": `{"Type":"bind","Source":"/tmp","Target":"/a"}`,
		"type=bind,source=/tmp,target=/a,readonly=false,bind-propagation=rshared": `{"Type":"bind","Source":"/tmp","Target":"/a","BindOptions":{"Propagation":"rshared"}}`,
		"type=tmpfs,dst=/t,tmpfs-size=10m,tmpfs-mode=1770":                        `{"Type":"tmpfs","Target":"/t","TmpfsOptions":{"SizeBytes":10485760,"Mode":1016}}`,
		`type=bind,"src=/tmp",dst=/a`:                                             `{"Type":"bind","Source":"/tmp","Target":"/a"}`,
		"TYPE=volume,DST=/v":                                                      `{"Type":"volume","Target":"/v"}`,
		"dst=/v,consistency=cached":                                               `{"Type":"volume","Target":"/v","Consistency":"cached"}`,
		"dst=/v,ro":                                                               `{"Type":"volume","Target":"/v","ReadOnly":true}`,
		"dst=/v,volume-nocopy,volume-label=a=b,volume-driver=local,volume-opt=o=p": `{"Type":"volume","Target":"/v","VolumeOptions":{"NoCopy":true,"Labels":{"a":"b"},"DriverConfig":{"Name":"local","Options":{"o":"p"}}}}`,
		"type=bind,src=/tmp,dst=/a,bind-nonrecursive":                              `{"Type":"bind","Source":"/tmp","Target":"/a","BindOptions":{"NonRecursive":true}}`,
	}
	for in, want := range cases {
		m, err := ParseMount(in)
		if err != nil {
			t.Errorf("%q: %v", in, err)
			continue
		}
		if got := mustJSON(t, m); got != want {
			t.Errorf("%q:\n got %s\nwant %s", in, got, want)
		}
	}
	errs := map[string]string{
		"type=foo":                         "target is required",
		"dst":                              "invalid field 'dst' must be a key=value pair",
		"type=tmpfs,dst=/t,tmpfs-size=abc": "invalid value for tmpfs-size: abc",
		"type=volume,dst=/v,bind-propagation=shared": "cannot mix 'bind-*' options with mount type 'volume'",
		"dst=/v,foo=bar":  "unexpected key 'foo' in 'foo=bar'",
		"dst=/v,ro=maybe": "invalid value for ro: maybe",
		"type=bind,src=/tmp,dst=/a,bind-recursive=readonly": "option 'bind-recursive=readonly' requires 'readonly' to be specified in conjunction",
		"type=tmpfs,dst=/t,tmpfs-mode=999":                  "invalid value for tmpfs-mode: 999",
		",dst=/v":                                           "invalid field '' must be a key=value pair",
		" dst=/v":                                           "unexpected key ' dst' in ' dst=/v'",
	}
	for in, want := range errs {
		if _, err := ParseMount(in); err == nil || err.Error() != want {
			t.Errorf("%q: %v, want %q", in, err, want)
		}
	}
}

func TestParseVolume(t *testing.T) {
	wd, _ := os.Getwd()
	cases := []struct{ in, bind, anon, err string }{
		{in: "/v", anon: "/v"},
		{in: "/tmp:/h:ro", bind: "/tmp:/h:ro"},
		{in: "named:/n", bind: "named:/n"},
		{in: "./x:/x", bind: filepath.Join(wd, "x") + ":/x"},
		{in: ":/a", err: "invalid spec: :/a: empty section between colons"},
		{in: "/tmp:/x:", err: "invalid spec: /tmp:/x:: empty section between colons"},
		{in: "", err: "invalid empty volume spec"},
		{in: "/tmp:/a:ro:z", err: "invalid spec: /tmp:/a:ro:z: too many colons"},
		{in: "/tmp:/a:b:c", bind: "/tmp:/a:b:c"},
		{in: "a:b:c:d", bind: "a:b:c:d"},
		{in: ":a", anon: ":a"},
		{in: "c:\\x", anon: "c:\\x"},
	}
	for _, c := range cases {
		v, err := ParseVolume(c.in)
		if c.err != "" {
			if err == nil || err.Error() != c.err {
				t.Errorf("%q: %v, want %q", c.in, err, c.err)
			}
			continue
		}
		if err != nil || v.Bind != c.bind || v.Anon != c.anon {
			t.Errorf("%q: %+v %v", c.in, v, err)
		}
	}
}

func TestParseUlimit(t *testing.T) {
	for in, want := range map[string]string{
		"nofile=10":     `{"Name":"nofile","Hard":10,"Soft":10}`,
		"nofile=10:20":  `{"Name":"nofile","Hard":20,"Soft":10}`,
		"nofile=-1":     `{"Name":"nofile","Hard":-1,"Soft":-1}`,
		"stack=8192:-1": `{"Name":"stack","Hard":-1,"Soft":8192}`,
		"nofile=0:-1":   `{"Name":"nofile","Hard":-1,"Soft":0}`,
		"nofile=-5:-2":  `{"Name":"nofile","Hard":-2,"Soft":-5}`,
	} {
		u, err := ParseUlimit(in)
		if err != nil || mustJSON(t, u) != want {
			t.Errorf("%q: %s %v", in, mustJSON(t, u), err)
		}
	}
	for in, want := range map[string]string{
		"nofile":          "invalid ulimit argument: nofile",
		"nofile=a":        `strconv.ParseInt: parsing "a": invalid syntax`,
		"nofile=20:10":    "ulimit soft limit must be less than or equal to hard limit: 20 > 10",
		"nofile=-1:5":     "ulimit soft limit must be less than or equal to hard limit: soft: -1 (unlimited), hard: 5",
		"nofile=-1:-2":    "ulimit soft limit must be less than or equal to hard limit: soft: -1 (unlimited), hard: -2",
		"bogus=1":         "invalid ulimit type: bogus",
		"nofile=1:2:3":    "too many limit value arguments - 1:2:3, can only have up to two, `soft[:hard]`",
		"nproc=unlimited": `strconv.ParseInt: parsing "unlimited": invalid syntax`,
	} {
		if _, err := ParseUlimit(in); err == nil || err.Error() != want {
			t.Errorf("%q: %v, want %q", in, err, want)
		}
	}
	o := NewUlimitOpt()
	_ = o.Set("nproc=5")
	_ = o.Set("nofile=1")
	_ = o.Set("nofile=2")
	if got := mustJSON(t, o.GetList()); got != `[{"Name":"nofile","Hard":2,"Soft":2},{"Name":"nproc","Hard":5,"Soft":5}]` {
		t.Errorf("list %s", got)
	}
}

func TestParseKeyValues(t *testing.T) {
	t.Setenv("SKIFF_OPTS_SET", "from-env")
	in := "\xef\xbb\xbf# comment\n\n  A=1\n\tB=2 \nSKIFF_OPTS_SET\nSKIFF_OPTS_UNSET_X\nC=\n\xef\xbb\xbfD=4\n  # x\nE=a=b\r\n"
	got, err := ParseKeyValues(strings.NewReader(in), os.LookupEnv)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"A=1", "B=2 ", "SKIFF_OPTS_SET=from-env", "C=", "\xef\xbb\xbfD=4", "E=a=b"}
	if mustJSON(t, got) != mustJSON(t, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	got, _ = ParseKeyValues(strings.NewReader("l1=a\nl2\n"), nil)
	if mustJSON(t, got) != `["l1=a"]` {
		t.Errorf("labels %q", got)
	}
	for in, want := range map[string]string{
		"B = 2\n":       "variable 'B ' contains whitespaces",
		"=1\n":          "no variable name on line '=1'",
		"X=1\n\xff=2\n": "invalid utf8 bytes at line 2: [255 61 50]",
	} {
		if _, err := ParseKeyValues(strings.NewReader(in), nil); err == nil || err.Error() != want {
			t.Errorf("%q: %v, want %q", in, err, want)
		}
	}
	if _, err := ParseKeyValues(strings.NewReader("L="+strings.Repeat("x", 70000)), nil); err == nil || err.Error() != "bufio.Scanner: token too long" {
		t.Errorf("long line: %v", err)
	}
	if _, err := ParseEnvFile("/nonexistent-skiff"); err == nil || err.Error() != "open /nonexistent-skiff: no such file or directory" {
		t.Errorf("missing file: %v", err)
	}
}

func TestValidators(t *testing.T) {
	t.Setenv("SKIFF_OPTS_HOME", "/h")
	type tc struct {
		f       func(string) (string, error)
		in, out string
		err     string
	}
	for _, c := range []tc{
		{ValidateEnv, "A=1", "A=1", ""},
		{ValidateEnv, "SKIFF_OPTS_HOME", "SKIFF_OPTS_HOME=/h", ""},
		{ValidateEnv, "SKIFF_OPTS_NOPE", "SKIFF_OPTS_NOPE", ""},
		{ValidateEnv, "=x", "", "invalid environment variable: =x"},
		{ValidateLabel, " c=1", " c=1", ""},
		{ValidateLabel, "=x", "", "invalid label '=x': empty name"},
		{ValidateLabel, "a b=1", "", "label 'a b' contains whitespaces"},
		{ValidateLabel, "a =1", "", "label 'a ' contains whitespaces"},
		{ValidateLabel, "b = c", "", "label 'b ' contains whitespaces"},
		{ValidateLabel, "a\t=1", "", "label 'a\t' contains whitespaces"},
		{ValidateExtraHost, "a:1.2.3.4", "a:1.2.3.4", ""},
		{ValidateExtraHost, "a=1.2.3.4", "a:1.2.3.4", ""},
		{ValidateExtraHost, "a:[::1]", "a:::1", ""},
		{ValidateExtraHost, "a:::1", "a:::1", ""},
		{ValidateExtraHost, "a:host-gateway", "a:host-gateway", ""},
		{ValidateExtraHost, "a:notip", "", `invalid IP address in add-host: "notip"`},
		{ValidateExtraHost, "foo", "", `bad format for add-host: "foo"`},
		{ValidateExtraHost, ":1.2.3.4", "", `bad format for add-host: ":1.2.3.4"`},
		{ValidateSysctl, "net.ipv4.ip_forward=1", "net.ipv4.ip_forward=1", ""},
		{ValidateSysctl, "kernel.shm_rmid_forced=1", "kernel.shm_rmid_forced=1", ""},
		{ValidateSysctl, "foo=1", "", "sysctl 'foo=1' is not allowed"},
		{ValidateSysctl, "foo", "", "sysctl 'foo' is not allowed"},
		{ValidateIPAddress, "1.1.1.1", "1.1.1.1", ""},
		{ValidateIPAddress, "notip", "", "IP address is not correctly formatted: notip"},
		{ValidateLink, "a:b", "a:b", ""},
		{ValidateLink, "a:b:c", "", "bad format for links: a:b:c"},
		{ValidateLink, "a:", "a:", ""},
		{ValidateLink, "", "", "empty string specified for links"},
		{ValidateDNSSearch, "example.com.", "example.com", ""},
		{ValidateDNSSearch, " a ", "a", ""},
		{ValidateDNSSearch, ".", ".", ""},
		{ValidateDNSSearch, "::a", "::a", ""},
		{ValidateDNSSearch, "x:.:y", "x:.:y", ""},
		{ValidateDNSSearch, "-bad", "", "-bad is not a valid domain"},
		{ValidateDNSSearch, "a..b", "", "a..b is not a valid domain"},
		{ValidateDNSSearch, "1.2", "", "1.2 is not a valid domain"},
		{ValidateDNSSearch, ":::a", "", ":::a is not a valid domain"},
		{ValidateDNSSearch, "a.b:", "", "a.b: is not a valid domain"},
		{ValidateDeviceCgroupRule, "c 1:3 mr", "c 1:3 mr", ""},
		{ValidateDeviceCgroupRule, "a *:* rwm", "a *:* rwm", ""},
		{ValidateDeviceCgroupRule, "bogus", "", "invalid device cgroup format 'bogus'"},
	} {
		out, err := c.f(c.in)
		if c.err != "" {
			if err == nil || err.Error() != c.err {
				t.Errorf("%q: %v, want %q", c.in, err, c.err)
			}
			continue
		}
		if err != nil || out != c.out {
			t.Errorf("%q: %q %v, want %q", c.in, out, err, c.out)
		}
	}
}

func TestSizesAndCPUs(t *testing.T) {
	var m MemBytes
	if err := m.Set("512m"); err != nil || m.Value() != 512<<20 {
		t.Errorf("512m: %d %v", m.Value(), err)
	}
	if err := m.Set("notamemory"); err == nil || err.Error() != "invalid size: 'notamemory'" {
		t.Errorf("notamemory: %v", err)
	}
	if err := m.Set("-1"); err == nil || err.Error() != "invalid size: '-1'" {
		t.Errorf("-1: %v", err)
	}
	var s MemSwapBytes
	if err := s.Set("-1"); err != nil || s.Value() != -1 {
		t.Errorf("swap -1: %d %v", s.Value(), err)
	}
	if err := s.Set("-2"); err == nil || err.Error() != "invalid size: '-2'" {
		t.Errorf("swap -2: %v", err)
	}
	var c NanoCPUs
	if err := c.Set("1.5"); err != nil || c.Value() != 1500000000 {
		t.Errorf("1.5: %d %v", c.Value(), err)
	}
	if err := c.Set("0.0000000001"); err == nil || err.Error() != "value is too precise" {
		t.Errorf("too precise: %v", err)
	}
	if err := c.Set("abc"); err == nil || err.Error() != "failed to parse abc as a rational number" {
		t.Errorf("abc: %v", err)
	}
}

func TestParseDevice(t *testing.T) {
	for in, want := range map[string]string{
		"/dev/null":          `{"PathOnHost":"/dev/null","PathInContainer":"/dev/null","CgroupPermissions":"rwm"}`,
		"/dev/null:/dev/n":   `{"PathOnHost":"/dev/null","PathInContainer":"/dev/n","CgroupPermissions":"rwm"}`,
		"/dev/null:/dev/n:r": `{"PathOnHost":"/dev/null","PathInContainer":"/dev/n","CgroupPermissions":"r"}`,
		"/dev/null:rw":       `{"PathOnHost":"/dev/null","PathInContainer":"/dev/null","CgroupPermissions":"rw"}`,
	} {
		d, err := ParseDevice(in)
		if err != nil || mustJSON(t, d) != want {
			t.Errorf("%q: %s %v", in, mustJSON(t, d), err)
		}
	}
	for in, want := range map[string]string{
		"/dev/null:/dev/n:xyz": "bad mode specified: xyz",
		"rel":                  "rel is not an absolute path",
		"/dev/null:rel":        "rel is not an absolute path",
		"/dev/null::r":         " is not an absolute path",
		":/dev/n":              "bad format for path: :/dev/n",
		"/dev/null:r:w":        "r is not an absolute path",
		"/a:/b:r:x":            "bad format for path: /a:/b:r:x",
	} {
		if _, err := ParseDevice(in); err == nil || err.Error() != want {
			t.Errorf("%q: %v, want %q", in, err, want)
		}
	}
	var w WeightDeviceOpt
	for in, want := range map[string]string{
		"foo":           "bad format: foo",
		":1":            "bad format: :1",
		"null:1":        "bad format for device path: null:1",
		"/dev/null:1:2": "invalid weight for device: /dev/null:1:2",
		"/dev/null:5":   "invalid weight for device: /dev/null:5",
	} {
		if err := w.Set(in); err == nil || err.Error() != want {
			t.Errorf("weight %q: %v, want %q", in, err, want)
		}
	}
	bps := NewThrottleDeviceOpt(true)
	if err := bps.Set("/dev/sda:abc"); err == nil || !strings.HasPrefix(err.Error(), "invalid rate for device: /dev/sda:abc. The correct format is <device-path>:<number>[<unit>]") {
		t.Errorf("bps: %v", err)
	}
	if err := bps.Set("/dev/sda:1mb"); err != nil || bps.GetList()[0].Rate != 1<<20 {
		t.Errorf("bps 1mb: %v", err)
	}
}

func TestIsCDIName(t *testing.T) {
	for v, want := range map[string]bool{
		"vendor.com/class=name": true, "nvidia.com/gpu=0": true, "ab.com/cd=x:y": true,
		"a/b=c": false, "1a.com/b=c": false, "a.com/b": false, "a.com/b=": false, "/b=c": false, "a.com/b/c=d": false,
	} {
		if got := IsCDIName(v); got != want {
			t.Errorf("%q: %v, want %v", v, got, want)
		}
	}
}

func TestRestartAndGpus(t *testing.T) {
	for in, want := range map[string]string{
		"no":           `{"Name":"no","MaximumRetryCount":0}`,
		"on-failure:3": `{"Name":"on-failure","MaximumRetryCount":3}`,
		"on-failure:":  `{"Name":"on-failure","MaximumRetryCount":0}`,
		"sometimes":    `{"Name":"sometimes","MaximumRetryCount":0}`,
	} {
		p, err := ParseRestartPolicy(in)
		if err != nil || mustJSON(t, p) != want {
			t.Errorf("%q: %s %v", in, mustJSON(t, p), err)
		}
	}
	if _, err := ParseRestartPolicy("on-failure:x"); err == nil || err.Error() != "invalid restart policy format: maximum retry count must be an integer" {
		t.Errorf("on-failure:x: %v", err)
	}
	for in, want := range map[string]string{
		"all":                               `{"Driver":"","Count":-1,"DeviceIDs":null,"Capabilities":[["gpu"]],"Options":{}}`,
		"2":                                 `{"Driver":"","Count":2,"DeviceIDs":null,"Capabilities":[["gpu"]],"Options":{}}`,
		`"device=0,1",capabilities=compute`: `{"Driver":"","Count":0,"DeviceIDs":["0","1"],"Capabilities":[["compute","gpu"]],"Options":{}}`,
		"driver=nvidia,count=all":           `{"Driver":"nvidia","Count":-1,"DeviceIDs":null,"Capabilities":[["gpu"]],"Options":{}}`,
		"capabilities=utility":              `{"Driver":"","Count":1,"DeviceIDs":null,"Capabilities":[["utility","gpu"]],"Options":{}}`,
	} {
		var g GpuOpts
		if err := g.Set(in); err != nil || mustJSON(t, g.Value()[0]) != want {
			t.Errorf("%q: %s %v", in, mustJSON(t, g.Value()), err)
		}
	}
	var g GpuOpts
	if err := g.Set("foo"); err == nil || err.Error() != `invalid count (foo): value must be either "all" or an integer: invalid syntax` {
		t.Errorf("gpus foo: %v", err)
	}
}

func TestExposeKeys(t *testing.T) {
	keys, err := ExposeKeys("53-54/UDP")
	if err != nil || mustJSON(t, keys) != `["53/UDP","54/UDP"]` {
		t.Errorf("%q %v", keys, err)
	}
	if _, err := ExposeKeys("x"); err == nil {
		t.Error("no error for x")
	}
}
