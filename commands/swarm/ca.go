package swarm

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/moby/moby/api/types/swarm"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/board"
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
	root, err := waitRootRotation(ctx, c, board.ForOut(cli.Out(), opts.quiet))
	if err != nil || opts.quiet {
		return err
	}
	fmt.Fprintln(cli.Out(), strings.TrimSpace(root))
	return nil
}

// The board's lines, as docker names them (the CA line's status is a space, so that
// its figures line up with the TLS line's).
const (
	digestLine = "desired root digest"
	tlsLine    = "  rotated TLS certificates"
	caLine     = "  rotated CA certificates"
)

// waitRootRotation polls the cluster and its nodes until no rotation is in progress
// and every node has a certificate from, and trusts, the cluster's root; it returns
// that root. There is no event for it: docker polls too. It draws docker 28's board:
// the digest of the root the cluster has then, how many nodes have a TLS certificate
// from the cluster's current issuer, and how many trust its root (none while the
// rotation is in progress). Outside a terminal the counts are left out.
func waitRootRotation(ctx context.Context, c *client.Client, out *board.Board) (string, error) {
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	out.Units = "nodes"
	out.Show(digestLine, "", 0, 0)
	out.Show(tlsLine, "", 0, 0)
	out.Show(caLine, " ", 0, 0)
	for {
		sw, err := c.SwarmInspect(ctx)
		if err != nil {
			return "", err
		}
		nodes, err := c.NodeList(ctx, nil)
		if err != nil {
			return "", err
		}
		tls, ca := rotated(sw, nodes)
		out.Show(digestLine, fmt.Sprintf("sha256:%x", sha256.Sum256([]byte(sw.TLSInfo.TrustRoot))), 0, 0)
		out.Show(tlsLine, "", tls, len(nodes))
		out.Show(caLine, " ", ca, len(nodes))
		if !sw.RootRotationInProgress && tls == len(nodes) && ca == len(nodes) {
			return sw.TLSInfo.TrustRoot, nil
		}
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-tick.C:
		}
	}
}

// rotated counts the nodes whose TLS certificate the cluster's current issuer signed,
// and those that trust the cluster's root once the rotation is over.
func rotated(sw swarm.Swarm, nodes []swarm.Node) (tls, ca int) {
	for _, n := range nodes {
		ti := n.Description.TLSInfo
		if bytes.Equal(ti.CertIssuerSubject, sw.TLSInfo.CertIssuerSubject) &&
			bytes.Equal(ti.CertIssuerPublicKey, sw.TLSInfo.CertIssuerPublicKey) {
			tls++
		}
		if !sw.RootRotationInProgress && ti.TrustRoot == sw.TLSInfo.TrustRoot {
			ca++
		}
	}
	return tls, ca
}
