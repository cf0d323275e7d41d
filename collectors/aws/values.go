package aws

import (
	"sort"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// The helpers below turn SDK pointers into evidence values: nil stays null, times become
// RFC 3339 UTC strings, lists are sorted so the same facts give the same digest.

func timeOrNil(t *time.Time) any {
	if t == nil || t.IsZero() {
		return nil
	}
	return t.UTC().Format(time.RFC3339)
}

func optInt32(v *int32) any {
	if v == nil {
		return nil
	}
	return int(*v)
}

func optString(v *string) any {
	if v == nil || *v == "" {
		return nil
	}
	return *v
}

func optBool(v *bool) any {
	if v == nil {
		return nil
	}
	return *v
}

func sorted(list []string) []string {
	out := append([]string{}, list...)
	sort.Strings(out)
	return out
}

// isoTime normalizes a timestamp some APIs return as a string (GuardDuty) to RFC 3339 UTC.
func isoTime(s string) any {
	if s == "" {
		return nil
	}
	for _, layout := range []string{time.RFC3339Nano, time.RFC3339} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC().Format(time.RFC3339)
		}
	}
	return s
}

func optInt64(v *int64) any {
	if v == nil {
		return nil
	}
	return *v
}

// tagMap turns a service's tag list into key → value; kv reads one tag's key and value
// (every SDK has its own Tag type with the same two fields).
func tagMap[T any](tags []T, kv func(T) (*string, *string)) map[string]any {
	out := map[string]any{}
	for _, t := range tags {
		k, v := kv(t)
		out[aws.ToString(k)] = aws.ToString(v)
	}
	return out
}
