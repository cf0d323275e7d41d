package github

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ismscheck/ismscheck/collectors/github/fakegithub"
	"github.com/ismscheck/ismscheck/evidence"
)

func orgDoc(t *testing.T, docs []evidence.Document, login string) evidence.Document {
	t.Helper()
	return find(t, docs, KindOrganization, "127.0.0.1/"+login)
}

func membersDoc(t *testing.T, docs []evidence.Document) evidence.Document {
	t.Helper()
	return find(t, docs, KindMembers, "127.0.0.1/acme/members")
}

func TestEnterprisePoliciesAreReadOncePerRun(t *testing.T) {
	other := fixtureOrg()
	other.Login = "acme-labs"
	other.Repos = nil
	srv := startFake(t, fixtureOrg(), other)
	srv.SetEnterprise("acme-corp", nil)
	srv.SetEnterpriseOrganizations("acme-corp", "acme", "acme-labs")
	srv.SetEnterprisePolicies("acme-corp", map[string]string{"membersCanChangeRepositoryVisibilitySetting": "DISABLED"})
	o := testOptions(srv, "acme", "acme-labs")
	o.Enterprise = "acme-corp"
	docs, _ := collect(t, o)
	for _, login := range []string{"acme", "acme-labs"} {
		d := orgDoc(t, docs, login)
		assert.True(t, d.Complete, d.Errors)
		assert.Equal(t, "acme-corp", field(t, d, "enterprise"))
		assert.Equal(t, map[string]any{
			"members_can_delete_repositories": "enabled", "members_can_change_repository_visibility": "disabled",
			"members_can_create_repositories": "private",
		}, field(t, d, "enterprise_policies"))
	}
	assert.Equal(t, 1, srv.Counts()[fakegithub.OpEnterprisePolicies].Requests, "one enterprise, one query for every organization")
}

func TestEnterprisePoliciesWithoutEnterpriseAreNotAsked(t *testing.T) {
	srv := startFake(t, fixtureOrg())
	docs, _ := collect(t, testOptions(srv, "acme"))
	d := orgDoc(t, docs, "acme")
	assert.True(t, d.Complete, d.Errors)
	assert.Nil(t, field(t, d, "enterprise"))
	assert.Nil(t, field(t, d, "enterprise_policies"))
	assert.Zero(t, srv.Counts()[fakegithub.OpEnterprisePolicies].Requests)
}

func TestEnterprisePoliciesUnreadable(t *testing.T) {
	cases := []struct {
		name   string
		setup  func(srv *fakegithub.Server)
		denied bool
	}{
		{"refused (not an enterprise owner)", func(srv *fakegithub.Server) { srv.Deny(fakegithub.OpEnterprisePolicies, 403) }, true},
		{"enterprise unknown to the token", func(srv *fakegithub.Server) {}, true},
		{"GraphQL failing", func(srv *fakegithub.Server) { srv.Inject(fakegithub.ServerError(fakegithub.OpEnterprisePolicies, 20)) }, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := startFake(t, fixtureOrg())
			if tc.name != "enterprise unknown to the token" {
				srv.SetEnterprise("acme-corp", nil)
				srv.SetEnterpriseOrganizations("acme-corp", "acme")
			}
			tc.setup(srv)
			o := testOptions(srv, "acme")
			o.Enterprise = "acme-corp"
			o.MaxSleep = 50 * time.Millisecond
			docs, _ := collect(t, o)
			d := orgDoc(t, docs, "acme")
			assert.Nil(t, field(t, d, "enterprise_policies"))
			require.False(t, d.Complete)
			var got []evidence.Error
			for _, e := range d.Errors {
				if e.Needs == PermEnterpriseAdministration {
					got = append(got, e)
				}
			}
			require.Len(t, got, 1, d.Errors)
			assert.Equal(t, tc.denied, got[0].Denied, got[0].Message)
			assert.Contains(t, got[0].Message, "enterprise_policies")
			assert.Equal(t, "read", field(t, d, "default_repository_permission"), "the REST settings are still there")
		})
	}
}

func activityOf(t *testing.T, d evidence.Document) map[string]any {
	t.Helper()
	a, ok := field(t, d, "activity").(map[string]any)
	require.True(t, ok, "activity: %v (errors %v)", field(t, d, "activity"), d.Errors)
	return a
}

func TestActivityKeepsTheNewestEventPerLoginInTheWindow(t *testing.T) {
	org := fixtureOrg()
	org.LastActive = map[string]time.Time{
		"octocat":    testNow.Add(-48 * time.Hour),
		"Monalisa":   testNow.AddDate(0, 0, -30),  // the audit log may spell a login otherwise
		"hubot":      testNow.AddDate(0, 0, -120), // before the window: not returned
		"someone":    testNow.Add(-time.Hour),     // not a member: not kept
		"contractor": testNow.AddDate(0, 0, -89),
	}
	srv := startFake(t, org)
	docs, _ := collect(t, testOptions(srv, "acme"))
	d := membersDoc(t, docs)
	assert.True(t, d.Complete, d.Errors)
	assert.Equal(t, map[string]any{
		"source": "audit_log", "since": "2026-08-23T00:00:00Z", "until": nil, "undated": []any{}, "window_days": float64(90),
		"active": []any{
			map[string]any{"login": "contractor", "last_event_at": "2026-08-24T02:00:04Z"},
			map[string]any{"login": "monalisa", "last_event_at": "2026-10-22T02:00:04Z"},
			map[string]any{"login": "octocat", "last_event_at": "2026-11-19T02:00:04Z"},
		},
		"not_looked_up": []any{},
	}, activityOf(t, d))
	assert.Equal(t, 1, srv.Counts()[epOrgAuditLog].Requests, "one page holds the window")
}

func TestActivityStopsOnceEveryoneIsSeen(t *testing.T) {
	org := fixtureOrg()
	org.LastActive = map[string]time.Time{}
	for _, l := range []string{"octocat", "monalisa", "hubot", "contractor"} {
		org.LastActive[l] = testNow.Add(-time.Hour)
	}
	// Older events by a bot fill many more pages; they are never read.
	org.AuditNoise = 0
	for i := range 900 {
		org.LastActive[fmt.Sprintf("bot-%03d[bot]", i)] = testNow.AddDate(0, 0, -2).Add(-time.Duration(i) * time.Minute)
	}
	srv := startFake(t, org)
	docs, _ := collect(t, testOptions(srv, "acme"))
	assert.Len(t, activityOf(t, membersDoc(t, docs))["active"], 4)
	assert.Equal(t, 1, srv.Counts()[epOrgAuditLog].Requests)
}

func TestActivityAsksPerLoginWhenTheScanDoesNotSeeEveryone(t *testing.T) {
	org := fixtureOrg()
	org.LastActive = map[string]time.Time{"octocat": testNow.AddDate(0, 0, -10), "hubot": testNow.AddDate(0, 0, -200)}
	org.AuditNoise = (activityScanPages + 2) * 100 // newer bot events: the scan sees nobody
	srv := startFake(t, org)
	docs, _ := collect(t, testOptions(srv, "acme"))
	a := activityOf(t, membersDoc(t, docs))
	assert.Equal(t, []any{map[string]any{"login": "octocat", "last_event_at": "2026-11-11T02:00:04Z"}}, a["active"])
	// The scan's pages, then one request for each of the four logins (three members, one
	// outside collaborator): never the whole log.
	assert.Equal(t, activityScanPages+4, srv.Counts()[epOrgAuditLog].Requests)
	assert.Equal(t, []any{}, a["not_looked_up"], "everyone missing was asked")
}

// An organization with many silent members costs at most ActivityLookups per-login requests;
// the logins beyond are named, so that GH-20 judges nobody without evidence.
func TestActivityPerLoginRequestsAreBounded(t *testing.T) {
	cases := []struct {
		name          string
		lookups       int
		wantRequests  int
		wantActive    []any
		wantNotLooked []any
	}{
		{"bound above the logins missing", 10, 4, []any{map[string]any{"login": "octocat", "last_event_at": "2026-11-11T02:00:04Z"}}, []any{}},
		{"bound reached: the first logins in order are asked", 2, 2, []any{}, []any{"monalisa", "octocat"}},
		{"bound of one", 1, 1, []any{}, []any{"hubot", "monalisa", "octocat"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			org := fixtureOrg()
			org.LastActive = map[string]time.Time{"octocat": testNow.AddDate(0, 0, -10), "hubot": testNow.AddDate(0, 0, -200)}
			org.AuditNoise = (activityScanPages + 2) * 100 // newer bot events: the scan sees nobody
			srv := startFake(t, org)
			o := testOptions(srv, "acme")
			o.ActivityLookups = tc.lookups
			docs, _ := collect(t, o)
			d := membersDoc(t, docs)
			assert.True(t, d.Complete, d.Errors)
			a := activityOf(t, d)
			assert.Equal(t, tc.wantActive, a["active"])
			assert.Equal(t, tc.wantNotLooked, a["not_looked_up"])
			assert.Equal(t, activityScanPages+tc.wantRequests, srv.Counts()[epOrgAuditLog].Requests)
		})
	}
}

func TestActivityUnreadable(t *testing.T) {
	cases := []struct {
		name    string
		setup   func(srv *fakegithub.Server)
		denied  bool
		message string
	}{
		{"not on Enterprise Cloud (404)", func(srv *fakegithub.Server) { srv.Deny(epOrgAuditLog, http.StatusNotFound) }, true, "GitHub Enterprise Cloud only"},
		{"token not allowed (403)", func(srv *fakegithub.Server) { srv.Deny(epOrgAuditLog, http.StatusForbidden) }, true, "answered 403"},
		{"server failing", func(srv *fakegithub.Server) { srv.Inject(fakegithub.ServerError(epOrgAuditLog, 50)) }, false, "502"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := startFake(t, fixtureOrg())
			tc.setup(srv)
			o := testOptions(srv, "acme")
			o.MaxSleep = 50 * time.Millisecond
			docs, _ := collect(t, o)
			d := membersDoc(t, docs)
			assert.Nil(t, field(t, d, "activity"))
			assert.Equal(t, []any{"contractor"}, field(t, d, "outside_collaborators"), "the listings are unaffected")
			require.Len(t, d.Errors, 1)
			e := d.Errors[0]
			assert.Equal(t, PermOrgAdministration, e.Needs)
			assert.Equal(t, tc.denied, e.Denied, e.Message)
			assert.Contains(t, e.Message, tc.message)
		})
	}
}

func TestActivityWithoutMembersIsNotAsked(t *testing.T) {
	srv := startFake(t, fixtureOrg())
	srv.Deny(epOrgMembers, http.StatusForbidden)
	docs, _ := collect(t, testOptions(srv, "acme"))
	d := membersDoc(t, docs)
	assert.Nil(t, field(t, d, "activity"))
	for _, e := range d.Errors {
		assert.Equal(t, PermMembers, e.Needs, "only the listing's error explains the gap: %s", e.Message)
	}
	assert.Zero(t, srv.Counts()[epOrgAuditLog].Requests)
}

// With an as-of date before the collection, events after that date must not make a login
// look active as of it: the query names both ends of the window, and events the server
// returns beyond the end anyway are dropped.
func TestActivityWindowEndsAtTheAsOfDate(t *testing.T) {
	asOf := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	for _, ignoresUntil := range []bool{false, true} {
		t.Run(fmt.Sprintf("server ignores the upper bound: %v", ignoresUntil), func(t *testing.T) {
			org := fixtureOrg()
			org.AuditIgnoresUntil = ignoresUntil
			org.LastActive = map[string]time.Time{
				"octocat":  testNow.AddDate(0, 0, -2),              // after the as-of date only
				"monalisa": asOf.Add(23 * time.Hour),               // on the as-of date: counts
				"hubot":    asOf.AddDate(0, 0, 1).Add(time.Minute), // the day after
			}
			srv := startFake(t, org)
			o := testOptions(srv, "acme")
			o.AsOf = asOf
			docs, _ := collect(t, o)
			a := activityOf(t, membersDoc(t, docs))
			assert.Equal(t, "2026-07-03T00:00:00Z", a["since"])
			assert.Equal(t, "2026-10-02T00:00:00Z", a["until"], "the window ends with the as-of day")
			assert.Equal(t, []any{map[string]any{"login": "monalisa", "last_event_at": "2026-10-01T23:00:00Z"}}, a["active"])
		})
	}
}

func TestActivityWithoutAsOfHasNoUpperBound(t *testing.T) {
	org := fixtureOrg()
	org.LastActive = map[string]time.Time{"octocat": testNow.Add(-time.Hour)}
	srv := startFake(t, org)
	docs, _ := collect(t, testOptions(srv, "acme"))
	a := activityOf(t, membersDoc(t, docs))
	assert.Nil(t, a["until"], "collect counts up to the collection time")
	assert.Len(t, a["active"], 1)
}

// An event without a readable time says the login acted, not when: the login is named as
// undated (GH-20 does not judge it), never missing and so never inactive, whether the scan
// or a per-login request found it.
func TestActivityUndatedEventsAreSeenButNotDated(t *testing.T) {
	cases := []struct {
		name         string
		noise        int
		wantRequests int
	}{
		{"seen by the scan", 0, 1},
		{"scan outgrown: found by the per-login requests", (activityScanPages + 2) * 100, activityScanPages + 4},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			org := fixtureOrg()
			org.LastActive = map[string]time.Time{"octocat": testNow.AddDate(0, 0, -10), "monalisa": testNow.AddDate(0, 0, -5)}
			org.AuditUndated = []string{"hubot", "monalisa"} // monalisa has a dated event too: it wins
			org.AuditNoise = tc.noise
			srv := startFake(t, org)
			docs, _ := collect(t, testOptions(srv, "acme"))
			d := membersDoc(t, docs)
			assert.True(t, d.Complete, d.Errors)
			a := activityOf(t, d)
			assert.Equal(t, []any{"hubot"}, a["undated"])
			assert.Len(t, a["active"], 2)
			assert.Equal(t, []any{}, a["not_looked_up"])
			assert.Equal(t, tc.wantRequests, srv.Counts()[epOrgAuditLog].Requests)
		})
	}
}

// A policy value GitHub adds later is not read as any of the three GH-05 knows: the field is
// null and the document carries an error naming the value, so GH-05 is an error, not a pass.
func TestEnterprisePolicyUnknownValueIsUnreadable(t *testing.T) {
	srv := startFake(t, fixtureOrg())
	srv.SetEnterprise("acme-corp", nil)
	srv.SetEnterpriseOrganizations("acme-corp", "acme")
	srv.SetEnterprisePolicies("acme-corp", map[string]string{
		"membersCanDeleteRepositoriesSetting":         "ENABLED_FOR_ADMINS",
		"membersCanChangeRepositoryVisibilitySetting": "DISABLED",
	})
	o := testOptions(srv, "acme")
	o.Enterprise = "acme-corp"
	docs, _ := collect(t, o)
	d := orgDoc(t, docs, "acme")
	assert.Equal(t, map[string]any{
		"members_can_delete_repositories": nil, "members_can_change_repository_visibility": "disabled",
		"members_can_create_repositories": "private",
	}, field(t, d, "enterprise_policies"))
	require.False(t, d.Complete)
	require.Len(t, d.Errors, 1, d.Errors)
	e := d.Errors[0]
	assert.Equal(t, PermEnterpriseAdministration, e.Needs)
	assert.False(t, e.Denied, "an answer GitHub gave and we do not understand is not a refusal")
	assert.Contains(t, e.Message, "enterprise_policies.members_can_delete_repositories")
	assert.Contains(t, e.Message, `"ENABLED_FOR_ADMINS"`)
}
