package cli

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	awscollector "github.com/ismscheck/ismscheck/collectors/aws"
	ghcollector "github.com/ismscheck/ismscheck/collectors/github"
	"github.com/ismscheck/ismscheck/internal/config"
	"github.com/ismscheck/ismscheck/internal/engine"
)

func (a *app) permissionsCmd() *cobra.Command {
	var github, aws bool
	var cfgPath, format string
	var ruleDirs []string
	cmd := &cobra.Command{
		Use:   "permissions (--github | --aws) [DIR]",
		Short: "Print the read-only permissions the enabled rules need (AWS: an IAM policy document)",
		Long: `Print what a token or role must be granted for the rules this configuration enables, and
nothing more. --github lists the GitHub App permissions, the fine-grained token permissions and
the classic scopes; --aws prints an IAM policy document whose first statement is what the AWS
managed policy SecurityAudit already grants and whose second is what it does not.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if github == aws {
				return usageError{errors.New("give one of --github or --aws")}
			}
			cfg, pack, err := configAndPack(cmd.Context(), a.log, cfgPath, args, ruleDirs)
			if err != nil {
				return err
			}
			needed := neededPermissions(pack, cfg)
			if github {
				return writeGitHubPermissions(a.stdout, needed, format)
			}
			return writeAWSPolicy(a.stdout, needed, cfg.Sources.AWS)
		},
	}
	cmd.Flags().BoolVar(&github, "github", false, "GitHub token / App permissions")
	cmd.Flags().BoolVar(&aws, "aws", false, "AWS IAM policy document")
	cmd.Flags().StringVar(&cfgPath, "config", "", "config file (instead of DIR/ismscheck.yaml)")
	cmd.Flags().StringArrayVar(&ruleDirs, "rules", nil, "directory of extra Rego rules (repeatable)")
	cmd.Flags().StringVar(&format, "format", "text", "text or json (GitHub)")
	return cmd
}

// neededPermissions maps each permission the enabled rules declare to those rules.
func neededPermissions(pack *engine.Pack, cfg *config.Config) map[string][]string {
	out := map[string][]string{}
	for _, r := range pack.Rules {
		if cfg.Disabled(r.ID) {
			continue
		}
		for _, p := range r.Permissions {
			out[p] = append(out[p], r.ID)
		}
	}
	return out
}

func writeGitHubPermissions(w io.Writer, needed map[string][]string, format string) error {
	type row struct {
		ghcollector.Permission
		Rules []string `json:"rules"`
	}
	var rows []row
	for _, p := range ghcollector.Permissions() {
		if rules := needed[p.ID]; len(rules) > 0 {
			rows = append(rows, row{p, rules})
		}
	}
	switch format {
	case "json":
		return jsonOut(w, rows)
	case "text":
	default:
		return usageError{fmt.Errorf("--format %q: want text or json", format)}
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "Read-only GitHub permissions for the enabled rules (owner role also needed for the 2FA facts):")
	fmt.Fprintln(tw, "FINE-GRAINED TOKEN\tGITHUB APP\tCLASSIC SCOPE\tRULES")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.FineGrained, r.App, r.Scope, strings.Join(r.Rules, ", "))
	}
	return tw.Flush()
}

// writeAWSPolicy prints the least-privilege policy: the actions the enabled rules declare,
// plus what the collector always needs to find its way (who am I, which regions, which
// accounts), split by whether SecurityAudit grants them.
func writeAWSPolicy(w io.Writer, needed map[string][]string, src *config.AWSSource) error {
	always := map[string]bool{"aws:sts:GetCallerIdentity": true}
	if src == nil || len(src.Regions) == 0 {
		always["aws:ec2:DescribeRegions"] = true
	}
	if src != nil && src.Organizations {
		always["aws:organizations:ListAccounts"] = true
	}
	var covered, extra []string
	for _, a := range awscollector.Actions() {
		if a.ID == "aws:sts:AssumeRole" {
			continue // granted to the caller in its own account, not in the audited one
		}
		if len(needed[a.ID]) == 0 && !always[a.ID] {
			continue
		}
		action := strings.TrimPrefix(a.ID, "aws:")
		if a.InSecurityAudit {
			covered = append(covered, action)
		} else {
			extra = append(extra, action)
		}
	}
	sort.Strings(covered)
	sort.Strings(extra)
	type statement struct {
		Sid      string   `json:"Sid"`
		Effect   string   `json:"Effect"`
		Action   []string `json:"Action"`
		Resource string   `json:"Resource"`
	}
	policy := struct {
		Version   string      `json:"Version"`
		Statement []statement `json:"Statement"`
	}{Version: "2012-10-17"}
	if len(covered) > 0 {
		policy.Statement = append(policy.Statement, statement{"IsmscheckCoveredBySecurityAudit", "Allow", covered, "*"})
	}
	if len(extra) > 0 {
		policy.Statement = append(policy.Statement, statement{"IsmscheckBeyondSecurityAudit", "Allow", extra, "*"})
	}
	return jsonOut(w, policy)
}
