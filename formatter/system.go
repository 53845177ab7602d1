package formatter

import "text/template"

// ParseNamed is Parse for a template with a name, which shows in its errors
// ("template: version:1:2: executing \"version\" at ..."), as docker version's does.
func ParseNamed(name, text string) (*template.Template, error) {
	return template.New(name).Funcs(templateFuncs()).Parse(text)
}
