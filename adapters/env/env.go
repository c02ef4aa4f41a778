// Package env reads a flexgo [core.Config] from FLEX_* environment variables, the one place every
// adapter's configuration comes from (adapters add only where their platform keeps the shared
// secret). Variables are looked up with github.com/kelseyhightower/envconfig (prefix FLEX, the
// names in core.Config's tags); their values are then read here, so that an error names every
// bad variable at once, in the words of the variable's meaning:
//
//	flexgo configuration: FLEX_PORT: "abc" is not a port number (1-65535)
//	FLEX_TIMEOUT: "5" is not a duration: give a unit, such as 5s or 500ms
//	FLEX_LOG_LEVEL must be debug, info, warn or error, not "verbose"
//
// (envconfig alone stops at the first bad value and names the Go field it could not fill.)
package env

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/kelseyhightower/envconfig"

	"github.com/flexgo/flexgo/core"
)

// Prefix is the prefix of flexgo's environment variables.
const Prefix = "FLEX"

// Load reads every FLEX_* variable of [core.Config] over base (the settings made in code; an
// unset variable leaves what code set) and validates the result. The error names every invalid
// variable.
func Load(base core.Config) (core.Config, error) {
	cfg := base
	values, err := lookup()
	if err != nil {
		return cfg, fmt.Errorf("flexgo configuration: %w", err)
	}
	var errs []error
	bad := map[string]bool{}
	rv := reflect.ValueOf(&cfg).Elem()
	for i := 0; i < rv.NumField(); i++ {
		f := rv.Type().Field(i)
		name := Prefix + "_" + f.Tag.Get("envconfig")
		raw, set := values[name]
		if !set || strings.TrimSpace(raw) == "" { // set but empty counts as unset
			continue
		}
		if err := assign(rv.Field(i), name, raw); err != nil {
			errs = append(errs, err)
			bad[name] = true
		}
	}
	// Validate again over what parsed, leaving out what was already reported as unreadable.
	if verr := cfg.Validate(); verr != nil {
		for _, e := range unjoin(verr) {
			if name := variableOf(e.Error()); !bad[name] {
				errs = append(errs, e)
			}
		}
	}
	if len(errs) > 0 {
		return cfg, fmt.Errorf("flexgo configuration: %w", errors.Join(errs...))
	}
	return cfg, nil
}

// lookup reads the set FLEX_* variables of core.Config as text, through envconfig: a struct of
// string fields with core.Config's tags, which envconfig fills without converting anything.
func lookup() (map[string]string, error) {
	ct := reflect.TypeFor[core.Config]()
	fields := make([]reflect.StructField, 0, ct.NumField())
	for i := 0; i < ct.NumField(); i++ {
		f := ct.Field(i)
		if f.Tag.Get("envconfig") == "" {
			continue
		}
		fields = append(fields, reflect.StructField{Name: f.Name, Type: reflect.TypeFor[*string](), Tag: f.Tag})
	}
	text := reflect.New(reflect.StructOf(fields))
	if err := envconfig.Process(Prefix, text.Interface()); err != nil {
		return nil, err
	}
	out := map[string]string{}
	for i, f := range fields {
		if p := text.Elem().Field(i); !p.IsNil() {
			out[Prefix+"_"+f.Tag.Get("envconfig")] = p.Elem().String()
		}
	}
	return out, nil
}

// assign reads raw into field, saying what the variable name expects when it cannot.
func assign(field reflect.Value, name, raw string) error {
	s := strings.TrimSpace(raw)
	switch field.Interface().(type) {
	case time.Duration:
		d, err := time.ParseDuration(s)
		if err != nil {
			if _, numErr := strconv.ParseFloat(s, 64); numErr == nil {
				return fmt.Errorf("%s: %q is not a duration: give a unit, such as %ss or 500ms", name, raw, s)
			}
			return fmt.Errorf("%s: %q is not a duration (such as 30s, 500ms or 2m)", name, raw)
		}
		field.SetInt(int64(d))
	case bool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return fmt.Errorf("%s: %q is not true or false", name, raw)
		}
		field.SetBool(b)
	case int:
		n, err := strconv.Atoi(s)
		if err != nil || (strings.HasSuffix(name, "_PORT") && (n < 1 || n > 65535)) {
			if strings.HasSuffix(name, "_PORT") {
				return fmt.Errorf("%s: %q is not a port number (1-65535)", name, raw)
			}
			return fmt.Errorf("%s: %q is not a whole number", name, raw)
		}
		field.SetInt(int64(n))
	case int64:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return fmt.Errorf("%s: %q is not a number of bytes", name, raw)
		}
		field.SetInt(n)
	default: // strings and secrets, taken as they are
		field.SetString(raw)
	}
	return nil
}

// unjoin lists the errors errors.Join put together.
func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// variableOf is the FLEX_* variable an error message starts with.
func variableOf(msg string) string {
	end := strings.IndexFunc(msg, func(r rune) bool { return r != '_' && (r < 'A' || r > 'Z') })
	if end < 0 {
		return msg
	}
	return msg[:end]
}
