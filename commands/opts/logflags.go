package opts

import (
	"github.com/moby/moby/api/types/container"
	"github.com/spf13/pflag"
)

// LogFlags is --log-driver and --log-opt, where the container's output goes. run,
// create and service create bind them under these names. (run and create refuse
// options for the driver "none" themselves; docker 28's service create leaves that to
// the engine.)
type LogFlags struct {
	Driver  string
	Options *ListOpts // key=value
}

// NewLogFlags returns empty logging flags.
func NewLogFlags() *LogFlags { return &LogFlags{Options: NewListOpts(nil)} }

// Bind binds --log-driver and --log-opt to flags.
func (l *LogFlags) Bind(flags *pflag.FlagSet) {
	flags.StringVar(&l.Driver, "log-driver", "", "Log driver to use")
	flags.Var(l.Options, "log-opt", "Log driver option (key=value)")
}

// Config is the logging configuration to send ("k" alone maps to "").
func (l *LogFlags) Config() container.LogConfig {
	return container.LogConfig{Type: l.Driver, Config: KeyValueMap(l.Options.GetAll())}
}
