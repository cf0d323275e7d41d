# METADATA
# title: Customer-managed KMS keys rotate and are not deleted without a change record
# description: >-
#   A symmetric customer-managed key without automatic rotation is minor (asymmetric and HMAC
#   keys cannot rotate automatically and are not judged). A key pending deletion is minor unless
#   it carries a tag naming its change record (`change_record_tags`): deleting a key destroys
#   every piece of data encrypted under it.
#   The aws.region document is read only for its listing: where the listing of the keys failed,
#   the error on that region makes this rule skipped (refused) or in error there, rather than
#   silent about resources nobody could see.
# scope: package
# custom:
#   id: AWS-13
#   severity: minor
#   controls: ["A.8.24"]
#   kinds: [aws.kms.key, aws.region]
#   input: document
#   remediation: >-
#     Enable automatic rotation (`aws kms enable-key-rotation --key-id ID`). For a key pending
#     deletion, confirm through change management that nothing still needs it and tag it with the
#     change record (`aws kms tag-resource --tags TagKey=change,TagValue=CHG-123`), or cancel the
#     deletion (`aws kms cancel-key-deletion`).
#   permissions:
#     - aws:kms:ListKeys
#     - aws:kms:DescribeKey
#     - aws:kms:GetKeyRotationStatus
#     - aws:kms:ListResourceTags
#   params:
#     change_record_tags: ["change", "change-record", "change_record", "ticket"]
package ismscheck.aws13

import data.lib.aws
import data.lib.isms

k := input.document.data

change_tags := isms.param("change_record_tags", ["change", "change-record", "change_record", "ticket"])

# The region document itself has nothing to judge: it is read for the listing's error only.
applies if input.document.kind != "aws.region"

deny contains {
	"key": "rotation",
	"msg": sprintf("KMS key %s (%s, account %s) does not rotate automatically", [k.key_id, k.region, k.account_id]),
	"grade": "minor",
} if {
	k.key_spec == "SYMMETRIC_DEFAULT"
	k.key_state == "Enabled"
	k.rotation_enabled == false
}

deny contains {
	"key": "pending-deletion",
	"msg": sprintf(
		"KMS key %s (%s, account %s) is scheduled for deletion on %s and carries no change record tag (%s)",
		[k.key_id, k.region, k.account_id, deletion_date, concat(", ", change_tags)],
	),
	"grade": "minor",
} if {
	k.key_state == "PendingDeletion"
	not aws.has_tag(k.tags, change_tags)
}

deletion_date := d if {
	d := aws.date(k.deletion_date)
} else := "an unknown date"
