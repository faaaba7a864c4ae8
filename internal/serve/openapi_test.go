package serve

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

type openAPIParam struct {
	Ref    string `json:"$ref"`
	Name   string
	In     string
	Schema struct {
		Type string
		Enum []string
	}
}

type openAPIDoc struct {
	OpenAPI string
	Paths   map[string]map[string]struct {
		OperationID string
		Parameters  []openAPIParam
		Responses   map[string]json.RawMessage
	}
	Components struct {
		Parameters map[string]openAPIParam
	}
}

func readOpenAPI(t *testing.T) (openAPIDoc, []byte) {
	t.Helper()
	body, err := files.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc openAPIDoc
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatal(err)
	}
	return doc, body
}

// docPath is the OpenAPI spelling of a route pattern.
func docPath(pattern string) string {
	return strings.ReplaceAll(strings.TrimSuffix(pattern, "{$}"), "...}", "}")
}

// TestOpenAPIMatchesRoutes holds the hand-written OpenAPI document to the
// routes: every route documented, every documented operation served, and
// every documented query parameter taken.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	doc, raw := readOpenAPI(t)
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi %q", doc.OpenAPI)
	}
	h := &handler{}
	served := map[string]bool{}
	for _, rt := range h.routes() {
		key := rt.method + " " + docPath(rt.path)
		served[key] = true
		op, ok := doc.Paths[docPath(rt.path)][strings.ToLower(rt.method)]
		if !ok {
			t.Errorf("route %s is not documented", key)
			continue
		}
		if _, ok := op.Responses["200"]; !ok {
			t.Errorf("%s documents no 200 answer", key)
		}
	}
	ops := map[string]bool{}
	for path, methods := range doc.Paths {
		for method, op := range methods {
			if !served[strings.ToUpper(method)+" "+path] {
				t.Errorf("%s %s is documented but not served", method, path)
			}
			if ops[op.OperationID] {
				t.Errorf("operationId %s twice", op.OperationID)
			}
			ops[op.OperationID] = true
			for _, p := range op.Parameters {
				if p.In == "path" && !strings.Contains(path, "{"+p.Name+"}") {
					t.Errorf("%s: path parameter %s is not in the path", path, p.Name)
				}
			}
		}
	}
	// Every reference resolves.
	var all any
	if err := json.Unmarshal(raw, &all); err != nil {
		t.Fatal(err)
	}
	for _, ref := range refs(all) {
		var node any = all
		for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
			m, ok := node.(map[string]any)
			if !ok || m[part] == nil {
				t.Errorf("$ref %s does not resolve", ref)
				break
			}
			node = m[part]
		}
	}

	// Every documented query parameter is taken by the real route, with a
	// value the document allows.
	f := newFixture(t, genDocs("o", 5, 5), Options{})
	samples := map[string]string{"start": "2024-01-01", "end": "2024-12-31", "bbox": "30,30,45,40", "date": "2024-06-01",
		"limit": "5", "cursor": "", "q": "report", "event": "x", "min_fatalities": "1", "fields": "id,event_date", "after": "", "stale_days": "60"}
	for path, methods := range doc.Paths {
		op := methods["get"]
		for _, p := range op.Parameters {
			if p.Ref != "" {
				p = doc.Components.Parameters[strings.TrimPrefix(p.Ref, "#/components/parameters/")]
			}
			if p.In != "query" {
				continue
			}
			v, ok := samples[p.Name]
			if len(p.Schema.Enum) > 0 {
				v = p.Schema.Enum[0]
			} else if !ok {
				v = "x"
			}
			u := f.srv.URL + strings.NewReplacer("{id}", "o0000-0", "{place}", "x", "{path}", "dist/app.css").Replace(path) + "?" + url.Values{p.Name: {v}}.Encode()
			if strings.Contains(path, "/incidents/") {
				u = strings.Replace(u, "o0000-0", "1", 1)
			}
			status, body, _ := get(t, u)
			if status == http.StatusBadRequest {
				t.Errorf("GET %s: %s", u, body)
			}
		}
	}
}

func refs(v any) []string {
	var out []string
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if s, ok := x.(string); ok && k == "$ref" {
				out = append(out, s)
			}
			out = append(out, refs(x)...)
		}
	case []any:
		for _, x := range v {
			out = append(out, refs(x)...)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
