package report_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
)

// A minimal Chrome DevTools Protocol client over --remote-debugging-pipe: the browser reads
// commands on fd 3 and writes replies and events on fd 4, each a JSON message ended by a
// NUL byte. It is enough to load a page, watch its console and network, evaluate
// expressions, and take a screenshot or a PDF, without a WebSocket or a new module.

// browserEnv set to "require" makes a missing browser a failure (CI installs it).
const browserEnv = "ISMSCHECK_BROWSER_TEST"

type cdpMessage struct {
	ID        int             `json:"id,omitempty"`
	Method    string          `json:"method,omitempty"`
	Params    json.RawMessage `json:"params,omitempty"`
	Result    json.RawMessage `json:"result,omitempty"`
	SessionID string          `json:"sessionId,omitempty"`
	Error     *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

type browser struct {
	cmd    *exec.Cmd
	toB    *os.File
	stderr *bytes.Buffer

	mu      sync.Mutex
	nextID  int
	pending map[int]chan cdpMessage
	events  []cdpMessage
	changed chan struct{} // closed and replaced whenever an event arrives
	readErr error
}

// chromiumPath finds the browser, or skips (fails when browserEnv requires it).
func chromiumPath(t *testing.T) string {
	t.Helper()
	candidates := []string{os.Getenv("ISMSCHECK_CHROMIUM"), "/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"}
	for _, c := range candidates {
		if c == "" {
			continue
		}
		if p, err := exec.LookPath(c); err == nil {
			return p
		}
	}
	msg := "no Chromium found (install Debian's chromium package, or set ISMSCHECK_CHROMIUM)"
	if os.Getenv(browserEnv) == "require" {
		t.Fatalf("%s, and %s=require", msg, browserEnv)
	}
	t.Skip(msg)
	return ""
}

// startBrowser launches headless Chromium with a fresh profile and stops it at cleanup.
func startBrowser(t *testing.T) *browser {
	t.Helper()
	path := chromiumPath(t)
	toBrowserR, toBrowserW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	fromBrowserR, fromBrowserW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	b := &browser{toB: toBrowserW, stderr: &bytes.Buffer{}, pending: map[int]chan cdpMessage{}, changed: make(chan struct{})}
	b.cmd = exec.Command(path,
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-default-apps", "--disable-extensions", "--mute-audio", "--hide-scrollbars",
		"--user-data-dir="+t.TempDir(), "--remote-debugging-pipe", "about:blank")
	b.cmd.ExtraFiles = []*os.File{toBrowserR, fromBrowserW} // fd 3, fd 4
	b.cmd.Stderr = b.stderr
	if err := b.cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", path, err)
	}
	toBrowserR.Close()
	fromBrowserW.Close()
	go b.read(fromBrowserR)
	t.Cleanup(func() {
		done := make(chan error, 1)
		go func() { done <- b.cmd.Wait() }()
		_, _ = b.call("", "Browser.close", nil, 5*time.Second)
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = b.cmd.Process.Kill()
			<-done
		}
		toBrowserW.Close()
		if t.Failed() {
			t.Logf("chromium stderr:\n%s", tail(b.stderr.String(), 4000))
		}
	})
	return b
}

func (b *browser) read(r *os.File) {
	defer r.Close()
	in := bufio.NewReaderSize(r, 1<<20)
	for {
		raw, err := in.ReadBytes(0)
		if err != nil {
			b.mu.Lock()
			b.readErr = err
			for id, ch := range b.pending {
				close(ch)
				delete(b.pending, id)
			}
			b.mu.Unlock()
			return
		}
		var m cdpMessage
		if err := json.Unmarshal(raw[:len(raw)-1], &m); err != nil {
			continue
		}
		b.mu.Lock()
		if m.ID != 0 {
			if ch, ok := b.pending[m.ID]; ok {
				ch <- m
				delete(b.pending, m.ID)
			}
		} else {
			b.events = append(b.events, m)
			close(b.changed)
			b.changed = make(chan struct{})
		}
		b.mu.Unlock()
	}
}

// call sends one command (to a page session when session is set) and waits for its reply.
func (b *browser) call(session, method string, params any, timeout time.Duration) (json.RawMessage, error) {
	b.mu.Lock()
	if b.readErr != nil {
		b.mu.Unlock()
		return nil, fmt.Errorf("%s: browser connection closed: %w", method, b.readErr)
	}
	b.nextID++
	id := b.nextID
	ch := make(chan cdpMessage, 1)
	b.pending[id] = ch
	b.mu.Unlock()
	msg := map[string]any{"id": id, "method": method}
	if params != nil {
		msg["params"] = params
	}
	if session != "" {
		msg["sessionId"] = session
	}
	raw, err := json.Marshal(msg)
	if err != nil {
		return nil, err
	}
	if _, err := b.toB.Write(append(raw, 0)); err != nil {
		return nil, fmt.Errorf("%s: %w", method, err)
	}
	select {
	case m, ok := <-ch:
		if !ok {
			return nil, fmt.Errorf("%s: browser connection closed", method)
		}
		if m.Error != nil {
			return nil, fmt.Errorf("%s: %s (%d)", method, m.Error.Message, m.Error.Code)
		}
		return m.Result, nil
	case <-time.After(timeout):
		return nil, fmt.Errorf("%s: no reply within %s", method, timeout)
	}
}

// waitEvent waits for an event named method received at or after index from.
func (b *browser) waitEvent(method string, from int, timeout time.Duration) (cdpMessage, error) {
	deadline := time.After(timeout)
	for {
		b.mu.Lock()
		for _, e := range b.events[min(from, len(b.events)):] {
			if e.Method == method {
				b.mu.Unlock()
				return e, nil
			}
		}
		changed, readErr := b.changed, b.readErr
		b.mu.Unlock()
		if readErr != nil {
			return cdpMessage{}, fmt.Errorf("waiting for %s: %w", method, readErr)
		}
		select {
		case <-changed:
		case <-deadline:
			return cdpMessage{}, fmt.Errorf("no %s within %s", method, timeout)
		}
	}
}

func (b *browser) eventCount() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.events)
}

func (b *browser) allEvents() []cdpMessage {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]cdpMessage(nil), b.events...)
}

// page is one tab attached in flat mode: its commands carry the session id.
type page struct {
	b       *browser
	session string
}

// newPage opens a tab with the given viewport and enables the domains the tests watch.
func (b *browser) newPage(t *testing.T, width, height int) *page {
	t.Helper()
	var target struct {
		TargetID string `json:"targetId"`
	}
	b.must(t, "", "Target.createTarget", map[string]any{"url": "about:blank"}, &target)
	var attached struct {
		SessionID string `json:"sessionId"`
	}
	b.must(t, "", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, &attached)
	p := &page{b: b, session: attached.SessionID}
	for _, domain := range []string{"Runtime", "Log", "Page", "Network"} {
		p.must(t, domain+".enable", nil, nil)
	}
	p.must(t, "Emulation.setDeviceMetricsOverride", map[string]any{"width": width, "height": height, "deviceScaleFactor": 1, "mobile": false}, nil)
	return p
}

func (b *browser) must(t *testing.T, session, method string, params, result any) {
	t.Helper()
	raw, err := b.call(session, method, params, 60*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if result != nil {
		if err := json.Unmarshal(raw, result); err != nil {
			t.Fatalf("%s: %v", method, err)
		}
	}
}

func (p *page) must(t *testing.T, method string, params, result any) {
	t.Helper()
	p.b.must(t, p.session, method, params, result)
}

// navigate loads url and waits for the load event.
func (p *page) navigate(t *testing.T, url string) {
	t.Helper()
	from := p.b.eventCount()
	var nav struct {
		ErrorText string `json:"errorText"`
	}
	p.must(t, "Page.navigate", map[string]any{"url": url}, &nav)
	if nav.ErrorText != "" {
		t.Fatalf("navigate %s: %s", url, nav.ErrorText)
	}
	if _, err := p.b.waitEvent("Page.loadEventFired", from, 60*time.Second); err != nil {
		t.Fatal(err)
	}
}

// eval evaluates a JavaScript expression in the page and decodes its JSON value.
func (p *page) eval(t *testing.T, expr string, out any) {
	t.Helper()
	var res struct {
		Result struct {
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		ExceptionDetails *struct {
			Text      string `json:"text"`
			Exception struct {
				Description string `json:"description"`
			} `json:"exception"`
		} `json:"exceptionDetails"`
	}
	p.must(t, "Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true}, &res)
	if res.ExceptionDetails != nil {
		t.Fatalf("evaluate %q: %s %s", expr, res.ExceptionDetails.Text, res.ExceptionDetails.Exception.Description)
	}
	if err := json.Unmarshal(res.Result.Value, out); err != nil {
		t.Fatalf("evaluate %q: %v (value %s)", expr, err, res.Result.Value)
	}
}

// problems lists what the page reported: uncaught exceptions, console errors and
// warnings, browser log errors and warnings (a refused load, a CSP violation), and every
// request for something other than a file: or data: URL.
func (b *browser) problems() []string {
	var out []string
	for _, e := range b.allEvents() {
		switch e.Method {
		case "Runtime.exceptionThrown":
			var ev struct {
				ExceptionDetails struct {
					Text      string `json:"text"`
					Exception struct {
						Description string `json:"description"`
					} `json:"exception"`
				} `json:"exceptionDetails"`
			}
			_ = json.Unmarshal(e.Params, &ev)
			out = append(out, "exception: "+ev.ExceptionDetails.Text+" "+ev.ExceptionDetails.Exception.Description)
		case "Runtime.consoleAPICalled":
			var ev struct {
				Type string `json:"type"`
				Args []struct {
					Value any `json:"value"`
				} `json:"args"`
			}
			_ = json.Unmarshal(e.Params, &ev)
			if ev.Type == "error" || ev.Type == "warning" || ev.Type == "assert" {
				out = append(out, fmt.Sprintf("console.%s: %v", ev.Type, ev.Args))
			}
		case "Log.entryAdded":
			var ev struct {
				Entry struct {
					Level, Source, Text, URL string
				} `json:"entry"`
			}
			_ = json.Unmarshal(e.Params, &ev)
			if ev.Entry.Level == "error" || ev.Entry.Level == "warning" {
				out = append(out, fmt.Sprintf("log %s (%s): %s %s", ev.Entry.Level, ev.Entry.Source, ev.Entry.Text, ev.Entry.URL))
			}
		case "Network.requestWillBeSent":
			var ev struct {
				Request struct {
					URL string `json:"url"`
				} `json:"request"`
			}
			_ = json.Unmarshal(e.Params, &ev)
			if u := ev.Request.URL; !strings.HasPrefix(u, "file:") && !strings.HasPrefix(u, "data:") {
				out = append(out, "request to "+u)
			}
		}
	}
	return out
}

// screenshot captures the viewport as PNG.
func (p *page) screenshot(t *testing.T) []byte {
	t.Helper()
	var shot struct {
		Data []byte `json:"data"` // base64 in JSON; encoding/json decodes it into bytes
	}
	p.must(t, "Page.captureScreenshot", map[string]any{"format": "png"}, &shot)
	return shot.Data
}

// printPDF prints the page as Chromium's "Save as PDF" does, on A4 with backgrounds.
func (p *page) printPDF(t *testing.T) []byte {
	t.Helper()
	var pdf struct {
		Data []byte `json:"data"`
	}
	p.must(t, "Page.printToPDF", map[string]any{
		"paperWidth": 8.27, "paperHeight": 11.69, "printBackground": true, "preferCSSPageSize": true,
	}, &pdf)
	return pdf.Data
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}
