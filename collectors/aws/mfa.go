package aws

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
)

// mfaInventory is what the account's MFA devices say about the root user and each user
// whose MFA is active. The credential report's mfa_active answers "has MFA" for everyone;
// the device types cost more, so they are asked in two steps:
//
//  1. ListVirtualMFADevices (assigned; 1,000 a page): every authenticator-app device and
//     its user, for the whole account. A user holding one can sign in with a phishable code.
//  2. ListMFADevices, once per user whose MFA is active but who holds no virtual device
//     (usually few): tells hardware TOTP tokens from FIDO security keys.
type mfaInventory struct {
	rootVirtual bool
	virtual     map[string]bool // user names with an assigned virtual device
	listErr     error           // step 1 failed: no user's device types are known

	mu      sync.Mutex
	devices map[string][]string // user name -> device types, from step 2
	errs    map[string]error    // user name -> step 2 failure
}

// Device types, from the serial number's shape.
const (
	mfaVirtual  = "virtual"  // arn:aws:iam::<account>:mfa/<name>
	mfaFIDO     = "u2f"      // arn:aws:iam::<account>:u2f/user/<name>/<key id>
	mfaHardware = "hardware" // a token's serial, e.g. GAKT12345678
)

func mfaType(serial string) string {
	switch {
	case strings.Contains(serial, ":u2f/"):
		return mfaFIDO
	case strings.HasPrefix(serial, "arn:") && strings.Contains(serial, ":mfa/"):
		return mfaVirtual
	}
	return mfaHardware
}

// readMFA runs step 1 when the root user or any user has MFA active, then step 2 for the
// users that need it, with at most concurrency calls at once.
func readMFA(ctx context.Context, client *iam.Client, account string, report *credentialReport, concurrency int) *mfaInventory {
	inv := &mfaInventory{virtual: map[string]bool{}, devices: map[string][]string{}, errs: map[string]error{}}
	var active []string
	for name, row := range report.rows {
		if reportBool(row, "mfa_active") == true {
			active = append(active, name)
		}
	}
	if len(active) == 0 {
		return inv
	}
	rootSerial := fmt.Sprintf("arn:%s:iam::%s:mfa/root-account-mfa-device", partitionOf(report.rows[rootUser]["arn"]), account)
	p := iam.NewListVirtualMFADevicesPaginator(client, &iam.ListVirtualMFADevicesInput{AssignmentStatus: iamtypes.AssignmentStatusTypeAssigned, MaxItems: aws.Int32(1000)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			inv.listErr = err
			return inv
		}
		for _, d := range page.VirtualMFADevices {
			switch {
			case aws.ToString(d.SerialNumber) == rootSerial, d.User != nil && strings.HasSuffix(aws.ToString(d.User.Arn), ":root"):
				inv.rootVirtual = true
			case d.User != nil:
				inv.virtual[aws.ToString(d.User.UserName)] = true
			}
		}
	}
	work := make(chan string)
	var wg sync.WaitGroup
	for range min(concurrency, len(active)) {
		wg.Go(func() {
			for name := range work {
				types, err := userMFATypes(ctx, client, name)
				inv.mu.Lock()
				if err != nil {
					inv.errs[name] = err
				} else {
					inv.devices[name] = types
				}
				inv.mu.Unlock()
			}
		})
	}
	for _, name := range active {
		if name != rootUser && !inv.virtual[name] {
			work <- name
		}
	}
	close(work)
	wg.Wait()
	return inv
}

func userMFATypes(ctx context.Context, client *iam.Client, user string) ([]string, error) {
	var types []string
	p := iam.NewListMFADevicesPaginator(client, &iam.ListMFADevicesInput{UserName: aws.String(user)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, d := range page.MFADevices {
			types = appendUnique(types, mfaType(aws.ToString(d.SerialNumber)))
		}
	}
	return sorted(types), nil
}

// phishingResistant sets mfa_phishing_resistant on a user's record: true only when every
// MFA device the user can sign in with is a FIDO security key. No MFA, or any virtual or
// hardware TOTP device, is false; devices that could not be listed leave it null with the
// error naming the call.
func (inv *mfaInventory) phishingResistant(rec *record, name string, mfaActive bool) {
	switch {
	case !mfaActive:
		rec.set("mfa_phishing_resistant", false)
	case inv.listErr != nil:
		rec.fail("mfa_phishing_resistant", "iam", "ListVirtualMFADevices", inv.listErr)
	case inv.virtual[name]:
		rec.set("mfa_phishing_resistant", false)
	default:
		inv.mu.Lock()
		types, err := inv.devices[name], inv.errs[name]
		inv.mu.Unlock()
		switch {
		case err != nil:
			rec.fail("mfa_phishing_resistant", "iam", "ListMFADevices", err)
		case len(types) == 0:
			// The report says MFA is active but no device is listed: deactivated since the
			// report was generated. Not phishing-resistant, whatever it was.
			rec.set("mfa_phishing_resistant", false)
		default:
			rec.set("mfa_phishing_resistant", len(types) == 1 && types[0] == mfaFIDO)
		}
	}
}
