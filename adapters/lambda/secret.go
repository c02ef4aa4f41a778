package lambda

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"time"

	"github.com/flexgo/flexgo/core"
)

// SecretARNEnv names the variable that carries the Secrets Manager ARN of the shared secret, so
// the secret itself is never a plain environment variable of the function.
const SecretARNEnv = "FLEX_SHARED_SECRET_ARN"

// ResolveSharedSecret fills cfg.SharedSecret from AWS Secrets Manager when it is unset and
// FLEX_SHARED_SECRET_ARN names a secret. It asks the AWS Parameters and Secrets Lambda Extension
// (a layer template.yaml adds) on localhost, so the function needs no AWS SDK and the cold start
// stays small: one local HTTP call at init.
func ResolveSharedSecret(ctx context.Context, cfg *core.Config) error {
	arn := os.Getenv(SecretARNEnv)
	if cfg.SharedSecret.IsSet() || arn == "" {
		return nil
	}
	port := os.Getenv("PARAMETERS_SECRETS_EXTENSION_HTTP_PORT")
	if port == "" {
		port = "2773"
	}
	secret, err := fetchSecret(ctx, "http://localhost:"+port, arn, os.Getenv("AWS_SESSION_TOKEN"))
	if err != nil {
		return err
	}
	cfg.SharedSecret = core.Secret(secret)
	return nil
}

func fetchSecret(ctx context.Context, base, arn, token string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet,
		base+"/secretsmanager/get?secretId="+url.QueryEscape(arn), nil)
	if err != nil {
		return "", err
	}
	req.Header.Set("X-Aws-Parameters-Secrets-Token", token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", fmt.Errorf("flexgo lambda: the secrets extension did not answer (is its layer attached?): %w", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	if resp.StatusCode != http.StatusOK {
		// The body names the problem (access denied, no such secret) and never holds the secret.
		return "", fmt.Errorf("flexgo lambda: reading %s: %s: %s", arn, resp.Status, body)
	}
	var out struct {
		SecretString string `json:"SecretString"`
	}
	if err := json.Unmarshal(body, &out); err != nil || out.SecretString == "" {
		return "", fmt.Errorf("flexgo lambda: %s holds no SecretString", arn)
	}
	return out.SecretString, nil
}
