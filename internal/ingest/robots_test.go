package ingest

import (
	"strings"
	"testing"
)

func TestRobots(t *testing.T) {
	const txt = "\xef\xbb\xbfUser-agent: *\n" +
		"Disallow: /private/\n" +
		"Allow: /private/open\n" +
		"Disallow: /*.pdf$\n" +
		"Disallow: /search?q=*&page\n" +
		"Disallow:\n" +
		"Disallow: /ünï\n" +
		"\n" +
		"# sitrep gets its own group\n" +
		"User-agent: OtherBot\n" +
		"User-Agent: SITREP/1.0 # case and version do not matter\n" +
		"Disallow: /news/archive # old\n" +
		"Allow: /news/archive/2020\n" +
		"Disallow: /page$\n" +
		"Sitemap: http://x/sitemap.xml\n" +
		"User-agent: sitrep\n" +
		"Disallow: /tmp\n" +
		"Allow: /same\n" +
		"Disallow: /same\n"
	tests := []struct {
		agent, path string
		want        bool
	}{
		{"sitrep", "/", true},
		{"sitrep", "/news/archive/1999/x", false},
		{"sitrep", "/news/archive/2020/x", true}, // longer allow wins
		{"sitrep", "/page", false},
		{"sitrep", "/page2", true},     // anchored
		{"sitrep", "/tmp/x", false},    // second group naming sitrep merges
		{"sitrep", "/same", true},      // equal length: allow wins
		{"sitrep", "/private/x", true}, // the * group does not apply to sitrep
		{"sitrep", "/robots.txt", true},
		{"other", "/private/x", false},
		{"other", "/private/open/y", true},
		{"other", "/doc.pdf", false},
		{"other", "/doc.pdf?x", true},
		{"other", "/a/b/doc.pdf", false},
		{"other", "/search?q=war&page=2", false},
		{"other", "/search?q=war", true},
		{"other", "/%C3%BCn%C3%AF/x", false},
		{"other", "/news/archive/1999", true},
	}
	for _, tt := range tests {
		if got := ParseRobots([]byte(txt), tt.agent).Allowed(tt.path); got != tt.want {
			t.Errorf("%s %s: allowed = %v, want %v", tt.agent, tt.path, got, tt.want)
		}
	}
}

func TestRobotsEdges(t *testing.T) {
	tests := []struct {
		name, txt, path string
		want            bool
	}{
		{"empty file", "", "/x", true},
		{"rules before any group", "Disallow: /\n", "/x", true},
		{"disallow all", "User-agent: *\nDisallow: /\n", "/x", false},
		{"empty disallow allows", "User-agent: *\nDisallow:\n", "/x", true},
		{"CRLF and comments", "User-agent: * # all\r\nDisallow: /x # no\r\n", "/x/y", false},
		{"multiple agents in one group", "User-agent: a\nUser-agent: *\nDisallow: /x\n", "/x", false},
		{"group ends at rules", "User-agent: *\nDisallow: /x\nUser-agent: a\nDisallow: /y\n", "/y", true},
		{"wildcards in a row", "User-agent: *\nDisallow: /**a**b$\n", "/zzazzb", false},
		{"wildcard, anchor not met", "User-agent: *\nDisallow: /*a*b$\n", "/zzazzbz", true},
		{"unknown lines ignored", "User-agent: *\nnonsense\nCrawl-delay: 10\nDisallow: /x\n", "/x", false},
		{"server error", "", "/x", true},
	}
	for _, tt := range tests {
		if got := ParseRobots([]byte(tt.txt), "sitrep").Allowed(tt.path); got != tt.want {
			t.Errorf("%s: allowed(%s) = %v, want %v", tt.name, tt.path, got, tt.want)
		}
	}
	if disallowAll.Allowed("/x") || !disallowAll.Allowed("/robots.txt") {
		t.Error("disallowAll")
	}
}

func FuzzRobots(f *testing.F) {
	f.Add("User-agent: *\nDisallow: /a*b$\nAllow: /a\n", "/ab")
	f.Add("User-agent: sitrep\nDisallow: /\n", "/x?y")
	f.Add("user-agent:*\ndisallow:*$\n", "")
	f.Fuzz(func(t *testing.T, txt, path string) {
		r := ParseRobots([]byte(txt), "sitrep")
		allowed := r.Allowed(path)
		if !strings.Contains(strings.ToLower(txt), "disallow") && !allowed {
			t.Fatalf("%q disallowed without a disallow rule", path)
		}
		if !r.Allowed("/robots.txt") {
			t.Fatal("robots.txt itself disallowed")
		}
		for _, rule := range r.rules {
			if rule.pattern == "" {
				t.Fatal("empty pattern kept")
			}
		}
	})
}
