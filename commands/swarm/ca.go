package swarm

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/moby/moby/api/types/swarm"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
)

// caOptions are the flags of docker swarm ca.
type caOptions struct {
	spec   specFlags // cert-expiry and external-ca only
	caCert pemFile
	caKey  pemFile
	rotate bool
	detach bool
	quiet  bool
}

func newCACommand(cli commands.Cli) *cobra.Command {
	opts := &caOptions{}
	cmd := &cobra.Command{
		Use:               "ca [OPTIONS]",
		Short:             "Display and rotate the root CA",
		Annotations:       map[string]string{"version": "1.30"},
		Args:              commands.NoArgs,
		ValidArgsFunction: completion.None,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCA(cmd.Context(), cli, cmd.Flags(), opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.Var(&opts.caCert, "ca-cert", "Path to the PEM-formatted root CA certificate to use for the new cluster")
		flags.Var(&opts.caKey, "ca-key", "Path to the PEM-formatted root CA key to use for the new cluster")
		opts.spec.bindCA(flags)
		flags.BoolVarP(&opts.detach, "detach", "d", false, "Exit immediately instead of waiting for the root rotation to converge")
		flags.BoolVarP(&opts.quiet, "quiet", "q", false, "Suppress progress output")
		flags.BoolVar(&opts.rotate, "rotate", false, "Rotate the swarm CA - if no certificate or key are provided, new ones will be generated")
	})
	return cmd
}

// runCA prints the cluster's root CA certificate, or rotates it: to the given
// certificate and key, or to a new one the swarm makes (ForceRotate counts up). A
// rotation waits until every node trusts the new root, unless detached.
func runCA(ctx context.Context, cli commands.Cli, flags *pflag.FlagSet, opts *caOptions) error {
	if !opts.rotate {
		for _, f := range []string{"ca-cert", "ca-key", "cert-expiry", "external-ca"} {
			if flags.Changed(f) {
				return fmt.Errorf("`--%s` flag requires the `--rotate` flag to update the CA", f)
			}
		}
	} else if opts.caCert.contents != "" && opts.caKey.contents == "" && !flags.Changed("external-ca") {
		return errors.New("the --ca-cert flag requires that a --ca-key flag and/or --external-ca flag be provided as well")
	}
	c, err := cli.Client()
	if err != nil {
		return err
	}
	sw, err := c.SwarmInspect(ctx)
	if err != nil {
		return err
	}
	if !opts.rotate {
		fmt.Fprintln(cli.Out(), strings.TrimSpace(sw.TLSInfo.TrustRoot))
		return nil
	}
	ca := &sw.Spec.CAConfig
	ca.SigningCACert, ca.SigningCAKey = opts.caCert.contents, opts.caKey.contents
	if ca.SigningCACert == "" {
		ca.ForceRotate++
	}
	trust := sw.TLSInfo.TrustRoot
	if ca.SigningCACert != "" {
		trust = ca.SigningCACert
	}
	opts.spec.mergeCA(flags, ca, trust)
	if err := c.SwarmUpdate(ctx, sw.Version.Index, sw.Spec, client.SwarmUpdateFlags{}); err != nil {
		return err
	}
	if opts.detach {
		return nil
	}
	var progress io.Writer
	if !opts.quiet {
		progress = cli.Out()
	}
	root, err := waitRootRotation(ctx, c, progress)
	if err != nil || opts.quiet {
		return err
	}
	fmt.Fprintln(cli.Out(), strings.TrimSpace(root))
	return nil
}

// waitRootRotation polls the cluster and its nodes until no rotation is in progress
// and every node has a certificate from the cluster's root; it returns that root.
// There is no event for it: docker polls too. On progress it writes what docker 28
// writes outside a terminal: a first frame, then at each poll the digest of the root
// the cluster has then (the node counts are progress bars docker shows on a terminal
// only; skiff does not draw them).
func waitRootRotation(ctx context.Context, c *client.Client, progress io.Writer) (string, error) {
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	if progress != nil {
		fmt.Fprint(progress, "desired root digest: \n  rotated TLS certificates: \n  rotated CA certificates:  \n")
	}
	for {
		sw, err := c.SwarmInspect(ctx)
		if err != nil {
			return "", err
		}
		nodes, err := c.NodeList(ctx, nil)
		if err != nil {
			return "", err
		}
		if progress != nil {
			fmt.Fprintf(progress, "desired root digest: sha256:%x\n", sha256.Sum256([]byte(sw.TLSInfo.TrustRoot)))
		}
		if !sw.RootRotationInProgress && allTrust(nodes, sw.TLSInfo.TrustRoot) {
			return sw.TLSInfo.TrustRoot, nil
		}
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-tick.C:
		}
	}
}

func allTrust(nodes []swarm.Node, root string) bool {
	for _, n := range nodes {
		if n.Description.TLSInfo.TrustRoot != root {
			return false
		}
	}
	return true
}
