package conformance_test

import (
	"encoding/json"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/flexgo/flexgo/adapters/lambda/lambdatest"
	"github.com/flexgo/flexgo/internal/testenv"
)

// TestBootstrapUnderRIE runs the twin's real bootstrap under AWS's own Lambda Runtime Interface
// Emulator (github.com/aws/aws-lambda-runtime-interface-emulator, `go install
// github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie@latest`; .ci/run
// installs it) rather than under our fake Runtime API: the platform's lifecycle (INIT on the first
// invocation, the internal extension's registration, the function timeout) is AWS's code here.
//
// With its shared secret in Secrets Manager and the Parameters and Secrets extension not answering
// (as during INIT), the function must stay up and answer a JSON 503; once the extension answers,
// the next invocation is served; a handler that never completes is answered BLTimeoutError before
// Lambda's own timeout kills the runtime.
func TestBootstrapUnderRIE(t *testing.T) {
	rie := findRIE()
	if rie == "" {
		testenv.Skip(t, "aws-lambda-rie is not installed (go install github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie@latest)")
	}
	bootstrap := buildBootstrap(t)
	const arn = "arn:aws:secretsmanager:us-east-1:000000000000:secret:flex"
	ext, err := lambdatest.NewSecretsExtension("session-token", map[string]string{arn: "s3cret"})
	if err != nil {
		t.Fatal(err)
	}
	defer ext.Close()
	apiPort, riePort := freePort(t), freePort(t)
	cmd := exec.Command(rie, "--runtime-interface-emulator-address", "127.0.0.1:"+riePort,
		"--runtime-api-address", "127.0.0.1:"+apiPort, bootstrap)
	cmd.Dir = filepath.Dir(bootstrap)
	// RIE hands its whole environment to the function: give it only what Lambda would.
	cmd.Env = []string{"PATH=/usr/bin:/bin", "AWS_LAMBDA_FUNCTION_NAME=flexgo-twin", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE=256",
		"AWS_LAMBDA_FUNCTION_TIMEOUT=3", "AWS_REGION=us-east-1", "AWS_SESSION_TOKEN=session-token",
		"FLEX_SHARED_SECRET_ARN=" + arn, "PARAMETERS_SECRETS_EXTENSION_HTTP_PORT=" + ext.Port(),
		"FLEX_LOG_LEVEL=error", "LOG_LEVEL=error"}
	var logs strings.Builder
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		if t.Failed() {
			t.Logf("RIE output:\n%s", logs.String())
		}
	}()
	url := "http://127.0.0.1:" + riePort + "/2015-03-31/functions/function/invocations"
	invoke := func(method, path, key, body string) (int, string, time.Duration) {
		t.Helper()
		ev, _ := json.Marshal(map[string]any{
			"version": "2.0", "routeKey": "$default", "rawPath": path, "body": body,
			"headers":        map[string]string{"x-auth-key": key, "content-type": "application/json"},
			"requestContext": map[string]any{"http": map[string]string{"method": method}, "domainName": "abc.execute-api.us-east-1.amazonaws.com", "stage": "$default"},
		})
		var resp *http.Response
		var err error
		start := time.Now()
		for try := 0; try < 50; try++ { // RIE takes a moment to listen
			resp, err = http.Post(url, "application/json", strings.NewReader(string(ev)))
			if err == nil {
				break
			}
			time.Sleep(50 * time.Millisecond)
			start = time.Now()
		}
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		took := time.Since(start)
		var out struct {
			StatusCode int    `json:"statusCode"`
			Body       string `json:"body"`
		}
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
			t.Fatalf("%s %s: RIE answered %d with a body that is not an event answer: %v", method, path, resp.StatusCode, err)
		}
		return out.StatusCode, out.Body, took
	}

	if status, body, _ := invoke("GET", "/healthcheck", "", ""); status != 200 || body != `{"healthy":true}` {
		t.Fatalf("health check: %d %s", status, body)
	}
	status, body, took := invoke("GET", "/books/1", "s3cret", "")
	if status != 503 || !strings.Contains(body, "KinveyInternalErrorRetry") {
		t.Fatalf("with the secrets extension not answering: %d %s", status, body)
	}
	t.Logf("secrets extension down: 503 KinveyInternalErrorRetry after %s, the runtime still up", took.Round(time.Millisecond))

	if err := ext.Open(); err != nil { // INVOKE has begun: the extension answers
		t.Fatal(err)
	}
	status, body, took = invoke("GET", "/books/1", "s3cret", "")
	if status != 200 {
		t.Fatalf("after the extension came up: %d %s", status, body)
	}
	t.Logf("first invocation reading the secret: %s", took.Round(10*time.Microsecond))
	if status, _, _ := invoke("GET", "/books/1", "wrong", ""); status != 401 {
		t.Fatalf("wrong key: %d", status)
	}
	// A handler that never completes, with a 3 s Lambda timeout: BLTimeoutError at the deadline
	// less FLEX_TIMEOUT_RESERVE (500 ms), before Lambda kills the runtime.
	status, body, took = invoke("POST", "/_flexFunctions/hang", "s3cret", "{}")
	if status != 500 || !strings.Contains(body, "BLTimeoutError") {
		t.Fatalf("a handler that never completes: %d %s", status, body)
	}
	if took > 3*time.Second {
		t.Fatalf("BLTimeoutError after %s: past Lambda's 3 s timeout", took)
	}
	t.Logf("never-completing handler: 500 BLTimeoutError after %s (Lambda timeout 3 s)", took.Round(time.Millisecond))
	if status, _, _ := invoke("GET", "/healthcheck", "", ""); status != 200 {
		t.Fatalf("after the timeout the runtime answered %d", status)
	}
}

func findRIE() string {
	if p, err := exec.LookPath("aws-lambda-rie"); err == nil {
		return p
	}
	gopath, err := exec.Command("go", "env", "GOPATH").Output()
	if err != nil {
		return ""
	}
	p := filepath.Join(strings.TrimSpace(string(gopath)), "bin", "aws-lambda-rie")
	if _, err := os.Stat(p); err != nil {
		return ""
	}
	return p
}

func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	return port
}
