package board

import (
	"strings"
	"testing"

	"gotest.tools/v3/assert"
)

// TestTerminalNarrow: each ID gets a line (a newline the first time), redrawn by moving
// up to it and back; figures without a bar at 80 columns, as docker 28 draws
// swarm ca --rotate's board.
func TestTerminalNarrow(t *testing.T) {
	var b strings.Builder
	bd := New(&b, true, 80)
	bd.Units = "nodes"
	bd.Show("a", "", 0, 0)
	bd.Show("b", " ", 0, 0)
	bd.Show("a", "x", 0, 0)
	bd.Show("b", " ", 1, 2)
	bd.Show("", "plain", 0, 0)
	assert.Equal(t, b.String(), "\n\x1b[1A\x1b[2K\ra:  \r\x1b[1B"+
		"\n\x1b[1A\x1b[2K\rb:   \r\x1b[1B"+
		"\x1b[2A\x1b[2K\ra: x \r\x1b[2B"+
		"\x1b[1A\x1b[2K\rb:   1/2 nodes\r\x1b[1B"+
		"plain\n")
}

// TestTerminalWide: wider than 110 columns a bar comes first, its figures after it
// with units, alone without (a service task's state).
func TestTerminalWide(t *testing.T) {
	var b strings.Builder
	bd := New(&b, true, 150)
	bd.Units = "nodes"
	bd.Show("x", "", 2, 2)
	bd.Show("y", " ", 0, 2)
	assert.Equal(t, b.String(), "\n\x1b[1A\x1b[2K\rx:  [==================================================>] 2/2 nodes\r\x1b[1B"+
		"\n\x1b[1A\x1b[2K\ry:   [>                                                  ] 0/2 nodes\r\x1b[1B")
	b.Reset()
	bd = New(&b, true, 150)
	bd.Show("1/2", "running  ", 9, 9)
	assert.Equal(t, b.String(), "\n\x1b[1A\x1b[2K\r1/2: running   [==================================================>] \r\x1b[1B")
}

// TestPipe: a line per message without figures; those with figures are left out.
func TestPipe(t *testing.T) {
	var b strings.Builder
	bd := New(&b, false, 0)
	bd.Units = "nodes"
	bd.Show("a", "", 0, 0)
	bd.Show("a", "", 1, 2)
	bd.Show("", "done", 0, 0)
	assert.Equal(t, b.String(), "a: \ndone\n")
}
