package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// Messages as Hugo's livereload server sends them (its livereload
// package): the answer to the client's hello, then one reload per
// rebuild, naming the page changed.
const (
	hugoHello  = `{"command":"hello","protocols":["http://livereload.com/protocols/official-7"],"serverName":"Hugo"}`
	hugoReload = `{"command":"reload","path":"/articles/a/","originalPath":"","liveCSS":true,"liveImg":true}`
)

// TestFollowLiveReload runs followLiveReload against a server that
// speaks as Hugo's livereload does: it waits for the client's hello,
// answers it, sends one reload and closes. The client must note exactly
// one reload event: none for the hello.
func TestFollowLiveReload(t *testing.T) {
	errc := make(chan error, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		errc <- livereload(w, r)
	}))
	defer srv.Close()

	s := &server{tool: "hugo", base: srv.URL, events: make(chan time.Time, 8)}
	if err := s.followLiveReload(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-errc:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the livereload server did not finish")
	}
	// The server's close handshake is done, so the client has read every
	// message before it.
	if n := len(s.events); n != 1 {
		t.Errorf("%d reload events, want 1", n)
	}
}

// livereload is one connection to a server that answers as Hugo's
// livereload does. It returns once the client has answered its close.
func livereload(w http.ResponseWriter, r *http.Request) error {
	if r.URL.Path != "/livereload" {
		http.NotFound(w, r)
		return fmt.Errorf("request for %s, want /livereload", r.URL.Path)
	}
	if r.Header.Get("Origin") == "" {
		http.Error(w, "no origin", http.StatusForbidden)
		return fmt.Errorf("no Origin header")
	}
	c, err := websocket.Accept(w, r, nil) // checks that Origin is the server's own
	if err != nil {
		return err
	}
	defer c.CloseNow()
	ctx, cancel := context.WithTimeout(r.Context(), 10*time.Second)
	defer cancel()
	_, msg, err := c.Read(ctx)
	if err != nil {
		return err
	}
	if !bytes.Contains(msg, []byte(`"command":"hello"`)) {
		return fmt.Errorf("client's first message %s, want a hello", msg)
	}
	for _, m := range []string{hugoHello, hugoReload} {
		if err := c.Write(ctx, websocket.MessageText, []byte(m)); err != nil {
			return err
		}
	}
	return c.Close(websocket.StatusNormalClosure, "")
}
