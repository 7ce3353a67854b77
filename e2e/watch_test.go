package e2e

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/chromedp/cdproto"
	jsonv2 "github.com/chromedp/cdproto/cdp/jsonv2"
	"github.com/chromedp/cdproto/network"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/remote"
)

// ---------------------------------------------------------------------------
// The watcher: who made each request, from the DevTools protocol.
//
// chromedp drives the tabs over a pipe. The watcher is a second DevTools
// connection, over the browser's websocket, that attaches to every target
// as it starts (Target.setAutoAttach with waitForDebuggerOnStart at the
// browser level: pages and service workers; then on each of those: iframes
// and workers), turns on the Network domain there and only then lets the
// target run. So it sees every request a page, its frames and workers, or
// a service worker make, and knows which target made it. What the browser
// does on its own (sign-in, updates) belongs to no target and never shows
// here; the catcher proxy refuses it (see browser_test.go).

// watchedTarget is a target the watcher is attached to.
type watchedTarget struct {
	info *target.Info
	page target.ID // the page it belongs to: itself for a page, "" for a service worker
}

// request is one request the watcher saw.
type request struct {
	when   time.Time
	url    string
	kind   string    // the target type: page, iframe, worker, service_worker...
	page   target.ID // the page whose target (or child target) made it, or ""
	origin string    // the origin of the target that made it (for a service worker)
}

type watcher struct {
	conn *remote.Conn
	next atomic.Int64

	mu       sync.Mutex
	replies  map[int64]chan *cdproto.Message
	sessions map[target.SessionID]*watchedTarget
	requests []request
}

// watch connects to the browser whose profile is dir and starts watching.
func watch(ctx context.Context, profile string) (*watcher, error) {
	// Chromium writes the port and path of its DevTools websocket there.
	var data []byte
	var err error
	for deadline := time.Now().Add(30 * time.Second); ; {
		data, err = os.ReadFile(filepath.Join(profile, "DevToolsActivePort"))
		if err == nil && strings.Count(string(data), "\n") >= 1 {
			break
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("no DevToolsActivePort in %s: %v", profile, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	lines := strings.Fields(string(data))
	if len(lines) < 2 {
		return nil, fmt.Errorf("DevToolsActivePort: %q", data)
	}
	conn, err := remote.DialContext(ctx, "ws://127.0.0.1:"+lines[0]+lines[1])
	if err != nil {
		return nil, fmt.Errorf("connecting to the browser's DevTools websocket: %w", err)
	}
	w := &watcher{conn: conn, replies: map[int64]chan *cdproto.Message{}, sessions: map[target.SessionID]*watchedTarget{}}
	go w.read()
	if err := w.call(ctx, "", target.CommandSetAutoAttach, autoAttach); err != nil {
		conn.Close()
		return nil, fmt.Errorf("Target.setAutoAttach on the browser: %w", err)
	}
	return w, nil
}

var autoAttach = target.SetAutoAttachParams{AutoAttach: true, WaitForDebuggerOnStart: true, Flatten: new(true)}

func (w *watcher) close() { w.conn.Close() }

// call sends a command to a session ("" for the browser) and waits for its reply.
func (w *watcher) call(ctx context.Context, session target.SessionID, method string, params any) error {
	return w.send(ctx, session, method, params)()
}

// send sends a command to a session and returns a func that waits for
// its reply.
func (w *watcher) send(ctx context.Context, session target.SessionID, method string, params any) (wait func() error) {
	id := w.next.Add(1)
	var buf []byte
	if params != nil {
		var err error
		if buf, err = jsonv2.Marshal(params, chromedp.DefaultMarshalOptions); err != nil {
			return func() error { return err }
		}
	}
	ch := make(chan *cdproto.Message, 1)
	w.mu.Lock()
	w.replies[id] = ch
	w.mu.Unlock()
	forget := func() {
		w.mu.Lock()
		delete(w.replies, id)
		w.mu.Unlock()
	}
	if err := w.conn.Write(ctx, &cdproto.Message{ID: id, SessionID: session, Method: cdproto.MethodType(method), Params: buf}); err != nil {
		forget()
		return func() error { return err }
	}
	return func() error {
		defer forget()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case msg := <-ch:
			if msg == nil {
				return errors.New("the connection closed")
			}
			if msg.Error != nil {
				return msg.Error
			}
			return nil
		}
	}
}

func (w *watcher) read() {
	defer func() {
		w.mu.Lock()
		for id, ch := range w.replies {
			close(ch)
			delete(w.replies, id)
		}
		w.mu.Unlock()
	}()
	for {
		msg := new(cdproto.Message)
		if err := w.conn.Read(context.Background(), msg); err != nil {
			return
		}
		if msg.ID != 0 {
			w.mu.Lock()
			ch := w.replies[msg.ID]
			w.mu.Unlock()
			if ch != nil {
				ch <- msg
			}
			continue
		}
		switch msg.Method {
		case cdproto.EventTargetAttachedToTarget, cdproto.EventTargetDetachedFromTarget, cdproto.EventNetworkRequestWillBeSent:
		default:
			continue
		}
		ev, err := cdproto.UnmarshalMessage(msg, chromedp.DefaultUnmarshalOptions)
		if err != nil {
			continue
		}
		switch ev := ev.(type) {
		case *target.EventAttachedToTarget:
			w.attached(msg.SessionID, ev)
		case *target.EventDetachedFromTarget:
			w.mu.Lock()
			delete(w.sessions, ev.SessionID)
			w.mu.Unlock()
		case *network.EventRequestWillBeSent:
			w.mu.Lock()
			if wt := w.sessions[msg.SessionID]; wt != nil {
				w.requests = append(w.requests, request{
					when: time.Now(), url: ev.Request.URL, kind: wt.info.Type, page: wt.page, origin: originOf(wt.info.URL),
				})
			}
			w.mu.Unlock()
		}
	}
}

// attached records a new session and lets its target run once its
// requests are watched. parent is the session that auto-attached it.
func (w *watcher) attached(parent target.SessionID, ev *target.EventAttachedToTarget) {
	wt := &watchedTarget{info: ev.TargetInfo}
	w.mu.Lock()
	switch {
	case ev.TargetInfo.Type == "page":
		wt.page = ev.TargetInfo.TargetID
	case w.sessions[parent] != nil:
		wt.page = w.sessions[parent].page
	}
	w.sessions[ev.SessionID] = wt
	w.mu.Unlock()
	// A target handles the commands of a session in order, so its
	// requests are watched before it runs. (A paused service worker
	// answers Network.enable only once it runs: send all, then wait.)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	s := ev.SessionID
	waits := []func() error{
		w.send(ctx, s, network.CommandEnable, network.EnableParams{}),
		w.send(ctx, s, target.CommandSetAutoAttach, autoAttach),
	}
	if ev.WaitingForDebugger {
		waits = append(waits, w.send(ctx, s, cdpruntime.CommandRunIfWaitingForDebugger, nil))
	}
	go func() {
		defer cancel()
		// Errors only mean that the target went away, or has no child
		// targets to attach to.
		for _, wait := range waits {
			wait()
		}
	}()
}

// sync makes sure every event that the targets of page, and the service
// workers of origins, sent before now has been read: one round trip to
// each of their sessions, which answer after the events they sent before.
func (w *watcher) sync(ctx context.Context, page target.ID, origins map[string]bool) {
	w.mu.Lock()
	var ss []target.SessionID
	for s, wt := range w.sessions {
		if wt.page == page || origins[originOf(wt.info.URL)] {
			ss = append(ss, s)
		}
	}
	w.mu.Unlock()
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	for _, s := range ss {
		wg.Go(func() {
			w.call(ctx, s, cdpruntime.CommandEvaluate, cdpruntime.EvaluateParams{Expression: "0"})
		})
	}
	wg.Wait()
}

// madeFor returns the requests since t0 that count against the page:
// those of its own targets (the page, its frames, its workers), and those
// of service workers (or any target without a page) of the origins it
// loaded.
func (w *watcher) madeFor(page target.ID, origins map[string]bool, t0 time.Time) []request {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []request
	for _, r := range w.requests {
		if r.when.Before(t0) {
			continue
		}
		if r.page == page || (r.page == "" && origins[r.origin]) {
			out = append(out, r)
		}
	}
	return out
}

// originOf returns the origin of a URL ("" when it has none).
func originOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host
}
