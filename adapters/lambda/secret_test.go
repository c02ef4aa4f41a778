package lambda

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/flexgo/flexgo/core"
)

func TestSecretsManagerSource(t *testing.T) {
	ext := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Aws-Parameters-Secrets-Token") != "session-token" {
			http.Error(w, "no token", http.StatusUnauthorized)
			return
		}
		switch r.URL.Query().Get("secretId") {
		case "arn:aws:secretsmanager:x:1:secret:flex":
			_, _ = w.Write([]byte(`{"Name":"flex","SecretString":"s3cret"}`))
		case "arn:aws:secretsmanager:x:1:secret:old":
			_, _ = w.Write([]byte(`{"Name":"old","SecretString":"0ld"}`))
		case "arn:aws:secretsmanager:x:1:secret:binary":
			_, _ = w.Write([]byte(`{"Name":"binary","SecretBinary":"AAEC"}`))
		default:
			http.Error(w, "ResourceNotFoundException", http.StatusBadRequest)
		}
	}))
	defer ext.Close()
	t.Setenv("PARAMETERS_SECRETS_EXTENSION_HTTP_PORT", ext.URL[strings.LastIndex(ext.URL, ":")+1:])
	t.Setenv("AWS_SESSION_TOKEN", "session-token")

	got, err := SecretsManager("arn:aws:secretsmanager:x:1:secret:flex", "arn:aws:secretsmanager:x:1:secret:old").
		SharedSecrets(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0] != core.Secret("s3cret") || got[1] != core.Secret("0ld") {
		t.Fatalf("got %d secrets", len(got))
	}
	for id, want := range map[string]string{
		"arn:aws:secretsmanager:x:1:secret:other":  "400",
		"arn:aws:secretsmanager:x:1:secret:binary": "no SecretString",
	} {
		if _, err := SecretsManager(id).SharedSecrets(context.Background()); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: want an error naming %q, got %v", id, want, err)
		}
	}
	t.Setenv("AWS_SESSION_TOKEN", "other")
	if _, err := SecretsManager("arn:aws:secretsmanager:x:1:secret:flex").SharedSecrets(context.Background()); err == nil ||
		!strings.Contains(err.Error(), "401") {
		t.Fatalf("a wrong session token: %v", err)
	}
}

func TestLoadConfig(t *testing.T) {
	for _, tt := range []struct {
		name       string
		env        map[string]string
		wantSource bool
		wantErr    []string
	}{
		{"nothing", nil, false, nil},
		{"plain secret", map[string]string{"FLEX_SHARED_SECRET": "s"}, false, nil},
		{"arn", map[string]string{"FLEX_SHARED_SECRET_ARN": "arn:a"}, true, nil},
		{"arn and previous", map[string]string{"FLEX_SHARED_SECRET_ARN": "arn:a", "FLEX_SHARED_SECRET_PREVIOUS_ARN": "arn:b"}, true, nil},
		{"both", map[string]string{"FLEX_SHARED_SECRET_ARN": "arn:a", "FLEX_SHARED_SECRET": "s"}, false,
			[]string{"FLEX_SHARED_SECRET and FLEX_SHARED_SECRET_ARN"}},
		{"previous alone", map[string]string{"FLEX_SHARED_SECRET_PREVIOUS_ARN": "arn:b"}, false,
			[]string{"FLEX_SHARED_SECRET_PREVIOUS_ARN is set without"}},
		{"every error at once", map[string]string{"FLEX_SHARED_SECRET_PREVIOUS_ARN": "arn:b", "FLEX_LOG_LEVEL": "loud"}, false,
			[]string{"FLEX_SHARED_SECRET_PREVIOUS_ARN", "FLEX_LOG_LEVEL"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for _, k := range []string{"FLEX_SHARED_SECRET", "FLEX_SHARED_SECRET_ARN", "FLEX_SHARED_SECRET_PREVIOUS_ARN", "FLEX_LOG_LEVEL"} {
				t.Setenv(k, tt.env[k])
			}
			_, src, err := LoadConfig(core.Config{})
			if len(tt.wantErr) == 0 && err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.wantErr {
				if err == nil || !strings.Contains(err.Error(), w) {
					t.Fatalf("want an error naming %q, got %v", w, err)
				}
			}
			if (src != nil) != tt.wantSource {
				t.Fatalf("source %v, want one: %v", src, tt.wantSource)
			}
		})
	}
}

func TestConfigErrorHandler(t *testing.T) {
	h := ConfigErrorHandler(errorString("FLEX_TIMEOUT: bad"))
	out, err := h.Invoke(context.Background(), []byte(`{"version":"2.0","rawPath":"/books/1",
		"requestContext":{"http":{"method":"GET"},"domainName":"x.lambda-url.eu-west-1.on.aws"}}`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), `"statusCode":500`) || !strings.Contains(string(out), "misconfigured") ||
		!strings.Contains(string(out), "FLEX_TIMEOUT: bad") {
		t.Fatalf("answer %s", out)
	}
}

type errorString string

func (e errorString) Error() string { return string(e) }
