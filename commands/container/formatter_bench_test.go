package container

import (
	"io"
	"testing"

	"github.com/moby/moby/api/types/container"

	"github.com/skiff-cli/skiff/formatter"
	"github.com/skiff-cli/skiff/formatter/formattertest"
)

func benchContainers(n int) []container.Summary {
	base := testContainers()
	cs := make([]container.Summary, 0, n)
	for i := 0; i < n; i++ {
		cs = append(cs, base[i%len(base)])
	}
	return cs
}

func BenchmarkContainerWriteTable1000(b *testing.B) {
	cs := benchContainers(1000)
	b.ReportAllocs()
	for b.Loop() {
		if err := containerWrite(formatter.Context{Output: io.Discard, Format: "table", Trunc: true, Now: formattertest.FixedNow}, cs, false); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkContainerWriteJSON1000(b *testing.B) {
	cs := benchContainers(1000)
	b.ReportAllocs()
	for b.Loop() {
		if err := containerWrite(formatter.Context{Output: io.Discard, Format: "json", Trunc: true, Now: formattertest.FixedNow}, cs, false); err != nil {
			b.Fatal(err)
		}
	}
}
