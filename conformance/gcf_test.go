package conformance_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/flexgo/flexgo/conformance/corpus"
)

// TestCloudFunctions sends the whole corpus to the reference and to the twin served by
// functions-framework-go's own server through the Cloud Functions adapter.
func TestCloudFunctions(t *testing.T) {
	ref := corpus.ReferenceForTest(t, secret)
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	bin, err := corpus.BuildGo(ctx, "./conformance/twin/cmd/gcf", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	ours, err := corpus.Start(ctx, corpus.Process{
		Path:    bin,
		PortEnv: "PORT",
		Env:     []string{"FLEX_HOST=127.0.0.1", "FLEX_SHARED_SECRET=" + secret, "FLEX_TIMEOUT=3s", "FLEX_LOG_LEVEL=error"},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer ours.Close()

	report := corpus.Run(ctx, corpus.HTTPTarget(ref.URL), corpus.HTTPTarget(ours.URL), corpus.Cases(secret), corpus.Options{
		Wait: 10 * time.Second, NoAnswerWait: 2 * time.Second,
	})
	summary := report.Summary("cloud functions")
	var framework []string
	for _, r := range report.Mismatches() {
		if why, ok := frameworkDifferences[r.Case.Name]; ok {
			framework = append(framework, r.Case.Name+" ("+why+")")
			continue
		}
		t.Errorf("%s", r)
	}
	if len(framework) > 0 {
		summary += fmt.Sprintf("; %d answered by the framework's server before flexgo sees them: %s",
			len(framework), strings.Join(framework, "; "))
	}
	t.Log(summary)
	fmt.Println(summary)
}

// frameworkDifferences are the requests that functions-framework-go's server (an http.ServeMux on
// a plain net/http server, with no hook to change either) answers itself. They are reported, not
// failed; behind flexgo's own server (adapters/http) they are answered as the reference does.
var frameworkDifferences = map[string]string{
	"routing/double-slash":             "ServeMux redirects an unclean path with 307",
	"routing/empty-id":                 "ServeMux redirects an unclean path with 307",
	"routing/id-dot-dot":               "ServeMux redirects an unclean path with 307",
	"routing/id-dot":                   "ServeMux redirects an unclean path with 307",
	"routing/id-bad-escape":            "net/http refuses a malformed escape with a plain-text 400",
	"routing/id-lone-percent":          "net/http refuses a malformed escape with a plain-text 400",
	"routing/so-bad-escape":            "net/http refuses a malformed escape with a plain-text 400",
	"routing/put-bad-escape":           "net/http refuses a malformed escape with a plain-text 400",
	"routing/function-name-bad-escape": "net/http refuses a malformed escape with a plain-text 400",
}
