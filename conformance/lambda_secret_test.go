package conformance_test

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/flexgo/flexgo/adapters/lambda/lambdatest"
)

const (
	secretARN    = "arn:aws:secretsmanager:us-east-1:000000000000:secret:flex-AbCdEf"
	sessionToken = "session-token"
)

// startWithSecretsExtension runs bin against a fake runtime and a fake Parameters and Secrets
// extension that, like the real one, refuses connections until INIT is over.
func startWithSecretsExtension(t *testing.T, bin string, env ...string) (*lambdatest.Runtime, *lambdatest.SecretsExtension, time.Time) {
	t.Helper()
	rt, err := lambdatest.NewRuntime()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = rt.Close() })
	ext, err := lambdatest.NewSecretsExtension(sessionToken, map[string]string{secretARN: "s3cret"})
	if err != nil {
		t.Fatal(err)
	}
	ext.OpenAfterInit(rt)
	t.Cleanup(func() { _ = ext.Close() })
	// Before INIT is over the extension is not there: the fake is not vacuous.
	if c, err := net.DialTimeout("tcp", "127.0.0.1:"+ext.Port(), time.Second); err == nil {
		c.Close()
		t.Fatal("the fake extension accepted a connection during INIT")
	}
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), append([]string{
		"AWS_LAMBDA_RUNTIME_API=" + rt.Addr(),
		"PARAMETERS_SECRETS_EXTENSION_HTTP_PORT=" + ext.Port(),
		"AWS_SESSION_TOKEN=" + sessionToken,
		"FLEX_SHARED_SECRET_ARN=" + secretARN,
		"FLEX_LOG_LEVEL=error",
	}, env...)...)
	var logs strings.Builder
	cmd.Stdout, cmd.Stderr = &logs, &logs
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		if t.Failed() {
			t.Logf("bootstrap output:\n%s", logs.String())
		}
	})
	return rt, ext, start
}

// invoke sends a Function URL event and returns the status and body of the answer.
func invoke(t *testing.T, rt *lambdatest.Runtime, method, path, key string, timeout time.Duration) (int, string) {
	t.Helper()
	ev := map[string]any{
		"version": "2.0", "rawPath": path, "headers": map[string]string{"x-auth-key": key},
		"requestContext": map[string]any{"http": map[string]string{"method": method},
			"domainName": "abc.lambda-url.us-east-1.on.aws"},
	}
	payload, _ := json.Marshal(ev)
	ctx, cancel := context.WithTimeout(context.Background(), timeout+10*time.Second)
	defer cancel()
	res, err := rt.Invoke(ctx, payload, timeout)
	if err != nil {
		t.Fatal(err)
	}
	if res.Error != nil {
		t.Fatalf("function error: %s", res.Error)
	}
	var out struct {
		StatusCode int    `json:"statusCode"`
		Body       string `json:"body"`
	}
	if err := json.Unmarshal(res.Payload, &out); err != nil {
		t.Fatalf("answer %s: %v", res.Payload, err)
	}
	return out.StatusCode, out.Body
}

// TestSecretReadOnFirstInvocation runs the real bootstrap with its secret in Secrets Manager: it
// must not read the secret during INIT (the extension refuses then, as AWS documents), and must
// read it on the first invocation that needs it, then serve from its cache.
func TestSecretReadOnFirstInvocation(t *testing.T) {
	bin := buildBootstrap(t)
	rt, ext, start := startWithSecretsExtension(t, bin)
	select {
	case at := <-rt.FirstNext():
		t.Logf("exec to the first request for an event (INIT): %s", at.Sub(start).Round(10*time.Microsecond))
	case <-time.After(10 * time.Second):
		t.Fatal("the bootstrap never asked for an event: it died during INIT")
	}
	if status, _ := invoke(t, rt, "GET", "/healthcheck", "", 3*time.Second); status != 200 {
		t.Fatalf("health check %d", status)
	}
	if n := ext.Requests(); n != 0 {
		t.Fatalf("a health check read the secret (%d reads)", n)
	}
	first := time.Now()
	status, body := invoke(t, rt, "GET", "/books/1", "s3cret", 3*time.Second)
	firstTook := time.Since(first)
	if status != 200 {
		t.Fatalf("first invocation with the right key: %d %s", status, body)
	}
	second := time.Now()
	if status, body := invoke(t, rt, "GET", "/books/1", "s3cret", 3*time.Second); status != 200 {
		t.Fatalf("second invocation: %d %s", status, body)
	}
	secondTook := time.Since(second)
	if status, _ := invoke(t, rt, "GET", "/books/1", "wrong", 3*time.Second); status != 401 {
		t.Fatalf("wrong key: %d", status)
	}
	if n := ext.Requests(); n != 1 {
		t.Fatalf("%d secret reads for three invocations within the TTL, want 1", n)
	}
	t.Logf("first invocation that needs the secret (one extension read included): %s; the next: %s",
		firstTook.Round(10*time.Microsecond), secondTook.Round(10*time.Microsecond))
}

// TestSecretExtensionDown: with the extension not answering, the invocation gets a JSON 503
// within its budget, the runtime stays up, and once the extension answers the next invocation
// is served.
func TestSecretExtensionDown(t *testing.T) {
	bin := buildBootstrap(t)
	rt, ext, _ := startWithSecretsExtension(t, bin, "FLEX_TIMEOUT=1s")
	if err := ext.SetDown(true); err != nil {
		t.Fatal(err)
	}
	<-rt.FirstNext()
	start := time.Now()
	status, body := invoke(t, rt, "GET", "/books/1", "s3cret", 3*time.Second)
	took := time.Since(start)
	if status != 503 || !strings.Contains(body, `"error":"KinveyInternalErrorRetry"`) {
		t.Fatalf("with the extension down: %d %s", status, body)
	}
	if took > 2500*time.Millisecond {
		t.Fatalf("the 503 took %s, past the 1s budget", took)
	}
	if err := ext.SetDown(false); err != nil {
		t.Fatal(err)
	}
	if status, body := invoke(t, rt, "GET", "/books/1", "s3cret", 3*time.Second); status != 200 {
		t.Fatalf("after the extension came up, the same runtime answered %d %s", status, body)
	}
}

// TestSecretConfigErrorAnswersJSON: an invalid configuration does not crash the bootstrap (a crash
// loop of failed inits on Lambda): every invocation is answered with a JSON 500 naming it.
func TestSecretConfigErrorAnswersJSON(t *testing.T) {
	bin := buildBootstrap(t)
	rt, _, _ := startWithSecretsExtension(t, bin, "FLEX_SHARED_SECRET=plain", "FLEX_TIMEOUT=soon")
	select {
	case <-rt.FirstNext():
	case <-time.After(10 * time.Second):
		t.Fatal("the bootstrap never asked for an event")
	}
	for range 2 {
		status, body := invoke(t, rt, "GET", "/books/1", "s3cret", 3*time.Second)
		if status != 500 || !strings.Contains(body, "misconfigured") || !strings.Contains(body, "FLEX_TIMEOUT") ||
			!strings.Contains(body, "FLEX_SHARED_SECRET_ARN") {
			t.Fatalf("config error answer: %d %s", status, body)
		}
		if strings.Contains(body, "plain") {
			t.Fatalf("the answer holds the secret: %s", body)
		}
	}
}

// TestExtensionRegistrationClosesWithInit: the fake Extensions API refuses a registration after
// the runtime's first request for an event, as Lambda (and AWS's emulator) do.
func TestExtensionRegistrationClosesWithInit(t *testing.T) {
	rt, err := lambdatest.NewRuntime()
	if err != nil {
		t.Fatal(err)
	}
	defer rt.Close()
	register := func(events string) int {
		req, _ := http.NewRequest(http.MethodPost, "http://"+rt.Addr()+"/2020-01-01/extension/register", strings.NewReader(events))
		req.Header.Set("Lambda-Extension-Name", "x")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := register(`{"events":["INVOKE","SHUTDOWN"]}`); got != http.StatusForbidden {
		t.Fatalf("an internal extension registering for SHUTDOWN: %d, want 403", got)
	}
	if got := register(`{"events":["INVOKE"]}`); got != http.StatusOK {
		t.Fatalf("registration during INIT: %d", got)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+rt.Addr()+"/2018-06-01/runtime/invocation/next", nil)
	go func() { _, _ = http.DefaultClient.Do(req) }() // the runtime's first next ends INIT
	<-rt.FirstNext()
	if got := register(`{"events":["INVOKE"]}`); got != http.StatusForbidden {
		t.Fatalf("registration after INIT: %d, want 403", got)
	}
}
