package serve

import (
	"cmp"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/sitrep/sitrep/internal/document"
	"github.com/sitrep/sitrep/internal/event"
)

// mark is a span of a document's text that an event was read from: its
// evidence (Field "evidence") or the source of one of its fields.
type mark struct {
	Start   int    `json:"start"` // code points, end exclusive
	End     int    `json:"end"`
	EventID string `json:"event_id"`
	Field   string `json:"field"`
}

// marks lists the spans of events, in text order.
func marks(events []event.Event) []mark {
	out := []mark{}
	for _, e := range events {
		for _, sp := range e.Evidence {
			out = append(out, mark{sp.Start, sp.End, e.ID, "evidence"})
		}
		for field, sp := range e.Fields {
			out = append(out, mark{sp.Start, sp.End, e.ID, field})
		}
	}
	slices.SortFunc(out, func(a, b mark) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(b.End, a.End), strings.Compare(a.EventID, b.EventID), strings.Compare(a.Field, b.Field))
	})
	return out
}

func (h *handler) document(w http.ResponseWriter, r *http.Request) error {
	if err := newParams(r.URL.Query()).err; err != nil {
		return err
	}
	d, events, err := h.s.Document(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if events == nil {
		events = []event.Event{}
	}
	return writeJSON(w, struct {
		ID        string        `json:"id"`
		Source    string        `json:"source,omitempty"`
		URL       string        `json:"url,omitempty"`
		Outlet    string        `json:"outlet,omitempty"`
		Author    string        `json:"author,omitempty"`
		Title     string        `json:"title,omitempty"`
		Published string        `json:"published,omitempty"`
		Lang      string        `json:"lang,omitempty"`
		Text      string        `json:"text"`
		Spans     []mark        `json:"spans"`
		Events    []event.Event `json:"events"`
	}{d.ID, publicSource(d.Source), d.URL, d.Outlet, d.Author, d.Title, published(d), d.Lang, d.Text, marks(events), events})
}

// publicSource is a document's source as the API shows it: a URL as it is,
// a file without the server's folders, which would tell a client where the
// server keeps its files and under whose home. A path relative to where
// ingest ran, and not above it, says neither, and stays.
func publicSource(s string) string {
	if u, err := url.Parse(s); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		return s
	}
	p, file := strings.CutPrefix(s, "file:")
	abs := file || strings.HasPrefix(p, "/") || strings.HasPrefix(p, `\`) || strings.HasPrefix(p, "~") || strings.HasPrefix(p, "..") ||
		len(p) >= 3 && p[1] == ':' && (p[2] == '\\' || p[2] == '/')
	if !abs {
		return s
	}
	// The file's name and what follows it ("#record", ":line", "@offset"):
	// the folders end at the last separator before any "#".
	end := len(p)
	if i := strings.IndexByte(p, '#'); i >= 0 {
		end = i
	}
	name := p[strings.LastIndexAny(p[:end], `/\`)+1:]
	if strings.HasPrefix(name, "~") || strings.HasPrefix(name, "..") {
		return "" // a home or a parent folder, and no file
	}
	return name
}

func published(d document.Document) string {
	if d.Published.IsZero() {
		return ""
	}
	return d.Published.Format("2006-01-02")
}

// piece is a run of text covered by the same marks.
type piece struct {
	Text     string
	Events   string // ids of the events whose spans cover it, space-separated
	Title    string // which event fields, for a tooltip
	Evidence bool   // some event's evidence covers it
	Field    bool   // the source of some event's field covers it
	Selected bool   // the event asked for covers it
}

// pieces cuts text at every mark's ends, so that overlapping marks need no
// nesting. Offsets count code points, as everywhere in sitrep; marks out of
// range are clipped.
func pieces(text string, ms []mark, selected string) []piece {
	runes := []rune(text)
	cuts := []int{0, len(runes)}
	for _, m := range ms {
		cuts = append(cuts, min(max(m.Start, 0), len(runes)), min(max(m.End, 0), len(runes)))
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	var out []piece
	for i := 0; i+1 < len(cuts); i++ {
		a, b := cuts[i], cuts[i+1]
		p := piece{Text: string(runes[a:b])}
		var ids, title []string
		for _, m := range ms {
			if m.Start > a || m.End < b {
				continue
			}
			if !slices.Contains(ids, m.EventID) {
				ids = append(ids, m.EventID)
			}
			title = append(title, m.EventID+": "+m.Field)
			p.Evidence = p.Evidence || m.Field == "evidence"
			p.Field = p.Field || m.Field != "evidence"
			p.Selected = p.Selected || m.EventID == selected
		}
		p.Events, p.Title = strings.Join(ids, " "), strings.Join(title, "\n")
		out = append(out, p)
	}
	return out
}

var documentPage = template.Must(template.New("document.html").Funcs(template.FuncMap{"deaths": fatalities}).ParseFS(files, "static/document.html"))

// fatalities writes a range of deaths as people read it: 3, 3–5, 3+.
func fatalities(low int, high *int) string {
	switch {
	case high == nil:
		return strconv.Itoa(low) + "+"
	case *high == low:
		return strconv.Itoa(low)
	}
	return strconv.Itoa(low) + "–" + strconv.Itoa(*high)
}

// documentHTML renders a document for people, its events' spans marked;
// ?event=ID picks out one event's.
func (h *handler) documentHTML(w http.ResponseWriter, r *http.Request) error {
	p := newParams(r.URL.Query(), []string{"event"})
	selected := p.str("event")
	if p.err != nil {
		return p.err
	}
	d, events, err := h.s.Document(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	return documentPage.Execute(w, map[string]any{
		"Doc":       d,
		"Published": published(d),
		"Events":    events,
		"Pieces":    pieces(d.Text, marks(events), selected),
		"Selected":  selected,
	})
}
