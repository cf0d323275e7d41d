package aws

import (
	"errors"
	"fmt"
	"regexp"

	"github.com/aws/smithy-go"
	"github.com/ismscheck/ismscheck/evidence"
)

// deniedCodes are the answers that mean "this principal may not call that": rules that
// need the action are skipped for the resource, naming it.
var deniedCodes = map[string]bool{
	"AccessDenied":          true,
	"AccessDeniedException": true,
	"UnauthorizedOperation": true,
	"AuthorizationError":    true,
}

// notConfiguredCodes are answers that state a fact ("there is none"), not a failure.
var notConfiguredCodes = map[string]bool{
	"NoSuchEntity": true, // IAM password policy
	"ServerSideEncryptionConfigurationNotFoundError": true,
	"NoSuchPublicAccessBlockConfiguration":           true,
	"NoSuchBucketPolicy":                             true,
	"NoSuchTagSet":                                   true,
	"AWSOrganizationsNotInUseException":              true,
}

func isNotConfigured(err error) bool { return notConfiguredCodes[errorCode(err)] }

func isDenied(err error) bool { return deniedCodes[errorCode(err)] }

// fault turns a failed call into the evidence error rules read: what failed, the
// permission it needs, and whether AWS refused it.
func fault(service, operation string, err error) evidence.Error {
	return evidence.Error{
		Message: fmt.Sprintf("%s:%s: %s", service, operation, describe(err)),
		Needs:   needs(service, operation),
		Denied:  isDenied(err),
	}
}

// describe keeps the stable part of an SDK error: the code and message for API errors
// (request ids change every run), the error text otherwise, with secrets removed.
func describe(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		msg := ae.ErrorCode()
		if m := ae.ErrorMessage(); m != "" {
			msg += ": " + m
		}
		return redact(msg)
	}
	return redact(err.Error())
}

var (
	accessKeyID  = regexp.MustCompile(`\b(?:AKIA|ASIA)[A-Z0-9]{8,}([A-Z0-9]{4})\b`)
	secretFields = regexp.MustCompile(`(?i)(x-amz-security-token|security[-_ ]?token|session[-_ ]?token|secret[-_ ]?access[-_ ]?key|signature)(["']?\s*[=:]\s*["']?)[^\s"'&,]+`)
)

// redact removes what must never reach evidence, logs or errors: access key ids keep
// their last four characters, tokens, secrets and signatures are dropped.
func redact(s string) string {
	s = accessKeyID.ReplaceAllString(s, "…$1")
	return secretFields.ReplaceAllString(s, "$1$2[redacted]")
}

// keySuffix is the only part of an access key id evidence may hold.
func keySuffix(id string) string {
	if len(id) <= 4 {
		return id
	}
	return id[len(id)-4:]
}
