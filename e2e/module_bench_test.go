package e2e

import (
	"testing"
)

// BenchmarkModuleReady measures, in Chromium with the module already in the
// HTTP cache, the time from fetching the checker's WebAssembly module to
// liftwellAssess being defined. The budget is 100 ms.
//
//	go test ./e2e -run '^$' -bench ModuleReady -benchtime 20x
func BenchmarkModuleReady(b *testing.B) {
	needChromium(b)
	s := builtSite(b, "/")
	tb := newTab(b)
	tb.openPage(b, s, "/checker/")
	mustEval[bool](b, tb, `new Promise((ok, fail) => {
		const s = document.createElement("script");
		s.src = document.getElementById("checker").dataset.wasmExec;
		s.onload = () => ok(true);
		s.onerror = fail;
		document.head.append(s);
	})`)
	mustEval[bool](b, tb, `fetch(document.getElementById("checker").dataset.wasm).then(r => r.ok)`)
	const start = `(async () => {
		const url = document.getElementById("checker").dataset.wasm;
		delete globalThis.liftwellAssess;
		const t0 = performance.now();
		const go = new Go();
		const r = await WebAssembly.instantiateStreaming(fetch(url), go.importObject);
		go.run(r.instance);
		if (typeof globalThis.liftwellAssess !== "function") throw new Error("module not ready");
		const t1 = performance.now();
		globalThis.liftwellAssess({saddle_numbness: "yes"});
		return [t1 - t0, performance.now() - t1];
	})()`
	b.ResetTimer()
	var ready, assess float64
	for i := 0; i < b.N; i++ {
		ms := mustEval[[]float64](b, tb, start)
		ready += ms[0]
		assess += ms[1]
	}
	b.ReportMetric(ready/float64(b.N), "ms/ready")
	b.ReportMetric(assess/float64(b.N), "ms/first-assess")
}
