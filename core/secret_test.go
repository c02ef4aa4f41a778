package core

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func TestSecretMatches(t *testing.T) {
	s := Secret("correct horse")
	for _, tt := range []struct {
		key  string
		want bool
	}{{"correct horse", true}, {"correct hors", false}, {"correct horse ", false}, {"", false}, {"CORRECT HORSE", false}} {
		if got := s.digest().equal(digestOf(tt.key)); got != tt.want {
			t.Errorf("Matches(%q) = %v", tt.key, got)
		}
	}
}

func TestSecretNeverPrints(t *testing.T) {
	s := Secret("hunter2-value")
	var logs bytes.Buffer
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("config", "secret", s, "cfg", Config{SharedSecret: s})
	js, _ := json.Marshal(Config{SharedSecret: s})
	for _, out := range []string{fmt.Sprint(s), fmt.Sprintf("%v %+v %#v %s", s, s, s, s),
		fmt.Sprintf("%v %+v %#v", Config{SharedSecret: s}, Config{SharedSecret: s}, Config{SharedSecret: s}),
		logs.String(), string(js)} {
		if strings.Contains(out, "hunter2") {
			t.Fatalf("secret printed: %s", out)
		}
	}
}

func TestSecretStaysOutOfLogsOfAFullRun(t *testing.T) {
	svc, logs := newTestService(t, Config{SharedSecret: "hunter2-value", Timeout: 20 * time.Millisecond})
	svc.Function("hang", func(context.Context, *FunctionContext, *Completion) {})
	for _, key := range []string{"", "wrong", "hunter2-value"} {
		serve(t, svc, testRequest{method: "POST", path: "/_flexFunctions/hang", body: "{}",
			header: map[string]string{"X-Auth-Key": key}})
	}
	if strings.Contains(logs.String(), "hunter2") {
		t.Fatalf("secret in logs: %s", logs)
	}
}

func TestConfigValidate(t *testing.T) {
	if err := (Config{}).Validate(); err != nil {
		t.Fatalf("defaults invalid: %v", err)
	}
	err := Config{Port: 70000, Timeout: -1, BodyLimit: -1, LogLevel: "loud"}.Validate()
	if err == nil {
		t.Fatal("invalid config accepted")
	}
	for _, want := range []string{"FLEX_PORT", "FLEX_TIMEOUT", "FLEX_BODY_LIMIT", "FLEX_LOG_LEVEL"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not name %s: %v", want, err)
		}
	}
}

func TestLogHandlerWritesReferenceLines(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(NewLogHandler(&buf, slog.LevelDebug))
	log.Info("hello")
	log.Warn("careful")
	log.Error("bad")
	log.Log(context.Background(), LevelFatal, "worst")
	want := `{"level":"info","message":"hello"}
{"level":"warning","message":"careful"}
{"level":"error","message":"bad"}
{"level":"fatal","message":"worst"}
`
	if buf.String() != want {
		t.Fatalf("got\n%s\nwant\n%s", buf.String(), want)
	}
}
