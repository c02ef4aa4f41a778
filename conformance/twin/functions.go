package twin

import (
	"context"
	"encoding/json"
	"math"

	"github.com/flexgo/flexgo/core"
)

func registerFunctions(svc *core.Service) {
	svc.Function("echo", func(_ context.Context, fc *core.FunctionContext, c *core.Completion) {
		c.SetBody(object{"context": fc}).OK().Next()
	})
	svc.Function("stamp", func(_ context.Context, fc *core.FunctionContext, c *core.Completion) {
		body := assign(object{}, fc.Body)
		body["stamped"] = true
		c.SetBody(body).Next()
	})
	svc.Function("rewriteQuery", func(_ context.Context, _ *core.FunctionContext, c *core.Completion) {
		c.SetQuery(object{"query": object{"a": 1}, "sort": object{"b": -1}, "limit": 5}).Next()
	})
	svc.Function("reject", func(_ context.Context, _ *core.FunctionContext, c *core.Completion) {
		c.SetBody(object{"why": "rejected"}).Forbidden("hook said no").Done()
	})
	svc.Function("hang", func(context.Context, *core.FunctionContext, *core.Completion) {
		// Never completes: the timeout budget answers.
	})
	svc.Function("boom", func(context.Context, *core.FunctionContext, *core.Completion) {
		panic("boom")
	})
	svc.Function("modules", modules)
}

func modules(_ context.Context, fc *core.FunctionContext, c *core.Completion) {
	rc := fc.RequestContext()
	temp := fc.TempObjectStore()
	temp.Set("seen", true)
	version := rc.ClientAppVersion()
	var clientAppVersion, major any
	if version.IsSet() {
		clientAppVersion = version.String()
	}
	if m, _, _ := version.Numbers(); !math.IsNaN(m) {
		major = m
	}
	custom, _ := rc.CustomRequestProperty("color")
	c.SetBody(object{
		"username":         rc.AuthenticatedUsername(),
		"userId":           rc.AuthenticatedUserID(),
		"securityContext":  rc.SecurityContext(),
		"clientAppVersion": clientAppVersion,
		"major":            major,
		"custom":           custom,
		"appKey":           member(fc.AppMetadata, "_id"),
		"temp":             temp,
	}).OK().Done()
}

// member returns a member of a JSON object as it is (any JSON type), nil when absent.
func member(raw json.RawMessage, key string) json.RawMessage {
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) != nil {
		return nil
	}
	return obj[key]
}
