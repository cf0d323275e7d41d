# METADATA
# title: Changes to controlled documents are reviewed
# description: >-
#   The last change to a controlled document should show a second pair of eyes or a controlled
#   route: a signed commit, a merged pull request, or a Reviewed-by trailer naming the reviewer.
#   A direct, unsigned, unreviewed commit is an uncontrolled change.
# scope: package
# custom:
#   id: GIT-03
#   severity: observation
#   controls: ["7.5.2", "7.5.3"]
#   kinds: [isms.document, git.file]
#   input: inventory
#   subject: isms.document
#   remediation: >-
#     Change controlled documents through pull requests with a required review (branch
#     protection), or sign commits, or record the reviewer with a `Reviewed-by: Name` trailer in
#     the commit message. For the change reported, have it reviewed now and record the review.
#   permissions: []
#   params:
#     require_review_for_types: ["*"]
package ismscheck.git03

import data.lib.isms

# Document types whose changes need a review; "*" stands for every controlled document.
review_types := isms.param("require_review_for_types", ["*"])

history := {f.id: f | some f in input.documents["git.file"]}

needs_review(_) if "*" in review_types

needs_review(d) if d.data.type in review_types

deny contains {
	"key": "unreviewed-change",
	"msg": sprintf(
		"%s: the last change (%s on %s by %s) was not reviewed: unsigned, not merged through a pull request, no Reviewed-by trailer",
		[d.id, short(last.sha), last.date, last.author],
	),
	"grade": "observation",
	"resource": isms.resource(d),
	"evidence": [{"kind": "git.file", "id": d.id}],
} if {
	some d in input.documents["isms.document"]
	isms.usable(d)
	d.data.controlled == true
	needs_review(d)
	last := history[d.id].data.last_change
	last.reviewed == false
}

short(sha) := substring(sha, 0, 7) if is_string(sha)

else := "unknown commit"
