# METADATA
# title: Data in transit is protected by TLS
# description: >-
#   Every bucket policy should deny requests with aws:SecureTransport false (minor per bucket).
#   Every load balancer listener should either speak TLS (HTTPS or TLS) with a security policy
#   from `current_tls_policies` (ELBv2 policies that allow TLS 1.2 and later only), or, for
#   plain HTTP, redirect to HTTPS (minor per listener). TCP, UDP and GENEVE listeners carry
#   whatever the application sends and are not judged. ACM certificate expiry is AWS-22.
#   The aws.account and aws.region documents are read only for their listings: where the listing
#   of the buckets or load balancers failed, the error there makes this rule skipped (refused) or
#   in error, rather than silent about resources nobody could see.
# scope: package
# custom:
#   id: AWS-12
#   severity: minor
#   controls: ["A.8.24", "A.5.14", "A.8.21"]
#   kinds: [aws.s3.bucket, aws.account, aws.elb.load_balancer, aws.region]
#   input: document
#   remediation: >-
#     Add to the bucket policy a statement denying `s3:*` on the bucket and its objects to every
#     principal when `aws:SecureTransport` is `false` (optionally also `s3:TlsVersion` below 1.2).
#     Give plain-HTTP listeners a default action that redirects to HTTPS (`aws elbv2
#     modify-listener --default-actions Type=redirect,RedirectConfig={Protocol=HTTPS,Port=443,StatusCode=HTTP_301}`),
#     and move HTTPS/TLS listeners to a current policy (`--ssl-policy ELBSecurityPolicy-TLS13-1-2-2021-06`).
#   permissions:
#     - aws:s3:ListAllMyBuckets
#     - aws:s3:GetBucketPolicy
#     - aws:elasticloadbalancing:DescribeLoadBalancers
#     - aws:elasticloadbalancing:DescribeListeners
#   params:
#     current_tls_policies:
#       - ELBSecurityPolicy-TLS13-1-2-2021-06
#       - ELBSecurityPolicy-TLS13-1-2-Res-2021-06
#       - ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06
#       - ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06
#       - ELBSecurityPolicy-TLS13-1-3-2021-06
#       - ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04
#       - ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04
#       - ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-2023-04
#       - ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-2023-04
#       - ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-2023-04
#       - ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04
#       - ELBSecurityPolicy-TLS-1-2-2017-01
#       - ELBSecurityPolicy-TLS-1-2-Ext-2018-06
#       - ELBSecurityPolicy-FS-1-2-2019-08
#       - ELBSecurityPolicy-FS-1-2-Res-2019-08
#       - ELBSecurityPolicy-FS-1-2-Res-2020-10
package ismscheck.aws12

import data.lib.isms

d := input.document.data

default_tls_policies := [
	"ELBSecurityPolicy-TLS13-1-2-2021-06", "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
	"ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06", "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06",
	"ELBSecurityPolicy-TLS13-1-3-2021-06", "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
	"ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04", "ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-2023-04",
	"ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-2023-04", "ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-2023-04",
	"ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04", "ELBSecurityPolicy-TLS-1-2-2017-01",
	"ELBSecurityPolicy-TLS-1-2-Ext-2018-06", "ELBSecurityPolicy-FS-1-2-2019-08",
	"ELBSecurityPolicy-FS-1-2-Res-2019-08", "ELBSecurityPolicy-FS-1-2-Res-2020-10",
]

current_tls_policies := isms.param("current_tls_policies", default_tls_policies)

# The account and region documents have nothing to judge: they are read for the listings' errors only.
applies if input.document.kind in {"aws.s3.bucket", "aws.elb.load_balancer"}

deny contains {
	"msg": sprintf("bucket %s (account %s) accepts requests without TLS: its policy does not deny aws:SecureTransport false", [d.name, d.account_id]),
	"grade": "minor",
} if {
	input.document.kind == "aws.s3.bucket"
	d.denies_insecure_transport == false
}

# listeners is null when DescribeListeners failed: the document's error then skips the rule.
lb_listeners contains l if {
	input.document.kind == "aws.elb.load_balancer"
	is_array(d.listeners)
	some l in d.listeners
}

deny contains {
	"key": sprintf("listener-%v", [l.port]),
	"msg": sprintf("load balancer %s (%s, %s, account %s) listens on plain HTTP port %v without redirecting to HTTPS", [d.name, d.scheme, d.region, d.account_id, l.port]),
	"grade": "minor",
} if {
	some l in lb_listeners
	upper(l.protocol) == "HTTP"
	l.redirects_to_https != true
}

deny contains {
	"key": sprintf("listener-%v", [l.port]),
	"msg": sprintf("load balancer %s (%s, %s, account %s) %s listener on port %v uses TLS policy %s, which is not in current_tls_policies (TLS 1.2 or later only)", [d.name, d.scheme, d.region, d.account_id, l.protocol, l.port, policy_name(l)]),
	"grade": "minor",
} if {
	some l in lb_listeners
	upper(l.protocol) in {"HTTPS", "TLS"}
	not policy_name(l) in current_tls_policies
}

policy_name(l) := l.ssl_policy if is_string(l.ssl_policy)

policy_name(l) := "(none)" if not is_string(l.ssl_policy)
