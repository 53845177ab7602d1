package opts

import (
	"errors"
	"fmt"
	"math/big"

	units "github.com/docker/go-units"
)

// MemBytes is a size flag ("bytes" in help): 512m, 1g, 1024 (bytes).
type MemBytes int64

func (m *MemBytes) String() string {
	// pflag shows a default only when it is not "0"; an unset size has none.
	return fmt.Sprintf("%d", int64(*m))
}

// Set parses a size with binary units (k, m, g...).
func (m *MemBytes) Set(s string) error {
	v, err := units.RAMInBytes(s)
	*m = MemBytes(v)
	return err
}

func (m *MemBytes) Type() string { return "bytes" }

// Value is the size in bytes.
func (m *MemBytes) Value() int64 { return int64(*m) }

// MemSwapBytes is MemBytes that also takes -1 (unlimited).
type MemSwapBytes int64

func (m *MemSwapBytes) String() string { return fmt.Sprintf("%d", int64(*m)) }

// Set parses a size, or -1.
func (m *MemSwapBytes) Set(s string) error {
	if s == "-1" {
		*m = -1
		return nil
	}
	v, err := units.RAMInBytes(s)
	*m = MemSwapBytes(v)
	return err
}

func (m *MemSwapBytes) Type() string { return "bytes" }

// Value is the size in bytes, or -1.
func (m *MemSwapBytes) Value() int64 { return int64(*m) }

// NanoCPUs is a decimal number of CPUs ("decimal" in help), kept in billionths.
type NanoCPUs int64

func (c *NanoCPUs) String() string {
	if *c == 0 {
		return ""
	}
	return big.NewRat(int64(*c), 1e9).FloatString(3)
}

// Set parses a rational number of CPUs.
func (c *NanoCPUs) Set(s string) error {
	v, err := ParseCPUs(s)
	*c = NanoCPUs(v)
	return err
}

func (c *NanoCPUs) Type() string { return "decimal" }

// Value is the number of CPUs times 1e9.
func (c *NanoCPUs) Value() int64 { return int64(*c) }

// ParseCPUs turns "1.5" into 1500000000 nano CPUs.
func ParseCPUs(s string) (int64, error) {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return 0, fmt.Errorf("failed to parse %v as a rational number", s)
	}
	n := r.Mul(r, big.NewRat(1e9, 1))
	if !n.IsInt() {
		return 0, errors.New("value is too precise")
	}
	// Like docker, a value past int64 is not refused here: the engine judges the range.
	return n.Num().Int64(), nil
}
