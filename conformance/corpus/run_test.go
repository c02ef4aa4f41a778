package corpus

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

func TestRunSendsFirstCasesFirst(t *testing.T) {
	cases := []Case{
		{Name: "a/first", First: true},
		{Name: "a/second", First: true},
		{Name: "b/x"}, {Name: "b/y"}, {Name: "b/z"},
	}
	var mu sync.Mutex
	var order []string
	target := func(_ context.Context, c Case) (Answer, error) {
		mu.Lock()
		order = append(order, c.Name)
		mu.Unlock()
		return answer(200, "application/json", `{}`), nil
	}
	report := Run(t.Context(), target, target, cases, Options{Workers: 3})
	if report.Matched() != len(cases) {
		t.Fatalf("matched %d of %d: %v", report.Matched(), len(cases), report.Mismatches())
	}
	// Each case goes to both targets: the two First cases make the first four calls.
	if got := order[:4]; got[0] != "a/first" || got[1] != "a/first" || got[2] != "a/second" || got[3] != "a/second" {
		t.Errorf("calls began %v", got)
	}
	for i, r := range report.Results {
		if r.Case.Name != cases[i].Name {
			t.Errorf("result %d is %s, want %s", i, r.Case.Name, cases[i].Name)
		}
	}
	if got := report.Summary("test"); got != "conformance (test): 5/5 cases matched" {
		t.Errorf("Summary = %q", got)
	}
}

func TestSend(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/hang" {
			select {
			case <-release:
			case <-r.Context().Done():
			}
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set(ContinueHeader, "false")
		w.WriteHeader(201)
		w.Write([]byte(`"` + r.RequestURI + `"`))
	}))
	defer srv.Close()
	defer close(release) // before srv.Close, which waits for the hanging handler

	a, err := Send(t.Context(), srv.URL, Case{Name: "x", Method: "GET", Path: "/books/a%2Fb?q=%E9&a[]=1"})
	if err != nil {
		t.Fatal(err)
	}
	if a.Status != 201 || string(a.Body) != `"/books/a%2Fb?q=%E9&a[]=1"` || a.ContentType() != "application/json" {
		t.Errorf("answer %s", a)
	}
	if v, ok := a.Continue(); !ok || v != "false" {
		t.Errorf("continue header %q %v", v, ok)
	}

	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	a, err = Send(ctx, srv.URL, Case{Name: "hang", Method: "POST", Path: "/hang", Body: []byte(`{}`)})
	if err != nil || !a.NoAnswer {
		t.Errorf("hang: %s, %v; want no answer", a, err)
	}

	if _, err := Send(t.Context(), "http://127.0.0.1:1", Case{Name: "refused", Method: "GET", Path: "/"}); err == nil {
		t.Error("a refused connection gave no error")
	}
}
