package backend_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/flexgo/flexgo/core/backend"
)

// entities returns n entities {"n": i}.
func entities(n int) []map[string]int {
	out := make([]map[string]int, n)
	for i := range out {
		out[i] = map[string]int{"n": i}
	}
	return out
}

// batchReply is the answer to a batch: its entities echoed back, with errors.
func batchReply(from, to int, errs string) reply {
	var ents []string
	for i := from; i < to; i++ {
		ents = append(ents, fmt.Sprintf(`{"n":%d,"_id":"e%d"}`, i, i))
	}
	return reply{200, `{"entities":[` + strings.Join(ents, ",") + `],"errors":` + errs + `}`}
}

func TestSaveBatches(t *testing.T) {
	f := newFakeBackend(t,
		batchReply(0, 100, `[{"index":3,"code":11000}]`),
		batchReply(100, 200, `[{"code":1,"index":5}]`),
		batchReply(200, 250, `[{"index":0,"errmsg":"dup"},{"errmsg":"no index"}]`),
	)
	c := backend.New(hookTask(t, f.URL, "other"))
	raw, err := c.DataStore(ds).Collection("books").Save(t.Context(), entities(250))
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Entities []struct{ N int }
		Errors   []map[string]any
	}
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Entities) != 250 || got.Entities[249].N != 249 || got.Entities[100].N != 100 {
		t.Errorf("%d entities merged", len(got.Entities))
	}
	wantErrs := `[{"index":3,"code":11000},{"code":1,"index":105},{"index":200,"errmsg":"dup"},{"errmsg":"no index","index":null}]`
	if errs, _ := json.Marshal(got.Errors); !jsonEqual(errs, []byte(wantErrs)) {
		t.Errorf("errors %s, want %s", errs, wantErrs)
	}
	// The member order of each error is kept; a missing index is added last.
	if !strings.Contains(string(raw), `{"code":1,"index":105}`) || !strings.Contains(string(raw), `{"errmsg":"no index","index":null}`) {
		t.Errorf("merged %s", raw)
	}
	reqs := f.requests()
	if len(reqs) != 3 {
		t.Fatalf("%d requests, want 3", len(reqs))
	}
	for i, size := range []int{100, 100, 50} {
		var body []map[string]int
		if err := json.Unmarshal([]byte(reqs[i].Body), &body); err != nil {
			t.Fatal(err)
		}
		if len(body) != size || body[0]["n"] != i*100 {
			t.Errorf("batch %d: %d entities from %d", i, len(body), body[0]["n"])
		}
		checkRequest(t, reqs[i], wantReq{method: "POST", uri: "/appdata/kid_test/books/", auth: masterAuth, skipBL: true, body: reqs[i].Body})
	}
}

func TestSaveBatchSizes(t *testing.T) {
	for _, tc := range []struct {
		n, requests int
		create      bool
	}{{100, 1, false}, {101, 2, false}, {150, 2, true}, {0, 1, false}} {
		t.Run(fmt.Sprint(tc.n, tc.create), func(t *testing.T) {
			f := newFakeBackend(t, batchReply(0, 100, `[]`), batchReply(100, 200, `[]`))
			col := backend.New(hookTask(t, f.URL, "other")).DataStore(ds).Collection("books")
			save := col.Save
			if tc.create {
				save = col.Create
			}
			if _, err := save(t.Context(), entities(tc.n)); err != nil {
				t.Fatal(err)
			}
			if got := len(f.requests()); got != tc.requests {
				t.Errorf("%d requests, want %d", got, tc.requests)
			}
		})
	}
}

// The first batch that fails ends the save with its error.
func TestSaveBatchFails(t *testing.T) {
	f := newFakeBackend(t,
		batchReply(0, 100, `[]`),
		reply{500, `{"error":"KinveyInternalErrorRetry","description":"retry","debug":"batch 2"}`},
		batchReply(200, 250, `[]`),
	)
	col := backend.New(hookTask(t, f.URL, "other")).DataStore(ds).Collection("books")
	_, err := col.Save(t.Context(), entities(250))
	var be *backend.Error
	if !errors.As(err, &be) || be.StatusCode != 500 || be.Name != "KinveyInternalErrorRetry" || be.Debug != "batch 2" {
		t.Fatalf("error %v", err)
	}
	if n := len(f.requests()); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
}

func TestSaveBatchUnexpectedAnswer(t *testing.T) {
	for _, body := range []string{`[]`, `{"entities":[]}`, `{"errors":[]}`, `{"entities":"ab","errors":[]}`,
		`{"entities":[],"errors":[1]}`, `{"entities":[],"errors":[null]}`, `not json`} {
		t.Run(body, func(t *testing.T) {
			f := newFakeBackend(t, reply{200, body})
			col := backend.New(hookTask(t, f.URL, "other")).DataStore(ds).Collection("books")
			_, err := col.Save(t.Context(), entities(101))
			if !errors.Is(err, backend.ErrUnexpectedAnswer) {
				t.Fatalf("error %v, want ErrUnexpectedAnswer", err)
			}
			if !strings.Contains(err.Error(), "batch 1 of 2") {
				t.Errorf("error %q does not say which batch", err)
			}
		})
	}
}

// The recursion guard applies before any batch.
func TestSaveBatchRecursion(t *testing.T) {
	f := newFakeBackend(t)
	col := backend.New(hookTask(t, f.URL, "books")).DataStore(backend.StoreOptions{UseBL: true}).Collection("books")
	_, err := col.Save(t.Context(), entities(150))
	checkOutcome(t, nil, err, "", "DataStoreError", "Not Allowed", "Recursive data operations to the same collection cannot use user context or use BL.")
	if n := len(f.requests()); n != 0 {
		t.Errorf("%d requests", n)
	}
}
