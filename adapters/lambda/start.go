package lambda

import (
	"errors"
	"fmt"
	"log/slog"
	"os"

	awslambda "github.com/aws/aws-lambda-go/lambda"
	"github.com/kelseyhightower/envconfig"

	"github.com/flexgo/flexgo/adapters/env"
	"github.com/flexgo/flexgo/core"
)

// SecretConfig is where the shared secret is kept on AWS: the ARNs (or names) of AWS Secrets
// Manager secrets, read through the Parameters and Secrets extension (see [SecretsManager]). The
// secret itself is then never an environment variable of the function.
type SecretConfig struct {
	// ARN names the shared secret (FLEX_SHARED_SECRET_ARN).
	ARN string `envconfig:"SHARED_SECRET_ARN"`
	// PreviousARN names the secret being rotated out, accepted as well while a rotation is under
	// way (FLEX_SHARED_SECRET_PREVIOUS_ARN).
	PreviousARN string `envconfig:"SHARED_SECRET_PREVIOUS_ARN"`
}

// LoadConfig reads the service's configuration for Lambda: the FLEX_* variables through
// [env.Load] over base, and where the shared secret is kept ([SecretConfig]). The source is nil
// when the secret is not kept in Secrets Manager (FLEX_SHARED_SECRET, or no secret). The error
// names every invalid variable.
func LoadConfig(base core.Config) (core.Config, core.SecretSource, error) {
	cfg, err := env.Load(base)
	var sc SecretConfig
	if perr := envconfig.Process(env.Prefix, &sc); perr != nil {
		err = errors.Join(err, fmt.Errorf("flexgo configuration: %w", perr))
	}
	switch {
	case sc.ARN != "" && cfg.SharedSecret.IsSet():
		err = errors.Join(err, errors.New("flexgo configuration: FLEX_SHARED_SECRET and FLEX_SHARED_SECRET_ARN are both set: keep FLEX_SHARED_SECRET_ARN"))
	case sc.PreviousARN != "" && sc.ARN == "":
		err = errors.Join(err, errors.New("flexgo configuration: FLEX_SHARED_SECRET_PREVIOUS_ARN is set without FLEX_SHARED_SECRET_ARN"))
	}
	if err != nil {
		return cfg, nil, err
	}
	if sc.ARN == "" {
		return cfg, nil, nil
	}
	ids := []string{sc.ARN}
	if sc.PreviousARN != "" {
		ids = append(ids, sc.PreviousARN)
	}
	return cfg, SecretsManager(ids...), nil
}

// Main is the whole main function of a Lambda bootstrap: it loads the configuration
// ([LoadConfig]), builds the service with newService (given core.WithConfig and, when the secret
// is in Secrets Manager, core.WithSecretSource), and serves it with [Start] until the runtime
// stops the process:
//
//	func main() { lambda.Main(bookstore.New) }
//
// When the configuration is invalid, Main logs why and serves [ConfigErrorHandler] instead: every
// invocation is answered with a JSON 500 naming the problem, rather than the function failing its
// init again and again.
func Main(newService func(...core.Option) *core.Service, opts ...Option) {
	cfg, secrets, err := LoadConfig(core.Config{})
	if err != nil {
		slog.New(core.NewLogHandler(os.Stdout, slog.LevelInfo)).Error(err.Error())
		awslambda.StartWithOptions(ConfigErrorHandler(err, opts...))
		return
	}
	svcOpts := []core.Option{core.WithConfig(cfg)}
	if secrets != nil {
		svcOpts = append(svcOpts, core.WithSecretSource(secrets))
	}
	Start(newService(svcOpts...), opts...)
}
