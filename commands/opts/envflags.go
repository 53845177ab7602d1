package opts

import (
	"strings"

	"github.com/spf13/pflag"
)

// EnvFlags is -e/--env and --env-file, the container's environment. run and create bind
// it; service create binds the same names with the same value syntax (docker 28 refuses
// "-e =x" there with run's "invalid environment variable: =x").
type EnvFlags struct {
	Env   *ListOpts // NAME=value, or NAME to take its value from here
	Files *ListOpts // files of NAME=value lines
}

// NewEnvFlags returns empty environment flags.
func NewEnvFlags() *EnvFlags {
	return &EnvFlags{Env: NewListOpts(ValidateEnv), Files: NewListOpts(nil)}
}

// Bind binds -e/--env and --env-file to flags.
func (e *EnvFlags) Bind(flags *pflag.FlagSet) {
	flags.VarP(e.Env, "env", "e", "Environment variable (NAME=value, or NAME to copy it from here)")
	flags.Var(e.Files, "env-file", "File of NAME=value lines to add to the environment")
}

// Variables is the environment run and create send: every file's lines first, in the
// order given, then the -e values with one entry per name (the last value, at the
// place of the first), as docker sends them; file entries are not merged.
func (e *EnvFlags) Variables() ([]string, error) {
	env, err := parseFiles(e.Files.GetAll(), ParseEnvFile)
	if err != nil {
		return nil, err
	}
	return append(env, dedupeEnv(e.Env.GetAll())...), nil
}

// parseFiles is every file's lines, parsed by parse, in the order of the files.
func parseFiles(paths []string, parse func(string) ([]string, error)) ([]string, error) {
	var out []string
	for _, p := range paths {
		vs, err := parse(p)
		if err != nil {
			return nil, err
		}
		out = append(out, vs...)
	}
	return out, nil
}

// dedupeEnv keeps one entry per variable: the last value, at the place of the first.
func dedupeEnv(values []string) []string {
	idx := map[string]int{}
	var out []string
	for _, v := range values {
		k, _, _ := strings.Cut(v, "=")
		if i, ok := idx[k]; ok {
			out[i] = v
			continue
		}
		idx[k] = len(out)
		out = append(out, v)
	}
	return out
}
