package imagebuild

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/opts"
	"github.com/skiff-cli/skiff/completion"
	"github.com/skiff-cli/skiff/formatter"
	"github.com/skiff-cli/skiff/imageref"
)

// buildOptions are the flags of docker build (the classic builder's set, as docker 28
// shows it without buildx).
type buildOptions struct {
	spec         string
	file         string
	tags         *opts.ListOpts
	buildArgs    *opts.ListOpts
	labels       *opts.ListOpts
	extraHosts   *opts.ListOpts
	cacheFrom    []string
	securityOpt  []string
	ulimits      *opts.UlimitOpt
	target       string
	network      string
	platform     string
	isolation    string
	cgroupParent string
	cpusetCPUs   string
	cpusetMems   string
	iidfile      string
	shmSize      opts.MemBytes
	memory       opts.MemBytes
	memorySwap   opts.MemSwapBytes
	cpuShares    int64
	cpuPeriod    int64
	cpuQuota     int64
	quiet        bool
	noCache      bool
	pull         bool
	rm           bool
	forceRm      bool
	squash       bool
	compress     bool
	untrusted    bool
}

// NewBuildCommand returns docker build; docker image build and docker builder build
// are the same command under another parent.
func NewBuildCommand(cli commands.Cli) *cobra.Command {
	o := &buildOptions{
		tags:       opts.NewListOpts(validateTag),
		buildArgs:  opts.NewListOpts(opts.ValidateEnv),
		labels:     opts.NewListOpts(opts.ValidateLabel),
		extraHosts: opts.NewListOpts(opts.ValidateExtraHost),
		ulimits:    opts.NewUlimitOpt(),
	}
	cmd := &cobra.Command{
		Use:               "build [OPTIONS] PATH | URL | -",
		Short:             "Build an image from a Dockerfile",
		Args:              commands.ExactArgs(1),
		ValidArgsFunction: completion.Dirs,
		Annotations: map[string]string{
			"aliases": "docker image build, docker build, docker builder build",
			// without buildx, docker 28 speaks of the legacy builder first (help too)
			commands.AnnotationLegacyBuilder: "true",
			// a build can take long: the first SIGINT/SIGTERM cancels it
			commands.AnnotationWaits: "true",
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			o.spec = args[0]
			return runBuild(cmd.Context(), cli, o)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.VarP(o.tags, "tag", "t", `Name (and optionally a tag) to give the image, "name:tag"`)
		flags.Var(o.buildArgs, "build-arg", "Set a build-time variable (ARG): NAME=value, or NAME to take it from the environment")
		flags.StringVarP(&o.file, "file", "f", "", `Dockerfile to use (Default is "PATH/Dockerfile")`)
		flags.StringVar(&o.target, "target", "", "Build up to this stage of a multi-stage Dockerfile.")
		flags.Var(o.labels, "label", "Add metadata (a label) to the image")
		flags.BoolVarP(&o.quiet, "quiet", "q", false, "Print nothing but the image ID, once built")
		flags.BoolVar(&o.noCache, "no-cache", false, "Run every step again, without the build cache")
		flags.BoolVar(&o.pull, "pull", false, "Always try to pull a newer version of the base images")
		flags.StringVar(&o.iidfile, "iidfile", "", "Write the built image's ID to this file")
		flags.StringVar(&o.network, "network", "default", "Network mode of the containers that RUN instructions run in")
		commands.RequiresAPI(flags, "network", "1.25")
		flags.Var(o.extraHosts, "add-host", `Add a host-to-IP mapping ("host:ip") for RUN`)
		flags.StringVar(&o.platform, "platform", os.Getenv("DOCKER_DEFAULT_PLATFORM"),
			"Platform to build for, when the server supports several")
		commands.RequiresAPI(flags, "platform", "1.38")
		flags.BoolVar(&o.rm, "rm", true, "Remove the intermediate containers once the build succeeds")
		flags.BoolVar(&o.forceRm, "force-rm", false, "Remove the intermediate containers, even when the build fails")
		flags.StringSliceVar(&o.cacheFrom, "cache-from", nil, "Images whose layers the build cache may reuse")
		flags.Var(&o.shmSize, "shm-size", `Size of "/dev/shm" in RUN containers`)
		flags.Var(o.ulimits, "ulimit", "Resource limits of RUN containers")
		flags.StringVar(&o.isolation, "isolation", "", "Isolation technology of RUN containers")
		flags.StringVar(&o.cpusetCPUs, "cpuset-cpus", "", "CPUs RUN containers may use (0-3, 0,1)")
		flags.StringVar(&o.cpusetMems, "cpuset-mems", "", "Memory nodes RUN containers may use (0-3, 0,1)")
		flags.Int64VarP(&o.cpuShares, "cpu-shares", "c", 0, "CPU shares (relative weight) of RUN containers")
		flags.Int64Var(&o.cpuPeriod, "cpu-period", 0, "CPU CFS (Completely Fair Scheduler) period of RUN containers")
		flags.Int64Var(&o.cpuQuota, "cpu-quota", 0, "CPU CFS (Completely Fair Scheduler) quota of RUN containers")
		flags.VarP(&o.memory, "memory", "m", "Memory limit of RUN containers")
		flags.Var(&o.memorySwap, "memory-swap", "Memory plus swap limit of RUN containers: -1 for unlimited swap")
		flags.StringSliceVar(&o.securityOpt, "security-opt", nil, "Security options of RUN containers")
		flags.StringVar(&o.cgroupParent, "cgroup-parent", "", `Parent cgroup of the "RUN" containers`)
		flags.BoolVar(&o.squash, "squash", false, "Squash the new layers into one (experimental daemons only)")
		// experimental: docker lists it only when it cannot tell that the daemon is not
		// experimental, and skiff's help never asks the daemon
		flags.Lookup("squash").Hidden = true
		flags.BoolVar(&o.compress, "compress", false, "Send the build context gzip-compressed")
		flags.BoolVar(&o.untrusted, "disable-content-trust", !commands.ContentTrustEnv(), "Do not verify the base images")
		commands.CompleteFlag(cmd, "platform", completion.Platforms())
	})
	return cmd
}

// validateTag checks a -t value as docker does: a reference it can parse, taken as
// typed (the engine normalises it).
func validateTag(v string) (string, error) {
	if _, err := imageref.Parse(v); err != nil {
		return "", err
	}
	return v, nil
}

// errNoSquash is docker's answer to --squash on a daemon without experimental features.
var errNoSquash = errors.New(`"--squash" is only supported on a Docker daemon with experimental features enabled`)

// runBuild builds as docker 28's classic builder does: the context streamed up with its
// "Sending build context" line, the engine's stream drawn on stdout, errors in the
// stream exiting with the code the engine gives (1 when none); -q keeps all of that
// aside and prints only what the engine then streams (the image ID), or everything on
// stderr when the build fails.
func runBuild(ctx context.Context, cli commands.Cli, o *buildOptions) error {
	if err := commands.CheckContentTrust(o.untrusted); err != nil {
		return err
	}
	c, err := cli.Client()
	if err != nil {
		return err
	}
	if o.squash {
		p, err := c.Ping(ctx)
		if err != nil {
			return err
		}
		if !p.Experimental {
			return errNoSquash
		}
	}
	if err := removeIIDFile(o.iidfile); err != nil {
		return err
	}
	out := newBuildOutput(cli, o.quiet)
	bctx, err := OpenContext(ctx, ContextOptions{
		Spec: o.spec, Dockerfile: o.file, Stdin: cli.In(), Progress: out.progress(), Warnings: cli.Err(),
	})
	if err != nil {
		return err
	}
	defer bctx.Body.Close()
	if o.platform != "" {
		// the default from DOCKER_DEFAULT_PLATFORM escapes the flag's check; the
		// request's own check words it so
		if c.Negotiate(ctx) == nil && client.VersionLess(c.ClientVersion(), "1.32") {
			return fmt.Errorf(`"platform" requires API version 1.32, but the Docker daemon API version is %s`, c.ClientVersion())
		}
	}
	// a credential store that cannot list its credentials leaves none to send: docker
	// builds all the same, saying nothing
	auths, err := cli.ConfigFile().GetAllAuths(ctx, cli.Err())
	if err != nil {
		auths = nil
	}
	bopts := o.engineOptions(bctx.Dockerfile)
	// config.json's proxies for this daemon, as docker 28 passes them: build arguments
	// the --build-arg flags did not set
	cli.ConfigFile().AddProxyBuildArgs(c.Host(), bopts.BuildArgs)
	bopts.AuthConfigs = make(map[string]client.RegistryAuth, len(auths))
	for k, a := range auths {
		bopts.AuthConfigs[k] = client.RegistryAuth(a)
	}
	var body io.Reader = bctx.Body
	if o.compress {
		zr := gzipStream(body)
		defer zr.Close()
		body = zr
	}
	// a remote archive relayed as it downloads has had its progress drawn already:
	// docker prints no "Sending build context" line for it
	if !bctx.Streamed {
		body = out.uploadProgress(body)
	}
	stream, err := c.ImageBuild(ctx, body, bopts)
	if err != nil {
		return out.fail(err)
	}
	defer stream.Close()
	id, err := out.render(stream)
	if err != nil {
		return out.fail(buildStreamError(err))
	}
	if o.quiet {
		id = out.quietResult()
	}
	if o.iidfile == "" {
		return nil
	}
	if id == "" {
		return fmt.Errorf("Server did not provide an image ID. Cannot write %s", o.iidfile) //nolint:staticcheck // docker's words
	}
	return writeIIDFile(o.iidfile, id)
}

// engineOptions turns the flags into the request's parameters.
func (o *buildOptions) engineOptions(dockerfile string) client.ImageBuildOptions {
	return client.ImageBuildOptions{
		Tags:         o.tags.GetAll(),
		Dockerfile:   dockerfile,
		BuildArgs:    buildArgs(o.buildArgs.GetAll()),
		Labels:       labels(o.labels.GetAll()),
		Target:       o.target,
		Quiet:        o.quiet,
		NoCache:      o.noCache,
		Pull:         o.pull,
		KeepInterim:  !o.rm,
		ForceRemove:  o.forceRm,
		NetworkMode:  o.network,
		ExtraHosts:   o.extraHosts.GetAll(),
		Platform:     o.platform,
		CacheFrom:    o.cacheFrom,
		ShmSize:      o.shmSize.Value(),
		Ulimits:      o.ulimits.GetList(),
		Isolation:    o.isolation,
		CPUSetCPUs:   o.cpusetCPUs,
		CPUSetMems:   o.cpusetMems,
		CPUShares:    o.cpuShares,
		CPUPeriod:    o.cpuPeriod,
		CPUQuota:     o.cpuQuota,
		Memory:       o.memory.Value(),
		MemorySwap:   o.memorySwap.Value(),
		Squash:       o.squash,
		SecurityOpt:  o.securityOpt,
		CgroupParent: o.cgroupParent,
	}
}

// buildArgs maps --build-arg values: NAME=value, or a NAME the environment did not set
// (ValidateEnv already took the set ones from it), which the engine gets as null. A
// later value for a name wins.
func buildArgs(values []string) map[string]*string {
	m := make(map[string]*string, len(values))
	for _, v := range values {
		k, val, ok := strings.Cut(v, "=")
		if !ok {
			m[k] = nil
			continue
		}
		m[k] = &val
	}
	return m
}

// labels maps --label values; a name alone is an empty label.
func labels(values []string) map[string]string {
	m := make(map[string]string, len(values))
	for _, v := range values {
		k, val, _ := strings.Cut(v, "=")
		m[k] = val
	}
	return m
}

// buildStreamError words an error of the build's stream as docker does: the engine's
// message with its code as exit status (1 when it gives none), a malformed stream as
// the decoder words it.
func buildStreamError(err error) error {
	var jerr *client.JSONMessageError
	if errors.As(err, &jerr) {
		code := jerr.Code
		if code == 0 {
			code = 1
		}
		return commands.StatusError{Status: jerr.Message, StatusCode: code}
	}
	var derr *client.DecodeError
	if errors.As(err, &derr) {
		return derr.Err
	}
	return err
}

// render draws the stream and returns the image ID the engine announced (aux).
func (b *buildOutput) render(stream io.Reader) (id string, err error) {
	w := b.streamWriter()
	err = formatter.RenderProgress(client.NewJSONMessageDecoder(stream), w, formatter.ProgressOptions{
		Terminal: b.terminal,
		Width:    b.width,
		Aux: func(m client.JSONMessage) {
			if a := auxID(m); a != "" {
				id = a
			}
		},
	})
	return id, err
}
