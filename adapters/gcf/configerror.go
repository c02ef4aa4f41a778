package gcf

import (
	"net/http"

	"github.com/flexgo/flexgo/core"
)

// ConfigErrorHandler is the function to register when the service cannot be built (an invalid
// FLEX_* variable, say): every request gets the JSON 500 of [core.ConfigError] naming the problem,
// so the deploy shows a clear error instead of a crash loop.
func ConfigErrorHandler(err error) func(http.ResponseWriter, *http.Request) {
	resp := core.ConfigError(err).Response()
	return func(w http.ResponseWriter, r *http.Request) {
		for k, v := range resp.Header {
			w.Header()[k] = v
		}
		w.WriteHeader(resp.Status)
		if r.Method != http.MethodHead {
			_, _ = w.Write(resp.Body)
		}
	}
}
