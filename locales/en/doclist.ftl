# doclist's English messages. Every message has a Chinese twin of the same name and
# arguments in locales/zh/doclist.ftl (a test checks). $label is the field's name
# (Birth date), $field its key (birth_date).

## Common

list-separator = { ", " }
did-you-mean = { " " }(did you mean `{ $word }`?)
error-prefix = { "error: " }
hint-prefix = { "hint: " }

## Input files

input-not-json = not valid JSON at line { $line }, column { $column }: { $detail }
input-not-yaml = not valid YAML: { $detail }
input-not-yaml-at = not valid YAML at line { $line }, column { $column }: { $detail }
input-not-mapping = expected a mapping of `key: value` lines (name: 张三, housing: rented, …)
input-key-not-text = keys must be words, found `{ $key }`
input-error = { $origin }: { $message }
input-error-field = { $origin }: field `{ $field }`: { $message }
input-error-many = { $origin }: { $count } problems:
input-error-item-field = field `{ $field }`: { $message }

## Values

value-bool = { $label }: expected true or false (also yes/no, 是/否), got `{ $value }`
value-integer = { $label }: expected a whole number (0 or more), got `{ $value }`
value-date-shape = { $label }: expected a date written YYYY-MM-DD (e.g. 2001-02-28), got `{ $value }`
value-date-unreal = { $label }: `{ $value }` is not a real date (no such day in the calendar); write YYYY-MM-DD
value-text-nested = { $label }: expected text, got a list or mapping
value-enum = { $label }: `{ $value }` is not allowed{ $hint }; allowed: { $allowed }
value-enum-choice = { $value } ({ $choice })
unknown-field = unknown field `{ $field }`{ $hint }; the fields of { $policy } are: { $keys }
derived-field = { $label } is computed by doclist and cannot be given ({ $how })
derived-how-as-of = use --date
derived-how-age = give birth_date or id_number
derived-how-date = a date the policy computes
birth-date-mismatch = { $label } is { $given } but the ID number says { $from_id }
required = { $label } is required ({ $question })
date-after-as-of = { $label } { $given } is after the day of the checklist, { $as_of }

## ID numbers (GB 11643)

id-length = { $label }: must be 18 characters (17 digits and a check digit or X), got { $count }
id-digits = { $label }: the first 17 characters must be digits
id-birth = { $label }: characters 7–14 (`{ $digits }`) are not a real birth date
id-check-digit = { $label }: the check digit should be { $want }, so a digit is mistyped (it is { $got })

## Policies

no-policy = { $origin }: no policy given; add `policy: <id>` to the input or pass --policy (available: { $available })
policy-unknown = unknown policy `{ $id }`{ $hint }; available: { $available }
policy-not-in-force = policy `{ $id }` has no version in force on { $date }: its first version takes effect on { $first }
policy-error = { $origin }: { $message }
policy-given = { $origin }: field `policy`
policy-missing = no policy given; available: { $available }
