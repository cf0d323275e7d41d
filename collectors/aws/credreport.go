package aws

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
)

// The credential report is generated asynchronously; poll with a growing delay but give
// up after reportWait (generation normally takes seconds, even for thousands of users).
var (
	reportFirstPoll = 500 * time.Millisecond
	reportWait      = 2 * time.Minute
)

// rootUser is the credential report's name for the account root user.
const rootUser = "<root_account>"

// credentialReport is the decoded CSV: one row per user, keyed by column name.
type credentialReport struct {
	generated time.Time
	rows      map[string]map[string]string // user name -> column -> raw value
}

// reportFailure says which call failed, so the error names its permission.
type reportFailure struct {
	operation string
	err       error
}

func (f *reportFailure) Error() string { return f.operation + ": " + f.err.Error() }
func (f *reportFailure) Unwrap() error { return f.err }

// fetchCredentialReport asks IAM to (re)generate the report if needed, waits until it is
// complete, and reads it: two or three calls for the whole account, instead of several
// per user.
func fetchCredentialReport(ctx context.Context, client *iam.Client) (*credentialReport, error) {
	deadline := time.Now().Add(reportWait)
	delay := reportFirstPoll
	for {
		gen, err := client.GenerateCredentialReport(ctx, &iam.GenerateCredentialReportInput{})
		if err != nil {
			return nil, &reportFailure{"GenerateCredentialReport", err}
		}
		if gen.State == iamtypes.ReportStateTypeComplete {
			out, err := client.GetCredentialReport(ctx, &iam.GetCredentialReportInput{})
			switch errorCode(err) {
			case "":
				return parseCredentialReport(out.Content, out.GeneratedTime)
			case "ReportInProgress", "ReportNotPresent", "ReportExpired":
				// generated between our calls, or expired: ask again below
			default:
				return nil, &reportFailure{"GetCredentialReport", err}
			}
		}
		if time.Now().Add(delay).After(deadline) {
			return nil, &reportFailure{"GenerateCredentialReport", fmt.Errorf("the credential report was not ready after %s", reportWait)}
		}
		select {
		case <-ctx.Done():
			return nil, &reportFailure{"GenerateCredentialReport", ctx.Err()}
		case <-time.After(delay):
		}
		delay = min(delay*2, 5*time.Second)
	}
}

// parseCredentialReport reads the CSV by header name, so a column AWS adds or moves
// does not shift the others.
func parseCredentialReport(content []byte, generated *time.Time) (*credentialReport, error) {
	rd := csv.NewReader(bytes.NewReader(content))
	rd.FieldsPerRecord = -1
	header, err := rd.Read()
	if err != nil {
		return nil, &reportFailure{"GetCredentialReport", fmt.Errorf("credential report: no header: %w", err)}
	}
	rep := &credentialReport{rows: map[string]map[string]string{}}
	if generated != nil {
		rep.generated = generated.UTC()
	}
	for line := 2; ; line++ {
		fields, err := rd.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, &reportFailure{"GetCredentialReport", fmt.Errorf("credential report line %d: %w", line, err)}
		}
		row := make(map[string]string, len(header))
		for i, name := range header {
			if i < len(fields) {
				row[strings.TrimSpace(name)] = fields[i]
			}
		}
		rep.rows[row["user"]] = row
	}
	if _, ok := rep.rows[""]; ok {
		return nil, &reportFailure{"GetCredentialReport", errors.New("credential report has no user column")}
	}
	return rep, nil
}

// absent is how the report says "no value": no password, never used, not for root.
func absent(v string) bool {
	switch v {
	case "", "N/A", "no_information", "not_supported":
		return true
	}
	return false
}

// reportString is a column as a string, or nil when the report says there is none.
func reportString(row map[string]string, col string) any {
	if v := row[col]; !absent(v) {
		return v
	}
	return nil
}

// reportBool reads TRUE/FALSE; anything else is unknown (nil).
func reportBool(row map[string]string, col string) any {
	switch strings.ToLower(row[col]) {
	case "true":
		return true
	case "false":
		return false
	}
	return nil
}

// reportTime reads an ISO 8601 column as RFC 3339 UTC.
func reportTime(row map[string]string, col string) any {
	v := row[col]
	if absent(v) {
		return nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t.UTC().Format(time.RFC3339)
	}
	return v
}
