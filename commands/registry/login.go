package registry

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
	"github.com/skiff-cli/skiff/config"
)

type loginOptions struct {
	server        string
	user          string
	password      string
	passwordStdin bool
	userSet       bool // -u given, even empty
	passwordSet   bool // -p given, even empty
}

func newLoginCommand(cli commands.Cli) *cobra.Command {
	opts := &loginOptions{}
	cmd := &cobra.Command{
		Use:               "login [OPTIONS] [SERVER]",
		Short:             "Authenticate to a registry",
		Long:              "Authenticate to a registry.\nDefaults to Docker Hub if no server is specified.",
		Args:              commands.RequiresMaxArgs(1),
		ValidArgsFunction: completion.None,
		// the prompts handle ^C themselves: the terminal must be restored first
		Annotations: map[string]string{commands.AnnotationProxiesSignals: "prompt"},
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				opts.server = args[0]
			}
			opts.userSet = cmd.Flags().Changed("username")
			opts.passwordSet = cmd.Flags().Changed("password")
			return runLogin(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.StringVarP(&opts.user, "username", "u", "", "Username")
		flags.StringVarP(&opts.password, "password", "p", "", "Password or Personal Access Token (PAT)")
		flags.BoolVar(&opts.passwordStdin, "password-stdin", false, "Read the password or Personal Access Token (PAT) from stdin")
	})
	return cmd
}

// Docker 28's words for what login prints around the prompts.
const (
	loginPasswordWarning = "WARNING! Using --password via the CLI is insecure. Use --password-stdin."
	loginSucceeded       = "Login Succeeded"
	loginHubIntro        = "Log in with your Docker ID or email address to push and pull images from Docker Hub. If you don't have a Docker ID, head over to https://hub.docker.com/ to create one.\n" +
		"You can log in with your password or a Personal Access Token (PAT). Using a limited-scope PAT grants better security and is required for organizations using SSO. Learn more at https://docs.docker.com/go/access-tokens/\n\n"
	// skiff has no web-based (device code) login: docker says this when it cannot start one
	loginNoWebLogin   = "Failed to start web-based login - falling back to command line login...\n\n"
	loginStoredFailed = "Stored credentials invalid or expired\n"
	loginUnencrypted  = "\nWARNING! Your credentials are stored unencrypted in '%s'.\n" +
		"Configure a credential helper to remove this warning. See\n" +
		"https://docs.docker.com/go/credential-store/\n\n"
)

func loginError(msg string) error { return commands.StatusError{Status: msg, StatusCode: 1} }

// runLogin logs in through the engine (POST /auth, so that the engine's registry
// settings apply) and keeps the credentials in config.json or its credential helper.
func runLogin(ctx context.Context, cli commands.Cli, opts *loginOptions) error {
	if opts.passwordSet && opts.passwordStdin {
		return loginError("conflicting options: cannot specify both --password and --password-stdin")
	}
	user, password := strings.TrimSpace(opts.user), opts.password
	if opts.userSet && user == "" {
		return loginError("username is empty")
	}
	if opts.passwordSet && password == "" {
		return loginError("password is empty")
	}
	if opts.passwordStdin {
		if user == "" {
			return loginError("the --password-stdin option requires --username to be set")
		}
		b, err := io.ReadAll(cli.In())
		if err != nil {
			return err
		}
		password = strings.TrimSpace(string(b))
	}
	if opts.passwordSet {
		fmt.Fprintln(cli.Err(), loginPasswordWarning)
	}

	cf := cli.ConfigFile()
	cf.DetectCredsStore()
	key := serverKey(opts.server)
	hub := key == config.IndexServer
	c, err := cli.Client()
	if err != nil {
		return err
	}

	defaultUser := ""
	if user == "" && password == "" {
		stored := cf.StoredAuth(ctx, key, cli.Err())
		if stored.Username != "" && stored.Password != "" {
			ok, err := loginStored(ctx, cli, c, key, stored)
			if err != nil || ok {
				return err
			}
		}
		defaultUser = stored.Username
	}
	if user == "" || password == "" {
		var interrupted bool
		user, password, interrupted, err = loginPrompt(cli, hub, user, defaultUser)
		if interrupted {
			return nil // as docker 28: ^C at a prompt ends it quietly, status 0
		}
		if err != nil {
			return err
		}
	}

	auth := client.RegistryAuth{Username: user, Password: password, ServerAddress: key}
	resp, err := c.RegistryLogin(ctx, auth)
	if client.IsErrConnectionFailed(err) {
		// as docker 28: without an engine, log in to the registry directly
		resp, err = client.RegistryLoginDirect(ctx, auth, func(endpoint string, err error) { loginEndpointFailed(cli, endpoint, hub, err) })
		if err != nil {
			return loginError(err.Error())
		}
	}
	if err != nil {
		return err
	}
	return loginStore(ctx, cli, key, auth, resp.IdentityToken)
}

// loginEndpointFailed is docker's info line for a registry endpoint a direct login could
// not use. Its endpoint field is docker's internal structure, printed as docker prints
// it (but for a memory address, which says nothing to a user).
func loginEndpointFailed(cli commands.Cli, endpoint string, hub bool, err error) {
	switch strings.ToLower(cli.Options().LogLevel) {
	case "warn", "warning", "error", "fatal", "panic":
		return
	}
	fields := "{false " + endpoint + " false false false 0x0}"
	if hub {
		fields = "{false " + endpoint + " false true false 0x0}"
	}
	fmt.Fprintf(cli.Err(), "time=%q level=info msg=%q endpoint=%q error=%q\n", time.Now().Format(time.RFC3339),
		"Error logging in to endpoint, trying next endpoint", fields, err.Error())
}

// loginStored tries the credentials config.json or its helper already holds. ok is
// false, with "Stored credentials invalid or expired" said when the engine's refusal is
// a 401 (docker 28's test; the engine answers most refusals with a 500, said as they
// are), when they did not work: login then asks for others.
func loginStored(ctx context.Context, cli commands.Cli, c *client.Client, key string, stored config.RegistryAuth) (ok bool, err error) {
	fmt.Fprintf(cli.Err(), "Authenticating with existing credentials... [Username: %s]\n", stored.Username)
	fmt.Fprint(cli.Err(), loginTip(cli.Err().IsTerminal(), "To login with a different account, run 'docker logout' followed by 'docker login'")+"\n\n")
	resp, err := c.RegistryLogin(ctx, client.RegistryAuth{Username: stored.Username, Password: stored.Password, ServerAddress: key})
	switch {
	case client.IsUnauthorized(err):
		fmt.Fprint(cli.Err(), loginStoredFailed)
		return false, nil
	case err != nil:
		// any other error (the engine's 500 for most refusals, an engine that cannot be
		// reached): said as it is, and docker asks for credentials all the same
		fmt.Fprintf(cli.Err(), "Login did not succeed, error: %v\n", err)
		return false, nil
	}
	if resp.IdentityToken != "" {
		return true, loginStore(ctx, cli, key, client.RegistryAuth{Username: stored.Username, ServerAddress: key}, resp.IdentityToken)
	}
	fmt.Fprintln(cli.Out(), loginSucceeded)
	return true, nil
}

// loginStore keeps the credentials the engine accepted (an identity token instead of
// the password when the registry gave one), unless they are those already kept, and
// says "Login Succeeded".
func loginStore(ctx context.Context, cli commands.Cli, key string, auth client.RegistryAuth, token string) error {
	a := config.RegistryAuth{Username: auth.Username, Password: auth.Password, ServerAddress: key}
	if token != "" {
		a.Password, a.IdentityToken = "", token
	}
	cf := cli.ConfigFile()
	// as docker 28: the credentials already kept are not written again (nor warned about)
	if old := cf.StoredAuth(ctx, key, cli.Err()); old.Username == a.Username && old.Password == a.Password &&
		old.IdentityToken == a.IdentityToken {
		fmt.Fprintln(cli.Out(), loginSucceeded)
		return nil
	}
	if err := cf.StoreAuth(ctx, key, a, cli.Err()); err != nil {
		return loginError("Error saving credentials: " + err.Error())
	}
	if err := cf.Save(); err != nil {
		return loginError("Error saving credentials: " + err.Error())
	}
	if cf.CredentialsStore == "" && cf.CredentialHelpers[key] == "" && a.Password != "" {
		fmt.Fprintf(cli.Err(), loginUnencrypted, cf.Filename)
	}
	fmt.Fprintln(cli.Out(), loginSucceeded)
	return nil
}

// loginTip is docker's "Info" note: coloured on a terminal, plain otherwise. Each
// further line is indented under the first.
func loginTip(terminal bool, lines ...string) string {
	var b strings.Builder
	b.WriteString("\n")
	for i, l := range lines {
		switch {
		case i == 0 && terminal:
			b.WriteString("\x1b[1m\x1b[106m\x1b[30mi\x1b[0m\x1b[0m \x1b[96mInfo \u2192 \x1b[0m\x1b[0m\x1b[3m" + l + "\x1b[0m")
		case i == 0:
			b.WriteString(" Info -> " + l)
		case terminal:
			b.WriteString("         \x1b[3m" + l + "\x1b[0m")
		default:
			b.WriteString("         " + l)
		}
		b.WriteString("\n")
	}
	return b.String()
}
