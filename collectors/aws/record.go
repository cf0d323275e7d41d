package aws

import (
	"fmt"
	"sort"
	"sync"

	"github.com/ismscheck/ismscheck/evidence"
)

// record is a document being built. Several goroutines may fill one (the account
// document gets facts from IAM, S3 Control and Organizations), so it locks.
type record struct {
	kind, id, source string
	mu               sync.Mutex
	data             map[string]any
	errs             []evidence.Error
	// inventory is what each listing behind the document found (kind -> count), or null
	// for a listing that failed: written as data.inventory when any listing reported.
	inventory map[string]any
}

func (r *run) newRecord(kind, id, source string) *record {
	return &record{kind: kind, id: id, source: source, data: map[string]any{}}
}

// regionalRecord is a record of a resource in one account and region: its source is the
// region, and it carries account_id and region as every regional kind does.
func (r *run) regionalRecord(kind, id, account, region string) *record {
	rec := r.newRecord(kind, id, fmt.Sprintf("aws:%s:%s", account, region))
	rec.set("account_id", account)
	rec.set("region", region)
	return rec
}

func (rec *record) set(key string, v any) {
	rec.mu.Lock()
	rec.data[key] = v
	rec.mu.Unlock()
}

// fail marks a fact unreadable: null, plus an error naming the call and its permission.
func (rec *record) fail(key, service, operation string, err error) {
	rec.failWith(key, fault(service, operation, err))
}

func (rec *record) failWith(key string, e evidence.Error) {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if key != "" {
		rec.data[key] = nil
	}
	for _, have := range rec.errs {
		if have == e {
			return
		}
	}
	rec.errs = append(rec.errs, e)
}

// listed records that a listing of kind succeeded and found n resources.
func (rec *record) listed(kind string, n int) {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if rec.inventory == nil {
		rec.inventory = map[string]any{}
	}
	if have, ok := rec.inventory[kind]; ok && have == nil {
		return // another listing of the kind failed: the count stays unknown
	}
	rec.inventory[kind] = n
}

// unlisted records that a listing of kind failed: the kind's inventory is null, and the
// error (naming the call and its permission) makes the rules that declare it skip or
// error this document rather than conclude from the missing resources.
func (rec *record) unlisted(kind string, e evidence.Error) {
	rec.mu.Lock()
	if rec.inventory == nil {
		rec.inventory = map[string]any{}
	}
	rec.inventory[kind] = nil
	rec.mu.Unlock()
	rec.failWith("", e)
}

// emit seals the record into a document. Errors are sorted: facts gathered concurrently
// must still give the same document.
func (r *run) emit(rec *record) {
	d := evidence.New(rec.kind, rec.id, r.now, evidence.Provenance{Collector: CollectorName, CollectorVersion: r.o.Version, Source: rec.source})
	rec.mu.Lock()
	if rec.inventory != nil {
		rec.data["inventory"] = rec.inventory
	}
	d.Data = rec.data
	if len(rec.errs) > 0 {
		d.Complete = false
		d.Errors = append(d.Errors, rec.errs...)
		sort.Slice(d.Errors, func(i, j int) bool {
			if d.Errors[i].Needs != d.Errors[j].Needs {
				return d.Errors[i].Needs < d.Errors[j].Needs
			}
			return d.Errors[i].Message < d.Errors[j].Message
		})
	}
	rec.mu.Unlock()
	if err := d.Seal(); err != nil {
		r.failPart(rec.id, "ismscheck", "Seal", err)
		return
	}
	r.mu.Lock()
	r.docs = append(r.docs, d)
	r.mu.Unlock()
}
