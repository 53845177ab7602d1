package opts

import (
	"errors"
	"fmt"

	"github.com/moby/moby/api/types/container"
	"github.com/spf13/pflag"
)

// HealthFlags is --health-cmd, --health-interval, --health-retries, --health-timeout,
// --health-start-period, --health-start-interval and --no-healthcheck. run and create
// bind them; service create and update bind the same names and types (in docker 28
// service's durations refuse a negative value as the flag is parsed, "duration cannot
// be negative", where run's are judged by Config; --health-start-interval needs API
// 1.44 for both: the command marks it, as it marks every flag's API version).
type HealthFlags struct {
	Cmd           string
	Interval      DurationOpt
	Retries       int
	Timeout       DurationOpt
	StartPeriod   DurationOpt
	StartInterval DurationOpt
	Disable       bool // --no-healthcheck
}

// Bind binds the seven health flags to flags.
func (h *HealthFlags) Bind(flags *pflag.FlagSet) {
	flags.StringVar(&h.Cmd, "health-cmd", "", "Health check command")
	flags.Var(&h.Interval, "health-interval", "Time between health checks (ms|s|m|h)")
	flags.IntVar(&h.Retries, "health-retries", 0, "Failures in a row before the container is unhealthy")
	flags.Var(&h.Timeout, "health-timeout", "Time one health check may take (ms|s|m|h)")
	flags.Var(&h.StartPeriod, "health-start-period", "Grace period before failed checks count (ms|s|m|h)")
	flags.Var(&h.StartInterval, "health-start-interval", "Time between health checks during the start period (ms|s|m|h)")
	flags.BoolVar(&h.Disable, "no-healthcheck", false, "Turn off the image's HEALTHCHECK")
}

// Config is the health check run and create send: nil when no flag asks for one,
// {NONE} for --no-healthcheck, else the flags' check; with docker 28's errors for
// --no-healthcheck beside a --health-* flag and for negative values.
func (h *HealthFlags) Config() (*container.HealthConfig, error) {
	given := h.Cmd != "" || h.Interval.Value() != 0 || h.Timeout.Value() != 0 ||
		h.Retries != 0 || h.StartPeriod.Value() != 0 || h.StartInterval.Value() != 0
	if h.Disable {
		if given {
			return nil, errors.New("--no-healthcheck conflicts with --health-* options")
		}
		return &container.HealthConfig{Test: []string{"NONE"}}, nil
	}
	if !given {
		return nil, nil
	}
	var probe []string
	if h.Cmd != "" {
		probe = []string{"CMD-SHELL", h.Cmd}
	}
	for _, d := range []struct {
		name     string
		negative bool
	}{
		{"--health-interval", h.Interval.Value() < 0},
		{"--health-timeout", h.Timeout.Value() < 0},
		{"--health-retries", h.Retries < 0},
		{"--health-start-period", h.StartPeriod.Value() < 0},
		{"--health-start-interval", h.StartInterval.Value() < 0},
	} {
		if d.negative {
			return nil, fmt.Errorf("%s cannot be negative", d.name)
		}
	}
	return &container.HealthConfig{
		Test:          probe,
		Interval:      h.Interval.Value(),
		Timeout:       h.Timeout.Value(),
		StartPeriod:   h.StartPeriod.Value(),
		StartInterval: h.StartInterval.Value(),
		Retries:       h.Retries,
	}, nil
}
