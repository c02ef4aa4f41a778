package express

import (
	"net/http"
	"strings"
)

// Header is Express's req.get: repeated headers joined with ", ", the bytes read as latin-1 as
// Node's HTTP parser reads them. Kinvey's backend (Node too) writes header strings as latin-1, so
// "josé" arrives as the byte 0xE9 and must be read back as "é", not as invalid UTF-8. name must
// be in canonical form (as every literal of flexgo's is), which spares a canonicalisation per
// lookup.
func Header(h http.Header, name string) string {
	v := h[name]
	switch len(v) {
	case 0:
		return ""
	case 1:
		return latin1(v[0])
	}
	return latin1(strings.Join(v, ", "))
}

// latin1 decodes s byte by byte as ISO-8859-1; ASCII comes back as it is, without allocating.
func latin1(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			r := make([]rune, len(s))
			for j := 0; j < len(s); j++ {
				r[j] = rune(s[j])
			}
			return string(r)
		}
	}
	return s
}
