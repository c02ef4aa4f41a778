package core

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"
)

// Defaults of [Config].
const (
	DefaultHost            = "localhost"
	DefaultPort            = 10001
	DefaultTimeout         = 50 * time.Second
	DefaultTimeoutReserve  = 500 * time.Millisecond
	DefaultBodyLimit       = 26214400 // the reference's body-parser limit, 25 MiB
	DefaultDrainTimeout    = 30 * time.Second
	DefaultBackgroundLimit = 5 * time.Minute
	DefaultSecretTTL       = 5 * time.Minute // the AWS Parameters and Secrets extension's own cache
)

// Config is what a Flex service is configured with. Adapters fill it from the environment with
// github.com/kelseyhightower/envconfig and the prefix FLEX (FLEX_SHARED_SECRET and so on; the struct
// tags are read there, the core imports nothing for them); code can set it too. The zero value of
// each field means its default, so the tags carry no defaults: a variable that is not set leaves
// what code set.
type Config struct {
	// Host and Port are where the net/http adapter listens (FLEX_HOST, FLEX_PORT).
	Host string `envconfig:"HOST"`
	Port int    `envconfig:"PORT"`

	// SharedSecret is the key Kinvey sends as X-Auth-Key (FLEX_SHARED_SECRET). When empty, no key
	// is required, as with the reference.
	SharedSecret Secret `envconfig:"SHARED_SECRET"`

	// SharedSecretPrevious is accepted as well as SharedSecret while a rotation is under way
	// (FLEX_SHARED_SECRET_PREVIOUS); leave it empty otherwise.
	SharedSecretPrevious Secret `envconfig:"SHARED_SECRET_PREVIOUS"`

	// SecretTTL is how long secrets read from a [SecretSource] are kept before they are read
	// again (FLEX_SECRET_TTL).
	SecretTTL time.Duration `envconfig:"SECRET_TTL"`

	// RequireSecretForDiscovery makes POST /_command/discover require the shared secret too
	// (FLEX_REQUIRE_SECRET_FOR_DISCOVERY). The reference never requires it there.
	RequireSecretForDiscovery bool `envconfig:"REQUIRE_SECRET_FOR_DISCOVERY"`

	// Timeout is the most a request may take (FLEX_TIMEOUT, a Go duration such as 50s).
	Timeout time.Duration `envconfig:"TIMEOUT"`

	// TimeoutReserve is kept back from a platform deadline so that the answer leaves before the
	// platform stops the function (FLEX_TIMEOUT_RESERVE).
	TimeoutReserve time.Duration `envconfig:"TIMEOUT_RESERVE"`

	// BodyLimit is the largest request body accepted, in bytes (FLEX_BODY_LIMIT).
	BodyLimit int64 `envconfig:"BODY_LIMIT"`

	// DrainTimeout is how long a graceful shutdown waits for requests in flight
	// (FLEX_DRAIN_TIMEOUT).
	DrainTimeout time.Duration `envconfig:"DRAIN_TIMEOUT"`

	// BackgroundLimit bounds work started with Task.Go (FLEX_BACKGROUND_LIMIT).
	BackgroundLimit time.Duration `envconfig:"BACKGROUND_LIMIT"`

	// LogLevel is the least level logged: debug, info, warn or error (FLEX_LOG_LEVEL).
	LogLevel string `envconfig:"LOG_LEVEL"`

	// TLSCertFile and TLSKeyFile, PEM files, make the net/http adapter serve HTTPS
	// (FLEX_TLS_CERT_FILE, FLEX_TLS_KEY_FILE); both or neither. The files are read again when
	// they change, so a renewed certificate needs no restart.
	TLSCertFile string `envconfig:"TLS_CERT_FILE"`
	TLSKeyFile  string `envconfig:"TLS_KEY_FILE"`
}

// MinSecretBytes is the shortest shared secret flexgo does not warn about: 256 bits, as the Flex
// documentation recommends.
const MinSecretBytes = 32

// withDefaults returns c with every zero field set to its default.
func (c Config) withDefaults() Config {
	if c.Host == "" {
		c.Host = DefaultHost
	}
	if c.Port == 0 {
		c.Port = DefaultPort
	}
	if c.Timeout == 0 {
		c.Timeout = DefaultTimeout
	}
	if c.TimeoutReserve == 0 {
		c.TimeoutReserve = DefaultTimeoutReserve
	}
	if c.BodyLimit == 0 {
		c.BodyLimit = DefaultBodyLimit
	}
	if c.DrainTimeout == 0 {
		c.DrainTimeout = DefaultDrainTimeout
	}
	if c.BackgroundLimit == 0 {
		c.BackgroundLimit = DefaultBackgroundLimit
	}
	if c.LogLevel == "" {
		c.LogLevel = "info"
	}
	if c.SecretTTL == 0 {
		c.SecretTTL = DefaultSecretTTL
	}
	return c
}

// Validate reports every invalid field of c (after defaults) in one error.
func (c Config) Validate() error {
	c = c.withDefaults()
	var errs []error
	if c.Port < 1 || c.Port > 65535 {
		errs = append(errs, fmt.Errorf("FLEX_PORT must be between 1 and 65535, not %d", c.Port))
	}
	if c.Timeout < 0 {
		errs = append(errs, fmt.Errorf("FLEX_TIMEOUT must be positive, not %s", c.Timeout))
	}
	if c.TimeoutReserve < 0 {
		errs = append(errs, fmt.Errorf("FLEX_TIMEOUT_RESERVE must not be negative, not %s", c.TimeoutReserve))
	}
	if c.BackgroundLimit < 0 {
		errs = append(errs, fmt.Errorf("FLEX_BACKGROUND_LIMIT must not be negative, not %s", c.BackgroundLimit))
	}
	if c.DrainTimeout < 0 {
		errs = append(errs, fmt.Errorf("FLEX_DRAIN_TIMEOUT must not be negative, not %s", c.DrainTimeout))
	}
	if c.BodyLimit < 0 {
		errs = append(errs, fmt.Errorf("FLEX_BODY_LIMIT must be positive, not %d", c.BodyLimit))
	}
	if c.SecretTTL < 0 {
		errs = append(errs, fmt.Errorf("FLEX_SECRET_TTL must not be negative, not %s", c.SecretTTL))
	}
	if c.SharedSecretPrevious.IsSet() && !c.SharedSecret.IsSet() {
		errs = append(errs, errors.New("FLEX_SHARED_SECRET_PREVIOUS is set without FLEX_SHARED_SECRET"))
	}
	if _, err := ParseLogLevel(c.LogLevel); err != nil {
		errs = append(errs, err)
	}
	if (c.TLSCertFile == "") != (c.TLSKeyFile == "") {
		errs = append(errs, errors.New("FLEX_TLS_CERT_FILE and FLEX_TLS_KEY_FILE go together: set both or neither"))
	}
	return errors.Join(errs...)
}

// Addr is Host:Port.
func (c Config) Addr() string {
	c = c.withDefaults()
	return fmt.Sprintf("%s:%d", c.Host, c.Port)
}

// ParseLogLevel reads a FLEX_LOG_LEVEL value: debug, info, warn (or warning) or error.
func ParseLogLevel(s string) (slog.Level, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "debug":
		return slog.LevelDebug, nil
	case "", "info":
		return slog.LevelInfo, nil
	case "warn", "warning":
		return slog.LevelWarn, nil
	case "error":
		return slog.LevelError, nil
	}
	return 0, fmt.Errorf("FLEX_LOG_LEVEL must be debug, info, warn or error, not %q", s)
}
