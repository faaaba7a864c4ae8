package serve

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"sync"

	"github.com/sitrep/sitrep/internal/store"
)

// The page and its assets are embedded: the map's script, styles and
// basemap are built from web/ (see generate.go) into static/dist.

//go:generate npm --prefix ../../web ci --no-audit --no-fund
//go:generate npm --prefix ../../web run build

// asset is an embedded file ready to serve: its bytes, gzip'd once on
// first use (the basemap and the script shrink to a quarter), and an ETag.
type asset struct {
	body, gz    []byte
	etag, ctype string
}

// assets holds the embedded files served so far.
type assets struct {
	mu    sync.Mutex
	files map[string]*asset
}

var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".mjs":  "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".json": "application/json",
	".txt":  "text/plain; charset=utf-8",
}

func (a *assets) get(name string) (*asset, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if f, ok := a.files[name]; ok {
		return f, nil
	}
	body, err := files.ReadFile(name)
	if err != nil {
		return nil, err
	}
	ctype, ok := contentTypes[path.Ext(name)]
	if !ok {
		return nil, fs.ErrNotExist
	}
	sum := sha256.Sum256(body)
	f := &asset{body: body, ctype: ctype, etag: `"` + hex.EncodeToString(sum[:12]) + `"`}
	if len(body) > 1024 {
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
		zw.Write(body)
		if err := zw.Close(); err != nil {
			return nil, fmt.Errorf("compressing %s: %w", name, err)
		}
		if b.Len() < len(body)*9/10 {
			f.gz = b.Bytes()
		}
	}
	if a.files == nil {
		a.files = map[string]*asset{}
	}
	a.files[name] = f
	return f, nil
}

// warm gzips the files a first load of the map asks for, in the order it
// asks, so that its first visitor does not wait for that (app.js alone
// took 80 ms, and held the files asked for after it).
func (a *assets) warm() {
	for _, name := range []string{"static/index.html", "static/dist/app.css", "static/dist/app.js", "static/dist/basemap.json",
		"static/dist/maplibre-gl-worker.mjs", "static/dist/cluster-worker.js"} {
		a.get(name) // an error is the request's to report
	}
}

// static serves one embedded file.
func (h *handler) static(name string) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		return h.serveAsset(w, r, name)
	}
}

// asset serves the files under static/ by their path.
func (h *handler) asset(w http.ResponseWriter, r *http.Request) error {
	if err := newParams(r.URL.Query(), []string{"v"}).err; err != nil {
		return err
	}
	name := r.PathValue("path")
	if !fs.ValidPath(name) || strings.HasPrefix(path.Base(name), ".") {
		return notFound(name)
	}
	return h.serveAsset(w, r, "static/"+name)
}

type notFound string

func (e notFound) Error() string { return "no such file: " + string(e) }

// Unwrap makes it a 404.
func (e notFound) Unwrap() error { return store.ErrNotFound }

func (h *handler) serveAsset(w http.ResponseWriter, r *http.Request, name string) error {
	f, err := h.assets.get(name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return notFound(strings.TrimPrefix(name, "static/"))
		}
		return err
	}
	hd := w.Header()
	hd.Set("Content-Type", f.ctype)
	hd.Set("Cache-Control", "no-cache") // revalidate: the ETag makes that cheap
	hd.Set("ETag", f.etag)
	hd.Set("Vary", "Accept-Encoding")
	if match := r.Header.Get("If-None-Match"); match != "" && strings.Contains(match, f.etag) {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	body := f.body
	if f.gz != nil && acceptsGzip(r.Header.Get("Accept-Encoding")) {
		hd.Set("Content-Encoding", "gzip")
		body = f.gz
	}
	hd.Set("Content-Length", fmt.Sprint(len(body)))
	_, err = w.Write(body)
	return err
}

// acceptsGzip reads an Accept-Encoding header: gzip listed, and not with q=0.
func acceptsGzip(header string) bool {
	for part := range strings.SplitSeq(header, ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(coding), "gzip") {
			q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
}
