# METADATA
# title: The organisation has at least two and at most a few owners
# description: >-
#   Organisation owners hold every privilege over every repository. There should be at least
#   min_owners of them (no single point of failure when one is absent) and no more than
#   max_owners (privileged access restricted to the few who need it).
# scope: package
# custom:
#   id: GH-04
#   severity: minor
#   controls: ["A.8.2", "A.5.3"]
#   kinds: [github.members]
#   input: document
#   remediation: >-
#     Open the organisation's People page, filter by role "Owner", and change the role of owners
#     who do not need it to "Member" (give them the narrower rights they need through teams or
#     repository roles), or promote a second trusted administrator to "Owner" when only one is
#     left. Record the decision and the intended owners in your access control policy.
#   permissions: ["github:members:read"]
#   params:
#     min_owners: 2
#     max_owners: 3
package ismscheck.gh04

import data.lib.isms

min_owners := isms.number_param("min_owners", 2)

max_owners := isms.number_param("max_owners", 3)

members := input.document.data

owners := sort([o | some o in members.owners; is_string(o)])

deny contains {
	"key": "too-few",
	"msg": sprintf("Organisation %v has %s (%s); policy requires at least %d (min_owners)", [members.org, isms.plural(count(owners), "owner"), isms.list_text(owners, 10), min_owners]),
	"grade": "minor",
} if {
	is_array(members.owners)
	count(owners) > 0
	count(owners) < min_owners
}

deny contains {
	"key": "none",
	"msg": sprintf("Organisation %v has no owner; policy requires at least %d (min_owners)", [members.org, min_owners]),
	"grade": "minor",
} if {
	is_array(members.owners)
	count(owners) == 0
	min_owners > 0
}

deny contains {
	"key": "too-many",
	"msg": sprintf("Organisation %v has %d owners (%s); policy allows at most %d (max_owners)", [members.org, count(owners), isms.list_text(owners, 10), max_owners]),
	"grade": "minor",
} if {
	count(owners) > max_owners
}
