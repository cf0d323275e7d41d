package aws

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/account"
	accounttypes "github.com/aws/aws-sdk-go-v2/service/account/types"
)

// securityContact reads whether the account has a SECURITY alternate contact, the address
// AWS writes to about abuse and security issues. ResourceNotFoundException is AWS saying
// none is set: a fact. Only whether one is set, and whether it has an address and a phone,
// reaches evidence: the contact's name, address and number are personal data the rules
// do not need.
func securityContact(ctx context.Context, cfg aws.Config, acct *record) {
	out, err := account.NewFromConfig(cfg).GetAlternateContact(ctx, &account.GetAlternateContactInput{
		AlternateContactType: accounttypes.AlternateContactTypeSecurity,
	})
	switch {
	case errorCode(err) == "ResourceNotFoundException":
		acct.set("security_contact", map[string]any{"configured": false, "email": false, "phone": false})
	case err != nil:
		acct.fail("security_contact", "account", "GetAlternateContact", err)
	default:
		c := out.AlternateContact
		if c == nil {
			c = &accounttypes.AlternateContact{}
		}
		email, phone := aws.ToString(c.EmailAddress) != "", aws.ToString(c.PhoneNumber) != ""
		acct.set("security_contact", map[string]any{"configured": email || phone, "email": email, "phone": phone})
	}
}
