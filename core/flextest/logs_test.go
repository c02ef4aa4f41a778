package flextest_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/flexgo/flexgo/core"
	"github.com/flexgo/flexgo/core/flextest"
)

func TestLogsRecordEveryLevelWithRequestID(t *testing.T) {
	svc, logs := flextest.NewService(core.NewService, core.WithConfig(core.Config{LogLevel: "error"}))
	svc.Function("log", func(_ context.Context, fc *core.FunctionContext, c *core.Completion) {
		fc.Logger().Info("info line", "n", 1)
		fc.Logger().Warn("warn line")
		fc.Logger().Error("error line")
		fc.Logger().Fatal("fatal line")
		fc.Logger().Slog().Debug("debug line")
		c.Next()
	})
	flextest.Do(svc, flextest.CustomEndpoint("log", nil).WithRequestID("r-1"))
	lines := logs.Lines()
	want := [][2]string{{"info", "info line"}, {"warning", "warn line"}, {"error", "error line"}, {"fatal", "fatal line"}, {"debug", "debug line"}}
	if len(lines) != len(want) {
		t.Fatalf("%d lines:\n%s", len(lines), logs)
	}
	for i, w := range want {
		if lines[i].Level != w[0] || lines[i].Message != w[1] || lines[i].Attrs["requestId"] != "r-1" {
			t.Errorf("line %d: %+v, want %v with requestId r-1", i, lines[i], w)
		}
	}
	if lines[0].Attrs["n"] != 1.0 {
		t.Errorf("attrs %v", lines[0].Attrs)
	}
	if l, ok := logs.Find("warn"); !ok || l.Level != "warning" {
		t.Errorf("Find: %+v %v", l, ok)
	}
	if _, ok := logs.Find("absent"); ok {
		t.Error("Find found an absent line")
	}
	logs.Reset()
	if len(logs.Lines()) != 0 || logs.String() != "" {
		t.Errorf("after Reset: %q", logs)
	}
}

func TestLogsConcurrentAndRaw(t *testing.T) {
	logs := flextest.NewLogs()
	log := logs.Logger()
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			log.Info(fmt.Sprintf("line %d", i))
		}()
	}
	wg.Wait()
	fmt.Fprintln(logs, "not json")
	lines := logs.Lines()
	if len(lines) != 21 {
		t.Fatalf("%d lines", len(lines))
	}
	last := lines[20]
	if last.Raw != "not json" || last.Message != "" || last.Attrs != nil {
		t.Errorf("raw line %+v", last)
	}
}
