package opts

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ParseTimestamp turns a --since/--until value (docker logs, events) into what the engine
// takes, as docker converts it:
//   - a Go duration ("10m", "1h30m"): that long before now, in unix seconds;
//   - a date or date-time ("2006-01-02", "2006-01-02T15", "2006-01-02T15:04",
//     "2006-01-02T15:04:05[.999999999]") with an optional zone ("Z", "+07:00"),
//     local time without one: "seconds.nanoseconds";
//   - a unix timestamp ("1700000000", "1700000000.5"), passed on as given.
//
// "" stays "". The errors are docker's: the time parser's own for a value that looks
// like a date, else `failed to parse value as time or duration: "x"`.
func ParseTimestamp(value string, now time.Time) (string, error) {
	if value == "" {
		return "", nil
	}
	if value != "0" {
		if d, err := time.ParseDuration(value); err == nil {
			return strconv.FormatInt(now.Add(-d).Unix(), 10), nil
		}
	}

	// A zone is a Z, an explicit +hh:mm, or a third '-' (a -hh:mm after the date's two).
	zoned := strings.ContainsAny(value, "zZ+") || strings.Count(value, "-") == 3
	var layout string
	switch {
	case strings.Contains(value, "."):
		layout = "2006-01-02T15:04:05.999999999"
	case strings.Contains(value, "T"):
		colons := strings.Count(value, ":")
		if zoned && !strings.ContainsAny(value, "zZ") && colons > 0 {
			colons-- // the offset's own colon
		}
		switch colons {
		case 0:
			layout = "2006-01-02T15"
		case 1:
			layout = "2006-01-02T15:04"
		default:
			layout = "2006-01-02T15:04:05"
		}
	default:
		layout = "2006-01-02"
	}

	var (
		t   time.Time
		err error
	)
	if zoned {
		t, err = time.Parse(layout+"Z07:00", value)
	} else {
		t, err = time.ParseInLocation(layout, value, now.Location())
	}
	if err == nil {
		return fmt.Sprintf("%d.%09d", t.Unix(), t.Nanosecond()), nil
	}
	if strings.Contains(value, "-") {
		return "", err
	}
	if !isUnixTimestamp(value) {
		return "", fmt.Errorf("failed to parse value as time or duration: %q", value)
	}
	return value, nil
}

// isUnixTimestamp accepts "seconds" and "seconds.fraction", both in digits.
func isUnixTimestamp(value string) bool {
	sec, frac, hasFrac := strings.Cut(value, ".")
	if _, err := strconv.ParseInt(sec, 10, 64); err != nil {
		return false
	}
	if hasFrac {
		if _, err := strconv.ParseInt(frac, 10, 64); err != nil {
			return false
		}
	}
	return true
}
