package opts

import "github.com/spf13/pflag"

// LabelFlags is a list of container labels (name[=value]) and, optionally, files of
// them. run and create bind -l/--label and --label-file; service create binds the same
// syntax as --container-label, without a file flag (its -l/--label labels the service,
// with the same syntax: a second LabelFlags).
type LabelFlags struct {
	Labels *ListOpts
	Files  *ListOpts
}

// NewLabelFlags returns empty label flags.
func NewLabelFlags() *LabelFlags {
	return &LabelFlags{Labels: NewListOpts(ValidateLabel), Files: NewListOpts(nil)}
}

// Bind binds the label list as labels and the file list as files (a zero FlagName
// leaves that flag out).
func (l *LabelFlags) Bind(flags *pflag.FlagSet, labels, files FlagName) {
	labels.bindVar(flags, l.Labels)
	files.bindVar(flags, l.Files)
}

// Map is the labels to send: the files' first, then the flags', a later value of a
// name replacing an earlier.
func (l *LabelFlags) Map() (map[string]string, error) {
	list, err := parseFiles(l.Files.GetAll(), ParseLabelFile)
	if err != nil {
		return nil, err
	}
	return KeyValueMap(append(list, l.Labels.GetAll()...)), nil
}
