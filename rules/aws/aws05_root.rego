# METADATA
# title: The root user is locked away behind hardware MFA
# description: >-
#   The root user of every account must have MFA (major when it has none) and no active access
#   key (major). MFA on a virtual device instead of a hardware one is a minor finding, and root
#   sign-in within `root_use_days` (default 30) is a minor finding: root is for the few tasks
#   that need it, not daily work. Accounts whose root credentials were removed through
#   organization-wide root access management are not told apart by the evidence yet.
# scope: package
# custom:
#   id: AWS-05
#   severity: major
#   controls: ["A.8.2", "A.8.5", "A.5.17"]
#   kinds: [aws.account]
#   input: document
#   remediation: >-
#     Sign in as root, assign a hardware MFA device or security key (IAM > Security credentials >
#     Assign MFA device), delete every root access key, and keep the credentials in the
#     break-glass procedure. Use IAM Identity Center roles for daily administration; in an AWS
#     Organization consider centralized root access management to remove member root credentials.
#   permissions:
#     - aws:iam:GenerateCredentialReport
#     - aws:iam:GetCredentialReport
#     - aws:iam:ListVirtualMFADevices
#   params:
#     root_use_days: 30
package ismscheck.aws05

import data.lib.aws
import data.lib.isms

a := input.document.data

root := a.root

label := aws.account_label(input.document)

use_days := isms.number_param("root_use_days", 30)

deny contains {
	"key": "no-mfa",
	"msg": sprintf("account %s: the root user has no MFA", [label]),
	"grade": "major",
} if {
	root.mfa_active == false
}

deny contains {
	"key": "virtual-mfa",
	"msg": sprintf("account %s: the root user's MFA is a virtual device, not a hardware device or security key", [label]),
	"grade": "minor",
} if {
	root.mfa_active == true
	root.hardware_mfa == false
}

deny contains {
	"key": sprintf("access-key-%d", [n]),
	"msg": sprintf("account %s: the root user has an active access key (key %d)%s", [label, n, key_use(n)]),
	"grade": "major",
} if {
	some n in [1, 2]
	root[sprintf("access_key_%d_active", [n])] == true
}

key_use(n) := sprintf(", last used %s", [aws.date(root[sprintf("access_key_%d_last_used", [n])])]) if {
	aws.date(root[sprintf("access_key_%d_last_used", [n])])
} else := ", never used"

deny contains {
	"key": "recent-use",
	"msg": sprintf(
		"account %s: the root user signed in on %s (%s ago); root is for break-glass tasks only (root_use_days %d)",
		[label, aws.date(root.password_last_used), isms.plural(days, "day"), use_days],
	),
	"grade": "minor",
} if {
	days := aws.days_since(root.password_last_used)
	days <= use_days
}
