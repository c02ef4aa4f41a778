package core

import (
	"context"
	"io"
	"log/slog"
)

// LevelFatal is the reference logger's "fatal" level, above slog.LevelError.
const LevelFatal = slog.LevelError + 4

// NewLogHandler returns a slog.Handler that writes one JSON line per record in the reference
// logger's shape, `{"message":"...","level":"info"}` with the levels info, warning, error and fatal
// (debug too, below info), followed by the record's attributes. There is no time field: the
// platforms (CloudWatch, Cloud Logging, the Kinvey console) stamp lines themselves.
func NewLogHandler(w io.Writer, level slog.Leveler) slog.Handler {
	return slog.NewJSONHandler(w, &slog.HandlerOptions{
		Level:       level,
		ReplaceAttr: referenceAttrs,
	})
}

// NewLocalLogHandler is NewLogHandler for a process whose output no platform stamps (a VM, a
// container, a terminal): each line also carries its "time".
func NewLocalLogHandler(w io.Writer, level slog.Leveler) slog.Handler {
	return slog.NewJSONHandler(w, &slog.HandlerOptions{
		Level: level,
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey && len(groups) == 0 {
				return a
			}
			return referenceAttrs(groups, a)
		},
	})
}

func referenceAttrs(groups []string, a slog.Attr) slog.Attr {
	if len(groups) > 0 {
		return a
	}
	switch a.Key {
	case slog.TimeKey:
		return slog.Attr{}
	case slog.MessageKey:
		a.Key = "message"
	case slog.LevelKey:
		a.Value = slog.StringValue(levelName(a.Value.Any().(slog.Level)))
	}
	return a
}

func levelName(l slog.Level) string {
	switch {
	case l >= LevelFatal:
		return "fatal"
	case l >= slog.LevelError:
		return "error"
	case l >= slog.LevelWarn:
		return "warning"
	case l >= slog.LevelInfo:
		return "info"
	}
	return "debug"
}

// Logger is the reference SDK's logger module (flex.logger): Info, Warn, Error and Fatal write
// through a *slog.Logger with the request's context, so request ids travel with the lines.
type Logger struct {
	ctx context.Context
	log *slog.Logger
}

// Info logs at level info.
func (l Logger) Info(msg string, args ...any) { l.log.InfoContext(l.ctx, msg, args...) }

// Warn logs at level warning.
func (l Logger) Warn(msg string, args ...any) { l.log.WarnContext(l.ctx, msg, args...) }

// Error logs at level error.
func (l Logger) Error(msg string, args ...any) { l.log.ErrorContext(l.ctx, msg, args...) }

// Fatal logs at level fatal. Unlike log.Fatal it does not exit: a Flex service keeps serving.
func (l Logger) Fatal(msg string, args ...any) { l.log.Log(l.ctx, LevelFatal, msg, args...) }

// Slog returns the underlying *slog.Logger.
func (l Logger) Slog() *slog.Logger { return l.log }
