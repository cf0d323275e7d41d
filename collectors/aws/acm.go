package aws

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	acmtypes "github.com/aws/aws-sdk-go-v2/service/acm/types"
)

// acmPageSize is the largest page ListCertificates accepts.
const acmPageSize = 1000

// acmKeyTypes is every key algorithm ACM issues or imports: without this filter
// ListCertificates returns RSA_2048 certificates only, and an EC or RSA 4096 certificate
// would silently be missing from the inventory.
var acmKeyTypes = acmtypes.KeyAlgorithm("").Values()

// certificates writes the region's ACM certificates from the paged ListCertificates, whose
// summaries carry NotAfter and InUse on current API versions. DescribeCertificate is asked
// only for an issued certificate whose summary has no NotAfter (an older endpoint), so
// the expiry of an issued certificate is never silently missing.
func (r *run) certificates(ctx context.Context, cfg aws.Config, account, region string, reg *record) {
	client := acm.NewFromConfig(cfg)
	var list []acmtypes.CertificateSummary
	p := acm.NewListCertificatesPaginator(client, &acm.ListCertificatesInput{
		MaxItems: aws.Int32(acmPageSize),
		Includes: &acmtypes.Filters{KeyTypes: acmKeyTypes},
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			r.listingFailed(fmt.Sprintf("account %s region %s", account, region), reg, KindCertificate, "acm", "ListCertificates", err)
			return
		}
		list = append(list, page.CertificateSummaryList...)
	}
	reg.listed(KindCertificate, len(list))
	for _, c := range list {
		arn := aws.ToString(c.CertificateArn)
		id := arn[strings.LastIndex(arn, "/")+1:]
		rec := r.regionalRecord(KindCertificate, fmt.Sprintf("aws:%s:%s:acm/%s", account, region, id), account, region)
		rec.set("certificate_id", id)
		rec.set("arn", arn)
		rec.set("domain", optString(c.DomainName))
		rec.set("type", nonEmpty(string(c.Type)))
		rec.set("status", nonEmpty(string(c.Status)))
		rec.set("renewal_eligibility", nonEmpty(string(c.RenewalEligibility)))
		rec.set("in_use", optBool(c.InUse))
		rec.set("not_after", timeOrNil(c.NotAfter))
		if c.NotAfter == nil && c.Status == acmtypes.CertificateStatusIssued {
			r.describeCertificate(ctx, client, arn, rec)
		}
		r.emit(rec)
	}
}

// describeCertificate fills the facts a summary left out from the certificate's details.
func (r *run) describeCertificate(ctx context.Context, client *acm.Client, arn string, rec *record) {
	out, err := client.DescribeCertificate(ctx, &acm.DescribeCertificateInput{CertificateArn: aws.String(arn)})
	if err != nil {
		rec.fail("not_after", "acm", "DescribeCertificate", err)
		return
	}
	d := out.Certificate
	if d == nil {
		return
	}
	rec.set("not_after", timeOrNil(d.NotAfter))
	rec.set("in_use", len(d.InUseBy) > 0)
	if d.RenewalEligibility != "" {
		rec.set("renewal_eligibility", string(d.RenewalEligibility))
	}
}
