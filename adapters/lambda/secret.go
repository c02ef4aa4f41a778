package lambda

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"time"

	"github.com/flexgo/flexgo/core"
)

// SecretsManager returns a [core.SecretSource] that reads the shared secret from AWS Secrets
// Manager through the AWS Parameters and Secrets Lambda Extension, a layer template.yaml adds: a
// local HTTP call, so the function needs no AWS SDK and its cold start stays small. secretIDs are
// the ARNs (or names) of the current secret and, while a rotation is under way, of the previous
// one; each holds the secret as a plain SecretString.
//
// AWS documents that the extension answers only during the INVOKE phase, never during INIT
// (https://docs.aws.amazon.com/systems-manager/latest/userguide/ps-integration-lambda-extensions.html,
// "The extension can only be called during the INVOKE phase"), so the service reads the source on
// the first invocation that needs the secret, within that request's budget, and again after
// FLEX_SECRET_TTL (see core.WithSecretSource). The extension itself caches a secret for 300 s
// unless SECRETS_MANAGER_TTL says otherwise: a rotated secret reaches the function within both.
func SecretsManager(secretIDs ...string) core.SecretSource {
	return secretsExtension{ids: secretIDs}
}

type secretsExtension struct{ ids []string }

// extensionClient calls the extension on localhost; each attempt is bounded, so that the core's
// retries fit within a request's budget.
var extensionClient = &http.Client{Timeout: time.Second}

// SharedSecrets reads every secret; it fails if any cannot be read.
func (e secretsExtension) SharedSecrets(ctx context.Context) ([]core.Secret, error) {
	port := os.Getenv("PARAMETERS_SECRETS_EXTENSION_HTTP_PORT")
	if port == "" {
		port = "2773"
	}
	base := "http://localhost:" + port
	token := os.Getenv("AWS_SESSION_TOKEN")
	out := make([]core.Secret, 0, len(e.ids))
	for _, id := range e.ids {
		s, err := fetchSecret(ctx, base, id, token)
		if err != nil {
			return nil, err
		}
		out = append(out, core.Secret(s))
	}
	return out, nil
}

func fetchSecret(ctx context.Context, base, id, token string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet,
		base+"/secretsmanager/get?secretId="+url.QueryEscape(id), nil)
	if err != nil {
		return "", err
	}
	req.Header.Set("X-Aws-Parameters-Secrets-Token", token)
	resp, err := extensionClient.Do(req)
	if err != nil {
		return "", fmt.Errorf("the Parameters and Secrets extension did not answer (is its layer attached?): %w", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	if resp.StatusCode != http.StatusOK {
		// The body names the problem (access denied, no such secret) and never holds the secret.
		return "", fmt.Errorf("reading %s: %s: %s", id, resp.Status, body)
	}
	var out struct {
		SecretString string `json:"SecretString"`
	}
	if err := json.Unmarshal(body, &out); err != nil || out.SecretString == "" {
		return "", errors.New("reading " + id + ": it holds no SecretString")
	}
	return out.SecretString, nil
}
