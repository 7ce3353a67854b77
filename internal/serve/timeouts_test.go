package serve

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/liftwell/liftwell/internal/testfix"
)

// closedWithin reads from c until the server closes it, and fails t when
// the connection is still open after limit (a bound for the failure
// only, far above the configured timeouts).
func closedWithin(t *testing.T, c net.Conn, limit time.Duration, what string) {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(limit))
	_, err := io.Copy(io.Discard, c)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("%s: the connection is still open after %s", what, limit)
	}
}

// TestServeTimeouts: the connections serve accepts are closed when a
// client sends half a request's headers, nothing at all, half a body, or
// keeps a connection idle. The timeouts are set short here; the bound
// that fails the test is far longer.
func TestServeTimeouts(t *testing.T) {
	for name, d := range map[string]time.Duration{"ReadHeader": DefaultTimeouts.ReadHeader, "Read": DefaultTimeouts.Read, "Idle": DefaultTimeouts.Idle} {
		if d <= 0 {
			t.Errorf("DefaultTimeouts.%s is %s: serve would keep such connections for ever", name, d)
		}
	}
	s, err := New(testConfig(copyFixture(t)), &testfix.SyncBuffer{})
	if err != nil {
		t.Fatal(err)
	}
	if s.timeouts != DefaultTimeouts {
		t.Errorf("New gives the timeouts %+v, want DefaultTimeouts %+v", s.timeouts, DefaultTimeouts)
	}
	if err := s.Rebuild(); err != nil {
		t.Fatal(err)
	}
	s.timeouts = Timeouts{ReadHeader: 100 * time.Millisecond, Read: 200 * time.Millisecond, Idle: 100 * time.Millisecond}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go s.Serve(ln)
	addr := ln.Addr().String()
	_, port, _ := net.SplitHostPort(addr)
	s.allowHosts("127.0.0.1", port)
	const limit = 15 * time.Second

	dial := func(t *testing.T) net.Conn {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		return c
	}
	t.Run("half the headers", func(t *testing.T) {
		c := dial(t)
		io.WriteString(c, "GET "+base+" HTTP/1.1\r\nHost: "+addr+"\r\n")
		closedWithin(t, c, limit, "half a request's headers")
	})
	t.Run("nothing", func(t *testing.T) {
		closedWithin(t, dial(t), limit, "a connection that sends nothing")
	})
	t.Run("half the body", func(t *testing.T) {
		c := dial(t)
		io.WriteString(c, "POST "+base+" HTTP/1.1\r\nHost: "+addr+"\r\nContent-Length: 100\r\n\r\n0123456789")
		// The server reads the rest of a small body before it answers.
		c.SetReadDeadline(time.Now().Add(limit))
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatalf("a request whose body stops half-way: no answer, the connection still open, after %s: %v", limit, err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("POST: HTTP %d, want 405", resp.StatusCode)
		}
		closedWithin(t, c, limit, "a request whose body stops half-way")
	})
	t.Run("idle", func(t *testing.T) {
		c := dial(t)
		io.WriteString(c, "GET "+base+" HTTP/1.1\r\nHost: "+addr+"\r\n\r\n")
		r := bufio.NewReader(c)
		resp, err := http.ReadResponse(r, nil)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "<html") {
			t.Fatalf("GET %s: HTTP %d, %.80q", base, resp.StatusCode, body)
		}
		closedWithin(t, c, limit, "an idle kept-alive connection")
	})
}
