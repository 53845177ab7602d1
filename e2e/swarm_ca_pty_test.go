//go:build e2e

package e2e

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
)

// caFrame is one poll's redraw of swarm ca --rotate's board on a terminal.
var caFrame = regexp.MustCompile("\x1b\\[3A\x1b\\[2K\rdesired root digest: (<D[0-9]+>) \r\x1b\\[3B" +
	"\x1b\\[2A\x1b\\[2K\r  rotated TLS certificates:  ([0-9]+/[0-9]+) nodes\r\x1b\\[2B" +
	"\x1b\\[1A\x1b\\[2K\r  rotated CA certificates:   ([0-9]+/[0-9]+) nodes\r\x1b\\[1B")

// caBoardNorm names the root digests in the order they appear (<D1>, <D2>...) and
// hides the certificate; the frames are left as drawn.
func caBoardNorm(s string) string {
	digests := map[string]string{}
	s = regexp.MustCompile(`sha256:[0-9a-f]{64}`).ReplaceAllStringFunc(s, func(d string) string {
		if _, ok := digests[d]; !ok {
			digests[d] = fmt.Sprintf("<D%d>", len(digests)+1)
		}
		return digests[d]
	})
	return regexp.MustCompile(`(?s)-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----`).ReplaceAllString(s, "<CERT>")
}

// TestSwarmCARotateTerminal compares swarm ca --rotate's board on a terminal with
// docker 28's, on a one-node and then a two-node swarm of the test's own spares (a
// rotation must never touch the shared swarm). How many polls see each state depends
// on timing, so the boards must agree on their first bytes (the empty board and the
// first poll's frame), on their last frame and the certificate, and every frame in
// between must be one docker draws: the digest of the root the cluster has, then the
// TLS and CA counts.
func TestSwarmCARotateTerminal(t *testing.T) {
	t.Parallel() // its engines are its own
	if _, err := os.Stat(refBin); err != nil {
		t.Skip("no reference client")
	}
	sp := Spares(t, 2)
	m, w := sp[0], sp[1]
	if r := RefIn(t, "", nil, "-H", m.Host, "swarm", "init", "--advertise-addr", m.Addr); r.Code != 0 {
		t.Fatalf("swarm init: %s", r.Stderr)
	}
	rotate := func(who, bin, home string) string {
		p := ptyStart(t, bin, home, "-H", m.Host, "swarm", "ca", "--rotate")
		got := p.until("-----END CERTIFICATE-----\r\n") + "-----END CERTIFICATE-----\r\n"
		if code := p.wait(); code != 0 {
			t.Fatalf("%s exit %d: %q", who, code, got)
		}
		return caBoardNorm(got)
	}
	check := func(nodes int) {
		t.Helper()
		ref := rotate("docker", refBin, homesOf(t).ref)
		sk := rotate("skiff", skiffBin, homesOf(t).skiff)
		n := fmt.Sprint(nodes)
		start := "\r\n\x1b[1A\x1b[2K\rdesired root digest:  \r\x1b[1B" +
			"\r\n\x1b[1A\x1b[2K\r  rotated TLS certificates:  \r\x1b[1B" +
			"\r\n\x1b[1A\x1b[2K\r  rotated CA certificates:   \r\x1b[1B" +
			"\x1b[3A\x1b[2K\rdesired root digest: <D1> \r\x1b[3B" +
			"\x1b[2A\x1b[2K\r  rotated TLS certificates:  0/" + n + " nodes\r\x1b[2B" +
			"\x1b[1A\x1b[2K\r  rotated CA certificates:   0/" + n + " nodes\r\x1b[1B"
		end := "\x1b[3A\x1b[2K\rdesired root digest: <D2> \r\x1b[3B" +
			"\x1b[2A\x1b[2K\r  rotated TLS certificates:  " + n + "/" + n + " nodes\r\x1b[2B" +
			"\x1b[1A\x1b[2K\r  rotated CA certificates:   " + n + "/" + n + " nodes\r\x1b[1B<CERT>\r\n"
		for who, out := range map[string]string{"docker": ref, "skiff": sk} {
			if !strings.HasPrefix(out, start) || !strings.HasSuffix(out, end) {
				t.Errorf("%d node(s), %s: board\n%q\ndoes not start with\n%q\nand end with\n%q", nodes, who, out, start, end)
				continue
			}
			if rest := caFrame.ReplaceAllString(strings.TrimSuffix(strings.TrimPrefix(out, start), end), ""); rest != "" {
				t.Errorf("%d node(s), %s: not a frame docker draws: %q", nodes, who, rest)
			}
			// the CA line counts nothing before the new root is the cluster's
			for _, f := range caFrame.FindAllStringSubmatch(out, -1) {
				if f[1] == "<D1>" && f[3] != "0/"+n {
					t.Errorf("%d node(s), %s: CA count %s under the old root", nodes, who, f[3])
				}
			}
		}
	}
	check(1)
	tok := RefIn(t, "", nil, "-H", m.Host, "swarm", "join-token", "-q", "worker")
	if r := RefIn(t, "", nil, "-H", w.Host, "swarm", "join", "--token", strings.TrimSpace(tok.Stdout), m.Addr+":2377"); r.Code != 0 {
		t.Fatalf("swarm join: %s", r.Stderr)
	}
	check(2)
}
