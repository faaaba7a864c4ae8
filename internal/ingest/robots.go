package ingest

import (
	"bytes"
	"fmt"
	"strings"
)

// robotsAgent is the product token sitrep looks for in robots.txt.
const robotsAgent = "sitrep"

// maxRobots is how much of a robots.txt is read (RFC 9309 asks for at
// least 500 KiB).
const maxRobots = 512 << 10

// Robots holds the rules of a robots.txt (RFC 9309) that apply to one
// crawler. The zero value allows everything.
type Robots struct {
	rules []robotsRule
}

type robotsRule struct {
	allow   bool
	pattern string // percent-encoded; '*' matches any run, a final '$' the end
}

// disallowAll stands for a robots.txt that could not be fetched for a
// server error: the RFC says to assume the whole site is off limits.
var disallowAll = Robots{rules: []robotsRule{{allow: false, pattern: "/"}}}

// ParseRobots reads the rules of robots.txt b for the crawler agent (a
// product token such as "sitrep"): those of the groups naming it, else
// those of the "*" groups. It never fails: lines it cannot read are
// ignored, as the RFC asks.
func ParseRobots(b []byte, agent string) Robots {
	var named, star []robotsRule
	var sawNamed, forNamed, forStar, inAgents bool
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	for len(b) > 0 {
		var line []byte
		line, b, _ = bytes.Cut(b, []byte("\n"))
		if i := bytes.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		k, v, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			continue
		}
		key, val := strings.ToLower(string(bytes.TrimSpace(k))), string(bytes.TrimSpace(v))
		switch key {
		case "user-agent":
			if !inAgents { // a user-agent line after rules starts a new group
				forNamed, forStar = false, false
			}
			inAgents = true
			token, _, _ := strings.Cut(val, "/")
			if token = strings.TrimSpace(token); token == "*" {
				forStar = true
			} else if strings.EqualFold(token, agent) {
				forNamed, sawNamed = true, true
			}
		case "allow", "disallow":
			inAgents = false
			if val == "" {
				continue // matches nothing
			}
			r := robotsRule{allow: key == "allow", pattern: escapeNonASCII(val)}
			if forNamed {
				named = append(named, r)
			}
			if forStar {
				star = append(star, r)
			}
		}
	}
	if sawNamed {
		return Robots{rules: named}
	}
	return Robots{rules: star}
}

// Allowed tells whether the crawler may fetch path, a URL's percent-encoded
// path and query ("/a/b?c=d"). The longest matching rule decides; of equal
// ones, allow wins.
func (r Robots) Allowed(path string) bool {
	if path == "/robots.txt" {
		return true
	}
	best, allow := -1, true
	for _, rule := range r.rules {
		if n := len(rule.pattern); n >= best && (n > best || rule.allow) && matchRobots(rule.pattern, path) {
			best, allow = n, rule.allow
		}
	}
	return allow
}

// matchRobots matches a robots.txt path pattern against the start of path.
func matchRobots(pattern, path string) bool {
	anchored := strings.HasSuffix(pattern, "$")
	if anchored {
		pattern = pattern[:len(pattern)-1]
	}
	parts := strings.Split(pattern, "*")
	if !strings.HasPrefix(path, parts[0]) {
		return false
	}
	rest := path[len(parts[0]):]
	if len(parts) == 1 {
		return !anchored || rest == ""
	}
	// Leftmost matches of the middle parts leave the most room for the rest.
	for _, p := range parts[1 : len(parts)-1] {
		i := strings.Index(rest, p)
		if i < 0 {
			return false
		}
		rest = rest[i+len(p):]
	}
	last := parts[len(parts)-1]
	if anchored {
		return strings.HasSuffix(rest, last)
	}
	return strings.Contains(rest, last)
}

// escapeNonASCII percent-encodes the bytes of s outside ASCII, as URL paths
// carry them.
func escapeNonASCII(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x80 {
			fmt.Fprintf(&b, "%%%02X", c)
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}
