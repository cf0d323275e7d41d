# Shared helpers for the ISMS documentation rules (not a rule: no METADATA).
#
# Blank-value detection, date arithmetic relative to the run's as_of date,
# lookups over the ISMS inventory and small vocabularies (applicability,
# top-management roles). Functions never raise builtin errors on bad input:
# rules run with strict builtin errors, so every value is checked first.
package lib.isms

# Nanoseconds in one day.
day_ns := 86400000000000

# ---------------------------------------------------------------------------
# Blank values
# ---------------------------------------------------------------------------

# Template leftovers that mean "not filled in". "N/A", "none" and "n/a" are NOT
# here on purpose: they are legitimate answers in many fields.
placeholder_words := {
	"", "tbd", "tbc", "tba", "todo", "to do", "to be defined", "to be determined",
	"to be confirmed", "fixme", "xxx", "?", "??", "???", "-", "--", "---",
	"\u2013", "\u2014", "...", "\u2026", "yyyy-mm-dd", "dd/mm/yyyy", "mm/dd/yyyy",
}

# blank(x) is true for null, an empty or whitespace-only string, a template
# placeholder ("TBD", "TODO", "[OWNER]", "<date>", "{{ owner }}"), an empty
# collection, or a list whose every element is blank. Numbers and booleans are
# never blank. The collector's "[redacted]" marker is a value, not a blank.
blank(x) if _blank_scalar(x)

blank(x) if {
	is_array(x)
	every e in x {
		_blank_scalar(e)
	}
}

blank(x) if {
	is_set(x)
	every e in x {
		_blank_scalar(e)
	}
}

blank(x) if {
	is_object(x)
	count(x) == 0
}

_blank_scalar(x) if x == null

_blank_scalar(x) if {
	is_string(x)
	_placeholder(lower(trim_space(x)))
}

_placeholder(s) if s in placeholder_words

_placeholder(s) if {
	regex.match(`^(\[[^\]]*\]|<[^>@]*>|\{\{.*\}\}|\{[^}]*\})$`, s)
	s != "[redacted]"
}

# blank_field(obj, key) is true when obj has no key, or its value is blank.
blank_field(obj, key) if blank(object.get(obj, key, null))

# missing_fields(obj, keys) lists, in the order given, the keys of obj that are
# absent or blank.
missing_fields(obj, keys) := [k | some k in keys; blank_field(obj, k)]

# first_value(obj, keys) is the value of the first key of keys whose value is
# not blank (for column synonyms such as ["due_date", "due"]); undefined if none.
first_value(obj, keys) := [v |
	is_object(obj)
	some k in keys
	v := object.get(obj, k, null)
	not blank(v)
][0]

# has_value(obj, keys): some key of keys has a value that is not blank. Use it
# rather than `not first_value(...)`, which is also true for a value of false.
has_value(obj, keys) if {
	is_object(obj)
	some k in keys
	not blank(object.get(obj, k, null))
}

# ---------------------------------------------------------------------------
# Dates ("YYYY-MM-DD" strings; today is time.now_ns() = the run's as_of)
# ---------------------------------------------------------------------------

# valid_date(s) is true for a real calendar date written YYYY-MM-DD. It is
# checked by hand so that time.parse_ns never sees a bad value.
valid_date(s) if {
	is_string(s)
	regex.match(`^[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$`, s)
	parts := split(s, "-")
	_day_fits(to_number(parts[0]), parts[1], parts[2])
}

_day_fits(_, _, d) if d <= "28"

_day_fits(_, m, d) if {
	d in {"29", "30"}
	m != "02"
}

_day_fits(_, m, "31") if m in {"01", "03", "05", "07", "08", "10", "12"}

_day_fits(y, "02", "29") if _leap(y)

_leap(y) if {
	y % 4 == 0
	y % 100 != 0
}

_leap(y) if y % 400 == 0

# Midnight UTC of the run's as_of day.
today_ns := floor(time.now_ns() / day_ns) * day_ns

# date_ns(s) is the UTC midnight of a valid date; undefined otherwise.
date_ns(s) := time.parse_ns("2006-01-02", s) if valid_date(s)

# days_since(s): whole days from date s to as_of (negative if s is later).
days_since(s) := round((today_ns - date_ns(s)) / day_ns)

# days_until(s): whole days from as_of to date s (negative if s has passed).
days_until(s) := round((date_ns(s) - today_ns) / day_ns)

# today is as_of as "YYYY-MM-DD".
today := time.format([today_ns, "UTC", "2006-01-02"])

# plural(n, word): "1 day", "82 days".
plural(n, word) := sprintf("%d %s", [n, word]) if n == 1

plural(n, word) := sprintf("%d %ss", [n, word]) if n != 1

# ---------------------------------------------------------------------------
# Inventory lookups (docs is input.documents, grouped by kind)
# ---------------------------------------------------------------------------

# meta(d) is a document's front matter (or a register's header), {} if none.
meta(d) := m if {
	m := d.data.meta
	is_object(m)
} else := {}

# resource(d) names a document as a finding's resource.
resource(d) := {"kind": d.kind, "id": d.id}

# usable(d) is false only for documents the collector marked incomplete; the
# engine reports those as errors, so rules do not grade their contents.
usable(d) if not d.complete == false

# Performance: look documents up by reference (docs["isms.document"]), never with
# object.get(docs, ...): a built-in given input.documents walks all of it on every call.

# docs_of_type(docs, t): the isms.document entries whose front-matter type is t.
docs_of_type(docs, t) := [d |
	some d in docs["isms.document"]
	d.data.type == t
]

# registers_of_type(docs, t): the isms.register entries of register type t.
registers_of_type(docs, t) := [r |
	some r in docs["isms.register"]
	r.data.register == t
]

# has_doc(docs, t): a document of type t was collected, or the repository
# index lists one (the file may be unreadable, but it exists).
has_doc(docs, t) if count(docs_of_type(docs, t)) > 0

has_doc(docs, t) if {
	some repo in docs["isms.repository"]
	count(object.get(repo, ["data", "documents_by_type", t], [])) > 0
}

# has_register(docs, t): a register of type t was collected or is indexed.
has_register(docs, t) if count(registers_of_type(docs, t)) > 0

has_register(docs, t) if {
	some repo in docs["isms.repository"]
	count(object.get(repo, ["data", "registers_by_type", t], [])) > 0
}

# present(docs, doc_type, register_type): either form of the evidence exists.
# Pass null for a form that does not apply.
present(docs, doc_type, _) if {
	doc_type != null
	has_doc(docs, doc_type)
}

present(docs, _, register_type) if {
	register_type != null
	has_register(docs, register_type)
}

# with_line(finding, d, field) adds "line" from the document's data.lines
# (front-matter field → line) when the collector recorded it.
with_line(finding, d, field) := object.union(finding, {"line": l}) if {
	l := d.data.lines[field]
	is_number(l)
} else := finding

# row_line(r, i): the file line of register row i; undefined if unknown.
row_line(r, i) := l if {
	l := r.data.row_lines[i]
	is_number(l)
}

# with_row_line(finding, r, i) adds "line" for register row i when known.
with_row_line(finding, r, i) := object.union(finding, {"line": row_line(r, i)}) if {
	row_line(r, i)
} else := finding

# row_label(r, i) names register row i: its id, else its line, else its index.
row_label(r, i) := row_label_keys(r, i, ["id"])

# row_label_keys(r, i, keys): as row_label, taking the id from the first of keys.
row_label_keys(r, i, keys) := sprintf("%v", [first_value(r.data.rows[i], keys)]) if {
	has_value(r.data.rows[i], keys)
} else := sprintf("line %d", [row_line(r, i)]) if {
	row_line(r, i)
} else := sprintf("row %d", [i + 1])

# has_column(r, c): the register has column c (in its header or in any row).
has_column(r, c) if c in object.get(r.data, "columns", [])

has_column(r, c) if {
	some row in object.get(r.data, "rows", [])
	is_object(row)
	c in object.keys(row)
}

# ---------------------------------------------------------------------------
# Vocabularies
# ---------------------------------------------------------------------------

_norm_word(v) := replace(replace(lower(trim_space(v)), "_", " "), "-", " ")

yes_words := {"yes", "y", "true", "applicable", "included", "include", "in scope"}

no_words := {
	"no", "n", "false", "excluded", "exclude", "not applicable", "n/a", "na",
	"out of scope",
}

# is_yes(v): an applicability value meaning "applies / included".
is_yes(v) if v == true

is_yes(v) if {
	is_string(v)
	_norm_word(v) in yes_words
}

# is_no(v): an applicability value meaning "does not apply / excluded".
is_no(v) if v == false

is_no(v) if {
	is_string(v)
	_norm_word(v) in no_words
}

_words(s) := concat("", [" ", trim_space(regex.replace(lower(s), `[^\p{L}\p{N}]+`, " ")), " "])

# top_management(role, roles): role names one of roles, compared case-
# insensitively as whole words ("Chief Executive Officer" matches "chief
# executive"; "IT Director" does not match "cto", "Coordinator" not "coo").
top_management(role, roles) if {
	is_string(role)
	r := _words(role)
	some t in roles
	is_string(t)
	w := _words(t)
	trim_space(w) != ""
	contains(r, w)
}

# with_first_line(finding, d, fields) adds the line of the first of fields
# that data.lines knows, if any.
with_first_line(finding, d, fields) := out if {
	known := [f | some f in fields; is_number(d.data.lines[f])]
	count(known) > 0
	out := with_line(finding, d, known[0])
} else := finding

# param(name, default): input.params[name], or default when not configured. (A reference,
# not object.get(input, ...): handing the whole input to a built-in makes OPA walk all of
# it on every call, which made inventory rules over large ISMSs slow.)
param(name, default_value) := v if {
	v := input.params[name]
} else := default_value

# number_param(name, default): a numeric parameter; default when unset or not a number.
number_param(name, default_value) := v if {
	v := param(name, default_value)
	is_number(v)
} else := default_value

# ---------------------------------------------------------------------------
# Registers: rows, required values and lists inside cells
# ---------------------------------------------------------------------------

# rows(r): a register's rows ([] when there are none).
rows(r) := v if {
	v := r.data.rows
	is_array(v)
} else := []

# usable_registers(docs, t): the registers of type t the collector read completely.
usable_registers(docs, t) := [r | some r in registers_of_type(docs, t); usable(r)]

# all_usable(ds): no document of ds was marked incomplete (true for an empty list).
all_usable(ds) if {
	every d in ds {
		usable(d)
	}
}

# has_any_column(r, columns): the register has one of columns.
has_any_column(r, columns) if {
	some c in columns
	has_column(r, c)
}

# A spec lists the values a register's rows need, each with the column names
# accepted for it, and "date": true when the value must be a YYYY-MM-DD date:
#   [{"field": "owner", "columns": ["owner", "risk_owner"]},
#    {"field": "due_date", "columns": ["due_date", "due"], "date": true}]

# absent_fields(r, spec): the fields of spec the register has no column for.
absent_fields(r, spec) := [q.field | some q in spec; not has_any_column(r, q.columns)]

# row_gaps(r, spec): the rows lacking a value of spec, as [{"index": i, "fields": [...]}].
# Only fields whose column exists are checked (absent_fields reports the others).
# A blank value is named by its field; a bad date as `due_date "soon" (not a date)`.
row_gaps(r, spec) := [{"index": i, "fields": fields} |
	some i, row in rows(r)
	fields := [g |
		some q in spec
		has_any_column(r, q.columns)
		g := _gap(row, q)
	]
	count(fields) > 0
]

_gap(row, q) := q.field if {
	not has_value(row, q.columns)
} else := sprintf("%s %s (not a date)", [q.field, json.marshal(first_value(row, q.columns))]) if {
	object.get(q, "date", false) == true
	not valid_date(first_value(row, q.columns))
}

# describe_row(r, i, id_columns, detail): "R-02 (line 3): detail" when the row has an
# id and a known line, else "<id, line or row number>: detail".
describe_row(r, i, id_columns, detail) := sprintf("%s (line %d): %s", [row_label_keys(r, i, id_columns), row_line(r, i), detail]) if {
	has_value(rows(r)[i], id_columns)
	row_line(r, i)
} else := sprintf("%s: %s", [row_label_keys(r, i, id_columns), detail])

# describe_gaps(r, gaps, id_columns): every row of row_gaps, "; "-separated.
describe_gaps(r, gaps, id_columns) := concat("; ", [describe_row(r, g.index, id_columns, concat(", ", g.fields)) | some g in gaps])

# row_text(r, i, id_columns): "R-02 (line 3)", "R-02", "line 3" or "row 3".
row_text(r, i, id_columns) := sprintf("%s (line %d)", [row_label_keys(r, i, id_columns), row_line(r, i)]) if {
	has_value(rows(r)[i], id_columns)
	row_line(r, i)
} else := row_label_keys(r, i, id_columns)

# list_values(v): the entries of a list cell: a YAML list, or a string separated by
# ";" or ",". Numbers become strings; blanks, objects and lists are dropped.
list_values(v) := [trim_space(sprintf("%v", [x])) | some x in v; _list_scalar(x); not blank(x)] if {
	is_array(v)
} else := [trim_space(x) | some x in regex.split(`[;,]`, v); not blank(x)] if {
	is_string(v)
} else := [sprintf("%v", [v])] if {
	is_number(v)
} else := []

_list_scalar(x) if is_string(x)

_list_scalar(x) if is_number(x)

# text(v): a scalar cell as a trimmed string ("" for null, objects and lists).
text(v) := trim_space(v) if {
	is_string(v)
} else := sprintf("%v", [v]) if {
	is_number(v)
} else := sprintf("%v", [v]) if {
	is_boolean(v)
} else := ""

# norm(v): text(v) lower-cased with runs of white space made one space, for comparing
# names and ids written by hand ("Pol-01 " = "POL-01").
norm(v) := regex.replace(lower(text(v)), `\s+`, " ")

# list_text(items, n): the first n items, ", "-separated, then "and N more".
list_text(items, n) := concat(", ", items) if {
	count(items) <= n
} else := sprintf("%s and %d more", [concat(", ", array.slice(items, 0, n)), count(items) - n])

# percent(x): a share as a percentage with at most one decimal: 0.9672 -> "96.7%".
percent(x) := sprintf("%v%%", [round(x * 1000) / 10])

# ---------------------------------------------------------------------------
# Clause and Annex A ids
# ---------------------------------------------------------------------------

# annex_a_id(v): the 2022 Annex A id v names: "A.5.1", "a 5.1", "5.01 Policies" and
# "A.05.01" all give "A.5.1". 2013 ids (A.9.4.2) and clause ids (6.1.3) give nothing.
annex_a_id(v) := sprintf("A.%s.%s", [m[0][1], m[0][2]]) if {
	_list_scalar(v)
	s := upper(text(v))
	m := regex.find_all_string_submatch_n(`^(?:A\s*\.?\s*)?0?([5-8])\.0?([0-9]{1,2})(?:[^0-9.]|$)`, s, 1)
	count(m) == 1
}

# clause_id(v): the clause id v names: "4.1", "Clause 9.2.1", "clauses 7" give "4.1",
# "9.2.1", "7". Only clauses 4 to 10 are ids of requirements.
clause_id(v) := m[0][1] if {
	_list_scalar(v)
	s := lower(text(v))
	m := regex.find_all_string_submatch_n(`^(?:clauses?\s*)?((?:10|[4-9])(?:\.[0-9]{1,2}){0,2})$`, s, 1)
	count(m) == 1
}

# The clauses of ISO/IEC 27001:2022 that carry requirements (4.1 to 10.2).
requirement_clauses := [
	"4.1", "4.2", "4.3", "4.4", "5.1", "5.2", "5.3", "6.1.1", "6.1.2", "6.1.3", "6.2", "6.3",
	"7.1", "7.2", "7.3", "7.4", "7.5.1", "7.5.2", "7.5.3", "8.1", "8.2", "8.3", "9.1",
	"9.2.1", "9.2.2", "9.3.1", "9.3.2", "9.3.3", "10.1", "10.2",
]

# control_block(d) names where a document keeps its document control, for messages: its
# front matter, or (read through a layout) a table or blockquote in its body.
control_block(d) := "document control block" if d.data.front_matter == false

else := "front matter"
