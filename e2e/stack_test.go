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
	"time"
)

// writeCompose writes the named files into a new folder and returns its path.
func writeCompose(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestStackConfig compares stack config (no engine needed) over many files: each key of
// the format, merges of several files, interpolation and its escapes, stdin.
func TestStackConfig(t *testing.T) {
	t.Parallel()
	dir := writeCompose(t, map[string]string{
		"s.txt": "secret\n",
		"env1":  "E1=x\n# comment\nE2=y\n",
		"full.yml": `version: "3.13"
x-top: 1
services:
  web:
    working_dir: /w
    volumes:
      - data:/data:ro
      - /tmp:/host
      - ./rel:/rel
      - /anon
      - type: tmpfs
        target: /t
        tmpfs:
          size: 1000
    user: nobody
    ulimits:
      nproc: 65535
      nofile:
        soft: 20000
        hard: 40000
    tty: true
    tmpfs: /run
    sysctls:
      - net.core.somaxconn=1024
    stop_signal: SIGUSR1
    stop_grace_period: 90s
    stdin_open: true
    shm_size: 64m
    secrets:
      - s1
      - source: s1
        target: /x
        uid: "1"
        mode: 0400
    read_only: true
    ports: ["1000-1001:2000-2001/udp", "3000", "127.0.0.1:4000:4000", {target: 81, published: 8081, mode: host}]
    networks:
      back:
        aliases: [a1]
      default:
    logging:
      driver: json-file
      options:
        max-size: 1m
    labels: [l1=v1, l2]
    init: true
    image: bb:${TAG:-latest}
    hostname: h
    healthcheck:
      test: echo hi
      timeout: 2s
      retries: 3
      start_period: 1s
    extra_hosts: ["somehost:1.2.3.4"]
    environment:
      Z: 1
      "Y":
      FROM_ENV: ${FROM_ENV}
      ESC: $$HOME
    env_file: env1
    entrypoint: /bin/sh -c "echo 'hi there'"
    dns: 8.8.8.8
    deploy:
      mode: replicated
      replicas: 2
      endpoint_mode: vip
      labels: {a: b}
      update_config:
        parallelism: 2
        delay: 10s
        order: start-first
      resources:
        limits:
          cpus: "0.5"
          memory: 50M
        reservations:
          memory: 1G
      restart_policy:
        condition: on-failure
        window: 120s
      placement:
        constraints: [node.role==manager]
        preferences:
          - spread: node.labels.zone
    configs: [c1]
    command: sleep 100000
    cap_add: [ALL]
    x-foo: bar
  db:
    image: bb
networks:
  back:
    driver: overlay
    attachable: true
    labels: [x=y]
  ext:
    external: true
    name: realname
volumes:
  data:
    driver: local
    labels: {a: b}
secrets:
  s1:
    file: ./s.txt
  s2:
    external: true
configs:
  c1:
    file: ./s.txt
`,
		"base.yml": `services:
  web:
    image: bb
    command: a b
    ports: ["80:80"]
    environment: [A=1, B=2]
    volumes: ["/a:/data", "/b:/other"]
    secrets: [s1]
    dns: [1.1.1.1]
    deploy:
      replicas: 2
      placement:
        constraints: [a==b]
      resources:
        limits: {cpus: "1"}
secrets:
  s1: {file: ./s.txt}
networks:
  n1: {driver: overlay}
`,
		"over.yml": `services:
  web:
    command: c
    ports: ["81:81"]
    environment: {B: 3, C: 4}
    volumes: ["/c:/data"]
    secrets: [s2]
    dns: [8.8.8.8]
    deploy:
      placement:
        constraints: [c==d]
      resources:
        limits: {memory: 10M}
  new:
    image: bb
secrets:
  s2: {file: ./s.txt}
networks:
  n1: {labels: [a=b]}
`,
		"v38.yml":    "version: \"3.8\"\nservices:\n  web:\n    image: bb\n",
		"interp.yml": "services:\n  web:\n    image: \"bb:${TAG}\"\n    environment:\n      - A=${A:-da}\n      - B=${B-db}\n      - C=$C$A\n      - D=${UNSET_X}\n",
		// empty sections docker leaves out (deploy, its resources and placement) or keeps
		// (restart_policy, update_config), and an external network's name filled in
		"empty.yml": "version: \"3.8\"\nservices:\n  a:\n    image: bb\n    deploy: {}\n  b:\n    image: bb\n    deploy: {labels: {}, resources: {}, placement: {constraints: []}}\n" +
			"  c:\n    image: bb\n    deploy: {restart_policy: {}, update_config: {}, resources: {limits: {}}}\nnetworks:\n  n1:\n    external: true\n",
	})
	p := func(name string) string { return filepath.Join(dir, name) }
	env := []string{"TAG=1.0", "FROM_ENV=from-env", "A=", "C=c"}
	for _, args := range [][]string{
		{"-c", p("full.yml")},
		{"--compose-file", p("full.yml"), "--skip-interpolation"},
		{"-c", p("base.yml"), "-c", p("over.yml")},
		{"-c", p("base.yml") + "," + p("over.yml")},
		{"-c", p("over.yml"), "-c", p("base.yml")},
		{"-c", p("interp.yml")},
		{"-c", p("interp.yml"), "--skip-interpolation"},
		{"-c", p("v38.yml")},
		{"-c", p("v38.yml"), "-c", p("base.yml")},
		{"-c", p("empty.yml")},
	} {
		CompareEnv(t, env, "", append([]string{"stack", "config"}, args...)...)
	}
	CompareEnv(t, env, "services:\n  web:\n    image: bb:${TAG}\n", "stack", "config", "-c", "-")
}

// stackErrorCases are files docker 28 refuses, with its first stderr line noted.
var stackErrorCases = map[string]string{
	"syntax":       "services:\n  web:\n    image: bb\n   bad: [\n",                            // yaml: line 1: did not find expected key
	"syntax2":      "services:\n  web:\n    image: bb\n  bad: [\n",                             // yaml: line 4: did not find expected node content
	"tab":          "services:\n  web:\n\timage: bb\n",                                         // yaml: line 3: found character that cannot start any token
	"empty":        "",                                                                         // top-level object must be a mapping
	"scalar":       "foo\n",                                                                    // top-level object must be a mapping
	"topkey":       "services:\n  web:\n    image: bb\nfoo: 1\n",                               // (root) Additional property foo is not allowed
	"svckey":       "services:\n  web:\n    image: bb\n    foo: 1\n",                           // services.web Additional property foo is not allowed
	"netkey":       "services:\n  web:\n    image: bb\nnetworks:\n  n:\n    foo: 1\n",          // networks.n Additional property foo is not allowed
	"svcname":      "services:\n  \"a b\":\n    image: bb\n",                                   // services Additional property a b is not allowed
	"replicas":     "services:\n  web:\n    image: bb\n    deploy:\n      replicas: \"x\"\n",   // services.web.deploy.replicas must be a integer
	"negreplicas":  "services:\n  web:\n    image: bb\n    deploy:\n      replicas: -1\n",      // decoding failed due to the following error(s):
	"interval":     "services:\n  web:\n    image: bb\n    healthcheck:\n      interval: 10\n", // services.web.healthcheck.interval must be a string
	"command":      "services:\n  web:\n    image: bb\n    command: 1\n",                       // services.web.command must be a string
	"tty":          "services:\n  web:\n    image: bb\n    tty: \"yes\"\n",                     // services.web.tty must be a boolean
	"environment":  "services:\n  web:\n    image: bb\n    environment: 1\n",                   // services.web.environment must be a mapping
	"envvalue":     "services:\n  web:\n    image: bb\n    environment:\n      A: [1]\n",       // services.web.environment.A must be a string, number or null
	"ports":        "services:\n  web:\n    image: bb\n    ports: \"80\"\n",                    // services.web.ports must be a list
	"portformat":   "services:\n  web:\n    image: bb\n    ports:\n    - \"a:b\"\n",            // services.web.ports.0 Does not match format 'ports'
	"servicestr":   "services:\n  web: foo\n",                                                  // services.web must be a mapping
	"servicenull":  "services:\n  web:\n",                                                      // services.web must be a mapping
	"servicesnull": "services:\n",                                                              // services must be a mapping
	"networksnull": "services:\n  web:\n    image: bb\nnetworks:\n",                            // networks must be a mapping
	"required":     "services:\n  web:\n    image: bb:${X_UNSET_REQ:?required}\n",              // invalid interpolation format for services.web.image: "required variable ...
	"badinterp":    "services:\n  web:\n    image: \"bb:${\"\n",                                // invalid interpolation format for services.web.image: "bb:${"; ...
	"plusinterp":   "services:\n  web:\n    image: \"bb:${A:+x}\"\n",                           // invalid interpolation format ...
	"version2":     "version: \"2\"\nservices:\n  web:\n    image: bb\n",                       // unsupported Compose file version: 2
	"version4":     "version: \"4.0\"\nservices:\n  web:\n    image: bb\n",                     // unsupported Compose file version: 4.0
	"version314":   "version: \"3.14\"\nservices:\n  web:\n    image: bb\n",                    // unsupported Compose file version: 3.14
	"versionint":   "version: 3\nservices:\n  web:\n    image: bb\n",                           // version must be a string
	// keys newer than the file's version, and refusals of the schema whatever the version
	"v30configs":   "version: \"3.0\"\nservices:\n  web:\n    image: bb\nconfigs:\n  c:\n    file: ./a\n",                               // (root) Additional property configs is not allowed
	"v33xtop":      "version: \"3.3\"\nx-a: 1\nservices:\n  web:\n    image: bb\n",                                                      // (root) Additional property x-a is not allowed
	"v36init":      "version: \"3.6\"\nservices:\n  web:\n    image: bb\n    init: true\n",                                              // services.web Additional property init is not allowed
	"v36rollback":  "version: \"3.6\"\nservices:\n  web:\n    image: bb\n    deploy:\n      rollback_config:\n        parallelism: 1\n", // services.web.deploy Additional property rollback_config is not allowed
	"v31longport":  "version: \"3.1\"\nservices:\n  web:\n    image: bb\n    ports:\n    - target: 80\n",                                // services.web.ports.0 must be a string or number
	"v34netname":   "version: \"3.4\"\nservices:\n  web:\n    image: bb\nnetworks:\n  n:\n    name: x\n",                                // networks.n Additional property name is not allowed
	"v37secretdrv": "version: \"3.7\"\nservices:\n  web:\n    image: bb\nsecrets:\n  s:\n    driver: d\n",                               // secrets.s Additional property driver is not allowed
	"v311interval": "version: \"3.11\"\nservices:\n  web:\n    image: bb\n    healthcheck:\n      start_interval: 1s\n",                 // services.web.healthcheck Additional property start_interval is not allowed
	"xdeploy":      "services:\n  web:\n    image: bb\n    deploy:\n      x-a: 1\n",                                                     // services.web.deploy Additional property x-a is not allowed
	"hostip":       "services:\n  web:\n    image: bb\n    ports:\n    - target: 80\n      host_ip: 1.2.3.4\n",                          // services.web.ports.0 Additional property host_ip is not allowed
	"forbidden":    "services:\n  web:\n    image: bb\n    mem_limit: 1m\n",                                                             // Configuration contains forbidden properties
	"deepest":      "x-a: 1\nfoo: 1\nservices:\n  web:\n    image: bb\n    tty: 1\n",                                                    // services.web.tty must be a boolean
	"duration":     "services:\n  web:\n    image: bb\n    stop_grace_period: 1d\n",                                                     // services.web.stop_grace_period Does not match format 'duration'
	"order":        "services:\n  web:\n    image: bb\n    deploy:\n      update_config:\n        order: x\n",                           // ... must be one of the following: "start-first", "stop-first"
	"voltype":      "services:\n  web:\n    image: bb\n    volumes:\n    - target: /v\n",                                                // services.web.volumes.0 type is required
}

// TestStackConfigErrors compares the refusals of invalid files (exit 1 and docker's
// first line), of a missing file, of no file and of two versions.
func TestStackConfigErrors(t *testing.T) {
	t.Parallel()
	files := map[string]string{"v38.yml": "version: \"3.8\"\nservices:\n  web:\n    image: bb\n", "nover.yml": "services:\n  web:\n    image: bb\n"}
	for name, content := range stackErrorCases {
		files[name+".yml"] = content
	}
	dir := writeCompose(t, files)
	for name := range stackErrorCases {
		Compare(t, "stack", "config", "-c", filepath.Join(dir, name+".yml"))
	}
	Compare(t, "stack", "config", "-c", filepath.Join(dir, "v38.yml"), "-c", filepath.Join(dir, "nover.yml"))
	Compare(t, "stack", "config", "-c", filepath.Join(dir, "missing.yml"))
	Compare(t, "stack", "config")
	Compare(t, "stack", "config", "extra")
}

// stackName is a short unique stack name (network names are STACK_NET and must stay
// valid DNS labels).
func stackName(t *testing.T) string {
	t.Helper()
	return "sk" + randHex(4)
}

// stackRm removes the stack at the end of the test, with the reference client, and the
// volumes its tasks made on the nodes (stack rm leaves them, as docker's does): each
// can go once its containers are gone, polled with a deadline.
func stackRm(t *testing.T, s SwarmHosts, names ...string) {
	t.Cleanup(func() {
		for _, n := range names {
			Ref(t, "-H", s.Manager, "stack", "rm", n)
		}
		deadline := time.Now().Add(30 * time.Second)
		for _, host := range []string{s.Manager, s.Worker} {
			for _, n := range names {
				for {
					vols := strings.Fields(Ref(t, "-H", host, "volume", "ls", "-q", "-f", "label=com.docker.stack.namespace="+n).Stdout)
					if len(vols) == 0 || Ref(t, append([]string{"-H", host, "volume", "rm"}, vols...)...).Code == 0 {
						break
					}
					if time.Now().After(deadline) {
						t.Logf("volumes %v of stack %s left on %s", vols, n, host)
						break
					}
					time.Sleep(200 * time.Millisecond) // polling the engine with a deadline
				}
			}
		}
	})
}

// stackNorm hides the stack's name and what differs from one deploy to another.
func stackNorm(names ...string) func(string) string {
	ids := regexp.MustCompile(`\b[a-z0-9]{25}\b|\b[a-z0-9]{12}\b`)
	return func(s string) string {
		for _, n := range names {
			s = strings.ReplaceAll(s, n, "<STACK>")
		}
		return ids.ReplaceAllString(s, "<ID>")
	}
}

// sortFileRefs sorts a service spec's secret and config references by file name: docker
// sends them in an order of its own that changes from one deploy to the next (observed:
// "s1 other aaa", then "other aaa s1", for the same file).
func sortFileRefs(t *testing.T, spec string) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(spec), &m); err != nil {
		t.Fatalf("service spec: %v: %q", err, spec)
	}
	sortSpecFileRefs(m)
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// sortSpecFileRefs is sortFileRefs on a decoded spec (service create and update bodies
// too: docker resolves the names through a map).
func sortSpecFileRefs(spec map[string]any) {
	tt, _ := spec["TaskTemplate"].(map[string]any)
	cs, _ := tt["ContainerSpec"].(map[string]any)
	for _, key := range []string{"Secrets", "Configs"} {
		refs, _ := cs[key].([]any)
		name := func(i int) string {
			f, _ := refs[i].(map[string]any)["File"].(map[string]any)
			n, _ := f["Name"].(string)
			return n
		}
		sort.SliceStable(refs, func(i, j int) bool { return name(i) < name(j) })
	}
}

func sortedLines(s string) string {
	l := strings.Split(strings.TrimRight(s, "\n"), "\n")
	sort.Strings(l)
	return strings.Join(l, "\n")
}

// compareStackRuns compares two results of the same command on two stacks (one per client).
func compareStackRuns(t *testing.T, what string, ref, sk Result, norm func(string) string, sortLines bool) {
	t.Helper()
	ro, so := norm(ref.Stdout), norm(sk.Stdout)
	if sortLines {
		ro, so = sortedLines(ro), sortedLines(so)
	}
	if ref.Code != sk.Code || ro != so || norm(ref.FirstErrLine()) != norm(sk.FirstErrLine()) {
		t.Errorf("%s: skiff differs from the reference:\nexit %d / %d\n%s\nstderr ref: %q\nstderr skiff: %q",
			what, ref.Code, sk.Code, Diff("reference", "skiff", ro, so), ref.FirstErrLine(), sk.FirstErrLine())
	}
}

// waitTasks polls until the stack has n running tasks.
func waitTasks(t *testing.T, s SwarmHosts, stack string, n int) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		r := Ref(t, "-H", s.Manager, "stack", "ps", "-f", "desired-state=running", "--format", "{{.CurrentState}}", stack)
		running := 0
		for _, l := range strings.Split(r.Stdout, "\n") {
			if strings.HasPrefix(l, "Running") {
				running++
			}
		}
		if running >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("stack %s: %d of %d tasks running after 60s:\n%s", stack, running, n, r)
		}
		time.Sleep(200 * time.Millisecond) // polling the API with a deadline
	}
}

const stackDeployFile = `version: "3.8"
services:
  web:
    image: bb:latest
    command: sleep 100000
    stop_grace_period: 1s
    entrypoint: ["/bin/sh", "-c", "exec \"$$@\"", "--"]
    environment: [A=1, B]
    env_file: env1
    working_dir: /tmp
    hostname: hh
    labels: {cl: v}
    init: true
    cap_add: [NET_ADMIN]
    dns: [8.8.8.8]
    extra_hosts: ["h:1.2.3.4"]
    sysctls: {net.core.somaxconn: 1024}
    ulimits: {nofile: {soft: 100, hard: 200}}
    healthcheck:
      test: ["CMD", "true"]
      interval: 2s
      retries: 2
    ports:
      - "80"
      - target: 81
        protocol: udp
    volumes:
      - data:/data
      - /tmp:/host:ro
      - type: tmpfs
        target: /t
    secrets:
      - s1
      - source: s1
        target: other
        mode: 0400
    configs: [c1]
    networks:
      back:
        aliases: [al]
    logging:
      driver: json-file
      options: {max-size: 1m}
    deploy:
      replicas: 2
      labels: {dl: v}
      resources:
        limits: {cpus: "0.5", memory: 64M}
        reservations: {memory: 8M}
      restart_policy: {condition: on-failure, delay: 1s, max_attempts: 3}
      update_config: {parallelism: 2, delay: 1s, order: start-first}
      placement: {preferences: [{spread: node.id}]}
  g:
    image: bb:latest
    command: sleep 100000
    stop_grace_period: 1s
    deploy: {mode: global}
networks:
  back:
    driver: overlay
    labels: [nl=1]
    attachable: true
volumes:
  data:
    labels: {vl: 1}
secrets:
  s1: {file: ./s.txt}
configs:
  c1: {file: ./s.txt}
`

// TestStackDeploy deploys the same file as two stacks, one per client, and compares
// what each printed, the services' specs (as the reference inspects them), stack ls,
// services and ps; then an update with --prune, then rm.
func TestStackDeploy(t *testing.T) {
	t.Parallel()
	s := Swarm(t)
	dir := writeCompose(t, map[string]string{
		"s.txt": "secret\n", "env1": "E1=x\n", "stack.yml": stackDeployFile,
		"update.yml": "version: \"3.8\"\nservices:\n  g:\n    image: bb:latest\n    command: sleep 100001\n    stop_grace_period: 1s\n    deploy: {mode: global}\n",
	})
	a, b := stackName(t), stackName(t)
	stackRm(t, s, a, b)
	m := []string{"-H", s.Manager}
	file := filepath.Join(dir, "stack.yml")
	deploy := func(run func(*testing.T, ...string) Result, name string, args ...string) Result {
		return run(t, append(append(append([]string{}, m...), "stack", "deploy", "--resolve-image", "never"), append(args, name)...)...)
	}
	norm := stackNorm(a, b)
	compareStackRuns(t, "stack deploy", deploy(Ref, a, "-c", file), deploy(Skiff, b, "-c", file), norm, true)
	// a second deploy updates every service
	compareStackRuns(t, "stack deploy (update)", deploy(Ref, a, "-c", file, "-d"), deploy(Skiff, b, "-c", file, "-d"), norm, true)

	for _, svc := range []string{"web", "g"} {
		inspect := func(stack string) string {
			r := Ref(t, append(m, "service", "inspect", "--format", "{{json .Spec}}", stack+"_"+svc)...)
			out := regexp.MustCompile(`"(SecretID|ConfigID|Target)":"[a-z0-9]+"`).ReplaceAllString(r.Stdout, `"$1":"<ID>"`)
			return sortFileRefs(t, strings.ReplaceAll(out, stack, "<STACK>"))
		}
		if ra, rb := inspect(a), inspect(b); ra != rb {
			t.Errorf("service %s: specs differ:\n%s", svc, Diff("reference", "skiff", ra, rb))
		}
	}

	ls := func(run func(*testing.T, ...string) Result, format ...string) string {
		r := run(t, append(append(m, "stack", "ls"), format...)...)
		var keep []string
		for _, l := range strings.Split(r.Stdout, "\n") {
			if strings.HasPrefix(l, "NAME") || strings.Contains(l, a) || strings.Contains(l, b) {
				keep = append(keep, l)
			}
		}
		return strings.Join(keep, "\n")
	}
	for _, f := range [][]string{nil, {"--format", "json"}, {"--format", "{{.Name}}: {{.Services}}"}} {
		if r, k := ls(Ref, f...), ls(Skiff, f...); r != k {
			t.Errorf("stack ls %v differs:\n%s", f, Diff("reference", "skiff", r, k))
		}
	}
	Compare(t, append(m, "stack", "ls", "--format", "{{.Foo}}")...)

	waitTasks(t, s, a, 4)
	for _, args := range [][]string{
		{"services", a},
		{"services", "-q", a},
		{"services", "--format", "json", a},
		{"services", "--format", "table {{.Name}}\t{{.Mode}}\t{{.Replicas}}\t{{.Image}}", a},
		{"services", "-f", "mode=global", a},
		{"services", "-f", "name=" + a + "_web", a},
		{"services", "-f", "name=web", a},
		{"services", "--format", "{{.Foo}}", a},
		{"services", "nothing" + a},
		{"ps", "-f", "desired-state=running", "--format", "{{.Name}} {{.Image}} {{.DesiredState}} {{.Error}}", a},
		{"ps", "-f", "desired-state=running", "--format", "{{.Name}} {{.Node}}", "--no-resolve", a},
		{"ps", "-f", "name=web", a},
		{"ps", "--format", "{{.Foo}}", a},
		{"ps", "nothing" + a},
		{"ps"},
		{"services"},
	} {
		CompareWith(t, norm, nil, "", append(append([]string{}, m...), append([]string{"stack"}, args...)...)...)
	}
	// the full listing's rows (order of a slot's tasks aside) and -q
	for _, args := range [][]string{{"ps", a}, {"ps", "--no-trunc", a}, {"ps", "-q", a}} {
		r, k := Ref(t, append(m, append([]string{"stack"}, args...)...)...), Skiff(t, append(m, append([]string{"stack"}, args...)...)...)
		if r.Code != k.Code || len(strings.Split(r.Stdout, "\n")) != len(strings.Split(k.Stdout, "\n")) {
			t.Errorf("stack %v: reference %d rows (exit %d), skiff %d rows (exit %d)\n%s\n%s", args,
				len(strings.Split(r.Stdout, "\n")), r.Code, len(strings.Split(k.Stdout, "\n")), k.Code, r.Stdout, k.Stdout)
		}
	}

	up := filepath.Join(dir, "update.yml")
	compareStackRuns(t, "stack deploy --prune", deploy(Ref, a, "-c", up, "--prune", "-d"), deploy(Skiff, b, "-c", up, "--prune", "-d"), norm, true)
	compareStackRuns(t, "stack rm", Ref(t, append(m, "stack", "rm", a)...), Skiff(t, append(m, "stack", "rm", b)...), norm, true)
}

// TestStackDeployErrors compares deploy's refusals: invalid files, unsupported options,
// a missing external network or secret, a bad flag value; and rm of unknown stacks.
func TestStackDeployErrors(t *testing.T) {
	t.Parallel()
	s := Swarm(t)
	dir := writeCompose(t, map[string]string{
		"extnet.yml":   "services:\n  web:\n    image: bb\n    networks: [n]\nnetworks:\n  n:\n    external: true\n    name: nonet-" + randHex(4) + "\n",
		"extsec.yml":   "services:\n  web:\n    image: bb\n    secrets: [s]\nsecrets:\n  s:\n    external: true\n    name: nosec-" + randHex(4) + "\n",
		"noimage.yml":  "services:\n  web:\n    command: x\n",
		"badimage.yml": "services:\n  web:\n    image: \"bb:${X_UNSET_IMG}\"\n",
		"ok.yml":       "services:\n  web:\n    image: bb\n",
	})
	m := []string{"-H", s.Manager, "stack"}
	a := stackName(t)
	stackRm(t, s, a)
	for name := range stackErrorCases {
		f := filepath.Join(t.TempDir(), name+".yml")
		if err := os.WriteFile(f, []byte(stackErrorCases[name]), 0o644); err != nil {
			t.Fatal(err)
		}
		Compare(t, append(m, "deploy", "--resolve-image", "never", "-c", f, a)...)
	}
	for _, args := range [][]string{
		{"deploy", "--resolve-image", "never", "-c", filepath.Join(dir, "noimage.yml"), a},
		{"deploy", "--resolve-image", "never", "-c", filepath.Join(dir, "badimage.yml"), a},
		{"deploy", "--resolve-image", "never", "-d", "-c", filepath.Join(dir, "extnet.yml"), a},
		{"deploy", "--resolve-image", "never", "-c", filepath.Join(dir, "extnet.yml"), a},
		{"deploy", "--resolve-image", "bogus", "-c", filepath.Join(dir, "ok.yml"), a},
		{"deploy", "--resolve-image", "never", a},
		{"deploy", "-c", filepath.Join(dir, "ok.yml")},
		{"rm", "nothing" + a},
		{"rm", "nothing" + a, "nothing2" + a},
		{"rm"},
	} {
		CompareWith(t, stackNorm(a), nil, "", args2(m, args)...)
	}
	// these create what comes before the failure (and say so): stacks of their own
	for _, file := range []string{"extsec.yml", "undefnet.yml", "unsupported.yml"} {
		b, c := stackName(t), stackName(t)
		stackRm(t, s, b, c)
		f := filepath.Join(dir, file)
		for _, d := range [][]string{{"-d"}, nil} {
			compareStackRuns(t, "deploy "+file,
				Ref(t, args2(m, append([]string{"deploy", "--resolve-image", "never", "-c", f, b}, d...))...),
				Skiff(t, args2(m, append([]string{"deploy", "--resolve-image", "never", "-c", f, c}, d...))...), stackNorm(b, c), false)
		}
	}
}

func args2(a, b []string) []string { return append(append([]string{}, a...), b...) }

// TestStackListings compares stack services and stack ps with docker 28 on a stack the
// reference deploys: jobs and a per-node cap (REPLICAS' annotations), a failing service
// (quoted ERROR, the \_ rows), names that sort as docker's ("web-x" before "web"), and
// -q with --format table (IDs only).
func TestStackListings(t *testing.T) {
	t.Parallel()
	s := Swarm(t)
	dir := writeCompose(t, map[string]string{"stack.yml": `version: "3.8"
services:
  web:
    image: bb:latest
    command: sleep 100000
    stop_grace_period: 1s
    ports: ["80"]
    deploy: {replicas: 2, placement: {max_replicas_per_node: 1}}
  web-x:
    image: bb:latest
    command: sleep 100000
    stop_grace_period: 1s
  fail:
    image: bb:latest
    command: sh -c "exit 3"
    deploy: {restart_policy: {condition: any, delay: 1s, max_attempts: 1}}
  job:
    image: bb:latest
    command: "true"
    deploy: {mode: replicated-job, replicas: 2}
  gjob:
    image: bb:latest
    command: "true"
    deploy: {mode: global-job}
`})
	a := stackName(t)
	stackRm(t, s, a)
	m := []string{"-H", s.Manager, "stack"}
	if r := Ref(t, args2(m, []string{"deploy", "--resolve-image", "never", "-d", "-c", filepath.Join(dir, "stack.yml"), a})...); r.Code != 0 {
		t.Fatalf("stack deploy:\n%s", r)
	}
	deadline := time.Now().Add(time.Minute)
	for {
		r := Ref(t, args2(m, []string{"ps", "--format", "{{.CurrentState}}", a})...)
		l := strings.Split(r.Stdout, "\n")
		if count(l, "Running") == 3 && count(l, "Complete") == 4 && count(l, "Failed") == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("stack %s: not settled in a minute:\n%s", a, r)
		}
		time.Sleep(300 * time.Millisecond) // polling the API with a deadline
	}
	// two runs a second apart may count seconds differently: the words are compared
	seconds := regexp.MustCompile(`\d+ seconds`)
	norm := func(s string) string { return squeezeSpaces(seconds.ReplaceAllString(s, "N seconds")) }
	for _, args := range [][]string{
		{"services", a},
		{"services", "--format", "json", a},
		{"services", "-q", "--format", "table", a},
		{"ps", a},
		{"ps", "--no-trunc", a},
		{"ps", "--format", "json", a},
		{"ps", "--no-resolve", "--format", "table {{.Name}}\t{{.Node}}\t{{.Error}}", a},
		{"ps", "-q", "--format", "table", a},
		{"ps", "-q", a},
	} {
		CompareWith(t, norm, nil, "", args2(m, args)...)
	}
}

// TestStackDeployResolveImage deploys without --resolve-image never, as most users do:
// a short image name ("bb") is sent as docker sends it (bb:latest, the label keeping
// the file's word); on an update docker asks the registry always, or with "changed"
// when the file names another image, and warns on stderr when it cannot (none here);
// a create warns of nothing. Output compared with docker 28's, lines sorted (docker
// writes the services in a random order).
func TestStackDeployResolveImage(t *testing.T) {
	t.Parallel()
	s := Swarm(t)
	svc := "    command: sleep 100000\n    stop_grace_period: 1s\n"
	dir := writeCompose(t, map[string]string{
		"a.yml": "services:\n  short:\n    image: bb\n" + svc + "  long:\n    image: bb:latest\n" + svc,
		"b.yml": "services:\n  short:\n    image: bb:latest\n" + svc + "  long:\n    image: bb:latest\n" + svc,
	})
	a, b := stackName(t), stackName(t)
	stackRm(t, s, a, b)
	norm := stackNorm(a, b)
	both := func(args ...string) {
		t.Helper()
		run := func(who func(*testing.T, ...string) Result, name string) Result {
			return who(t, append(append([]string{"-H", s.Manager, "stack", "deploy", "-d"}, args...), name)...)
		}
		ref, sk := run(Ref, a), run(Skiff, b)
		compareStackRuns(t, strings.Join(args, " "), ref, sk, norm, true)
		if r, k := sortedLines(norm(ref.Stderr)), sortedLines(norm(sk.Stderr)); r != k {
			t.Errorf("stack deploy %v: stderr differs:\n%s", args, Diff("reference", "skiff", r, k))
		}
	}
	both("-c", filepath.Join(dir, "a.yml"))                               // create: no warning
	both("-c", filepath.Join(dir, "a.yml"))                               // update, always: one per service
	both("--resolve-image", "changed", "-c", filepath.Join(dir, "b.yml")) // short's image changed
	both("--resolve-image", "changed", "-c", filepath.Join(dir, "b.yml")) // nothing changed
	for _, name := range []string{"short", "long"} {
		spec := func(stack string) string {
			return Ref(t, "-H", s.Manager, "service", "inspect", "--format",
				"{{.Spec.TaskTemplate.ContainerSpec.Image}} {{index .Spec.Labels \"com.docker.stack.image\"}}", stack+"_"+name).Stdout
		}
		if r, k := spec(a), spec(b); r != k {
			t.Errorf("service %s: image and label %q (docker) vs %q (skiff)", name, r, k)
		}
	}
}
