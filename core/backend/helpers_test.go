package backend_test

import (
	"context"
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/flexgo/flexgo/core"
	"github.com/flexgo/flexgo/core/flextest"
)

const (
	appKey       = "kid_test"
	appSecret    = "app-secret"
	masterSecret = "master-secret"
	userAuth     = "Kinvey user-token"
)

var (
	masterAuth = "Basic " + base64.StdEncoding.EncodeToString([]byte(appKey+":"+masterSecret))
	appAuth    = "Basic " + base64.StdEncoding.EncodeToString([]byte(appKey+":"+appSecret))
)

// recorded is a request the fake backend received.
type recorded struct {
	Method string
	URI    string // the request target as sent
	Header http.Header
	Body   string
}

// reply is an answer the fake backend gives.
type reply struct {
	status int
	body   string
}

// fakeBackend records requests and answers them with its replies in turn (200 {} when none is
// left).
type fakeBackend struct {
	*httptest.Server
	mu      sync.Mutex
	reqs    []recorded
	replies []reply
}

func newFakeBackend(t *testing.T, replies ...reply) *fakeBackend {
	t.Helper()
	f := &fakeBackend{replies: replies}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		f.reqs = append(f.reqs, recorded{r.Method, r.RequestURI, r.Header.Clone(), string(body)})
		rep := reply{200, "{}"}
		if len(f.replies) > 0 {
			rep, f.replies = f.replies[0], f.replies[1:]
		}
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(rep.status)
		_, _ = io.WriteString(w, rep.body)
	}))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeBackend) requests() []recorded {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]recorded(nil), f.reqs...)
}

// appMetadata is the X-Kinvey-App-Metadata of a task whose backend is baasURL.
func appMetadata(baasURL string) map[string]any {
	return map[string]any{"_id": appKey, "appsecret": appSecret, "mastersecret": masterSecret, "baasUrl": baasURL}
}

// taskOf serves req (a FlexFunctions request for the handler "capture") through a core.Service
// and returns the task its handler received.
func taskOf(t *testing.T, req flextest.Request) *core.Task {
	t.Helper()
	svc := core.NewService()
	var task *core.Task
	svc.Function("capture", func(_ context.Context, fc *core.FunctionContext, c *core.Completion) {
		task = fc.Task
		c.OK().Done()
	})
	if res := flextest.Do(svc, req); res.Status != http.StatusOK || task == nil {
		t.Fatalf("capture: %s", res)
	}
	return task
}

// hookTask is the task of a pre hook on objectName, from user u1 with userAuth, whose backend is
// baasURL.
func hookTask(t *testing.T, baasURL, objectName string) *core.Task {
	t.Helper()
	return taskOf(t, flextest.PreHook("capture", "POST", objectName).
		WithAppMetadata(appMetadata(baasURL)).
		WithUser("ann", "u1").
		WithOriginalHeader("authorization", userAuth))
}
