package lambda

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/flexgo/flexgo/core"
)

func TestResolveSharedSecret(t *testing.T) {
	ext := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Aws-Parameters-Secrets-Token") != "session-token" {
			http.Error(w, "no token", http.StatusUnauthorized)
			return
		}
		if r.URL.Path != "/secretsmanager/get" || r.URL.Query().Get("secretId") != "arn:aws:secretsmanager:x:1:secret:flex" {
			http.Error(w, "no such secret", http.StatusBadRequest)
			return
		}
		_, _ = w.Write([]byte(`{"Name":"flex","SecretString":"s3cret"}`))
	}))
	defer ext.Close()
	port := ext.URL[strings.LastIndex(ext.URL, ":")+1:]
	t.Setenv("PARAMETERS_SECRETS_EXTENSION_HTTP_PORT", port)
	t.Setenv("AWS_SESSION_TOKEN", "session-token")

	t.Setenv(SecretARNEnv, "arn:aws:secretsmanager:x:1:secret:flex")
	var cfg core.Config
	if err := ResolveSharedSecret(context.Background(), &cfg); err != nil {
		t.Fatal(err)
	}
	if !cfg.SharedSecret.Matches("s3cret") {
		t.Fatal("the secret was not resolved")
	}

	set := core.Config{SharedSecret: "given"}
	if err := ResolveSharedSecret(context.Background(), &set); err != nil || !set.SharedSecret.Matches("given") {
		t.Fatalf("a set secret was replaced: %v", err)
	}

	t.Setenv(SecretARNEnv, "arn:aws:secretsmanager:x:1:secret:other")
	var missing core.Config
	err := ResolveSharedSecret(context.Background(), &missing)
	if err == nil || !strings.Contains(err.Error(), "400") {
		t.Fatalf("want the extension's refusal, got %v", err)
	}
}
