package python

import "strconv"

func fmtFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
