package opts

import (
	"net/netip"

	"github.com/spf13/pflag"
)

// DNSFlags is --dns, --dns-option and --dns-search, the container's resolver settings.
// run and create bind them (and the hidden --dns-opt, their old name of --dns-option);
// service create binds the same three names with the same checks (docker 28 refuses
// "--dns foo" and "--dns-search -bad" there in run's words); service update's
// --dns-add... take the same values.
type DNSFlags struct {
	Servers *ListOpts // IP addresses, canonical form
	Options *ListOpts // resolv.conf options, as given
	Search  *ListOpts // search domains, "." allowed
}

// NewDNSFlags returns empty DNS flags.
func NewDNSFlags() *DNSFlags {
	return &DNSFlags{
		Servers: NewListOpts(ValidateIPAddress),
		Options: NewListOpts(nil),
		Search:  NewListOpts(ValidateDNSSearch),
	}
}

// Bind binds --dns, --dns-option and --dns-search to flags.
func (d *DNSFlags) Bind(flags *pflag.FlagSet) {
	flags.Var(d.Servers, "dns", "DNS server to use")
	flags.Var(d.Options, "dns-option", "resolv.conf option to set")
	flags.Var(d.Search, "dns-search", "DNS search domain to use")
}

// Addresses is --dns as the addresses the container API takes.
func (d *DNSFlags) Addresses() ([]netip.Addr, error) { return ParseDNS(d.Servers.GetAll()) }
