package formatter_test

import (
	"testing"

	"github.com/skiff-cli/skiff/formatter/formattertest"
)

// TestMain fixes the golden files' time zone and -update (testdata/*.golden).
func TestMain(m *testing.M) { formattertest.Main(m) }
