package opts

import "github.com/spf13/pflag"

// ProcessFlags is how the container's process runs: -u/--user, -w/--workdir, -t/--tty,
// --init, --read-only, --stop-signal, --isolation, --hostname and its extra groups.
// run and create bind them with ContainerProcessNames; service create binds the same
// names and types but --hostname without a shorthand (run's -h is --hostname) and the
// groups as --group (service update: --group-add and --group-rm).
type ProcessFlags struct {
	User       string
	Workdir    string
	TTY        bool
	Init       bool
	ReadOnly   bool
	StopSignal string
	Isolation  string
	Hostname   string
	Groups     *ListOpts
}

// ProcessNames is what one command calls the flags whose names differ by noun.
type ProcessNames struct {
	Hostname, Groups FlagName
}

// ContainerProcessNames are run's and create's names: -h/--hostname, --group-add.
func ContainerProcessNames() ProcessNames {
	return ProcessNames{
		Hostname: FlagName{Name: "hostname", Shorthand: "h", Usage: "Host name inside the container"},
		Groups:   FlagName{Name: "group-add", Usage: "Extra group for the process"},
	}
}

// NewProcessFlags returns empty process flags.
func NewProcessFlags() *ProcessFlags { return &ProcessFlags{Groups: NewListOpts(nil)} }

// Bind binds the process flags, hostname and groups under the names n gives them.
func (p *ProcessFlags) Bind(flags *pflag.FlagSet, n ProcessNames) {
	flags.StringVarP(&p.User, "user", "u", "", "User to run as: <name|uid>[:<group|gid>]")
	flags.StringVarP(&p.Workdir, "workdir", "w", "", "Directory the command starts in")
	flags.BoolVarP(&p.TTY, "tty", "t", false, "Give the container a pseudo-terminal")
	flags.BoolVar(&p.Init, "init", false, "Run a small init as PID 1 to forward signals and reap zombies")
	flags.BoolVar(&p.ReadOnly, "read-only", false, "Make the container's root filesystem read-only")
	flags.StringVar(&p.StopSignal, "stop-signal", "", "Signal sent to stop the container")
	flags.StringVar(&p.Isolation, "isolation", "", "Isolation technology (Windows)")
	if n.Hostname.Name != "" {
		flags.StringVarP(&p.Hostname, n.Hostname.Name, n.Hostname.Shorthand, "", n.Hostname.Usage)
	}
	n.Groups.bindVar(flags, p.Groups)
}
