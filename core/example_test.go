package core_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"strings"

	"github.com/flexgo/flexgo/core"
)

// A FlexData service object with two events, served in-process.
func ExampleService_ServiceObject() {
	svc := core.NewService()
	books := svc.ServiceObject("books")
	books.OnGetByID(func(ctx context.Context, req *core.DataRequest, c *core.Completion) {
		if req.EntityID == "missing" {
			c.NotFound("no such book").Next()
			return
		}
		c.SetBody(map[string]string{"_id": req.EntityID, "title": "Dune"}).OK().Next()
	})
	books.OnGetCount(func(ctx context.Context, req *core.DataRequest, c *core.Completion) {
		c.SetBody(map[string]int{"count": 1}).OK().Next()
	})

	for _, path := range []string{"/books/1", "/books/missing", "/books/_count", "/books"} {
		resp := svc.Serve(context.Background(), &core.Request{Method: "GET", Path: path, Header: http.Header{}})
		fmt.Println(resp.Status, string(resp.Body))
	}
	// Output:
	// 200 {"_id":"1","title":"Dune"}
	// 404 {"error":"NotFound","description":"The requested entity or entities were not found in the serviceObject","debug":"no such book"}
	// 200 {"count":1}
	// 501 {"error":"NotImplemented","description":"The request invoked a method that is not implemented","debug":"These methods are not implemented"}
}

// A FlexFunctions pre hook that rejects a request or lets Kinvey go on with a rewritten body.
func ExampleService_Function() {
	svc := core.NewService()
	svc.Function("requireTitle", func(ctx context.Context, fc *core.FunctionContext, c *core.Completion) {
		var book struct {
			Title string `json:"title"`
		}
		if err := fc.Decode(&book); err != nil || book.Title == "" {
			c.BadRequest("a book needs a title").Done()
			return
		}
		c.SetBody(map[string]string{"title": strings.ToUpper(book.Title)}).Next()
	})

	resp := svc.Serve(context.Background(), &core.Request{
		Method: "POST", Path: "/_flexFunctions/requireTitle",
		Header:        http.Header{"Content-Type": {"application/json"}},
		Body:          strings.NewReader(`{"hookType":"pre","body":{"title":"dune"}}`),
		ContentLength: 42,
	})
	fmt.Println(resp.Status, string(resp.Body))
	// Output:
	// 200 {"request":{"method":"POST","headers":{},"username":"","userId":"","objectName":"","tempObjectStore":{},"body":{"title":"DUNE"}},"response":{"status":0,"headers":{},"body":{},"statusCode":200,"continue":true}}
}

// A FlexAuth handler answering a token.
func ExampleService_Auth() {
	svc := core.NewService(core.WithConfig(core.Config{SharedSecret: "s3cret"}))
	svc.Auth("login", func(ctx context.Context, req *core.AuthRequest, c *core.AuthCompletion) {
		if req.Credentials.Password != "pw" {
			c.AccessDenied("bad credentials").Done()
			return
		}
		c.SetToken(map[string]string{"access_token": "t-" + req.Credentials.Username}).AddAttribute("expires_in", 3600).OK().Done()
	})

	for _, key := range []string{"s3cret", "guess"} {
		resp := svc.Serve(context.Background(), &core.Request{
			Method: "POST", Path: "/_auth/login",
			Header:        http.Header{"Content-Type": {"application/json"}, "X-Auth-Key": {key}},
			Body:          strings.NewReader(`{"username":"ann","password":"pw"}`),
			ContentLength: 34,
		})
		fmt.Println(resp.Status, string(resp.Body))
	}
	// Output:
	// 200 {"token":{"access_token":"t-ann"},"authenticated":true,"expires_in":3600}
	// 401 {"error":"InvalidCredentials","description":"Invalid credentials.  Please retry your request with correct credentials.","debug":"The Authorization Key was not valid or missing."}
}

// The logger writes the Node SDK's JSON lines.
func ExampleNewLogHandler() {
	log := slog.New(core.NewLogHandler(os.Stdout, slog.LevelInfo))
	log.Info("book added", "id", "1")
	log.Warn("low stock")
	// Output:
	// {"level":"info","message":"book added","id":"1"}
	// {"level":"warning","message":"low stock"}
}
