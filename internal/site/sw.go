package site

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"

	"github.com/liftwell/liftwell/internal/content"
)

// addServiceWorker generates sw.js from the output files: a precache
// manifest of every file (but the 404 page and the worker itself) with its
// content hash, and a cache name made from the manifest's hash and the
// base path, since all of a user's GitHub project sites share one origin.
// The worker's code is templates/sw.js; the builder puts the manifest,
// cache name and base path in front of it.
func (b *Builder) addServiceWorker() error {
	code, err := os.ReadFile(filepath.Join(b.cfg.Templates, "sw.js"))
	if err != nil {
		return err
	}
	type entry struct {
		URL      string `json:"url"`
		Revision string `json:"revision"`
	}
	var manifest []entry
	for _, p := range b.files.Paths() {
		if p == "404.html" || p == "sw.js" {
			continue
		}
		sum := sha256.Sum256(b.files[p])
		url := b.url("/" + strings.TrimSuffix(p, "index.html"))
		manifest = append(manifest, entry{URL: url, Revision: hex.EncodeToString(sum[:8])})
	}
	list, err := json.Marshal(manifest)
	if err != nil {
		return err
	}
	version := sha256.Sum256(list)
	head := "const PRECACHE=" + string(list) + ";\n" +
		"const BASE=" + jsString(b.cfg.Base) + ";\n" +
		"const CACHE=" + jsString("liftwell:"+b.cfg.Base+":"+hex.EncodeToString(version[:6])) + ";\n" +
		"const CACHE_PREFIX=" + jsString("liftwell:"+b.cfg.Base+":") + ";\n"
	var out bytes.Buffer
	if err := minifier.Minify("application/javascript", &out, strings.NewReader(head+string(code))); err != nil {
		return &content.Error{Path: filepath.Join(b.cfg.Templates, "sw.js"), Msg: "cannot minify: " + err.Error()}
	}
	b.files["sw.js"] = out.Bytes()
	return nil
}

func jsString(s string) string {
	out, _ := json.Marshal(s)
	return string(out)
}
