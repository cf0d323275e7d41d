package github

import (
	"context"
	"encoding/json"
	"sort"
	"strings"
)

// Integrations are suppliers with access to code (GH-16): the GitHub Apps installed on the
// organization and the webhooks that send its events elsewhere. Webhook configurations hold
// a shared secret and a URL that may carry credentials: neither reaches evidence. The
// collector keeps whether a secret is set, and the URL's scheme and host.

type installationJSON struct {
	ID                  int64             `json:"id"`
	AppID               int64             `json:"app_id"`
	AppSlug             string            `json:"app_slug"`
	TargetType          string            `json:"target_type"`
	RepositorySelection string            `json:"repository_selection"`
	Permissions         map[string]string `json:"permissions"`
	Events              []string          `json:"events"`
	CreatedAt           *string           `json:"created_at"`
	UpdatedAt           *string           `json:"updated_at"`
	SuspendedAt         *string           `json:"suspended_at"`
}

type hookJSON struct {
	ID     int64    `json:"id"`
	Name   string   `json:"name"`
	Active bool     `json:"active"`
	Events []string `json:"events"`
	Config struct {
		URL         *string         `json:"url"`
		ContentType string          `json:"content_type"`
		InsecureSSL json.RawMessage `json:"insecure_ssl"`
		Secret      *string         `json:"secret"` // GitHub masks it as "********"; only its presence is kept
	} `json:"config"`
	CreatedAt *string `json:"created_at"`
}

// installations lists the GitHub Apps installed on the organization. The endpoint wraps the
// page's items in {"total_count", "installations"}.
func (col *collector) installations(ctx context.Context, orgPath string) ([]any, error) {
	var all []installationJSON
	err := col.c.pages(ctx, epOrgInstallations, orgPath+"/installations", nil, func(body []byte) error {
		var page struct {
			Installations []installationJSON `json:"installations"`
		}
		if err := json.Unmarshal(body, &page); err != nil {
			return err
		}
		all = append(all, page.Installations...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(all, func(i, j int) bool { return all[i].ID < all[j].ID })
	out := make([]any, 0, len(all))
	for _, in := range all {
		perms := map[string]any{}
		for k, v := range in.Permissions {
			perms[k] = v
		}
		events := append([]string{}, in.Events...)
		sort.Strings(events)
		out = append(out, map[string]any{
			"id": in.ID, "app_id": in.AppID, "app_slug": in.AppSlug, "target_type": in.TargetType,
			"repository_selection": in.RepositorySelection, "permissions": perms, "events": events,
			"created_at": utc(in.CreatedAt), "updated_at": utc(in.UpdatedAt), "suspended": in.SuspendedAt != nil && *in.SuspendedAt != "",
		})
	}
	return out, nil
}

// hooks lists webhooks (organization or repository) in their normalized, secret-free form.
func (col *collector) hooks(ctx context.Context, endpoint, path string) ([]any, error) {
	all, err := list[hookJSON](ctx, col.c, endpoint, path, nil)
	if err != nil {
		return nil, err
	}
	sort.Slice(all, func(i, j int) bool { return all[i].ID < all[j].ID })
	out := make([]any, 0, len(all))
	for _, h := range all {
		events := append([]string{}, h.Events...)
		sort.Strings(events)
		var scheme, host any
		if h.Config.URL != nil && *h.Config.URL != "" {
			scheme, host = "(unparseable)", "(unparseable)"
			if u, ok := parseHookURL(*h.Config.URL); ok {
				scheme, host = u[0], u[1]
			}
		}
		out = append(out, map[string]any{
			"id": h.ID, "name": h.Name, "active": h.Active, "events": events,
			"url_scheme": scheme, "url_host": host, "content_type": nilIfEmpty(h.Config.ContentType),
			"insecure_ssl": insecureSSL(h.Config.InsecureSSL), "secret_configured": h.Config.Secret != nil && *h.Config.Secret != "",
			"created_at": utc(h.CreatedAt),
		})
	}
	return out, nil
}

// parseHookURL gives a webhook URL's scheme and host (with port), nothing else: user info,
// path and query may hold credentials.
func parseHookURL(s string) ([2]string, bool) {
	v := schemeAndHost(&s)
	str, ok := v.(string)
	if !ok || !strings.Contains(str, "://") {
		return [2]string{}, false
	}
	scheme, host, _ := strings.Cut(str, "://")
	return [2]string{scheme, host}, true
}

// insecureSSL reads config.insecure_ssl, which GitHub sends as "0"/"1" (and some clients
// wrote as 0/1): anything but 0 turns TLS verification off. Absent means verified.
func insecureSSL(raw json.RawMessage) bool {
	s := strings.Trim(strings.TrimSpace(string(raw)), `"`)
	return s != "" && s != "0" && s != "null"
}
