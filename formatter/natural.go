package formatter

// NaturalLess orders names the way docker's listings do (network ls, volume ls,
// context ls): runs of digits compare by numeric value ("a2" < "a10"), a digit sorts
// before any other byte, other bytes compare as bytes. Equal numbers with more leading
// zeros come later ("a2" < "a02"); a name that is a prefix of the other comes first.
func NaturalLess(a, b string) bool {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		ca, cb := a[i], b[j]
		da, db := isDigit(ca), isDigit(cb)
		if da != db {
			return da
		}
		if !da {
			if ca != cb {
				return ca < cb
			}
			i++
			j++
			continue
		}
		// Both start a number: skip leading zeros, then compare the significant digits.
		za, zb := i, j
		for i < len(a) && a[i] == '0' {
			i++
		}
		for j < len(b) && b[j] == '0' {
			j++
		}
		sa, sb := i, j
		for i < len(a) && isDigit(a[i]) {
			i++
		}
		for j < len(b) && isDigit(b[j]) {
			j++
		}
		na, nb := a[sa:i], b[sb:j]
		if len(na) != len(nb) {
			return len(na) < len(nb)
		}
		if na != nb {
			return na < nb
		}
		if zerosA, zerosB := sa-za, sb-zb; zerosA != zerosB {
			return zerosA < zerosB
		}
	}
	return len(a)-i < len(b)-j
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
