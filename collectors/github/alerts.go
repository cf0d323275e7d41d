package github

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"sort"
	"strings"
)

// Alert structs keep an allow-list of fields: a secret-scanning alert carries the leaked
// secret itself, which must never reach evidence.
type secretAlertJSON struct {
	Number                 int64   `json:"number"`
	State                  string  `json:"state"`
	SecretType             string  `json:"secret_type"`
	Validity               string  `json:"validity"`
	CreatedAt              *string `json:"created_at"`
	PushProtectionBypassed *bool   `json:"push_protection_bypassed"`
	HTMLURL                string  `json:"html_url"`
}

type dependabotAlertJSON struct {
	Number     int64  `json:"number"`
	State      string `json:"state"`
	Dependency struct {
		Package struct {
			Ecosystem string `json:"ecosystem"`
			Name      string `json:"name"`
		} `json:"package"`
	} `json:"dependency"`
	SecurityAdvisory struct {
		GHSAID   string `json:"ghsa_id"`
		Severity string `json:"severity"`
	} `json:"security_advisory"`
	SecurityVulnerability struct {
		Severity string `json:"severity"`
	} `json:"security_vulnerability"`
	CreatedAt *string `json:"created_at"`
	HTMLURL   string  `json:"html_url"`
}

type codeScanningAlertJSON struct {
	Number int64  `json:"number"`
	State  string `json:"state"`
	Rule   struct {
		ID                    string  `json:"id"`
		Severity              string  `json:"severity"`
		SecuritySeverityLevel *string `json:"security_severity_level"`
	} `json:"rule"`
	Tool struct {
		Name string `json:"name"`
	} `json:"tool"`
	CreatedAt *string `json:"created_at"`
	HTMLURL   string  `json:"html_url"`
}

// alerts reads the open secret-scanning, Dependabot and code-scanning alerts. Each list is
// its own fact: a token that may read one kind and not another loses only that one.
func (r *repo) alerts(ctx context.Context) {
	out := map[string]any{}
	open := url.Values{"state": {"open"}}

	secrets, err := list[secretAlertJSON](ctx, r.col.c, epSecretScanningAlerts, r.path+"/secret-scanning/alerts", open)
	if featureOff(err) {
		secrets, err = nil, nil
	}
	if err != nil {
		r.f.failed("alerts.secret_scanning", PermSecretScanningAlerts, epSecretScanningAlerts, err)
		out["secret_scanning"] = nil
	} else {
		sort.Slice(secrets, func(i, j int) bool { return secrets[i].Number < secrets[j].Number })
		list := []any{}
		for _, a := range secrets {
			if a.State != "open" {
				continue
			}
			validity := a.Validity
			if validity == "" {
				validity = "unknown"
			}
			list = append(list, map[string]any{"number": a.Number, "secret_type": a.SecretType, "validity": validity,
				"created_at": utc(a.CreatedAt), "push_protection_bypassed": a.PushProtectionBypassed != nil && *a.PushProtectionBypassed, "html_url": a.HTMLURL})
		}
		out["secret_scanning"] = list
	}

	// Dependabot alerts paginate by cursor (after=); the Link header carries it.
	deps, err := list[dependabotAlertJSON](ctx, r.col.c, epDependabotAlerts, r.path+"/dependabot/alerts", open)
	if featureOff(err) {
		deps, err = nil, nil
	}
	if err != nil {
		r.f.failed("alerts.dependabot", PermVulnerabilityAlerts, epDependabotAlerts, err)
		out["dependabot"] = nil
	} else {
		sort.Slice(deps, func(i, j int) bool { return deps[i].Number < deps[j].Number })
		list := []any{}
		for _, a := range deps {
			if a.State != "open" {
				continue
			}
			severity := a.SecurityAdvisory.Severity
			if severity == "" {
				severity = a.SecurityVulnerability.Severity
			}
			list = append(list, map[string]any{"number": a.Number, "severity": severity, "ghsa_id": a.SecurityAdvisory.GHSAID,
				"package": a.Dependency.Package.Name, "ecosystem": a.Dependency.Package.Ecosystem, "created_at": utc(a.CreatedAt), "html_url": a.HTMLURL})
		}
		out["dependabot"] = list
	}

	code, err := list[codeScanningAlertJSON](ctx, r.col.c, epCodeScanningAlerts, r.path+"/code-scanning/alerts", open)
	switch {
	case err != nil && statusOf(err) == http.StatusNotFound && strings.Contains(strings.ToLower(err.Error()), "no analysis found"):
		// Code scanning never ran here: there are no alerts (default setup says whether it should).
		out["code_scanning"] = []any{}
	case err != nil:
		r.f.failed("alerts.code_scanning", PermSecurityEvents, epCodeScanningAlerts, err)
		out["code_scanning"] = nil
	default:
		sort.Slice(code, func(i, j int) bool { return code[i].Number < code[j].Number })
		list := []any{}
		for _, a := range code {
			if a.State != "open" {
				continue
			}
			list = append(list, map[string]any{"number": a.Number, "severity": a.Rule.Severity, "security_severity_level": ptrValue(a.Rule.SecuritySeverityLevel),
				"rule_id": a.Rule.ID, "tool": a.Tool.Name, "created_at": utc(a.CreatedAt), "html_url": a.HTMLURL})
		}
		out["code_scanning"] = list
	}
	r.f.set("alerts", out)
}

// featureOff tells "this feature is switched off here" from a refusal. GitHub answers 404
// "Secret scanning is disabled on this repository" and 403 "Dependabot alerts are disabled
// for this repository": facts about the repository (there are no alerts to read, and the
// rules see the feature's status in security_and_analysis), not missing permissions. Taken
// as refusals they would skip exactly the rules that should fail.
func featureOff(err error) bool {
	var ae *apiError
	if !errors.As(err, &ae) || (ae.Status != http.StatusNotFound && ae.Status != http.StatusForbidden) {
		return false
	}
	return strings.Contains(strings.ToLower(ae.Message), " disabled ")
}
