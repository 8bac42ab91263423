package plan

import (
	"errors"
	"fmt"
)

// Error codes. Each maps to one Slack reply style and one exit code, in
// exactly one place per front end.
const (
	EINVALID  = "invalid"   // the input is wrong; the message says how to fix it
	ENOTFOUND = "not_found" // no such document, task or subscription
	ECONFLICT = "conflict"  // the request clashes with existing state
	EINTERNAL = "internal"  // a bug or an environment failure
	ECORRUPT  = "corrupt"   // stored data is damaged; the message says how to recover
	ENOSPACE  = "no_space"  // the disk is (nearly) full; reading still works
)

// Error is a domain error whose Message is safe to show a user.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-safe message of err: the *Error's message,
// or a generic one for internal errors, whose details belong in logs.
func ErrorMessage(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Message
	}
	return "内部错误，请稍后再试 (internal error; see the server log)"
}
