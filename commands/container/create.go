package container

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/mount"
	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/imagepull"
	"github.com/skiff-cli/skiff/commands/opts"
	"github.com/skiff-cli/skiff/completion"
	"github.com/skiff-cli/skiff/imageref"
)

// createdContainer is what createContainer made.
type createdContainer struct {
	ID         string
	Config     *container.Config
	HostConfig *container.HostConfig
}

func newCreateCommand(cli commands.Cli) *cobra.Command {
	o := newContainerOptions()
	cmd := &cobra.Command{
		Use:               "create [OPTIONS] IMAGE [COMMAND] [ARG...]",
		Short:             "Create a new container",
		Args:              commands.WithAPICheck(cli, commands.RequiresMinArgs(1)),
		ValidArgsFunction: completion.ImageNames(cli),
		Annotations:       map[string]string{"aliases": "docker container create, docker create"},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCreate(cmd.Context(), cli, cmd, o, args)
		},
	}
	cmd.SetFlagErrorFunc(commands.APIFlagError(cli))
	bindContainerFlags(cli, cmd, func(flags *pflag.FlagSet) {
		addCreateFlags(flags, o)
	})
	return cmd
}

func runCreate(ctx context.Context, cli commands.Cli, cmd *cobra.Command, o *containerOptions, args []string) error {
	c, err := createContainer(ctx, cli, o, args)
	if err != nil {
		var inv createInvalidError
		if errors.As(err, &inv) {
			return commands.StatusError{
				// docker names "docker create" also when called as "docker container create"
				Status:     fmt.Sprintf("docker: %s\n\nRun 'docker create --help' for more information", inv.err),
				StatusCode: 125,
			}
		}
		return err
	}
	fmt.Fprintln(cli.Out(), c.ID)
	return nil
}

// createRunError is how `docker run` reports any createContainer error: "docker: " +
// the error, docker's hint, exit code 125 (create itself exits 1 on daemon errors).
func createRunError(cmd *cobra.Command, err error) error {
	if err == nil {
		return nil
	}
	return commands.StatusError{
		Status:     fmt.Sprintf("docker: %s\n\nRun '%s --help' for more information", err, cmd.CommandPath()),
		StatusCode: 125,
		Cause:      err,
	}
}

// createPullError is a failed pull of the missing image; create reports it as is
// (exit 1), run with its "docker: " prefix.
type createPullError struct{ err error }

func (e createPullError) Error() string { return e.err.Error() }
func (e createPullError) Unwrap() error { return e.err }

// createContainer validates and converts the flags, then creates the container:
// with --pull always it pulls first; with missing, a 404 prints docker's "Unable to find
// image" line, pulls and tries again. It writes --cidfile (atomically) and prints the
// engine's warnings on stderr. Validation errors are createInvalidError (create shows
// them as "docker: ..." and exits 125); others are the daemon's or the pull's.
func createContainer(ctx context.Context, cli commands.Cli, o *containerOptions, args []string) (*createdContainer, error) {
	for _, w := range o.mounts.Warnings() {
		// docker logs these through its logger, in its text format.
		fmt.Fprintf(cli.Err(), "time=%q level=warning msg=%q\n", time.Now().Format(time.RFC3339), w)
	}
	switch o.pull {
	case "always", "missing", "never", "": // docker takes "" too, and then never pulls
	default:
		return nil, createInvalid("invalid pull option: '%s': must be one of %q, %q or %q", o.pull, "always", "missing", "never")
	}
	cfgs, err := o.parse(args)
	if err != nil {
		return nil, err
	}
	if err := createCheckImageRef(cfgs.config.Image); err != nil {
		return nil, err
	}
	var platform *ocispec.Platform
	if o.platform != "" {
		p, err := opts.ParsePlatform(o.platform)
		if err != nil {
			return nil, fmt.Errorf("error parsing specified platform: %w", err)
		}
		platform = &p
	}

	for _, d := range cfgs.hostConfig.DNS {
		if d == netip.IPv6Loopback() || (d.Is4() && d.As4()[0] == 127) {
			fmt.Fprintf(cli.Err(), "WARNING: Localhost DNS (%s) may fail in containers.\n", d)
			break
		}
	}

	// docker tells the engine the terminal's size whenever its output is one.
	if cli.Out().IsTerminal() {
		h, w := cli.Out().GetTtySize()
		cfgs.hostConfig.ConsoleSize = [2]uint{h, w}
	}

	var cid *createCIDFile
	if o.cidFile != "" {
		if cid, err = createOpenCIDFile(o.cidFile); err != nil {
			return nil, err
		}
		defer cid.discard()
	}

	cl, err := cli.Client()
	if err != nil {
		return nil, err
	}
	// config.json's proxies for this daemon, as docker 28 sets them: variables the
	// user's -e and --env-file did not name
	cfgs.config.Env = cli.ConfigFile().WithProxyEnv(cl.Host(), cfgs.config.Env)
	if err := o.checkOSFlags(ctx, cl); err != nil {
		return nil, err
	}
	if err := createCheckMountAPI(ctx, cl, cfgs.hostConfig.Mounts); err != nil {
		return nil, err
	}
	var socketCreds []byte
	if o.useAPISocket {
		sock, ok := strings.CutPrefix(cl.Host(), "unix://")
		if !ok {
			return nil, fmt.Errorf("flag --use-api-socket can only be used with unix sockets: docker endpoint %s incompatible", cl.Host())
		}
		cfgs.hostConfig.Mounts = append(cfgs.hostConfig.Mounts, mount.Mount{
			Type: mount.TypeBind, Source: sock, Target: "/var/run/docker.sock", BindOptions: &mount.BindOptions{},
		})
		creds, err := createSocketCredentialsErr(ctx, cli)
		if err != nil {
			return nil, err
		}
		if socketCreds = creds; socketCreds != nil {
			cfgs.config.Env = append(cfgs.config.Env, "DOCKER_CONFIG="+createSocketConfigDir)
		}
	}
	image := cfgs.config.Image
	pull := func() error {
		if err := imagepull.Pull(ctx, cli, image, imagepull.Options{Platform: o.platform, Quiet: o.quiet}); err != nil {
			var se commands.StatusError
			if errors.As(err, &se) && se.Cause != nil {
				err = se.Cause
			}
			return createPullError{err}
		}
		return nil
	}
	if o.pull == "always" {
		if err := pull(); err != nil {
			return nil, err
		}
	}
	create := func() (container.CreateResponse, error) {
		// docker pings before it creates (after a --pull always): an engine it cannot
		// reach fails here, in the ping's words
		if err := cl.NegotiateReachable(ctx); err != nil {
			return container.CreateResponse{}, err
		}
		return cl.ContainerCreateExtras(ctx, cfgs.config, cfgs.hostConfig, cfgs.netConfig, platform, o.name,
			client.CreateExtras{KernelMemory: cfgs.kernelMemory, ExposedPorts: cfgs.exposedRaw})
	}
	resp, err := create()
	if err != nil && client.IsNotFound(err) && o.pull == "missing" && !createIsImageID(image) {
		if !o.quiet { // -q silences the notice as well as the progress, as in docker
			fmt.Fprintf(cli.Err(), "Unable to find image '%s' locally\n", createFamiliarRef(image))
		}
		if err := pull(); err != nil {
			return nil, err
		}
		resp, err = create()
	}
	if err != nil {
		return nil, err
	}
	if socketCreds != nil {
		if err := createCopySocketCredentials(ctx, cl, resp.ID, socketCreds); err != nil {
			return nil, err
		}
	}
	for _, w := range resp.Warnings {
		fmt.Fprintf(cli.Err(), "WARNING: %s\n", w)
	}
	if cid != nil {
		if err := cid.write(resp.ID); err != nil {
			return nil, err
		}
	}
	return &createdContainer{ID: resp.ID, Config: cfgs.config, HostConfig: cfgs.hostConfig}, nil
}

// createFamiliarRef is the image as docker names it in "Unable to find image": with
// :latest when neither tag nor digest was given.
func createFamiliarRef(image string) string {
	r, err := imageref.ParseWithDefaultTag(image)
	if err != nil {
		return image
	}
	return r.Familiar()
}

// createIsImageID tells an image ID ("sha256:…", 64 hex) from a name: docker never
// pulls the former when it is missing.
func createIsImageID(image string) bool {
	_, id, err := imageref.ParseAny(image)
	return err == nil && id
}

// createCIDFile is --cidfile: refused when it exists, written through a temporary
// file in the same directory and renamed into place once the id is known.
type createCIDFile struct {
	path string
	tmp  *os.File
	done bool
}

func createOpenCIDFile(path string) (*createCIDFile, error) {
	if _, err := os.Stat(path); err == nil {
		return nil, fmt.Errorf("container ID file found, make sure the other container isn't running or delete %s", path)
	}
	// Fail early, as docker does, when the file cannot be created.
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = &os.PathError{Op: "open", Path: path, Err: pe.Err}
		}
		return nil, fmt.Errorf("failed to create the container ID file: %w", err)
	}
	return &createCIDFile{path: path, tmp: tmp}, nil
}

func (c *createCIDFile) write(id string) error {
	if _, err := io.WriteString(c.tmp, id); err != nil {
		return fmt.Errorf("failed to write the container ID to the file: %w", err)
	}
	if err := c.tmp.Close(); err != nil {
		return fmt.Errorf("failed to write the container ID to the file: %w", err)
	}
	if err := os.Chmod(c.tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("failed to write the container ID to the file: %w", err)
	}
	if err := os.Rename(c.tmp.Name(), c.path); err != nil {
		return fmt.Errorf("failed to write the container ID to the file: %w", err)
	}
	c.done = true
	return nil
}

func (c *createCIDFile) discard() {
	if !c.done {
		c.tmp.Close()
		os.Remove(c.tmp.Name())
	}
}

// createCheckMountAPI refuses bind options the engine is too old to honour.
func createCheckMountAPI(ctx context.Context, cl *client.Client, mounts []mount.Mount) error {
	for _, m := range mounts {
		if m.BindOptions == nil || (!m.BindOptions.NonRecursive && !m.BindOptions.ReadOnlyForceRecursive) {
			continue
		}
		if err := cl.Negotiate(ctx); err != nil {
			return err
		}
		v := cl.ClientVersion()
		if m.BindOptions.NonRecursive && client.VersionLess(v, "1.40") {
			return errors.New("bind-recursive=disabled requires API v1.40 or later")
		}
		if m.BindOptions.ReadOnlyForceRecursive && client.VersionLess(v, "1.44") {
			return errors.New("bind-recursive=readonly requires API v1.44 or later")
		}
	}
	return nil
}

// createCheckImageRef refuses a malformed image reference before anything is sent, with
// docker's words; an image ID (64 hex, "sha256:…") is accepted as it is.
func createCheckImageRef(image string) error {
	_, _, err := imageref.ParseAny(image)
	return err
}
