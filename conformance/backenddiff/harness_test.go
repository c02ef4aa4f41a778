package backenddiff

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/flexgo/flexgo/core"
	"github.com/flexgo/flexgo/core/backend"
	"github.com/flexgo/flexgo/core/flextest"
	"github.com/flexgo/flexgo/internal/testenv"
)

// call is one call of a module, run the same way through Node and through core/backend.
type call struct {
	ID      string            `json:"id"` // also the app key's suffix, which routes its requests
	Name    string            `json:"name"`
	Task    taskSpec          `json:"task"`
	Module  string            `json:"module"`
	SDK     string            `json:"sdk,omitempty"` // "4": SDK 4.x's dataStore (create, update)
	Options *storeOpts        `json:"options,omitempty"`
	Target  string            `json:"target,omitempty"` // the collection or endpoint
	Fn      string            `json:"fn"`
	GoFn    string            `json:"-"` // the Go method, when it is not Fn's
	Args    []json.RawMessage `json:"args"`
	Query   *querySpec        `json:"query,omitempty"` // the first argument, a Query
	Replies []replySpec       `json:"-"`               // the capture server's answers, in turn
}

// taskSpec is the task a call runs in.
type taskSpec struct {
	ObjectName    string         `json:"objectName,omitempty"`
	HookType      string         `json:"hookType,omitempty"` // pre (default), post, customEndpoint
	Username      string         `json:"username,omitempty"`
	UserID        string         `json:"userId,omitempty"`
	Authorization string         `json:"authorization,omitempty"` // the client's original header
	APIVersion    string         `json:"apiVersion,omitempty"`    // x-kinvey-api-version of the task's response headers
	Host          string         `json:"host,omitempty"`          // the client's host and x-forwarded-proto
	Proto         string         `json:"proto,omitempty"`
	AppMetadata   map[string]any `json:"appMetadata"`
	NoBaasURL     bool           `json:"-"`
}

type storeOpts struct {
	UseBL          bool   `json:"useBl,omitempty"`
	UseUserContext bool   `json:"useUserContext,omitempty"`
	APIVersion     string `json:"apiVersion,omitempty"`
}

// querySpec is a query: Node builds it with the real Query module (from constructor options, or
// by the methods in Ops); Go with fakeQuery from the shape it must have (Filter, Fields, Limit,
// Skip, Sort), which the comparison checks.
type querySpec struct {
	Build  string          `json:"build"` // "options" or "methods"
	Ops    [][]any         `json:"ops,omitempty"`
	Filter json.RawMessage `json:"filter,omitempty"`
	Fields []string        `json:"fields,omitempty"`
	Limit  *float64        `json:"limit,omitempty"`
	Skip   *float64        `json:"skip,omitempty"`
	Sort   json.RawMessage `json:"sort,omitempty"`
}

// fakeQuery is the query of a querySpec, written as the Node SDK's Query.toQueryString writes
// it: query and sort as JSON text when not empty, fields joined with commas, limit when not 0,
// skip when above 0.
type fakeQuery struct{ q *querySpec }

func (f fakeQuery) ToQueryString() url.Values {
	v := url.Values{}
	nonEmpty := func(raw json.RawMessage) bool {
		var m map[string]json.RawMessage
		return json.Unmarshal(raw, &m) == nil && len(m) > 0
	}
	if nonEmpty(f.q.Filter) {
		v.Set("query", compact(f.q.Filter))
	}
	if len(f.q.Fields) > 0 {
		v.Set("fields", strings.Join(f.q.Fields, ","))
	}
	if f.q.Limit != nil && *f.q.Limit != 0 {
		v.Set("limit", strconv.FormatFloat(*f.q.Limit, 'f', -1, 64))
	}
	if f.q.Skip != nil && *f.q.Skip > 0 {
		v.Set("skip", strconv.FormatFloat(*f.q.Skip, 'f', -1, 64))
	}
	if nonEmpty(f.q.Sort) {
		v.Set("sort", compact(f.q.Sort))
	}
	return v
}

func compact(raw json.RawMessage) string {
	var b bytes.Buffer
	_ = json.Compact(&b, raw)
	return b.String()
}

// replySpec is an answer of the capture server.
type replySpec struct {
	Status int
	Body   string
	Header map[string]string
}

// captured is a request the capture server received.
type captured struct {
	Method   string
	Path     string // as sent, escaped
	RawQuery string
	HasQuery bool
	Query    url.Values
	Header   map[string][]string // the compared headers that were sent
	Body     string
}

var comparedHeaders = []string{"Authorization", "Content-Type", "Accept", "X-Kinvey-Api-Version", "X-Kinvey-Skip-Business-Logic"}

// captureServer records every request under the call whose app key it names, for the running
// side, and answers with the call's replies in turn.
type captureServer struct {
	*httptest.Server
	mu      sync.Mutex
	side    string
	calls   map[string]*call
	got     map[string]map[string][]captured // side -> call id -> requests
	strange []string
}

func newCaptureServer(t *testing.T) *captureServer {
	s := &captureServer{calls: map[string]*call{}, got: map[string]map[string][]captured{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *captureServer) setSide(side string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.side = side
	s.got[side] = map[string][]captured{}
}

func (s *captureServer) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	path, rawQuery, hasQuery := strings.Cut(r.RequestURI, "?")
	q, _ := url.ParseQuery(rawQuery)
	c := captured{Method: r.Method, Path: path, RawQuery: rawQuery, HasQuery: hasQuery, Query: q,
		Header: map[string][]string{}, Body: string(body)}
	for _, h := range comparedHeaders {
		if v, ok := r.Header[h]; ok {
			c.Header[h] = v
		}
	}
	id := ""
	for _, seg := range strings.Split(path, "/") {
		if strings.HasPrefix(seg, "kid_") {
			id = strings.TrimPrefix(seg, "kid_")
			break
		}
	}
	s.mu.Lock()
	cl := s.calls[id]
	if cl == nil {
		s.strange = append(s.strange, s.side+": "+r.Method+" "+r.RequestURI)
		s.mu.Unlock()
		http.Error(w, "no such call", http.StatusTeapot)
		return
	}
	n := len(s.got[s.side][id])
	s.got[s.side][id] = append(s.got[s.side][id], c)
	s.mu.Unlock()

	rep := replySpec{Status: 200, Body: `{"_id":"r-` + id + `"}`}
	if len(cl.Replies) > 0 {
		rep = cl.Replies[min(n, len(cl.Replies)-1)]
	}
	ct := "application/json"
	if v, ok := rep.Header["Content-Type"]; ok {
		ct = v
	}
	w.Header().Set("Content-Type", ct)
	for k, v := range rep.Header {
		w.Header().Set(k, v)
	}
	w.WriteHeader(rep.Status)
	_, _ = io.WriteString(w, rep.Body)
}

func (s *captureServer) requests(side, id string) []captured {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.got[side][id]
}

// outcome is what a call gave, normalized as calls.js normalizes Node's.
type outcome struct {
	ID        string          `json:"id"`
	OK        bool            `json:"ok"`
	Result    json.RawMessage `json:"result"`
	Undefined bool            `json:"undefined"`
	Error     *failure        `json:"error"`
}

type failure struct {
	Name          string          `json:"name"`
	Description   string          `json:"description"`
	Debug         string          `json:"debug"`
	IsBody        bool            `json:"isBody"` // email and push: Node rejects with the body
	Body          json.RawMessage `json:"body"`
	BodyUndefined bool            `json:"bodyUndefined"`
}

// references finds node, the reference's node_modules and SDK 4.x's lib; it skips the test when
// the first two are missing, unless CI is set.
func references(t *testing.T) (node, modules, sdk4 string) {
	t.Helper()
	unavailable := func(why string) {
		testenv.Skip(t, "backend differential test: "+why)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		unavailable("node is not on PATH")
	}
	modules, _ = filepath.Abs(filepath.Join("..", "reference", "node_modules"))
	if _, err := os.Stat(filepath.Join(modules, "kinvey-flex-sdk", "lib", "service", "moduleGenerator.js")); err != nil {
		unavailable("../reference/node_modules/kinvey-flex-sdk is missing (run npm ci in conformance/reference)")
	}
	sdk4 = os.Getenv("FLEX_SDK4_LIB")
	if sdk4 == "" {
		sdk4 = "/tmp/sdk4/lib"
	}
	if _, err := os.Stat(filepath.Join(sdk4, "service", "modules", "dataStore.js")); err != nil {
		sdk4 = ""
	}
	return node, modules, sdk4
}

// runNode runs every call through the Node modules in one process.
func runNode(t *testing.T, node, modules, sdk4 string, calls []*call) []outcome {
	t.Helper()
	in, err := json.Marshal(map[string]any{"ref": modules, "sdk4": sdk4, "calls": calls})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "calls.js")
	cmd.Env = append(os.Environ(), "NODE_PATH="+modules)
	cmd.Stdin = bytes.NewReader(in)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("node calls.js: %v\n%s", err, stderr.String())
	}
	var out []outcome
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		t.Fatalf("node calls.js answered %q: %v\n%s", stdout.String(), err, stderr.String())
	}
	if len(out) != len(calls) {
		t.Fatalf("node ran %d calls of %d", len(out), len(calls))
	}
	return out
}

// runGo runs a call through core/backend, in the FlexFunctions handler of a core.Service serving
// a request equivalent to the Node task.
func runGo(t *testing.T, c *call) outcome {
	t.Helper()
	req := flextest.PreHook("run", "POST", c.Task.ObjectName)
	switch c.Task.HookType {
	case "customEndpoint":
		req = flextest.CustomEndpoint("run", nil).WithObjectName(c.Task.ObjectName)
	case "post":
		req = flextest.PostHook("run", "POST", c.Task.ObjectName)
	}
	req = req.WithAppMetadata(c.Task.AppMetadata)
	if c.Task.Username != "" {
		req = req.WithHeader("X-Kinvey-Username", c.Task.Username)
	}
	if c.Task.UserID != "" {
		req = req.WithHeader("X-Kinvey-User-Id", c.Task.UserID)
	}
	if c.Task.Authorization != "" {
		req = req.WithOriginalHeader("authorization", c.Task.Authorization)
	}
	if c.Task.Host != "" {
		req = req.WithOriginalHeader("host", c.Task.Host)
	}
	if c.Task.Proto != "" {
		req = req.WithOriginalHeader("x-forwarded-proto", c.Task.Proto)
	}
	if c.Task.APIVersion != "" {
		req = req.WithResponseHeaders(map[string]string{"x-kinvey-api-version": c.Task.APIVersion})
	}
	svc := core.NewService()
	var out outcome
	svc.Function("run", func(ctx context.Context, fc *core.FunctionContext, comp *core.Completion) {
		res, err := invoke(ctx, backend.New(fc.Task), c)
		out = goOutcome(c, res, err)
		comp.OK().Done()
	})
	if res := flextest.Do(svc, req); res.Status != http.StatusOK {
		t.Fatalf("%s: the service answered %s", c.Name, res)
	}
	out.ID = c.ID
	return out
}

func goOutcome(c *call, res json.RawMessage, err error) outcome {
	if err == nil {
		return outcome{OK: true, Result: res, Undefined: res == nil}
	}
	be, ok := err.(*backend.Error)
	if !ok {
		return outcome{Error: &failure{Name: "go error", Description: err.Error()}}
	}
	f := &failure{Name: be.Name, Description: be.Description, Debug: be.Debug}
	if (c.Module == "email" || c.Module == "push") && be.StatusCode != 0 {
		f.IsBody, f.Body, f.BodyUndefined = true, be.Body, be.Body == nil
	}
	return outcome{Error: f}
}

// The arguments of a call, for Go.
func argRaw(c *call, i int) any {
	if i >= len(c.Args) || isUndefined(c.Args[i]) {
		return nil
	}
	return c.Args[i]
}

func argString(c *call, i int) string {
	var s string
	if i < len(c.Args) {
		_ = json.Unmarshal(c.Args[i], &s)
	}
	return s
}

func isUndefined(raw json.RawMessage) bool {
	var m map[string]bool
	return json.Unmarshal(raw, &m) == nil && m["$undefined"]
}

func (c *call) query() backend.Query {
	if c.Query == nil {
		return nil
	}
	return fakeQuery{c.Query}
}

func (c *call) storeOptions() backend.StoreOptions {
	if c.Options == nil {
		return backend.StoreOptions{}
	}
	return backend.StoreOptions{UseBL: c.Options.UseBL, UseUserContext: c.Options.UseUserContext, APIVersion: c.Options.APIVersion}
}

// invoke makes the call with core/backend.
func invoke(ctx context.Context, bk *backend.Client, c *call) (json.RawMessage, error) {
	opts := c.storeOptions()
	id := func(i int) string { return argString(c, i) }
	switch c.Module {
	case "dataStore":
		col := bk.DataStore(opts).Collection(c.Target)
		fn := c.Fn
		if c.GoFn != "" {
			fn = c.GoFn
		}
		switch fn {
		case "save":
			return col.Save(ctx, argRaw(c, 0))
		case "create":
			return col.Create(ctx, argRaw(c, 0))
		case "update":
			return col.Update(ctx, argRaw(c, 0))
		case "findById":
			return col.FindByID(ctx, id(0))
		case "find":
			return col.Find(ctx, c.query())
		case "removeById":
			return col.RemoveByID(ctx, id(0))
		case "remove":
			return col.Remove(ctx, c.query())
		case "count":
			return col.Count(ctx, c.query())
		}
	case "userStore":
		us := bk.UserStore(opts)
		switch c.Fn {
		case "create":
			return us.Create(ctx, argRaw(c, 0))
		case "update":
			return us.Update(ctx, argRaw(c, 0))
		case "findById":
			return us.FindByID(ctx, id(0))
		case "getCurrentUser":
			return us.GetCurrentUser(ctx)
		case "find":
			return us.Find(ctx, c.query())
		case "remove":
			return us.Remove(ctx, id(0))
		case "suspend":
			return us.Suspend(ctx, id(0))
		case "restore":
			return us.Restore(ctx, id(0))
		case "count":
			return us.Count(ctx, c.query())
		case "assignRole":
			return us.AssignRole(ctx, id(0), id(1))
		case "revokeRole":
			return us.RevokeRole(ctx, id(0), id(1))
		case "listRoles":
			return us.ListRoles(ctx, id(0))
		}
	case "groupStore":
		gs := bk.GroupStore(opts)
		switch c.Fn {
		case "create":
			return gs.Create(ctx, argRaw(c, 0))
		case "update":
			return gs.Update(ctx, argRaw(c, 0))
		case "findById":
			return gs.FindByID(ctx, id(0))
		case "remove":
			return gs.Remove(ctx, id(0))
		}
	case "roleStore":
		rs := bk.RoleStore(opts)
		switch c.Fn {
		case "create":
			return rs.Create(ctx, argRaw(c, 0))
		case "update":
			return rs.Update(ctx, argRaw(c, 0))
		case "findById":
			return rs.FindByID(ctx, id(0))
		case "remove":
			return rs.Remove(ctx, id(0))
		case "listMembers":
			return rs.ListMembers(ctx, id(0))
		}
	case "endpointRunner":
		if c.Fn == "execute" {
			return bk.EndpointRunner(opts).Endpoint(c.Target).Execute(ctx, argRaw(c, 0))
		}
	case "email":
		if c.Fn == "send" {
			return bk.Email().Send(ctx, backend.EmailMessage{From: id(0), To: id(1), Subject: id(2), TextBody: id(3),
				ReplyTo: id(4), HTMLBody: id(5), CC: id(6), BCC: id(7)})
		}
	case "push":
		p := bk.Push()
		payload := func(from int) backend.Payload {
			return backend.Payload{IOSAps: argRaw(c, from), IOSExtras: argRaw(c, from+1), AndroidPayload: argRaw(c, from+2)}
		}
		switch c.Fn {
		case "send":
			return p.Send(ctx, argRaw(c, 0), argRaw(c, 1))
		case "sendMessage":
			return p.SendMessage(ctx, argRaw(c, 0), argRaw(c, 1))
		case "sendPayload":
			return p.SendPayload(ctx, argRaw(c, 0), payload(1))
		case "broadcast":
			return p.Broadcast(ctx, argRaw(c, 0))
		case "broadcastMessage":
			return p.BroadcastMessage(ctx, argRaw(c, 0))
		case "broadcastPayload":
			return p.BroadcastPayload(ctx, payload(0))
		}
	}
	return nil, fmt.Errorf("harness: no Go call for %s.%s", c.Module, c.Fn)
}

// The comparison.

// jsonSame compares two JSON texts as values ("" only equals "").
func jsonSame(a, b string) bool {
	if a == "" || b == "" {
		return a == b
	}
	var x, y any
	if json.Unmarshal([]byte(a), &x) != nil || json.Unmarshal([]byte(b), &y) != nil {
		return a == b
	}
	return reflect.DeepEqual(x, y)
}

func sortedValues(v url.Values) map[string][]string {
	out := map[string][]string{}
	for k, vs := range v {
		s := slices.Clone(vs)
		sort.Strings(s)
		out[k] = s
	}
	return out
}

// diffRequests lists how two requests differ.
func diffRequests(n, g captured) []string {
	var d []string
	add := func(what string, nv, gv any) { d = append(d, fmt.Sprintf("%s: node %v, go %v", what, nv, gv)) }
	if n.Method != g.Method {
		add("method", n.Method, g.Method)
	}
	if n.Path != g.Path {
		add("path", strconv.Quote(n.Path), strconv.Quote(g.Path))
	}
	if n.HasQuery != g.HasQuery || !reflect.DeepEqual(sortedValues(n.Query), sortedValues(g.Query)) {
		add("query", strconv.Quote(n.RawQuery), strconv.Quote(g.RawQuery))
	}
	for _, h := range comparedHeaders {
		if !reflect.DeepEqual(n.Header[h], g.Header[h]) {
			add("header "+h, n.Header[h], g.Header[h])
		}
	}
	if !jsonSame(n.Body, g.Body) {
		add("body", n.Body, g.Body)
	}
	return d
}

// diffOutcomes lists how two outcomes differ.
func diffOutcomes(n, g outcome) []string {
	show := func(o outcome) string {
		if o.OK {
			if o.Undefined {
				return "resolved undefined"
			}
			return "resolved " + string(o.Result)
		}
		e := o.Error
		s := fmt.Sprintf("rejected %q / %q / %q", e.Name, e.Description, e.Debug)
		if e.IsBody {
			s += " body " + string(e.Body)
		}
		return s
	}
	same := n.OK == g.OK
	if same && n.OK {
		same = n.Undefined == g.Undefined && (n.Undefined || jsonSame(string(n.Result), string(g.Result)))
	} else if same {
		ne, ge := n.Error, g.Error
		same = ne.Name == ge.Name && ne.Description == ge.Description && ne.Debug == ge.Debug && ne.IsBody == ge.IsBody
		if same && ne.IsBody {
			same = ne.BodyUndefined == ge.BodyUndefined && (ne.BodyUndefined || jsonSame(string(ne.Body), string(ge.Body)))
		}
	}
	if same {
		return nil
	}
	return []string{"node " + show(n), "go   " + show(g)}
}
