package site

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/liftwell/liftwell/internal/testfix"
)

// workerJS runs a built sw.js under Node, with Node's fetch API types and
// WebCrypto, a fake network serving the build and an in-memory Cache
// Storage, through the steps its argument lists. Each step prints what
// happened: for a request, whether the worker answered it, and the
// status, Content-Type and SHA-256 of its answer, or its error.
const workerJS = `
const fs = require("fs"), vm = require("vm");
const {origin, base, files, steps} = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
const src = fs.readFileSync(process.argv[2], "utf8");
const net = {online: true, corrupt: ""};
const body = (p) => Buffer.from(files[p], "base64");
globalThis.fetch = async (req) => {
  const url = new URL(typeof req === "string" ? req : req.url, origin + base);
  if (!net.online) throw new TypeError("Failed to fetch (offline)");
  let p = url.pathname.slice(base.length);
  if (p === "" || p.endsWith("/")) p += "index.html";
  if (!(p in files)) return new Response("not found", {status: 404, headers: {"Content-Type": "text/html"}});
  const b = p === net.corrupt ? Buffer.from("stale") : body(p);
  return new Response(b, {status: 200, headers: {"Content-Type": "x-from/network"}});
};
class Cache {
  constructor() { this.m = new Map(); }
  key(r) { return typeof r === "string" ? r : r.url; }
  async match(r) { const res = this.m.get(this.key(r)); return res ? res.clone() : undefined; }
  async put(r, res) { this.m.set(this.key(r), res); }
  async delete(r) { return this.m.delete(this.key(r)); }
  async keys() { return [...this.m.keys()]; }
}
const stores = new Map();
globalThis.caches = {
  async open(n) { if (!stores.has(n)) stores.set(n, new Cache()); return stores.get(n); },
  async keys() { return [...stores.keys()]; },
  async delete(n) { return stores.delete(n); },
  async has(n) { return stores.has(n); },
};
const handlers = {};
globalThis.self = {
  location: new URL(origin + base + "sw.js"),
  addEventListener(type, fn) { handlers[type] = fn; },
  skipWaiting() {},
  clients: { claim: async () => {} },
};
// A worker resolves relative URLs against its own; Node against nothing.
const NodeRequest = Request;
globalThis.Request = class extends NodeRequest {
  constructor(u, o) { super(typeof u === "string" ? new URL(u, self.location.href).href : u, o); }
};
const nodeRedirect = Response.redirect.bind(Response);
Response.redirect = (u, status) => nodeRedirect(new URL(u, self.location.href).href, status);
vm.runInThisContext(src);
const cacheName = vm.runInThisContext("CACHE");
const hex = (buf) => require("crypto").createHash("sha256").update(Buffer.from(buf)).digest("hex");
(async () => {
  const out = [];
  for (const s of steps) {
    const r = {step: s.do + " " + (s.path || "")};
    try {
      switch (s.do) {
      case "online": net.online = true; break;
      case "offline": net.online = false; break;
      case "corrupt": net.corrupt = s.path; break;
      case "install": case "activate": {
        let p; handlers[s.do]({waitUntil(x) { p = x; }});
        await p; r.ok = true; break;
      }
      case "caches": {
        r.caches = [...stores.keys()];
        const c = stores.get(cacheName);
        r.keys = c ? (await c.keys()).length : -1;
        break;
      }
      case "has": {
        const c = stores.get(cacheName);
        r.ok = !!c && c.m.has(origin + base + s.path);
        break;
      }
      case "poison": {
        // A page of a sibling site on the origin writes into this site's cache.
        const c = await caches.open(cacheName);
        const b = s.copy ? body(s.copy) : s.body;
        await c.put(new Request(origin + base + s.path), new Response(b, {status: 200, headers: {"Content-Type": s.type}}));
        break;
      }
      case "get": {
        let p;
        handlers.fetch({request: {url: origin + base + s.path, method: "GET", mode: s.mode || "cors"}, respondWith(x) { p = x; }});
        if (!p) { r.handled = false; break; }
        r.handled = true;
        const res = await p;
        r.status = res.status;
        r.type = res.headers.get("Content-Type") || "";
        r.location = res.headers.get("Location") || "";
        r.sha = hex(await res.arrayBuffer());
        break;
      }
      }
    } catch (e) { r.error = String(e && e.message || e); }
    out.push(r);
  }
  process.stdout.write(JSON.stringify(out));
})();
`

type workerStep struct {
	Do   string `json:"do"`
	Path string `json:"path,omitempty"`
	Mode string `json:"mode,omitempty"`
	Body string `json:"body,omitempty"`
	Copy string `json:"copy,omitempty"` // poison with this file's own bytes
	Type string `json:"type,omitempty"`
}

type workerResult struct {
	Step     string   `json:"step"`
	OK       bool     `json:"ok"`
	Error    string   `json:"error"`
	Caches   []string `json:"caches"`
	Keys     int      `json:"keys"`
	Handled  bool     `json:"handled"`
	Status   int      `json:"status"`
	Type     string   `json:"type"`
	Location string   `json:"location"`
	SHA      string   `json:"sha"`
}

func runWorker(t *testing.T, files Files, base string, steps []workerStep) []workerResult {
	t.Helper()
	node, err := exec.LookPath("node")
	testfix.Need(t, err == nil, "node is not installed")
	dir := t.TempDir()
	in := map[string]any{"origin": "https://user.github.io", "base": base, "files": files, "steps": steps}
	data, err := json.Marshal(in) // []byte values as base64
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "in.json"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "sw.js"), files["sw.js"], 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, "-e", workerJS, filepath.Join(dir, "in.json"), filepath.Join(dir, "sw.js"))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, stderr.String())
	}
	var got []workerResult
	if err := json.Unmarshal(out, &got); err != nil || len(got) != len(steps) {
		t.Fatalf("node printed %d results for %d steps: %v\n%s", len(got), len(steps), err, out)
	}
	return got
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// TestWorkerTrustsOnlyItsPrecache runs the built service worker under
// Node and has a page of a sibling site on the same origin (another
// project site of the same GitHub user) write into its cache, as the
// Cache API lets any page of the origin do: a forged checker page, a
// page at a URL the build does not have, the offline page, and our own
// script's bytes with the type of a page. The worker serves none of them:
// a copy whose bytes are not the ones the build listed is dropped and the
// network asked; a URL the build does not list never comes from the
// cache; and what it serves from the cache carries the build's type, not
// the stored one. Install stays all or nothing, and offline, the pages
// install stored are served.
func TestWorkerTrustsOnlyItsPrecache(t *testing.T) {
	const base = "/liftwell/"
	files := fixtureBuild(t, fixtureConfig("../..", base))
	var script string
	for _, p := range files.Paths() {
		if strings.HasPrefix(p, "assets/checker.") && strings.HasSuffix(p, ".js") {
			script = p
		}
	}
	if script == "" {
		t.Fatal("the build has no assets/checker.*.js")
	}
	precached := len(files) - 2 // but sw.js and 404.html
	const evil = "<!doctype html><title>Your result: self care</title><h1>Your result: self care</h1>"
	get := func(path string) workerStep { return workerStep{Do: "get", Path: path} }
	nav := func(path string) workerStep { return workerStep{Do: "get", Path: path, Mode: "navigate"} }
	poison := func(path string) workerStep {
		return workerStep{Do: "poison", Path: path, Body: evil, Type: "text/html; charset=utf-8"}
	}
	steps := []workerStep{
		{Do: "corrupt", Path: "checker/index.html"}, // 0: a stale file during a deploy
		{Do: "install"},               // 1: fails
		{Do: "caches"},                // 2: and keeps no cache
		{Do: "corrupt"},               // 3
		{Do: "install"},               // 4
		{Do: "activate"},              // 5
		{Do: "caches"},                // 6
		{Do: "offline"},               // 7
		nav("checker/"),               // 8: from the cache
		get(script),                   // 9
		poison("checker/"),            // 10
		nav("checker/"),               // 11: offline: not the forged page
		{Do: "has", Path: "checker/"}, // 12: dropped
		{Do: "online"},                // 13
		poison("checker/"),            // 14
		nav("checker/"),               // 15: online: the network's page
		{Do: "has", Path: "checker/"}, // 16: dropped
		poison("evil/"),               // 17: a URL the build does not have
		nav("evil/"),                  // 18: online: the network's 404
		{Do: "offline"},               // 19
		nav("evil/"),                  // 20: offline: the offline page
		{Do: "poison", Path: script, Copy: script, Type: "text/html"}, // 21: our bytes, another type
		get(script),                  // 22: served with its own type
		poison("offline/"),           // 23
		nav("no-such-page/"),         // 24: neither the forged offline page
		poison(""),                   // 25: nor a forged home page
		nav(""),                      // 26
		nav("checker/checklist"),     // 27: "dir" offline: a redirect to "dir/"
		poison("checker/checklist/"), // 28
		nav("checker/checklist"),     // 29: no redirect to a forged page
	}
	r := runWorker(t, files, base, steps)
	for i, g := range r {
		if g.Error != "" && i != 1 && i != 11 && i != 24 && i != 26 && i != 29 {
			t.Errorf("step %d %s: %s", i, g.Step, g.Error)
		}
	}
	if r[1].Error == "" || len(r[2].Caches) != 0 {
		t.Errorf("install with a stale file: error %q, caches %v; want a failed install and no cache", r[1].Error, r[2].Caches)
	}
	if len(r[6].Caches) != 1 || r[6].Keys != precached {
		t.Errorf("after install: caches %v with %d files, want one cache with the %d precached files", r[6].Caches, r[6].Keys, precached)
	}
	served := func(i int, what, want, wantType string) {
		t.Helper()
		g := r[i]
		switch {
		case !g.Handled || g.Error != "":
			t.Errorf("step %d: %s: not answered (%s)", i, what, g.Error)
		case g.SHA == sha([]byte(evil)):
			t.Errorf("step %d: %s: the worker served the page a sibling site wrote into its cache", i, what)
		case g.SHA != sha(files[want]):
			t.Errorf("step %d: %s: served HTTP %d %q, not the bytes of %s", i, what, g.Status, g.Type, want)
		case wantType != "" && g.Type != wantType:
			t.Errorf("step %d: %s: Content-Type %q, want %q", i, what, g.Type, wantType)
		}
	}
	const htmlType = "text/html; charset=utf-8"
	served(8, "offline, the checker page", "checker/index.html", htmlType)
	served(9, "offline, the checker script", script, "text/javascript; charset=utf-8")
	served(11, "offline, the checker page after a sibling wrote a forged one", "offline/index.html", htmlType)
	if r[12].OK || r[16].OK {
		t.Errorf("the forged copy of checker/ is still in the cache (offline: %v, online: %v): want it dropped", r[12].OK, r[16].OK)
	}
	served(15, "online, the checker page after a sibling wrote a forged one", "checker/index.html", "")
	if g := r[18]; !g.Handled || g.Status != 404 || g.SHA == sha([]byte(evil)) {
		t.Errorf("step 18: online, a URL the build does not have, which a sibling put in the cache: HTTP %d (handled %v); want the network's 404", g.Status, g.Handled)
	}
	served(20, "offline, a URL the build does not have, which a sibling put in the cache", "offline/index.html", htmlType)
	served(22, "our script stored with the type text/html", script, "text/javascript; charset=utf-8")
	if g := r[27]; g.Status != 301 || g.Location != "https://user.github.io"+base+"checker/checklist/" {
		t.Errorf("step 27: offline, checker/checklist: HTTP %d to %q, want 301 to %schecker/checklist/", g.Status, g.Location, base)
	}
	for _, i := range []int{24, 26, 29} {
		if g := r[i]; g.Error == "" && (g.SHA == sha([]byte(evil)) || g.Location != "") {
			t.Errorf("step %d: %s: HTTP %d %q, Location %q: the worker served what a sibling wrote", i, g.Step, g.Status, g.Type, g.Location)
		}
	}
}
