//go:build e2e

package e2e

import "testing"

// TestPtyDetachBrokenSequence: a detach sequence broken by a byte is passed on with that
// byte, which starts no new sequence: docker 28 does not detach on ^P ^P ^Q (nor on
// "a a b" for keys a,b), and neither does skiff; the shell gets the input and exits with
// its own code.
func TestPtyDetachBrokenSequence(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	for _, tc := range []struct {
		flags []string
		keys  string
	}{
		{nil, "\x10\x10\x11"},
		{[]string{"--detach-keys", "a,b"}, "aab"},
	} {
		for _, who := range []string{"ref", "skiff"} {
			bin, home := clientOf(t, who)
			args := append(append([]string{"run", "-it", "--rm", "--label", f.Label()}, tc.flags...), Image, "sh")
			s := ptyStart(t, bin, home, args...)
			s.expect("/ # ")
			s.send(tc.keys + "\r")
			s.expect("/ # ")
			s.send("echo still-$((6*7))\r")
			s.expect("still-42")
			s.send("exit 3\r")
			if code := s.wait(); code != 3 {
				t.Errorf("%s %v, keys %q: exit %d, want 3 (the shell's: no detach)", who, tc.flags, tc.keys, code)
			}
			s.modeRestored()
		}
	}
}
