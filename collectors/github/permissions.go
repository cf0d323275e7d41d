package github

// Permission ids, as rules declare them in METADATA and the README table lists them.
const (
	PermOrgAdministration    = "github:organization_administration:read"
	PermMembers              = "github:members:read"
	PermMetadata             = "github:metadata:read"
	PermAdministration       = "github:administration:read"
	PermContents             = "github:contents:read"
	PermSecretScanningAlerts = "github:secret_scanning_alerts:read"
	PermVulnerabilityAlerts  = "github:vulnerability_alerts:read"
	PermSecurityEvents       = "github:security_events:read"
	PermOrgHooks             = "github:organization_hooks:read"
	PermRepoHooks            = "github:repository_hooks:read"
	// Enterprise SAML settings have no GitHub App or fine-grained permission: GitHub shows
	// them to enterprise owners with a classic token only.
	PermEnterpriseAdministration = "github:enterprise_administration:read"
)

// Permission is one read permission the collector can need, in the three vocabularies a
// GitHub admin meets: GitHub App permission, fine-grained token permission, classic scope.
type Permission struct {
	ID          string   `json:"id"`
	App         string   `json:"app"`
	FineGrained string   `json:"fine_grained"`
	Scope       string   `json:"scope"`
	Endpoints   []string `json:"endpoints"`
}

// Permissions lists what the collector reads, for `ismscheck permissions --github`.
// Classic scopes are the narrowest that work; some facts (org 2FA requirement, members
// without 2FA) are shown by GitHub to organization owners only, whatever the scope.
func Permissions() []Permission {
	return []Permission{
		{ID: PermOrgAdministration, App: "Organization permissions: Administration (read)", FineGrained: "Organization → Administration: Read-only", Scope: "read:org (read:audit_log for the audit log)",
			Endpoints: []string{epOrg, epOrgActions, epOrgSelectedActions, epOrgWorkflowPerms, epOrgRulesets, epOrgRuleset, epOrgInstallations, epGraphQLOrgSAML, epOrgAuditLog}},
		{ID: PermMembers, App: "Organization permissions: Members (read)", FineGrained: "Organization → Members: Read-only", Scope: "read:org",
			Endpoints: []string{epOrgMembers, epOrgOutsideCollaborators}},
		{ID: PermMetadata, App: "Repository permissions: Metadata (read)", FineGrained: "Repository → Metadata: Read-only", Scope: "repo",
			Endpoints: []string{epOrgRepos, epRepo, epCollaborators}},
		{ID: PermAdministration, App: "Repository permissions: Administration (read)", FineGrained: "Repository → Administration: Read-only", Scope: "repo",
			Endpoints: []string{epBranchProtection, epBranchRules, epRepoRuleset, epRepoActions, epRepoWorkflowPerms, epDeployKeys,
				epVulnerabilityAlerts, epPrivateVulnReporting, epEnvironments, epImmutableReleases}},
		{ID: PermContents, App: "Repository permissions: Contents (read)", FineGrained: "Repository → Contents: Read-only", Scope: "repo",
			Endpoints: []string{epContents, epCodeownersErrors}},
		{ID: PermSecretScanningAlerts, App: "Repository permissions: Secret scanning alerts (read)", FineGrained: "Repository → Secret scanning alerts: Read-only", Scope: "repo",
			Endpoints: []string{epSecretScanningAlerts}},
		{ID: PermVulnerabilityAlerts, App: "Repository permissions: Dependabot alerts (read)", FineGrained: "Repository → Dependabot alerts: Read-only", Scope: "security_events",
			Endpoints: []string{epDependabotAlerts}},
		{ID: PermSecurityEvents, App: "Repository permissions: Code scanning alerts (read)", FineGrained: "Repository → Code scanning alerts: Read-only", Scope: "security_events",
			Endpoints: []string{epCodeScanningAlerts, epCodeScanningDefaultSetup}},
		{ID: PermOrgHooks, App: "Organization permissions: Webhooks (read)", FineGrained: "Organization → Webhooks: Read-only", Scope: "admin:org_hook",
			Endpoints: []string{epOrgHooks}},
		{ID: PermRepoHooks, App: "Repository permissions: Webhooks (read)", FineGrained: "Repository → Webhooks: Read-only", Scope: "read:repo_hook",
			Endpoints: []string{epRepoHooks}},
		{ID: PermEnterpriseAdministration, App: "none: enterprise SAML settings and repository policies are shown to enterprise owners only (only when sources.github.enterprise is set)",
			FineGrained: "none: needs a classic token of an enterprise owner", Scope: "read:enterprise",
			Endpoints: []string{epGraphQLEnterpriseSAML, epGraphQLEnterprisePolicies, epGraphQLEnterpriseOrganizations}},
	}
}

// permissionName is the App permission a permission id stands for, for messages.
func permissionName(id string) string {
	for _, p := range Permissions() {
		if p.ID == id {
			return p.App
		}
	}
	return id
}

// Endpoint templates: the names requests are accounted under and errors cite.
const (
	epOrg                       = "GET /orgs/{org}"
	epOrgActions                = "GET /orgs/{org}/actions/permissions"
	epOrgSelectedActions        = "GET /orgs/{org}/actions/permissions/selected-actions"
	epOrgWorkflowPerms          = "GET /orgs/{org}/actions/permissions/workflow"
	epOrgRulesets               = "GET /orgs/{org}/rulesets"
	epOrgRuleset                = "GET /orgs/{org}/rulesets/{ruleset_id}"
	epOrgMembers                = "GET /orgs/{org}/members"
	epOrgOutsideCollaborators   = "GET /orgs/{org}/outside_collaborators"
	epOrgRepos                  = "GET /orgs/{org}/repos"
	epRepo                      = "GET /repos/{owner}/{repo}"
	epBranchProtection          = "GET /repos/{owner}/{repo}/branches/{branch}/protection"
	epBranchRules               = "GET /repos/{owner}/{repo}/rules/branches/{branch}"
	epRepoRuleset               = "GET /repos/{owner}/{repo}/rulesets/{ruleset_id}"
	epContents                  = "GET /repos/{owner}/{repo}/contents/{path}"
	epCodeownersErrors          = "GET /repos/{owner}/{repo}/codeowners/errors"
	epVulnerabilityAlerts       = "GET /repos/{owner}/{repo}/vulnerability-alerts"
	epPrivateVulnReporting      = "GET /repos/{owner}/{repo}/private-vulnerability-reporting"
	epImmutableReleases         = "GET /repos/{owner}/{repo}/immutable-releases"
	epCodeScanningDefaultSetup  = "GET /repos/{owner}/{repo}/code-scanning/default-setup"
	epSecretScanningAlerts      = "GET /repos/{owner}/{repo}/secret-scanning/alerts"
	epDependabotAlerts          = "GET /repos/{owner}/{repo}/dependabot/alerts"
	epCodeScanningAlerts        = "GET /repos/{owner}/{repo}/code-scanning/alerts"
	epRepoActions               = "GET /repos/{owner}/{repo}/actions/permissions"
	epRepoWorkflowPerms         = "GET /repos/{owner}/{repo}/actions/permissions/workflow"
	epDeployKeys                = "GET /repos/{owner}/{repo}/keys"
	epCollaborators             = "GET /repos/{owner}/{repo}/collaborators"
	epEnvironments              = "GET /repos/{owner}/{repo}/environments"
	epOrgInstallations          = "GET /orgs/{org}/installations"
	epOrgHooks                  = "GET /orgs/{org}/hooks"
	epOrgAuditLog               = "GET /orgs/{org}/audit-log"
	epRepoHooks                 = "GET /repos/{owner}/{repo}/hooks"
	epGraphQLViewer             = "POST /graphql viewer"
	epGraphQLOrgSAML            = "POST /graphql organization.samlIdentityProvider"
	epGraphQLEnterpriseSAML     = "POST /graphql enterprise.ownerInfo.samlIdentityProvider"
	epGraphQLEnterprisePolicies = "POST /graphql enterprise.ownerInfo.membersCan*Setting"
	// Only pages past the first 100: the first comes with the policies query.
	epGraphQLEnterpriseOrganizations = "POST /graphql enterprise.organizations"
)
