// Command ismscheck audits an ISO/IEC 27001:2022 ISMS as code. See README.md.
package main

import (
	"context"
	"os"
	"os/signal"

	"github.com/ismscheck/ismscheck/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := cli.Main(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
