package env

import (
	"strings"
	"testing"
	"time"

	"github.com/flexgo/flexgo/core"
)

// flexVars are every variable a test may set; each test starts with all of them unset.
var flexVars = []string{"FLEX_HOST", "FLEX_PORT", "FLEX_SHARED_SECRET", "FLEX_SHARED_SECRET_PREVIOUS",
	"FLEX_REQUIRE_SECRET_FOR_DISCOVERY", "FLEX_TIMEOUT", "FLEX_TIMEOUT_RESERVE", "FLEX_BODY_LIMIT",
	"FLEX_DRAIN_TIMEOUT", "FLEX_BACKGROUND_LIMIT", "FLEX_LOG_LEVEL", "FLEX_SECRET_TTL",
	"FLEX_TLS_CERT_FILE", "FLEX_TLS_KEY_FILE"}

func setEnv(t *testing.T, env map[string]string) {
	t.Helper()
	for _, k := range flexVars {
		t.Setenv(k, "")
	}
	for k, v := range env {
		t.Setenv(k, v)
	}
}

func TestLoadReadsEveryVariable(t *testing.T) {
	setEnv(t, map[string]string{"FLEX_HOST": "0.0.0.0", "FLEX_PORT": "8080", "FLEX_SHARED_SECRET": "s3cret",
		"FLEX_REQUIRE_SECRET_FOR_DISCOVERY": "true", "FLEX_TIMEOUT": "5s", "FLEX_BODY_LIMIT": "1024",
		"FLEX_LOG_LEVEL": "debug", "FLEX_SECRET_TTL": "1m"})
	cfg, err := Load(core.Config{DrainTimeout: 7 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Host != "0.0.0.0" || cfg.Port != 8080 || string(cfg.SharedSecret) != "s3cret" || !cfg.RequireSecretForDiscovery ||
		cfg.Timeout != 5*time.Second || cfg.BodyLimit != 1024 || cfg.LogLevel != "debug" || cfg.SecretTTL != time.Minute {
		t.Fatalf("%+v", cfg)
	}
	if cfg.DrainTimeout != 7*time.Second {
		t.Fatalf("an unset variable replaced what code set: %v", cfg.DrainTimeout)
	}
}

func TestLoadNamesEveryBadVariable(t *testing.T) {
	for _, tt := range []struct {
		env  map[string]string
		want []string
	}{
		{map[string]string{"FLEX_PORT": "abc", "FLEX_TIMEOUT": "5", "FLEX_LOG_LEVEL": "verbose"}, []string{
			`FLEX_PORT: "abc" is not a port number (1-65535)`,
			`FLEX_TIMEOUT: "5" is not a duration: give a unit, such as 5s or 500ms`,
			`FLEX_LOG_LEVEL must be debug, info, warn or error, not "verbose"`,
		}},
		{map[string]string{"FLEX_PORT": "70000", "FLEX_REQUIRE_SECRET_FOR_DISCOVERY": "yes please",
			"FLEX_BODY_LIMIT": "25MB", "FLEX_DRAIN_TIMEOUT": "soon"}, []string{
			`FLEX_PORT: "70000" is not a port number (1-65535)`,
			`FLEX_REQUIRE_SECRET_FOR_DISCOVERY: "yes please" is not true or false`,
			`FLEX_BODY_LIMIT: "25MB" is not a number of bytes`,
			`FLEX_DRAIN_TIMEOUT: "soon" is not a duration (such as 30s, 500ms or 2m)`,
		}},
		{map[string]string{"FLEX_TIMEOUT": "-1s", "FLEX_SHARED_SECRET_PREVIOUS": "old"}, []string{
			"FLEX_TIMEOUT must be positive", "FLEX_SHARED_SECRET_PREVIOUS is set without FLEX_SHARED_SECRET",
		}},
	} {
		setEnv(t, tt.env)
		_, err := Load(core.Config{})
		if err == nil {
			t.Fatalf("%v accepted", tt.env)
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%v: the error does not say %q:\n%v", tt.env, w, err)
			}
		}
		if n := strings.Count(err.Error(), "FLEX_"); n < len(tt.want) {
			t.Errorf("%d variables named, want %d: %v", n, len(tt.want), err)
		}
		if strings.Contains(err.Error(), "envconfig") || strings.Contains(err.Error(), "converting") {
			t.Errorf("the error speaks envconfig's words: %v", err)
		}
	}
}

func TestLoadNeverPrintsTheSecret(t *testing.T) {
	setEnv(t, map[string]string{"FLEX_SHARED_SECRET": "hunter2-value", "FLEX_PORT": "x"})
	_, err := Load(core.Config{})
	if err == nil || strings.Contains(err.Error(), "hunter2") {
		t.Fatalf("%v", err)
	}
}
