package ismscheck.aws12_test

import data.ismscheck.aws12

bucket(v) := {"kind": "aws.s3.bucket", "id": "aws:111111111111:s3:data", "data": {"account_id": "111111111111", "name": "data", "denies_insecure_transport": v}}

run(d) := r if {
	r := aws12.deny with input as {"document": d, "as_of": "2026-11-21", "params": {}}
}

test_tls_only_bucket_passes if {
	count(run(bucket(true))) == 0
	count(run(bucket(null))) == 0
}

test_bucket_accepting_plain_http_is_minor if {
	r := run(bucket(false))
	count(r) == 1
	some f in r
	f.grade == "minor"
	f.msg == "bucket data (account 111111111111) accepts requests without TLS: its policy does not deny aws:SecureTransport false"
}

# The aws.account document is read only so that a failed listing on it skips or errors the
# rule there; on its own it is not judged (no finding, not even a pass).
test_aws_account_document_is_not_judged if {
	not aws12.applies with input as {"document": {"kind": "aws.account", "id": "aws:1", "complete": true, "data": {"account_id": "1"}}, "as_of": "2026-11-21", "params": {}}
	aws12.applies with input as {"document": {"kind": "aws.s3.bucket", "id": "x", "complete": true, "data": {"account_id": "1"}}, "as_of": "2026-11-21", "params": {}}
}

lb(listeners) := {
	"kind": "aws.elb.load_balancer", "id": "aws:111111111111:eu-west-1:elb/web", "complete": true,
	"data": {"account_id": "111111111111", "region": "eu-west-1", "name": "web", "scheme": "internet-facing", "type": "application", "listeners": listeners},
}

http(redirects) := {"port": 80, "protocol": "HTTP", "ssl_policy": null, "redirects_to_https": redirects}

https(policy) := {"port": 443, "protocol": "HTTPS", "ssl_policy": policy, "redirects_to_https": false}

test_redirecting_http_and_current_tls_pass if {
	count(run(lb([http(true), https("ELBSecurityPolicy-TLS13-1-2-2021-06")]))) == 0
	count(run(lb([{"port": 22, "protocol": "TCP", "ssl_policy": null, "redirects_to_https": false}]))) == 0
	count(run(lb([]))) == 0
}

test_plain_http_without_redirect_is_minor if {
	r := run(lb([http(false), https("ELBSecurityPolicy-TLS13-1-2-2021-06")]))
	count(r) == 1
	some f in r
	f.grade == "minor"
	f.key == "listener-80"
	f.msg == "load balancer web (internet-facing, eu-west-1, account 111111111111) listens on plain HTTP port 80 without redirecting to HTTPS"
}

test_old_tls_policy_is_minor if {
	r := run(lb([https("ELBSecurityPolicy-2016-08"), {"port": 8443, "protocol": "TLS", "ssl_policy": "ELBSecurityPolicy-TLS-1-1-2017-01", "redirects_to_https": false}]))
	count(r) == 2
	some f in r
	f.key == "listener-443"
	f.grade == "minor"
	f.msg == "load balancer web (internet-facing, eu-west-1, account 111111111111) HTTPS listener on port 443 uses TLS policy ELBSecurityPolicy-2016-08, which is not in current_tls_policies (TLS 1.2 or later only)"
}

test_tls_policy_list_is_a_parameter if {
	d := lb([https("CorpPolicy-2026")])
	count(run(d)) == 1
	count(aws12.deny) == 0 with input as {"document": d, "as_of": "2026-11-21", "params": {"current_tls_policies": ["CorpPolicy-2026"]}}
}

# Unread listeners (null, with the DescribeListeners error the engine acts on) are not judged.
test_unread_listeners_are_not_judged if {
	count(run(lb(null))) == 0
}

test_region_document_is_not_judged if {
	not aws12.applies with input as {"document": {"kind": "aws.region", "id": "aws:1:eu-west-1", "complete": true, "data": {"account_id": "1"}}, "as_of": "2026-11-21", "params": {}}
	aws12.applies with input as {"document": lb([]), "as_of": "2026-11-21", "params": {}}
}
