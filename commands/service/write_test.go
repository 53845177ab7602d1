package service

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/moby/moby/api/types/swarm"
	"gotest.tools/v3/assert"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/clitest"
)

// minimal is the body docker 28 sends for `service create -d --no-resolve-image bb:latest true`
// (observed against a capturing proxy in front of a swarm manager, as every body here).
const minimal = `{"Labels":{},"TaskTemplate":{"ContainerSpec":{"Image":"bb:latest","Args":["true"],"Init":false,"DNSConfig":{}},"Resources":{"Limits":{},"Reservations":{}},"Placement":{},"ForceUpdate":0},"Mode":{"Replicated":{}},"EndpointSpec":{"Mode":"vip"}}`

// withBody is minimal with the JSON fields of change merged in (one level below the
// top for TaskTemplate and ContainerSpec).
func withBody(t *testing.T, name string, change string) json.RawMessage {
	t.Helper()
	var base, ch map[string]any
	assert.NilError(t, json.Unmarshal([]byte(minimal), &base))
	assert.NilError(t, json.Unmarshal([]byte(change), &ch))
	for k, v := range ch {
		if k == "TaskTemplate" {
			tt := base["TaskTemplate"].(map[string]any)
			for k2, v2 := range v.(map[string]any) {
				if k2 == "ContainerSpec" {
					cs := tt["ContainerSpec"].(map[string]any)
					for k3, v3 := range v2.(map[string]any) {
						cs[k3] = v3
					}
					continue
				}
				tt[k2] = v2
			}
			continue
		}
		base[k] = v
	}
	if name != "" {
		base["Name"] = name
	}
	b, err := json.Marshal(base)
	assert.NilError(t, err)
	return b
}

func TestCreateBody(t *testing.T) {
	env := filepath.Join(t.TempDir(), "env")
	assert.NilError(t, os.WriteFile(env, []byte("A=1\n"), 0o600))
	for _, tc := range []struct {
		args   []string
		change string
	}{
		{nil, `{}`},
		{[]string{"--update-delay", "2s"}, `{"UpdateConfig":{"Parallelism":1,"Delay":2000000000,"FailureAction":"pause","Monitor":5000000000,"MaxFailureRatio":0,"Order":"stop-first"}}`},
		{[]string{"--rollback-order", "start-first"}, `{"RollbackConfig":{"Parallelism":1,"FailureAction":"pause","Monitor":5000000000,"MaxFailureRatio":0,"Order":"start-first"}}`},
		{[]string{"--restart-condition", "none"}, `{"TaskTemplate":{"RestartPolicy":{"Condition":"none","Delay":5000000000,"MaxAttempts":0}}}`},
		{[]string{"--restart-delay", "1s"}, `{"TaskTemplate":{"RestartPolicy":{"Condition":"any","Delay":1000000000,"MaxAttempts":0}}}`},
		{[]string{"--restart-window", "0s"}, `{"TaskTemplate":{"RestartPolicy":{"Condition":"any","Delay":5000000000,"MaxAttempts":0,"Window":0}}}`},
		{[]string{"--health-retries", "3"}, `{"TaskTemplate":{"ContainerSpec":{"Healthcheck":{"Retries":3}}}}`},
		{[]string{"--no-healthcheck"}, `{"TaskTemplate":{"ContainerSpec":{"Healthcheck":{"Test":["NONE"]}}}}`},
		{[]string{"--mode", "global"}, `{"Mode":{"Global":{}}}`},
		{[]string{"--mode", "replicated-job"}, `{"Mode":{"ReplicatedJob":{}}}`},
		{[]string{"--mode", "global-job"}, `{"Mode":{"GlobalJob":{}}}`},
		{[]string{"--mode", "replicated-job", "--max-concurrent", "2", "--replicas", "3"}, `{"Mode":{"ReplicatedJob":{"MaxConcurrent":2,"TotalCompletions":3}}}`},
		{[]string{"--mode", "replicated-job", "--replicas", "2"}, `{"Mode":{"ReplicatedJob":{"MaxConcurrent":2,"TotalCompletions":2}}}`},
		{[]string{"--replicas", "0"}, `{"Mode":{"Replicated":{"Replicas":0}}}`},
		{[]string{"-p", "8090:90/udp"}, `{"EndpointSpec":{"Mode":"vip","Ports":[{"Protocol":"udp","TargetPort":90,"PublishedPort":8090,"PublishMode":"ingress"}]}}`},
		{[]string{"-p", "published=8082,target=81,protocol=udp,mode=host"}, `{"EndpointSpec":{"Mode":"vip","Ports":[{"Protocol":"udp","TargetPort":81,"PublishedPort":8082,"PublishMode":"host"}]}}`},
		{[]string{"--mount", "type=bind,source=/tmp,target=/b,readonly"}, `{"TaskTemplate":{"ContainerSpec":{"Mounts":[{"Type":"bind","Source":"/tmp","Target":"/b","ReadOnly":true}]}}}`},
		{[]string{"--isolation", "process"}, `{"TaskTemplate":{"ContainerSpec":{"Isolation":"process"}}}`},
		{[]string{"--endpoint-mode", "dnsrr"}, `{"EndpointSpec":{"Mode":"dnsrr"}}`},
		{[]string{"--hostname", "x", "--dns-search", "."}, `{"TaskTemplate":{"ContainerSpec":{"Hostname":"x","DNSConfig":{"Search":["."]}}}}`},
		{[]string{"--limit-memory", "1g"}, `{"TaskTemplate":{"Resources":{"Limits":{"MemoryBytes":1073741824},"Reservations":{}}}}`},
		{[]string{"-e", "SKIFF_UNSET_VAR", "-e", "B=", "--env-file", env}, `{"TaskTemplate":{"ContainerSpec":{"Env":["A=1","SKIFF_UNSET_VAR","B="]}}}`},
		{[]string{"--stop-grace-period", "0s"}, `{"TaskTemplate":{"ContainerSpec":{"StopGracePeriod":0}}}`},
		{[]string{"--entrypoint", "sh -c", "--init", "--tty", "--read-only", "--user", "1000", "--group", "10", "--workdir", "/tmp", "--stop-signal", "SIGUSR1"},
			`{"TaskTemplate":{"ContainerSpec":{"Command":["sh","-c"],"Init":true,"TTY":true,"ReadOnly":true,"User":"1000","Groups":["10"],"Dir":"/tmp","StopSignal":"SIGUSR1"}}}`},
		{[]string{"--host", "foo:1.2.3.4", "--dns", "1.1.1.1", "--dns-option", "ndots:2", "--cap-add", "net_admin", "--cap-drop", "chown", "--sysctl", "net.core.somaxconn=100", "--ulimit", "nofile=100:200"},
			`{"TaskTemplate":{"ContainerSpec":{"Hosts":["1.2.3.4 foo"],"DNSConfig":{"Nameservers":["1.1.1.1"],"Options":["ndots:2"]},"CapabilityAdd":["CAP_NET_ADMIN"],"CapabilityDrop":["CAP_CHOWN"],"Sysctls":{"net.core.somaxconn":"100"},"Ulimits":[{"Name":"nofile","Hard":200,"Soft":100}]}}}`},
		{[]string{"-l", "a=b", "--container-label", "c=d", "--constraint", "node.role==manager", "--placement-pref", "spread=node.id", "--replicas-max-per-node", "3", "--generic-resource", "gpu=1", "--reserve-cpu", "0.1", "--limit-cpu", "0.5", "--limit-pids", "100"},
			`{"Labels":{"a":"b"},"TaskTemplate":{"ContainerSpec":{"Labels":{"c":"d"}},"Placement":{"Constraints":["node.role==manager"],"Preferences":[{"Spread":{"SpreadDescriptor":"node.id"}}],"MaxReplicas":3},"Resources":{"Limits":{"NanoCPUs":500000000,"Pids":100},"Reservations":{"NanoCPUs":100000000,"GenericResources":[{"DiscreteResourceSpec":{"Kind":"gpu","Value":1}}]}}}}`},
		{[]string{"--log-driver", "json-file", "--log-opt", "max-size=1m"}, `{"TaskTemplate":{"LogDriver":{"Name":"json-file","Options":{"max-size":"1m"}}}}`},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			e := fakeengine.New(t)
			e.APIVersion = "1.41"
			e.Expect("POST", "/services/create").JSONBody(withBody(t, "", tc.change)).Reply(201, `{"ID":"svc1"}`)
			cli := clitest.New(t, e.Host())
			args := append(append([]string{"-d", "--no-resolve-image"}, tc.args...), "bb", "true")
			assert.NilError(t, clitest.Run(t, newCreateCommand(cli), args...))
			assert.Equal(t, cli.OutBuf.String(), "svc1\n")
			assert.Equal(t, cli.ErrBuf.String(), "")
		})
	}
}

// Names of secrets, configs and networks are asked for as docker does: one filtered
// list per kind, one network inspect (swarm scope) per network.
func TestCreateResolvesNames(t *testing.T) {
	e := fakeengine.New(t)
	e.APIVersion = "1.41"
	e.Expect("GET", "/networks/n1").Query("scope", "swarm").Reply(200, `{"Id":"netid1","Name":"n1"}`)
	e.Expect("GET", "/secrets").Query("filters", `{"name":{"s1":true}}`).Reply(200, `[{"ID":"secid","Spec":{"Name":"s1"}}]`)
	e.Expect("GET", "/configs").Query("filters", `{"name":{"c1":true}}`).Reply(200, `[{"ID":"cfgid","Spec":{"Name":"c1"}}]`)
	e.Expect("POST", "/services/create").JSONBody(withBody(t, "web", `{"TaskTemplate":{
		"ContainerSpec":{
			"Secrets":[{"File":{"Name":"s1","UID":"0","GID":"0","Mode":292},"SecretID":"secid","SecretName":"s1"},
				{"File":{"Name":"/s2","UID":"1","GID":"2","Mode":256},"SecretID":"secid","SecretName":"s1"}],
			"Configs":[{"File":{"Name":"/y","UID":"0","GID":"0","Mode":384},"ConfigID":"cfgid","ConfigName":"c1"}]},
		"Networks":[{"Target":"netid1","Aliases":["x"]}]}}`)).Reply(201, `{"ID":"svc1","Warnings":["careful"]}`)
	cli := clitest.New(t, e.Host())
	assert.NilError(t, clitest.Run(t, newCreateCommand(cli), "-d", "--no-resolve-image", "--name", "web",
		"--secret", "s1", "--secret", "source=s1,target=/s2,uid=1,gid=2,mode=0400",
		"--config", "source=c1,target=/y,mode=0600", "--network", "name=n1,alias=x", "bb", "true"))
	assert.Equal(t, cli.OutBuf.String(), "svc1\n")
	assert.Equal(t, cli.ErrBuf.String(), "careful\n")
}

// Without --no-resolve-image the engine is asked for the image's digest; when the
// registry cannot be reached docker's notice goes to stderr and the image is sent as is.
func TestCreateResolveImageFails(t *testing.T) {
	e := fakeengine.New(t)
	e.APIVersion = "1.41"
	e.Expect("GET", "/distribution/bb:latest/json").ReplyError(500, "no registry")
	e.Expect("POST", "/services/create").JSONBody(json.RawMessage(minimal)).Reply(201, `{"ID":"svc1"}`)
	cli := clitest.New(t, e.Host())
	assert.NilError(t, clitest.Run(t, newCreateCommand(cli), "-d", "bb", "true"))
	assert.Equal(t, cli.OutBuf.String(), "svc1\n")
	assert.Equal(t, cli.ErrBuf.String(), "image bb:latest could not be accessed on a registry to record\n"+
		"its digest. Each node will access bb:latest independently,\n"+
		"possibly leading to different nodes running different\nversions of the image.\n\n")
}

func TestCreateErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
		code int
	}{
		{[]string{"--mode", "bad", "bb"}, "Unknown mode: bad, only replicated and global supported", 1},
		{[]string{"--mode", "global", "--replicas", "2", "bb"}, "replicas can only be used with replicated or replicated-job mode", 1},
		{[]string{"--max-concurrent", "2", "bb"}, "max-concurrent can only be used with replicated-job mode", 1},
		{[]string{"--replicas", "x", "bb"}, `invalid argument "x" for "--replicas" flag: strconv.ParseUint: parsing "x": invalid syntax`, 125},
		{[]string{"-p", "bad", "bb"}, `invalid argument "bad" for "-p, --publish" flag: invalid containerPort: bad`, 125},
		{[]string{"--placement-pref", "foo", "bb"}, `invalid argument "foo" for "--placement-pref" flag: placement preference must be of the format "<strategy>=<arg>"`, 125},
		{[]string{"--generic-resource", "bad", "bb"}, "invalid argument \"bad\" for \"--generic-resource\" flag: invalid generic-resource format `bad` expected `name=value`", 125},
		{[]string{"--secret", "source=a,foo=b", "bb"}, `invalid argument "source=a,foo=b" for "--secret" flag: invalid field in secret request: foo`, 125},
		{[]string{"--credential-spec", "bad", "bb"}, `invalid argument "bad" for "--credential-spec" flag: invalid credential spec: value must be prefixed with "config://", "file://", or "registry://"`, 125},
		{[]string{}, "docker: 'create' requires at least 1 argument", 1},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			e := fakeengine.New(t)
			e.APIVersion = "1.41"
			cli := clitest.New(t, e.Host())
			err := clitest.Run(t, newCreateCommand(cli), tc.args...)
			assert.Assert(t, err != nil)
			line, _, _ := strings.Cut(err.Error(), "\n")
			assert.Equal(t, line, tc.want)
			assert.Equal(t, commands.ExitCode(err), tc.code)
		})
	}
}

// current is a service as the engine shows it (insertDefaults=false).
const current = `{"ID":"svcid","Version":{"Index":42},"Spec":{"Name":"web","Labels":{"a":"1"},
	"TaskTemplate":{"ContainerSpec":{"Image":"bb:latest","Args":["sleep","600"],"Env":["Z=1","M=2"],
		"Init":false,"DNSConfig":{"Nameservers":["9.9.9.9"],"Search":["b.com"]},"Isolation":"default",
		"Mounts":[{"Type":"tmpfs","Target":"/z"}],"CapabilityAdd":["CAP_NET_ADMIN"],"Hosts":["1.1.1.1 zz"]},
		"Resources":{"Limits":{},"Reservations":{}},"Placement":{"Constraints":["node.role!=x","node.role==worker"]},
		"ForceUpdate":2,"Runtime":"container"},
	"Mode":{"Replicated":{"Replicas":1}},
	"EndpointSpec":{"Mode":"vip","Ports":[{"Protocol":"tcp","TargetPort":80,"PublishedPort":8101,"PublishMode":"ingress"}]}}}`

// The spec sent back is the engine's with the flags' changes, as docker 28 made them
// from the same service.
func TestUpdateBody(t *testing.T) {
	e := fakeengine.New(t)
	e.APIVersion = "1.41"
	e.Expect("GET", "/services/web").Query("insertDefaults", "false").Reply(200, current)
	e.Expect("POST", "/services/svcid/update").Query("version", "42").Query("registryAuthFrom", "spec").
		JSONBody(json.RawMessage(`{"Name":"web","Labels":{"k":"v"},
	"TaskTemplate":{"ContainerSpec":{"Image":"bb:latest","Args":["sleep","5"],"Env":["M=3","B=1"],
		"Init":true,"DNSConfig":{"Nameservers":["8.8.8.8"],"Search":["a.com","b.com"]},"Isolation":"default",
		"Mounts":[{"Type":"tmpfs","Target":"/a"}],"CapabilityAdd":["CAP_SYS_ADMIN"],"Hosts":["2.2.2.2 aa"]},
		"Resources":{"Limits":{"NanoCPUs":1000000000},"Reservations":{}},
		"RestartPolicy":{"Condition":"none","Delay":5000000000,"MaxAttempts":0},
		"Placement":{"Constraints":["node.id!=q","node.role==worker"]},
		"ForceUpdate":3,"Runtime":"container"},
	"Mode":{"Replicated":{"Replicas":3}},
	"UpdateConfig":{"Parallelism":1,"Delay":3000000000,"FailureAction":"pause","Monitor":5000000000,"MaxFailureRatio":0,"Order":"stop-first"},
	"EndpointSpec":{"Mode":"vip","Ports":[{"Protocol":"tcp","TargetPort":81,"PublishedPort":8102,"PublishMode":"ingress"}]}}`)).
		Reply(200, `{"Warnings":["w1"]}`)
	cli := clitest.New(t, e.Host())
	assert.NilError(t, clitest.Run(t, newUpdateCommand(cli), "-d", "--env-add", "B=1", "--env-rm", "Z", "--env-add", "M=3",
		"--label-add", "k=v", "--label-rm", "a", "--dns-add", "8.8.8.8", "--dns-rm", "9.9.9.9", "--dns-search-add", "a.com",
		"--mount-add", "type=tmpfs,target=/a", "--mount-rm", "/z", "--cap-drop", "net_admin", "--cap-add", "sys_admin",
		"--host-add", "aa:2.2.2.2", "--host-rm", "zz:1.1.1.1", "--constraint-add", "node.id!=q", "--constraint-rm", "node.role!=x",
		"--publish-add", "8102:81", "--publish-rm", "80", "--args", "sleep 5", "--replicas", "3", "--limit-cpu", "1",
		"--update-delay", "3s", "--restart-condition", "none", "--init", "--force", "web"))
	assert.Equal(t, cli.OutBuf.String(), "web\n")
	assert.Equal(t, cli.ErrBuf.String(), "w1\n")
}

func TestUpdateErrors(t *testing.T) {
	e := fakeengine.New(t)
	e.APIVersion = "1.41"
	e.Expect("GET", "/services/g").Query("insertDefaults", "false").Reply(200, `{"ID":"gid","Spec":{"Mode":{"Global":{}}}}`)
	cli := clitest.New(t, e.Host())
	err := clitest.Run(t, newUpdateCommand(cli), "--replicas", "2", "g")
	assert.Error(t, err, "replicas can only be used with replicated mode")
	err = clitest.Run(t, newUpdateCommand(clitest.New(t, e.Host())), "--rollback", "--image", "x", "g")
	assert.Error(t, err, "other flags may not be combined with --rollback")
}

func TestScaleAndRollback(t *testing.T) {
	e := fakeengine.New(t)
	e.APIVersion = "1.41"
	e.Expect("GET", "/services/web").Query("insertDefaults", "false").Reply(200, current).Times(2)
	e.Expect("POST", "/services/svcid/update").Query("version", "42").NoQuery("registryAuthFrom").NoQuery("rollback").
		BodyField("Mode.Replicated.Replicas", 5).Reply(200, `{}`)
	e.Expect("POST", "/services/svcid/update").Query("version", "42").Query("rollback", "previous").NoQuery("registryAuthFrom").
		BodyField("Mode.Replicated.Replicas", 1).Reply(200, `{}`)
	cli := clitest.New(t, e.Host())
	assert.NilError(t, clitest.Run(t, newScaleCommand(cli), "-d", "web=5"))
	assert.Equal(t, cli.OutBuf.String(), "web scaled to 5\n")
	cli = clitest.New(t, e.Host())
	assert.NilError(t, clitest.Run(t, newRollbackCommand(cli), "-d", "web"))
	assert.Equal(t, cli.OutBuf.String(), "web\n")
}

// Each bad pair is named by its service; the good ones are still scaled.
func TestScaleErrors(t *testing.T) {
	e := fakeengine.New(t)
	e.APIVersion = "1.41"
	e.Expect("GET", "/services/g").Query("insertDefaults", "false").Reply(200, `{"ID":"gid","Spec":{"Mode":{"Global":{}}}}`)
	e.Expect("GET", "/services/nosuch").ReplyError(404, "service nosuch not found")
	cli := clitest.New(t, e.Host())
	err := clitest.Run(t, newScaleCommand(cli), "-d", "a=x", "g=2", "nosuch=1")
	assert.Error(t, err, `a: invalid replicas value x: strconv.ParseUint: parsing "x": invalid syntax`+"\n"+
		"g: scale can only be used with replicated or replicated-job mode\n"+
		"nosuch: Error response from daemon: service nosuch not found")
	err = clitest.Run(t, newScaleCommand(clitest.New(t, e.Host())), "web")
	line, _, _ := strings.Cut(err.Error(), "\n")
	assert.Equal(t, line, "invalid scale specifier 'web'.")
}

// convergingEngine answers a service of one replica whose task runs, watched for 1ms.
func convergingEngine(t *testing.T) *fakeengine.Engine {
	e := fakeengine.New(t)
	e.APIVersion = "1.41"
	one := uint64(1)
	svc := swarm.Service{ID: "svcid", Spec: swarm.ServiceSpec{Mode: swarm.ServiceMode{Replicated: &swarm.ReplicatedService{Replicas: &one}},
		UpdateConfig: &swarm.UpdateConfig{Monitor: time.Millisecond}}}
	e.Expect("GET", "/services/svcid").Query("insertDefaults", "false").Reply(200, svc).AnyTimes()
	task := swarm.Task{ID: "t1", Slot: 1, DesiredState: swarm.TaskStateRunning, Status: swarm.TaskStatus{State: swarm.TaskStateRunning}}
	e.Expect("GET", "/tasks").Query("filters", `{"_up-to-date":{"true":true},"service":{"svcid":true}}`).Reply(200, []swarm.Task{task}).AnyTimes()
	return e
}

// Through a pipe, docker prints the lines without a bar and leaves out the task lines
// that carry one; the countdown lasts the update monitor period.
func TestProgressPlain(t *testing.T) {
	e := convergingEngine(t)
	cli := clitest.New(t, e.Host())
	assert.NilError(t, WaitConverged(t.Context(), cli, "svcid", "web", false))
	assert.Equal(t, cli.OutBuf.String(), "overall progress: 0 out of 1 tasks\n1/1:  \noverall progress: 1 out of 1 tasks\n"+
		"verify: Waiting 1 seconds to verify that tasks are stable...\nverify: Service web converged\n")
}

// On a terminal each ID keeps its line, redrawn in place with docker 28's escapes.
func TestProgressTerminal(t *testing.T) {
	e := convergingEngine(t)
	cli := clitest.New(t, e.Host(), clitest.Options{Terminal: true})
	assert.NilError(t, WaitConverged(t.Context(), cli, "svcid", "web", false))
	assert.Equal(t, cli.OutBuf.String(), "\n\x1b[1A\x1b[2K\roverall progress: 0 out of 1 tasks \r\x1b[1B"+
		"\n\x1b[1A\x1b[2K\r1/1:   \r\x1b[1B"+
		"\x1b[1A\x1b[2K\r1/1: running   \r\x1b[1B"+
		"\x1b[2A\x1b[2K\roverall progress: 1 out of 1 tasks \r\x1b[2B"+
		"\n\x1b[1A\x1b[2K\rverify: Waiting 1 seconds to verify that tasks are stable... \r\x1b[1B"+
		"\x1b[1A\x1b[2K\rverify: Service web converged \r\x1b[1B")
}

// With -q nothing is drawn, but the command still waits.
func TestProgressQuiet(t *testing.T) {
	e := convergingEngine(t)
	cli := clitest.New(t, e.Host())
	assert.NilError(t, WaitConverged(t.Context(), cli, "svcid", "web", true))
	assert.Equal(t, cli.OutBuf.String(), "")
}

// A paused update ends the wait with docker's error.
func TestProgressPaused(t *testing.T) {
	e := fakeengine.New(t)
	e.APIVersion = "1.41"
	e.Expect("GET", "/services/svcid").Reply(200, `{"ID":"svcid","UpdateStatus":{"State":"paused","Message":"update paused due to failure"}}`)
	cli := clitest.New(t, e.Host())
	err := WaitConverged(t.Context(), cli, "svcid", "web", false)
	assert.Error(t, err, "service update paused: update paused due to failure")
}

func TestSplitWords(t *testing.T) {
	for in, want := range map[string][]string{
		`sh -c "echo a b"`: {"sh", "-c", "echo a b"},
		`a 'b c' d\ e`:     {"a", "b c", "d e"},
		`  `:               nil,
	} {
		got, err := splitWords(in)
		assert.NilError(t, err)
		assert.DeepEqual(t, got, want)
	}
	_, err := splitWords(`"open`)
	assert.ErrorContains(t, err, "EOF found when expecting closing quote")
}

// update --rollback asks for the previous spec, sending the current one back with
// registryAuthFrom=spec as docker 28 does.
func TestUpdateRollback(t *testing.T) {
	e := fakeengine.New(t)
	e.APIVersion = "1.41"
	e.Expect("GET", "/services/web").Query("insertDefaults", "false").Reply(200, current)
	e.Expect("POST", "/services/svcid/update").Query("version", "42").Query("rollback", "previous").
		Query("registryAuthFrom", "spec").BodyField("TaskTemplate.ForceUpdate", 2).Reply(200, `{}`)
	cli := clitest.New(t, e.Host())
	assert.NilError(t, clitest.Run(t, newUpdateCommand(cli), "-d", "--rollback", "web"))
	assert.Equal(t, cli.OutBuf.String(), "web\n")
}
