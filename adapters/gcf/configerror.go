package gcf

import (
	"net/http"
	"strconv"
	"strings"
)

// ConfigErrorHandler is the function to register when the service cannot be built (an invalid
// FLEX_* variable, say): every request gets a JSON 500 naming the problem, so the deploy shows a
// clear error instead of a crash loop. The message must not hold secrets; env.Load's do not.
func ConfigErrorHandler(err error) func(http.ResponseWriter, *http.Request) {
	msg := strconv.Quote(err.Error())
	body := []byte(`{"error":"FlexRuntimeError","description":"The Flex service is misconfigured","debug":` + msg + `}`)
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		if !strings.EqualFold(r.Method, http.MethodHead) {
			_, _ = w.Write(body)
		}
	}
}
