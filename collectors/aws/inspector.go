package aws

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/inspector2"
	inspectortypes "github.com/aws/aws-sdk-go-v2/service/inspector2/types"

	"github.com/ismscheck/ismscheck/evidence"
)

// inspector fills the region's `inspector2` fact: whether Inspector v2 scans EC2, ECR and
// Lambda for the collected account, from one BatchGetAccountStatus naming that account.
// An account Inspector never saw answers DISABLED, a fact; an account the service reports
// under failedAccounts (or leaves out) is unread, with that error, and so is an EC2 or ECR
// status the answer leaves out (null, with an error that is not a refusal).
func inspector(ctx context.Context, cfg aws.Config, account string, rec *record) {
	out, err := inspector2.NewFromConfig(cfg).BatchGetAccountStatus(ctx, &inspector2.BatchGetAccountStatusInput{AccountIds: []string{account}})
	if err != nil {
		rec.fail("inspector2", "inspector2", "BatchGetAccountStatus", err)
		return
	}
	for _, a := range out.Accounts {
		if aws.ToString(a.AccountId) != account {
			continue
		}
		var rs inspectortypes.ResourceState
		if a.ResourceState != nil {
			rs = *a.ResourceState
		}
		status := map[string]any{"ec2": inspectorStatus(rs.Ec2), "ecr": inspectorStatus(rs.Ecr), "lambda": inspectorStatus(rs.Lambda)}
		rec.set("inspector2", status)
		// EC2 and ECR are judged (AWS-24): an answer without their status is an unread fact,
		// not a pass. Lambda is judged by no rule and its absence is no error.
		var missing []string
		for _, scan := range []string{"ec2", "ecr"} {
			if status[scan] == nil {
				missing = append(missing, scan)
			}
		}
		if len(missing) > 0 {
			rec.failWith("", evidence.Error{
				Message: fmt.Sprintf("inspector2:BatchGetAccountStatus: the answer has no %s status for the account", strings.Join(missing, " or ")),
				Needs:   needs("inspector2", "BatchGetAccountStatus"),
			})
		}
		return
	}
	why := "the account is not in the answer"
	denied := false
	for _, f := range out.FailedAccounts {
		if aws.ToString(f.AccountId) == account {
			why = fmt.Sprintf("%s: %s", f.ErrorCode, aws.ToString(f.ErrorMessage))
			denied = f.ErrorCode == inspectortypes.ErrorCodeAccessDenied
		}
	}
	rec.failWith("inspector2", evidence.Error{
		Message: "inspector2:BatchGetAccountStatus: " + why,
		Needs:   needs("inspector2", "BatchGetAccountStatus"),
		Denied:  denied,
	})
}

// inspectorStatus is one scan type's status ("ENABLED", "DISABLED", "SUSPENDED", ...);
// null when the answer has none for it (the caller records the error).
func inspectorStatus(s *inspectortypes.State) any {
	if s == nil {
		return nil
	}
	return nonEmpty(string(s.Status))
}
