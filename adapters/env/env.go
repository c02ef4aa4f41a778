// Package env reads a flexgo [core.Config] from FLEX_* environment variables with
// github.com/kelseyhightower/envconfig, for the adapters' main functions.
package env

import (
	"fmt"

	"github.com/kelseyhightower/envconfig"

	"github.com/flexgo/flexgo/core"
)

// Prefix is the prefix of flexgo's environment variables.
const Prefix = "FLEX"

// Load reads FLEX_HOST, FLEX_PORT, FLEX_SHARED_SECRET, FLEX_TIMEOUT, FLEX_TIMEOUT_RESERVE,
// FLEX_BODY_LIMIT, FLEX_DRAIN_TIMEOUT, FLEX_LOG_LEVEL and FLEX_REQUIRE_SECRET_FOR_DISCOVERY over
// base (the settings made in code; unset variables leave them) and validates the result. The
// error names every invalid variable.
func Load(base core.Config) (core.Config, error) {
	cfg := base
	if err := envconfig.Process(Prefix, &cfg); err != nil {
		return cfg, fmt.Errorf("flexgo configuration: %w", err)
	}
	if err := cfg.Validate(); err != nil {
		return cfg, fmt.Errorf("flexgo configuration: %w", err)
	}
	return cfg, nil
}
