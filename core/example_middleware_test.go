package core_test

import (
	"context"
	"fmt"
	"net/http"

	"github.com/flexgo/flexgo/core"
)

// A request logger: it sees what each routed request is and how it was answered.
func ExampleService_Use() {
	svc := core.NewService()
	svc.Use(func(next core.Next) core.Next {
		return func(ctx context.Context, call *core.Call, answer func(core.Outcome)) {
			next(ctx, call, func(o core.Outcome) {
				fmt.Printf("%s %s %s: %d %s (%s)\n", call.Task.Type, call.Name, call.Event, o.Status, o.Error, o.Cause)
				answer(o)
			})
		}
	})
	svc.ServiceObject("books").OnGetByID(func(ctx context.Context, req *core.DataRequest, c *core.Completion) {
		c.NotFound("no book " + req.EntityID).Next()
	})
	svc.Serve(context.Background(), &core.Request{Method: "GET", Path: "/books/7", Header: http.Header{}})
	// Output:
	// data books onGetById: 404 NotFound (handler)
}

// A per-handler check: only callers whose Kinvey user is an admin reach the "purge" function;
// the others are answered 403 in Kinvey's error shape, and the handler never runs.
func ExampleCall_Fail() {
	admins := map[string]bool{"ann": true}
	svc := core.NewService(core.WithMiddleware(func(next core.Next) core.Next {
		return func(ctx context.Context, call *core.Call, answer func(core.Outcome)) {
			if call.Name == "purge" && !admins[call.Task.Username] {
				answer(call.Fail(core.NewError(core.KindForbidden, "purge is for admins")))
				return
			}
			next(ctx, call, answer)
		}
	}))
	svc.Function("purge", func(ctx context.Context, fc *core.FunctionContext, c *core.Completion) { c.OK().Done() })
	for _, user := range []string{"bob", "ann"} {
		resp := svc.Serve(context.Background(), &core.Request{Method: "POST", Path: "/_flexFunctions/purge",
			Header: http.Header{"X-Kinvey-Username": {user}}})
		fmt.Println(user, resp.Status)
	}
	// Output:
	// bob 403
	// ann 200
}
