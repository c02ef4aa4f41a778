package backenddiff

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// TestBackendMatchesNode runs every call of allCalls through the Node SDK's modules and through
// core/backend against the same capture server, and compares, call by call, the requests sent
// (method, path, query string parameters, the Kinvey headers, the JSON body) and what the call
// gave (the result, or the error's name, description and debug).
func TestBackendMatchesNode(t *testing.T) {
	node, modules, sdk4 := references(t)
	if sdk4 == "" {
		t.Log("SDK 4.x's lib not found (set FLEX_SDK4_LIB to its lib directory): dataStore.create and update are not compared")
	}
	srv := newCaptureServer(t)
	calls := allCalls(sdk4 != "")
	hostPort := strings.TrimPrefix(srv.URL, "http://")
	for i, c := range calls {
		c.ID = "c" + strconv.Itoa(i)
		meta := map[string]any{"_id": "kid_" + c.ID, "appsecret": appSecret, "mastersecret": masterSecret, "baasUrl": srv.URL}
		if c.Task.NoBaasURL {
			delete(meta, "baasUrl")
			c.Task.Host, c.Task.Proto = hostPort, "http"
		}
		c.Task.AppMetadata = meta
		srv.calls[c.ID] = c
	}

	srv.setSide("node")
	nodeOut := runNode(t, node, modules, sdk4, calls)
	srv.setSide("go")
	goOut := make([]outcome, len(calls))
	for i, c := range calls {
		goOut[i] = runGo(t, c)
	}

	identical, requests, sameRequests, sameQueryBytes, withQuery := 0, 0, 0, 0, 0
	var report []string
	for i, c := range calls {
		var diffs []string
		nr, gr := srv.requests("node", c.ID), srv.requests("go", c.ID)
		if len(nr) != len(gr) {
			diffs = append(diffs, fmt.Sprintf("node sent %d requests, go %d", len(nr), len(gr)))
		}
		for j := 0; j < min(len(nr), len(gr)); j++ {
			requests++
			if d := diffRequests(nr[j], gr[j]); len(d) > 0 {
				for _, line := range d {
					diffs = append(diffs, fmt.Sprintf("request %d: %s", j+1, line))
				}
			} else {
				sameRequests++
			}
			if nr[j].HasQuery || gr[j].HasQuery {
				withQuery++
				if nr[j].RawQuery == gr[j].RawQuery {
					sameQueryBytes++
				}
			}
		}
		diffs = append(diffs, diffOutcomes(nodeOut[i], goOut[i])...)
		if len(diffs) == 0 {
			identical++
			continue
		}
		report = append(report, fmt.Sprintf("%s [%s]:\n    %s", c.Name, c.ID, strings.Join(diffs, "\n    ")))
	}
	if len(srv.strange) > 0 {
		t.Errorf("requests for no call: %v", srv.strange)
	}
	summary := fmt.Sprintf("backend: %d/%d calls identical (%d/%d requests identical; query strings byte-identical %d/%d)",
		identical, len(calls), sameRequests, requests, sameQueryBytes, withQuery)
	t.Log(summary)
	fmt.Println(summary)
	for _, r := range report {
		t.Errorf("%s", r)
	}
}
