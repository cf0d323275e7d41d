// Package rules embeds the built-in rule pack: one Rego package per rule, grouped by
// evidence source, with shared helpers under lib/. See README.md for the rule contract.
package rules

import "embed"

// FS holds every built-in rule, library module and Rego test.
//
//go:embed lib isms git github aws
var FS embed.FS
