package corpus

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
)

// ContinueHeader is the header by which a Flex service tells Kinvey whether to go on with the
// request. The reference never sends it (NOTES.md), so equal means absent from both.
const ContinueHeader = "X-Kinvey-Request-Continue"

// maxAnswerBody bounds the body read from an answer.
const maxAnswerBody = 4 << 20

// An Answer is what a server answered to a case.
type Answer struct {
	// Status is the HTTP status code; 0 when NoAnswer is set.
	Status int

	// Header holds the answer's headers. Only Content-Type, X-Kinvey-Request-Continue and Allow
	// are compared; a Target that cannot tell headers apart may fill only those.
	Header http.Header

	// Body is the answer's body (at most 4 MiB of it).
	Body []byte

	// NoAnswer is set when no answer came before the wait ran out.
	NoAnswer bool
}

// ContentType returns the media type of the answer's Content-Type, lower case and without
// parameters ("application/json"), or "" when there is none.
func (a Answer) ContentType() string {
	v := a.Header.Get("Content-Type")
	if v == "" {
		return ""
	}
	mt, _, err := mime.ParseMediaType(v)
	if err != nil {
		return v
	}
	return mt
}

// Continue returns the X-Kinvey-Request-Continue header and whether it is present.
func (a Answer) Continue() (string, bool) {
	vs, ok := a.Header[http.CanonicalHeaderKey(ContinueHeader)]
	if !ok || len(vs) == 0 {
		return "", false
	}
	return vs[0], true
}

// String returns a one-line summary: the status, content type and the body, truncated.
func (a Answer) String() string {
	if a.NoAnswer {
		return "no answer"
	}
	s := fmt.Sprintf("%d", a.Status)
	if ct := a.Header.Get("Content-Type"); ct != "" {
		s += " " + ct
	}
	if v, ok := a.Continue(); ok {
		s += " continue=" + v
	}
	return s + " " + Truncate(a.Body, 300)
}

// Truncate returns b as a quoted string, cut to about n bytes with the length of what was cut.
func Truncate(b []byte, n int) string {
	if len(b) <= n {
		return fmt.Sprintf("%q", b)
	}
	return fmt.Sprintf("%q... (%d bytes)", b[:n], len(b))
}

// A Target answers the cases of the corpus: the reference or ours, over HTTP or through an
// adapter. It returns an Answer with NoAnswer set, and a nil error, when ctx's deadline passes
// before an answer comes; an error is for everything else that prevents an answer (a refused
// connection, a case that cannot be converted).
type Target func(ctx context.Context, c Case) (Answer, error)

// HTTPTarget returns the Target that sends cases to the server at baseURL with [Send].
func HTTPTarget(baseURL string) Target {
	return func(ctx context.Context, c Case) (Answer, error) {
		return Send(ctx, baseURL, c)
	}
}

// Send sends c to the server at baseURL (as "http://127.0.0.1:10001") on a connection of its own and
// reads the answer. When ctx's deadline passes before the answer's status line and body have come,
// Send returns an Answer with NoAnswer set and a nil error.
func Send(ctx context.Context, baseURL string, c Case) (Answer, error) {
	req, err := c.NewRequest(ctx, baseURL)
	if err != nil {
		return Answer{}, err
	}
	tr := &http.Transport{DisableKeepAlives: true, DisableCompression: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{
		Transport: tr,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
	resp, err := client.Do(req)
	if err != nil {
		return noAnswer(ctx, c, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswerBody))
	if err != nil {
		return noAnswer(ctx, c, err)
	}
	return Answer{Status: resp.StatusCode, Header: resp.Header, Body: body}, nil
}

// noAnswer turns err into an Answer with NoAnswer set when it comes from ctx's deadline, and into a
// wrapped error otherwise.
func noAnswer(ctx context.Context, c Case, err error) (Answer, error) {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return Answer{NoAnswer: true}, nil
	}
	return Answer{}, fmt.Errorf("corpus: case %s: %w", c.Name, err)
}
