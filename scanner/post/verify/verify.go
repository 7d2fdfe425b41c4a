// Package verify checks, on request only (--verify), whether AssemblyAI API
// keys found by a scan are live, by asking AssemblyAI's API the cheapest
// read-only question there is: GET {base}/v2/transcript?limit=1 with the key
// in the Authorization header (raw, no "Bearer"; see
// shared/reference/assemblyai-api.md §5.1–5.2).
//
// A key is sensitive, so the package is built around where it may go:
//   - only to the configured base URL, which must be https on a host under
//     assemblyai.com, or a loopback address (tests, local mocks) — see
//     [ParseBaseURL];
//   - redirects are never followed (a 3xx is an "unknown" result), so a key
//     is never forwarded to a second host;
//   - only values shaped like an AssemblyAI key (32 lower-case hex
//     characters) are ever sent, whatever rule found them;
//   - one request per unique key (deduplicated by hash), bounded
//     concurrency, a timeout per request;
//   - no error message, note or log line contains the key: errors are
//     classified into short reasons and scrubbed.
package verify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/aaiguard/aaiguard/internal/workpool"
	"github.com/aaiguard/aaiguard/scanner/finding"
)

// Status is the outcome of checking one key.
type Status string

const (
	// Live: AssemblyAI accepted the key (HTTP 200 with a transcript list).
	Live Status = "live"
	// Invalid: AssemblyAI rejected the key (HTTP 401 or 403): revoked, or
	// never a key.
	Invalid Status = "invalid"
	// Unknown: no answer that decides (network error, timeout, rate limit,
	// server error, redirect, unexpected body).
	Unknown Status = "unknown"
)

// DefaultBaseURL is AssemblyAI's US API; EUBaseURL the EU one.
const (
	DefaultBaseURL = "https://api.assemblyai.com"
	EUBaseURL      = "https://api.eu.assemblyai.com"
)

// Defaults for Options.
const (
	DefaultConcurrency = 4
	DefaultTimeout     = 10 * time.Second
)

// keyShape is what an AssemblyAI API key looks like (reference §4.1).
// Nothing else is ever sent.
var keyShape = regexp.MustCompile(`^[0-9a-f]{32}$`)

// IsKeyShaped reports whether s looks like an AssemblyAI API key.
func IsKeyShaped(s string) bool { return keyShape.MatchString(s) }

// ParseBaseURL validates an API base URL. It must be https on
// assemblyai.com or one of its subdomains, or http/https on a loopback
// address (127.0.0.0/8, ::1, localhost) for tests and local mocks. No user
// information, query or fragment; a path prefix is allowed (it is kept, and
// /v2/transcript is appended).
func ParseBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, fmt.Errorf("--api-base-url %q: %v", raw, err)
	}
	if u.Scheme != "https" && u.Scheme != "http" {
		return nil, fmt.Errorf("--api-base-url %q: want an https URL", raw)
	}
	if u.Host == "" || u.Opaque != "" {
		return nil, fmt.Errorf("--api-base-url %q: no host", raw)
	}
	if u.User != nil || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return nil, fmt.Errorf("--api-base-url %q: user information, query and fragment are not allowed", raw)
	}
	host := strings.ToLower(u.Hostname())
	loop := isLoopback(host)
	switch {
	case loop:
	case u.Scheme != "https":
		return nil, fmt.Errorf("--api-base-url %q: plain http is allowed only on a loopback address; keys travel over https", raw)
	case host != "assemblyai.com" && !strings.HasSuffix(host, ".assemblyai.com"):
		return nil, fmt.Errorf("--api-base-url %q: keys are only sent to assemblyai.com hosts (or loopback, for tests)", raw)
	}
	u.Host = strings.ToLower(u.Host)
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Options configure a Verifier.
type Options struct {
	// BaseURL is the API base (DefaultBaseURL when empty); see ParseBaseURL.
	BaseURL string
	// Concurrency bounds the requests in flight (DefaultConcurrency when 0).
	Concurrency int
	// Timeout bounds each request, connection included (DefaultTimeout when 0).
	Timeout time.Duration
	// UserAgent is sent with each request.
	UserAgent string
	// Transport replaces the HTTP transport (tests). Redirects are never
	// followed whatever it does.
	Transport http.RoundTripper
}

// Verifier checks keys against one API base URL.
type Verifier struct {
	base        *url.URL
	endpoint    string
	client      *http.Client
	concurrency int
	timeout     time.Duration
	userAgent   string
}

// New returns a Verifier, or an error when the base URL is not acceptable.
func New(opts Options) (*Verifier, error) {
	raw := opts.BaseURL
	if raw == "" {
		raw = DefaultBaseURL
	}
	base, err := ParseBaseURL(raw)
	if err != nil {
		return nil, err
	}
	tr := opts.Transport
	if tr == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		// Proxies from the environment are honoured (corporate networks):
		// with https the proxy sees only the host, never the header, and
		// Go never proxies loopback addresses.
		t.Proxy = http.ProxyFromEnvironment
		t.MaxIdleConnsPerHost = DefaultConcurrency
		tr = t
	}
	v := &Verifier{
		base:        base,
		endpoint:    base.String() + "/v2/transcript?limit=1",
		concurrency: opts.Concurrency,
		timeout:     opts.Timeout,
		userAgent:   opts.UserAgent,
		client: &http.Client{
			Transport: tr,
			// Never follow a redirect: the key must reach the configured
			// host and nothing else.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
	}
	if v.concurrency <= 0 {
		v.concurrency = DefaultConcurrency
	}
	if v.timeout <= 0 {
		v.timeout = DefaultTimeout
	}
	return v, nil
}

// Base returns the validated base URL (for messages).
func (v *Verifier) Base() string { return v.base.String() }

// Result is the outcome of checking one key. Reason never contains the key.
type Result struct {
	Status Status
	// Reason explains an Unknown (or Invalid) result in a few words:
	// "HTTP 429", "timeout", "connection refused", "redirect (not
	// followed)".
	Reason string
}

// Check asks the API about one key. It never returns an error: whatever
// goes wrong is an Unknown result with a reason.
func (v *Verifier) Check(ctx context.Context, key string) Result {
	if !IsKeyShaped(key) {
		return Result{Unknown, "not shaped like an AssemblyAI key: not sent"}
	}
	ctx, cancel := context.WithTimeout(ctx, v.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, v.endpoint, nil)
	if err != nil {
		return Result{Unknown, "bad request"}
	}
	req.Header.Set("Authorization", key)
	req.Header.Set("Accept", "application/json")
	if v.userAgent != "" {
		req.Header.Set("User-Agent", v.userAgent)
	}
	resp, err := v.client.Do(req)
	if err != nil {
		return Result{Unknown, scrub(classify(ctx, err), key)}
	}
	defer resp.Body.Close()
	// A transcript list with limit=1 is small; read a bounded amount.
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	switch {
	case resp.StatusCode == http.StatusOK:
		if !isTranscriptList(body) {
			return Result{Unknown, "HTTP 200 without a transcript list"}
		}
		return Result{Live, ""}
	case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden:
		return Result{Invalid, fmt.Sprintf("HTTP %d", resp.StatusCode)}
	case resp.StatusCode >= 300 && resp.StatusCode < 400:
		return Result{Unknown, fmt.Sprintf("HTTP %d redirect (not followed)", resp.StatusCode)}
	}
	return Result{Unknown, fmt.Sprintf("HTTP %d", resp.StatusCode)}
}

// isTranscriptList reports whether a 200 body is the API's transcript list
// ({"transcripts": [...], "page_details": {...}}): a proxy or gateway that
// answers 200 with something else does not make a key live.
func isTranscriptList(body []byte) bool {
	var v struct {
		Transcripts json.RawMessage `json:"transcripts"`
		PageDetails json.RawMessage `json:"page_details"`
	}
	if err := json.Unmarshal(body, &v); err != nil {
		return false
	}
	return len(v.Transcripts) > 0 && v.Transcripts[0] == '['
}

// classify turns a transport error into a short reason. The full error is
// not used: it is not needed, and keeping messages short keeps them free
// of anything sensitive.
func classify(ctx context.Context, err error) string {
	var ne net.Error
	var dnsErr *net.DNSError
	var opErr *net.OpError
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	case errors.Is(err, context.Canceled):
		return "cancelled"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	case errors.Is(err, syscall.ECONNRESET):
		return "connection reset"
	case errors.Is(err, syscall.ENETUNREACH) || errors.Is(err, syscall.EHOSTUNREACH):
		return "network unreachable"
	case errors.As(err, &dnsErr):
		return "host not found"
	case strings.Contains(err.Error(), "tls:") || strings.Contains(err.Error(), "x509:"):
		return "TLS error"
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return "connection closed"
	case errors.As(err, &opErr):
		return "network error (" + opErr.Op + ")"
	}
	return "request failed"
}

// scrub removes the key from a message, in case it ever got there.
func scrub(msg, key string) string {
	if key == "" {
		return msg
	}
	return strings.ReplaceAll(msg, key, finding.Redact(key))
}

// Summary counts the outcome of Findings.
type Summary struct {
	Keys    int // unique keys checked (requests made, at most)
	Live    int
	Invalid int
	Unknown int
	// Reasons lists why keys are unknown, "reason (n keys)", sorted.
	Reasons []string
}

// Eligible decides which findings' secrets may be sent to AssemblyAI.
type Eligible func(f *finding.Finding) bool

// Findings checks the secret of every eligible finding, one request per
// unique key, and records the result on each finding: Verification is set
// to live, invalid or unknown; a live key becomes critical and its message
// says to rotate it now. Findings whose raw secret is not known (read back
// from a redacted report) are left alone.
func (v *Verifier) Findings(ctx context.Context, fs []finding.Finding, eligible Eligible) Summary {
	byHash := map[string][]int{}
	keys := map[string]string{}
	var order []string
	for i := range fs {
		f := &fs[i]
		raw := f.Secret.Reveal()
		if raw == "" || !eligible(f) {
			continue
		}
		h := finding.SecretHash(raw)
		if _, ok := byHash[h]; !ok {
			order = append(order, h)
			keys[h] = raw
		}
		byHash[h] = append(byHash[h], i)
	}
	results := make([]Result, len(order))
	workpool.Each(len(order), v.concurrency, func(i int) {
		results[i] = v.Check(ctx, keys[order[i]])
	})

	sum := Summary{Keys: len(order)}
	reasons := map[string]int{}
	for k, h := range order {
		r := results[k]
		switch r.Status {
		case Live:
			sum.Live++
		case Invalid:
			sum.Invalid++
		default:
			sum.Unknown++
			reasons[r.Reason]++
		}
		for _, i := range byHash[h] {
			apply(&fs[i], r)
		}
	}
	for reason, n := range reasons {
		sum.Reasons = append(sum.Reasons, fmt.Sprintf("%s (%d key%s)", reason, n, plural(n)))
	}
	slices.Sort(sum.Reasons)
	return sum
}

// apply records a result on a finding.
func apply(f *finding.Finding, r Result) {
	f.Verification = string(r.Status)
	switch r.Status {
	case Live:
		f.Severity = finding.Critical
		f.Message += " — verified LIVE with AssemblyAI: rotate it now"
	case Invalid:
		f.Message += " — AssemblyAI rejected it (revoked or invalid); remove it anyway"
	}
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
