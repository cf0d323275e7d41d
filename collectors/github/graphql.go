package github

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// graphqlURLFor is where GitHub serves GraphQL for a REST root: api.github.com/graphql, and
// on GitHub Enterprise Server https://host/api/graphql beside https://host/api/v3/.
func graphqlURLFor(api *url.URL) *url.URL {
	u := *api
	if strings.HasSuffix(u.Path, "/api/v3/") {
		u.Path = strings.TrimSuffix(u.Path, "v3/") + "graphql"
	} else {
		u.Path += "graphql"
	}
	u.RawQuery = ""
	return &u
}

// graphqlError is one entry of a GraphQL answer's errors array.
type graphqlError struct {
	Type    string `json:"type"`
	Message string `json:"message"`
	Path    []any  `json:"path"`
}

// GraphQL error types that mean "the token may not see this", as GitHub names them. They
// become the REST status of the same meaning, so a refusal is a denied gap naming the
// permission, exactly like a REST 403/404.
var graphqlRefusals = map[string]int{
	"FORBIDDEN":           http.StatusForbidden,
	"INSUFFICIENT_SCOPES": http.StatusForbidden,
	"NOT_FOUND":           http.StatusNotFound,
}

// graphqlFailure is a GraphQL answer with errors that are not refusals (RATE_LIMITED once the
// budget is spent, MAX_NODE_LIMIT_EXCEEDED, INTERNAL, a query GitHub could not parse). The
// fact becomes an error (denied: false): never a pass.
type graphqlFailure struct {
	endpoint string
	errs     []graphqlError
}

func (e *graphqlFailure) Error() string {
	parts := make([]string, 0, len(e.errs))
	for _, g := range e.errs {
		kind := g.Type
		if kind == "" {
			kind = "error"
		}
		parts = append(parts, kind+": "+firstLine(g.Message))
	}
	return fmt.Sprintf("%s: GraphQL %s", e.endpoint, strings.Join(parts, "; "))
}

// query posts one GraphQL query through the same go-github client and transports as REST
// (so the request semaphore, rate-limit waits, retries and accounting apply) and decodes
// data into out. GraphQL answers 200 even when it refuses: the errors array decides.
func (c *client) query(ctx context.Context, endpoint, query string, variables map[string]any, out any) error {
	select {
	case c.sem <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-c.sem }()
	req, err := c.gh.NewRequest(http.MethodPost, c.graphql.String(), map[string]any{"query": query, "variables": variables})
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	var body json.RawMessage
	resp, err := c.gh.Do(withEndpoint(ctx, endpoint), req, &body)
	if resp != nil && resp.Response != nil && (resp.StatusCode < 200 || resp.StatusCode > 299) {
		return &apiError{Endpoint: endpoint, Method: http.MethodPost, Path: c.graphql.Path, Status: resp.StatusCode, Message: c.scrubText(messageOf(err))}
	}
	if err != nil {
		return c.scrub(err)
	}
	var envelope struct {
		Data   json.RawMessage `json:"data"`
		Errors []graphqlError  `json:"errors"`
	}
	if err := json.Unmarshal(body, &envelope); err != nil {
		return fmt.Errorf("%s: decoding the answer: %w", endpoint, err)
	}
	if len(envelope.Errors) > 0 {
		for _, g := range envelope.Errors {
			if status, ok := graphqlRefusals[strings.ToUpper(g.Type)]; ok {
				return &apiError{Endpoint: endpoint, Method: http.MethodPost, Path: c.graphql.Path, Status: status,
					Message: c.scrubText(fmt.Sprintf("GraphQL %s: %s", g.Type, g.Message))}
			}
		}
		return &graphqlFailure{endpoint: endpoint, errs: envelope.Errors}
	}
	if len(envelope.Data) == 0 || string(envelope.Data) == "null" {
		return fmt.Errorf("%s: GraphQL answer without data", endpoint)
	}
	if err := json.Unmarshal(envelope.Data, out); err != nil {
		return fmt.Errorf("%s: decoding the answer: %w", endpoint, err)
	}
	return nil
}
