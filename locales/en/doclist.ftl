# doclist's English messages. Every message has a Chinese twin of the same name and
# arguments in locales/zh/doclist.ftl (a test checks). $label is the field's name
# (Birth date), $field its key (birth_date).

## Common

list-separator = { ", " }
list-cut = { $list }, and { $more } more not listed
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
value-date-shape = { $label }: expected a date written YYYY-MM-DD (e.g. 2001-02-28; 20010228 and 2001年2月28日 work too), got `{ $value }`
value-date-unreal = { $label }: `{ $value }` is not a real date (no such day in the calendar); write YYYY-MM-DD
value-text-nested = { $label }: expected text, got a list or mapping
value-enum = { $label }: `{ $value }` is not allowed{ $hint }; allowed: { $allowed }
value-enum-choice = { $value } ({ $choice })
unknown-field = unknown field `{ $field }`{ $hint }; the fields of { $policy } are: { $keys }
derived-field = { $label } is computed by doclist and cannot be given ({ $how })
derived-how-as-of = give it with --date on the command line, or the date field on the web and in the API
derived-how-age = give birth_date or id_number
derived-how-date = a date the policy computes
birth-date-mismatch = { $label } is { $given } but the ID number says { $from_id }
required = { $label } is required ({ $question })
date-after-as-of = { $label } { $given } is after { $as_of }, the day of the checklist

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
city-given = { $origin }: field `city`
policy-missing = no policy given; available: { $available }
option-policy = --policy

## Batch

sheet-problem = the sheet has a problem: { $detail }
row-stray-cells = the row has more cells than the header has columns
row-no-policy = no policy: fill the `policy` column or pass --policy (available: { $available })
row-no-policy-page = no procedure: fill in the 办理事项 column, or choose one under 办理事项 above (one of: { $titles })
row-render-failed = the checklist could not be made: { $detail }
row-cannot-write = cannot write { $file }: { $detail }
errors-csv-row = row
errors-csv-name = name
errors-csv-field = field
errors-csv-message = message
errors-csv-code = code
ics-plan-named = { $name }: { $summary }
summary-due-soon = due within 30 days
summary-due-late = past a deadline
summary-plan-nothing = nothing to do
summary-csv-warnings = Warnings
summary-csv-deadlines = Deadlines
summary-csv-due = Due
summary-csv-next = Next step
summary-csv-next-date = Date
summary-csv-next-until = Last day
summary-csv-after = After
summary-csv-row = row
summary-csv-name = name
summary-csv-policy = policy
summary-csv-status = status
summary-csv-blocking = why not yet
summary-csv-earliest = earliest date
summary-csv-items = items
summary-csv-if-applicable = if applicable
summary-csv-file = file
summary-csv-error = error
summary-row-number = row { $row }
status-eligible = eligible
status-not-yet = not yet
status-depends = to confirm
status-depends-on = to confirm (depends on: { $facts })
status-error = error
column-twice = column { $column } `{ $header }`: a second column for `{ $key }`
column-unknown = column { $column } `{ $header }` is not an applicant field{ $hint }
columns-bad = { $problems }; the columns may be: { $known }, or their Chinese headers: { $headers }

## Web page and API

body-not-utf8 = the body is not UTF-8 text
body-not-object = expected a JSON object of applicant keys
body-no-type = no Content-Type; send application/x-www-form-urlencoded or application/json
body-bad-type = Content-Type `{ $given }` is not read; send application/x-www-form-urlencoded or application/json
body-bad-form = not a valid form body: { $detail }
format-not-allowed = format `{ $value }` is not allowed; allowed: html, pdf, json, ics
size-not-allowed = size `{ $value }` is not allowed; allowed: normal, large

## Command line

cli-cannot-read = { $file }: cannot read: { $detail }
cli-not-utf8 = { $file }: not UTF-8 text; save the file as UTF-8
cli-cannot-write = cannot write { $file }: { $detail }
cli-pdf-terminal = a PDF is not for the terminal: give -o FILE (or redirect standard output)
cli-written = wrote { $file } ({ $bytes } bytes)
serve-open = doclist serve: open { $url } (Ctrl-C to stop)
serve-reachable = note: listening on { $ip }, so other machines on the network can reach this page
cli-port-busy = another program may be using the port; try another one, e.g. --port { $port }
batch-give-sheet = give the sheet to read (CSV or .xlsx)
batch-merge-pdf = --merge makes a PDF: use it with --format pdf
batch-encoding = --encoding `{ $given }` is not known; allowed: utf-8, gbk, gb18030
batch-done = { $rows } rows: { $eligible } eligible, { $not_yet } not yet eligible, { $depends } to confirm, { $failed } with errors; written to { $dir }
batch-failed = { $failed } row(s) could not be used; see { $file }
batch-write-stopped = cannot write { $file }: { $detail }; the batch stopped there (is the disk full, or the folder not writable?)

## Interview

interview-interrupted = interview stopped; nothing was written
interview-io = interview: { $detail }; nothing was written
interview-eof = standard input ended before the interview was finished; nothing was written
interview-eof-hint = give one line per question (an empty line skips a question that may be skipped), then `y` at the summary
interview-no-policies = --policies: the directory holds no policy to interview for
interview-abandoned = Abandoned; nothing was written.
interview-answers-saved = Answers saved to { $file } (doclist render makes the checklist again)
interview-checklist-saved = Checklist saved to { $file }
ask-city = In which city?
ask-only-procedure = Procedure: { $title }
ask-procedure = Which procedure?
ask-procedure-path = Not sure which one? The whole path: every step and its date
ask-procedure-help = Only the questions about this procedure are asked
ask-name = The applicant's name?
ask-name-help = May be left empty; only for the checklist's heading and the answers' file name
ask-birth-date = The applicant's birth date?
ask-birth-date-help = Age changes the papers to bring; an 18-digit ID number may be typed instead
reply-no-such-entry-or-name = No such entry: type a number from 1 to { $count }, or the entry's name
reply-no-such-entry = No such entry: type a number from 1 to { $count }
reply-no-such-number = There is no entry { $number }: type a number from 1 to { $count }
reply-summary-unclear = `{ $reply }` is not understood: Enter or y makes the checklist, 1–{ $count } changes that answer, q gives up
reply-required = This question must be answered
reply-required-no-skip = This question must be answered; it cannot be skipped
reply-or-number = { $message } (or type a number from 1 to { $count })
answers-dropped = These answers no longer change the checklist and were dropped: { $labels }
answer-unknown = not given
yes = yes
no = no
format-integer = whole number
option-error = { $option }: { $message }
value-enum-help = { $label }: `{ $value }` is not allowed{ $hint }: { $help }; allowed: { $allowed }

## Calendar (.ics)

ics-calendar-name = { $procedure }: dates that matter
ics-summary = { $label } ({ $procedure })
ics-summary-named = { $name }: { $label } ({ $procedure })
ics-description = { $todo }
    Procedure: { $procedure }
    Source: { $source }
    Rules: { $version }, fingerprint { $fingerprint }
    { $url }
ics-todo-permit-earliest = From this day on the residence permit can be applied for: bring the papers on the checklist.
ics-todo-registration-expires = The residence registration lapses on this day: apply for the permit before, or register again.
ics-todo-window-opens = The permit's endorsement can be done from this day on: bring the permit and the papers on the checklist.
ics-todo-window-closes = The last day of the 60 days after expiry: after it, an endorsement resets the years of residence.
ics-todo-permit-expires = The permit expires today: without the endorsement its functions stop; endorse it as soon as you can.
ics-todo-change-deadline = The last day to report the change of information (30 days after the change).
ics-todo-other = { $label }
ics-batch-calendar-name = Staff residence permit dates (made { $date })

## explain

explain-no-condition = (no condition: every applicant)
explain-version = version { $version } (effective { $effective }), last verified { $verified }; as of { $as_of }
explain-facts = Facts
explain-not-given = not given
explain-items = Items
explain-none = (none)
explain-if-applicable = ? if applicable
explain-rule = rule { $id }: { $condition }
explain-check = check { $id }: { $condition }
explain-because = because: { $facts }
explain-depends-on = depends on: { $facts }
explain-source = source: { $source }
explain-notices = Notices
explain-not-needed = Not needed
explain-item-not-needed = { $items } — not needed
explain-notice-not-shown = notice { $id } ({ $level }) — not shown: { $facts }
explain-nothing-left-out = (nothing: every rule and check applies)

## check

check-coverage-plans = path coverage ({ $scenarios } plan scenarios):
check-coverage-path = { $city } path { $version }: { $scenarios } scenarios; steps { $reached }/{ $steps } reached
check-steps-unreached = steps no scenario reaches: { $ids }
path-step-uncovered = no plan scenario reaches this step
path-step-unreachable = no situation reaches this step: an earlier step always comes first, or its condition never holds after the steps before it
path-loop-stands-still = the plan comes back to this step with no answer moved forward: a step that comes round again must change a date (`then: permit_expiry: permit_expiry + 1 year`)
path-too-long = a plan ran past { $steps } steps without ending: check the steps' `when` and `then`
check-coverage = coverage ({ $scenarios } scenarios):
check-coverage-policy = { $policy } { $version }: { $scenarios } scenarios; rules { $rules }/{ $all_rules }, checks { $checks }/{ $all_checks } exercised
check-rules-unexercised = rules no scenario exercises: { $ids }
check-checks-unexercised = checks no scenario exercises: { $ids }
check-ok = ok: { $versions } policy versions, { $scenarios } scenarios, { $plans } plan scenarios, no problems
check-problems = { $problems } problem(s) in { $files } file(s)

## Interview prompts

prompt-enter-default = Enter = { $default }
prompt-help = Hint: { $help }
prompt-number = type a number
prompt-format = format { $format }
prompt-hints = ({ $hints })
summary-check-answers = Please check your answers:
summary-line-choices = (Enter or y = make the checklist; a number or name = change that answer; q = give up)
summary-next = Next
summary-generate = Make the checklist
summary-change = Change an answer
summary-abandon = Give up
summary-which = Which answer? (Esc goes back)

## Web page and checklist wording

form-invalid-choice = { $value } (not allowed)
form-default-choice = not chosen (default: { $default })
form-choose = choose
form-date-label = Date
form-birth-date-help = taken from the ID number when left empty
level-block = cannot apply now
level-warn = note
level-info = hint
group-originals = Originals to show
group-originals-hint = checked at the counter; hand in copies where marked
group-copies = Papers and copies to hand in
group-copies-hint = kept by the counter
group-uploads = Scans to upload
group-uploads-hint = photograph or scan, clear, whole, without glare
group-forms = Forms to fill in
group-forms-hint = at the counter or online
group-proxy = The proxy's papers
group-proxy-hint = given by the guardian or trustee who applies
topic-where = Where
topic-online = Online
topic-hours = Opening hours
topic-time-limit = Time limit
topic-fee = Fee
topic-pickup = Collecting the card
topic-validity = Validity
topic-query = Progress
topic-hotline = Hotline
topic-link = Web
topic-note = Other
provided-applicant = the applicant
provided-guardian = the guardian
provided-trustee = the trustee (a near relative)
provided-relative = the near relative
provided-employer = the employer
provided-school = the school
provided-office = the authority
provided-landlord = the landlord or owner
view-name = Name
view-no-name = not given
view-id-number = ID number
view-age = Age
view-age-years = { $age } years
view-fact-assumed = not given, taken as “{ $value }”
view-title = { $policy }: checklist
mark-original = original
mark-copies = { $copies } copies
mark-copy = copy
mark-count-unstated = number not stated
mark-with = { $mark } ({ $qualifiers })
mark-upload = upload
mark-fill-in = fill in
note-if-applicable = if applicable: { $condition }
note-may-be-requested = may be asked for at the counter
note-alternatives = or: { $names }
note-provided-by = from { $who }
note-how-to-get = how: { $how }
authority-official = official
authority-secondary = secondary
authority-background = background
answers-file-head = # doclist interview: { $title } ({ $id }), { $date }
    # make the checklist again: doclist render <this file> --date { $date }
answers-file-head-plan = # doclist interview: { $title } ({ $city }), { $date }
    # make the plan again: doclist plan <this file> --date { $date }
answers-file-unknown = # not given (unknown/skipped): { $keys }
merge-title = Checklists for { $people } people · { $date }

## Bounds on input
input-yaml-tag = YAML tags are not read (found `{ $tag }`); write the value without it
value-text-too-long = { $label }: is { $count } characters long; at most { $max } are allowed
value-text-invisible = { $label }: character { $position } ({ $code }) is { $kind }; write the text with visible characters only
char-control = a control character
char-direction = a text-direction control
char-invisible = an invisible (zero-width) character
char-separator = a line or paragraph separator
char-private-use = a private-use character
char-noncharacter = not a character for text
char-variation = a variation selector or tag
value-date-too-early = { $label }: `{ $value }` is before { $min }; dates from { $min } to 2200 are read
value-date-too-late = { $label }: `{ $value }` is after { $max }; dates from { $min } to { $max } are read
value-undrawable = { $label }: character { $position } ({ $code }) cannot be printed: the fonts have no glyph for it (a font that has it can be added with --font)
row-cell-too-long = the cell in column { $column } holds more than { $max } characters; the row was not done
row-batch-stopped = not done: the batch stopped
sheet-stopped = the sheet cannot be read from here on, nothing after it was done: { $detail }
batch-stopped = { $detail }; the rows before it were done, see { $errors }
serve-too-large = the request body is too large; at most { $limit } KiB
serve-busy = the server is busy: every renderer is working and the queue is full; try again in a moment
serve-not-found = there is no page at this address; choose a city and a procedure below
serve-internal = internal error; the server log says more
office-too-large = { $file }: the office file is too large; at most { $max } KB
office-bad = { $file }: { $key }: { $message }
office-undrawable = holds a character the built-in fonts cannot print ({ $code })
office-unknown-key = { $file }: there is no key `{ $key }`{ $hint }; allowed: { $allowed }
office-no-name = { $file }: name (the name of the office) is missing
serve-cross-site = this form was sent from another site and is refused; open this site's own page to fill it in
input-too-deep = nested more than { $max } levels deep at line { $line }; doclist reads at most { $max } levels
value-birth-after-date = { $label }: the birth date { $birth } is after { $date }, the date of the checklist
body-field-twice = the field `{ $field }` is given twice

## The check before a batch in the web page
check-title-invalid-value = the column “{ $header }” is filled in wrongly
check-title-invalid-value-somewhere = a value is filled in wrongly
check-title-no-policy = no procedure is filled in
check-title-unknown-policy = the procedure does not exist or does not apply
check-title-stray-cells = the row has more cells than the header has columns
check-title-unreadable-row = the row cannot be read
check-title-invalid-row = the row cannot be used
batch-busy = the server is busy: every batch slot is taken; try again later
batch-internal = internal error; try again later
batch-bad-form = cannot read the form: { $detail }
batch-field-too-long = the field `{ $field }` is too long
batch-upload-too-slow = the upload is too slow: after its first { $seconds } seconds it must come at { $rate } KB a second on average; try again on a better connection
batch-unknown-field = unknown field `{ $field }`; allowed: { $allowed }
batch-too-large = the sheet is too large: at most { $max } MB
batch-unknown-policy = no such procedure: { $detail }
batch-bad-format = format `{ $value }` is not supported; allowed: pdf, html, json
batch-bad-download = download `{ $value }` is not supported; allowed: zip, merged
batch-merged-needs-pdf = the merged print file is a PDF: choose format=pdf
batch-bad-sheet = cannot read the sheet: { $detail }
batch-bad-header = the header row (row 1) has a problem: { $detail }
batch-no-sheet = choose a sheet to upload (.xlsx or CSV)
batch-xls = old .xls files are not read; save the sheet as .xlsx or CSV in Excel
batch-bad-date = { $detail }
batch-too-many-rows = the sheet has more than { $max } rows
batch-bad-rows = { $bad } rows have problems: fix them and upload again, or add skip_errors=1 to do the other { $good } rows
batch-no-rows = the sheet has no row that can be done

## Reading a sheet
sheet-xls = the old .xls format is not read; save the sheet as .xlsx or CSV
sheet-cannot-open = cannot open: { $detail }
sheet-cannot-read = cannot read: { $detail }
sheet-bad-header-row = cannot read the header row: { $detail }
sheet-no-header = the first row must name the columns (name, id_number, …)
sheet-bad-row = row { $row }: { $detail }
sheet-not-xlsx = cannot open as .xlsx: { $detail }
sheet-no-worksheet = the workbook has no sheet
sheet-cannot-read-worksheet = cannot read sheet `{ $sheet }`: { $detail }
sheet-damaged-at = sheet `{ $sheet }` is damaged at row { $row }; that row and the rows after it were not read: { $detail }
xlsx-tag-mismatch = the XML tag <{ $expected }> is closed as </{ $found }>, which would run the cell's text into the cells after it; open the file in Excel and save it again
xlsx-bad-xml = the XML cannot be read ({ $detail }); open the file in Excel and save it again
xlsx-cut-short = the file breaks off here; open the file in Excel and save it again
xlsx-bad-row-number = the row number `{ $value }` is not a number from 1
xlsx-bad-cell-ref = the cell position `{ $value }` is not a position (column letters and a row number, as in B7)
xlsx-bad-cell-part = a cell holds an unknown part <{ $name }> (only a value v, a formula f or a text is)
xlsx-bad-shared-string = a cell points to shared text number “{ $value }”, but the workbook has { $count } (numbers from 0)
xlsx-row-beyond = beyond the last row a sheet may have (row { $max })
xlsx-column-beyond = a cell in column { $column } is beyond the last column a sheet may have ({ $max })
sheet-empty = the sheet is empty
csv-bad-bytes = row { $row }: bytes that are not { $encoding } text; save the sheet as UTF-8, or give its encoding with --encoding
row-not-utf8 = row { $row } holds bytes that are not UTF-8 text (the rest of the sheet is UTF-8 and is read as UTF-8): the row was not done; type its text again, or save the whole sheet as UTF-8
csv-unclosed-quote = row { $row }: a quote (") opened here is never closed
csv-row-too-long = row { $row }: the row holds more than { $max } bytes
xlsx-open = cannot open: { $detail }
xlsx-file-too-large = the file is { $size } bytes; a sheet of at most { $max } bytes is read
xlsx-not-zip = not a readable .xlsx workbook (damaged or cut short?): { $detail }
xlsx-too-many-parts = the workbook has { $count } parts; at most { $max } are read
xlsx-damaged = the workbook is damaged (part `{ $entry }`: { $detail }); save it again from Excel
xlsx-too-large-inflated = the workbook unpacks to more than { $max } bytes (part `{ $entry }`); split the sheet or save it as CSV
xlsx-too-many-strings = the shared strings (`xl/sharedStrings.xml`) unpack to more than { $max } bytes; split the sheet or save it as CSV
xlsx-huge-text = part `{ $entry }` holds a text or tag of more than { $max } bytes; a cell holds at most { $cell } characters

## Problems in policy files (`doclist check`, loading policies)

policy-problem = { $file }: { $message }
policy-problem-line = { $file }:{ $line }: { $message }
policy-problem-place = { $file }: { $place }: { $message }
policy-problem-line-place = { $file }:{ $line }: { $place }: { $message }
policy-place-rule = rule `{ $name }`
policy-place-check = check `{ $name }`
policy-place-fact = fact `{ $name }`
policy-place-date = date `{ $name }`
policy-place-document = document `{ $name }`
policy-place-scenario = scenario `{ $name }`
policy-place-procedure = procedure entry { $entry } ({ $topic })
policy-in-condition = condition `{ $condition }`: { $message }
policy-in-expression = `{ $expression }`: { $message }
policy-no-source = has no `source`: cite the document and section it is written from
policy-source-empty = `source` is empty: cite the document and section
policy-source-no-section = source `{ $source }` names no section
policy-duplicate-id = the id is used twice
policy-unused-document = is defined but no rule uses it
policy-unused-shared-document = is defined but no policy's rule uses it
policy-undefined-document = document `{ $document }` is not defined{ $hint }
policy-never-fires = condition `{ $condition }` is false for every applicant: the { $what } never applies
policy-fires-undecided = note: condition `{ $condition }` reads facts with { $combinations } combinations of values, more than the { $budget } tried: whether the { $what } can apply was not decided
policy-what-rule = rule
policy-what-check = check
policy-what-date = date
policy-what-line = line
policy-unknown-fact = unknown fact `{ $name }`{ $hint }
policy-unknown-fact-list = unknown fact `{ $name }`; the facts of this policy are: { $keys }
policy-unknown-value = `{ $value }` is not a value of fact `{ $fact }`{ $hint }; allowed: { $allowed }
policy-no-scenario-for-version = no scenario runs against this version ({ $policy } { $version }); add scenarios dated on or after its effective date
policy-rule-uncovered = no scenario makes this rule fire
policy-if-assumed-no-default = `if_assumed` is shown only when a question left blank is taken at its default, but this condition names no fact with a `default`
policy-source-text-missing = the text of source document `{ $file }` is not in `sources/`: add it, so that its citations can be checked
policy-section-not-found = section `{ $section }` is not a heading path of `{ $file }`: name the headings as the document writes them, joined by ·
policy-official-cited-secondary = this rule shows `{ $document }` as an official requirement, but the paper is cited only to secondary passages: cite the official passage that names it, or mark the rule `may_be_requested`
policy-check-uncovered = no scenario shows this check's notice
policy-glyph = the built-in fonts cannot draw '{ $char }' ({ $code }), so the PDF would fail: write it another way
policy-not-allowed = { $field } `{ $value }` is not allowed; allowed: { $allowed }
policy-source-undeclared = source `{ $source }` is not declared; declared sources: { $known }
policy-source-authority = source `{ $source }`: authority `{ $value }` is not allowed; allowed: { $allowed }
policy-unknown-placeholder = text names `{"{"}{ $name }{"}"}`, which is not a fact or date of this policy
policy-not-shared-fact = is not a shared fact{ $hint }; define it here with `type`, `label` and `question`
policy-fact-twice = is listed twice (or is built in)
policy-date-key-taken = has the same key as a fact or an earlier date
plan-no-city = no city given: add `city: <city>` (or the `policy` of one of its procedures) to the input (cities with a path: { $available })
plan-unknown-city = the city `{ $city }` has no path (cities with a path: { $available })
plan-page-unknown-city = doclist has no path for “{ $city }”; choose one of: { $available }
serve-unknown-procedure = there is no procedure “{ $given }”: choose one below
serve-choose-procedure = choose a procedure below first
plan-when-now = can be done now
plan-when-from = from { $date }
plan-when-from-estimated = from about { $date } (reckoned from the steps before)
plan-when-open = the day depends on: { $facts }
plan-when-if = if { $condition }: not before { $date } ({ $label })
plan-when-if-open = if { $condition }: not before { $label } (the day is not known yet)
plan-until = by { $date } ({ $label })
plan-until-estimated = by about { $date } ({ $label }; reckoned from the steps before)
plan-until-late = { $label } was { $date }: already past
plan-until-open = by { $label } (the day is not known yet)
plan-ics-name = { $title }
plan-ics-start = Step { $number }: { $title }
plan-ics-until = Step { $number }: { $title }, last day
plan-ics-description = { $todo }
    { $keep }
    Source: { $source }
    Path version { $version } · fingerprint { $fingerprint }
plan-refused = no plan: { $detail }
plan-otherwise = otherwise
path-monthly-not-number = `{ $fact }` is not a number fact the path asks, so it cannot grow each month
path-no-steps = the path has no steps: list under `steps:` the procedures in the order a person goes through them
path-unknown-procedure = step names the procedure `{ $procedure }`, which this city has no policy for{ $hint }; the city's procedures: { $known }
path-then-unknown-fact = `then` changes `{ $fact }`, which is not a fact the path asks; it asks: { $known }
path-then-bad-value = `{ $value }` is not a value of this fact; allowed: { $allowed }
path-with-unknown-fact = `with` answers `{ $fact }`, which `{ $policy }` does not ask; it asks: { $known }
policy-item-no-doc = each item needs either `doc` or `one_of`
policy-item-asks-nothing = item `{ $document }` asks for nothing: set `original`, `copies` or `upload`
cli-font-unusable = --font { $file }: { $detail }
template-too-slow = rendering took longer than { $seconds } seconds (does a template loop without end?); nothing was written
template-memory = rendering template { $name } needed more than { $mib } MiB of memory (does a value in it keep growing?); it was stopped
cli-policy-problem = policy { $problem }
cli-font-not-a-font = is not a TrueType/OpenType font file
cli-font-variable = is a variable font; doclist needs a static TrueType/OpenType font
cli-font-no-outlines = has no TrueType or CFF outlines; doclist needs a static TrueType/OpenType font
cli-font-no-unicode = has no Unicode character map
cli-font-zero-em = gives 0 font units per em in its `head` table; it is damaged

## Sharded batches and `doclist join`
shard-bad = “{ $given }” is not a shard: give K/N with K from 0 to N-1 and N from 1 to { $max } (for example 0/4)
join-bad-shard-file = { $file }, line { $line }: not a shard file of doclist ({ $detail })
join-no-shards = no shard directories given
join-shards-differ = { $first } and { $other } are shards of different batches (their { $what } differ)
join-shard-twice = shard { $shard } is given twice
join-shards-missing = shards missing: { $missing }
join-shard-after-end = { $file }: lines after the last line: the file was changed after its shard wrote it
join-row-outside = { $file }: row { $row } is not a row of shard { $shard }: the file was changed, or comes from another shard
join-row-twice = row { $row } is in two shards: a shard file was copied or changed
join-shard-cut-short = { $file } has no last line: its batch did not finish (stopped or killed); run that shard again
join-shard-lines = { $file } says it holds { $said } people, but { $found } are there: a line was added or removed
join-rows-missing = the sheet has { $rows } rows, but the shards hold { $found }: a shard's rows are missing or were removed
join-merge-changed = { $file } is not the merge file its shard wrote (it was replaced or changed): run that shard again
join-no-fonts = the fonts could not be loaded, so the merge files cannot be joined
join-bad-merge-file = { $file } is not a merge file that doclist wrote ({ $detail })
join-done = { $shards } shards, { $rows } rows joined into { $dir }
merge-font-not-truetype = the font { $font } has CFF outlines (.otf); a merge file needs a font with TrueType outlines (.ttf)

## The xlsx sheet template HR fills in
template-sheet-people = People
template-sheet-help = How to fill in
template-sheet-lists = Lists
template-head-header = Column
template-head-field = Field
template-head-kind = How to fill in
template-head-required = Required
template-head-values = Allowed values
template-head-what = Meaning
template-kind-choice = choose from the drop-down list
template-kind-bool = yes / no
template-kind-integer = a whole number (0 or more)
template-kind-date = a date (YYYY-MM-DD)
template-kind-text = text
template-yes = yes
template-no = no
template-invalid-title = Not allowed
template-invalid-message = “{ $header }” takes only a value from the drop-down list.
template-policy-what = the procedure for each person (its id works too, for example { $example })
template-asked-by = { $titles }: { $question }
template-wording-separator = ;{" "}
template-note = The first row names the columns: do not change it; one person a row. Dates as 2026-11-23; what is not known may stay empty, and the checklist lists the papers that may be needed.
template-note-mark = 【填写说明】
template-example-mark = 【示例】
template-example-name = 张三
policy-needs-if-unknown = text names `{"{"}{ $name }{"}"}`, which is unknown while the applicant has not answered: add an `if_unknown` wording without it
view-verdict-yes = Eligible
view-verdict-no = Not eligible: see the notices below
view-verdict-depends = Whether you are eligible depends on: { $facts }
view-verdict-depends-when = not eligible when: { $condition }
view-ignored = These answers do not matter for this procedure and were not used: { $labels }
row-long-number = the cell in column { $column } is a number of more than 15 digits ({ $value }): an ID number stored as a number, of which Excel keeps only 15 digits, so the last ones are lost. Format the column as text and type it again (doclist's sheet template formats it as text); the row was not done
explain-assumed = left blank, taken at the default
explain-self-check = self-check

## Command-line help: one line per command and option (the option's id after the command's).
cli-about = Which papers to bring to the counter: residence registration and residence permits, as a printable checklist.
cli-arg-lang = The language of messages: zh or en (default: from LC_ALL, LC_MESSAGES or LANG; zh* is Chinese, anything else English)
cli-about-plan = Make one person's whole path in a city: every procedure in order, when, and each one's checklist
cli-arg-plan-applicant = The person's situation: a YAML or JSON file with `city:` (or a `policy:` of the city) and `stage:`, or `-` for standard input
cli-arg-plan-format = Output format: json, html, pdf, or ics (every step's days, as an iCalendar file)
cli-arg-plan-output = Write to this file (replaced only once whole), not to standard output
cli-arg-plan-date = The day the plan starts from, YYYY-MM-DD (default: today)
cli-arg-plan-policies = Use the policies and paths in this directory, not the built-in ones
cli-arg-plan-templates = Templates in this directory replace the built-in ones of the same name
cli-arg-plan-show_id = Print the ID number in full, not masked
cli-arg-plan-quiet = Say nothing after writing the file
cli-about-render = Make the checklist for one applicant
cli-arg-render-applicant = The applicant's situation: a YAML or JSON file, or `-` for standard input
cli-arg-render-policy = The policy id, e.g. shanghai/residence-permit (default: the input's `policy:`)
cli-arg-render-format = The output: json, html, pdf, or ics (the dates that matter, as an iCalendar file)
cli-arg-render-output = Write to this file (atomically) instead of standard output
cli-arg-render-date = The date to make the checklist for, YYYY-MM-DD (default: today)
cli-arg-render-policies = Read policies from this directory instead of the built-in ones
cli-arg-render-templates = Templates in this directory replace the built-in ones of the same name
cli-arg-render-show_id = Print the ID number in full instead of masked
cli-arg-render-quiet = Say nothing when the file is written
cli-arg-render-explain = Print under each item why it is on the list
cli-arg-render-no_forms = Leave out the forms printed after the checklist (委托书, 亲属关系承诺书, 快证书面申请)
cli-arg-render-font = A second font (TTF/OTF) for characters the built-in Noto Sans SC cannot draw
cli-arg-render-large = Large print (大字版): HTML and PDF type a third larger (14 pt body text), for people who read with difficulty
cli-arg-render-office = An office file (YAML): the centre's name, address, opening hours and phone, printed on every page of the checklist
cli-about-batch = Make a checklist for every row of a CSV or Excel sheet, with a summary
cli-arg-batch-input = A CSV (UTF-8 or GB18030/GBK) or .xlsx sheet; the first row names the columns
cli-arg-batch-out_dir = Where the checklists and the summary go
cli-arg-batch-format = A file per person (pdf, html, json), or one `checklists.jsonl` with a line per person
cli-arg-batch-policy = The policy for rows whose `policy` cell is empty
cli-arg-batch-merge = Also write one PDF with everyone, each person starting on a new page
cli-arg-batch-duplex = With --merge: add blank pages so that each person starts on a front side
cli-arg-batch-shard = Make only every N-th row: those whose row number (as in the file names and summary.csv; the header is row 1) leaves K when divided by N. K counts from 0 (0/4, 1/4, 2/4, 3/4). The shard also writes shard.jsonl for `doclist join`
cli-arg-batch-jobs = Worker threads, 1 to 256 (default: the number of cores)
cli-arg-batch-date = The date to make the checklists for, YYYY-MM-DD (default: today)
cli-arg-batch-encoding = The CSV encoding (utf-8, gbk, gb18030), when detection is not wanted
cli-arg-batch-quiet = No progress bar, no counts on standard error (errors still go to errors.csv)
cli-arg-batch-template_csv = Write an empty sheet with the columns of --policy to standard output (or -o FILE)
cli-arg-batch-output = With --template-csv: the file to write
cli-arg-batch-policies = Read policies from this directory instead of the built-in ones
cli-arg-batch-templates = Templates in this directory replace the built-in ones of the same name
cli-arg-batch-font = A second font for characters the built-in fonts cannot draw
cli-arg-batch-show_id = Print ID numbers in full instead of masked
cli-arg-batch-plan = Also walk each person's city path: summary.csv and summary.html get the next step, its date and the steps after it; calendar.ics gets the plans' days, and each person a calendar of their own
cli-arg-batch-no_forms = Leave out the forms printed after each checklist (委托书, 亲属关系承诺书, 快证书面申请)
cli-about-join = Join the output directories of a sharded batch (`batch --shard K/N`) into one
cli-arg-join-shards = The shards' output directories (each has a shard.jsonl), every shard once, any order
cli-arg-join-out_dir = Where the joined summary.csv, summary.html, errors.csv, calendar.ics and merge file go (the checklists stay in the shards' directories)
cli-arg-join-duplex = With merge files: add blank pages so that each person starts on a front side
cli-arg-join-templates = Templates in this directory replace the built-in ones (as for the batch)
cli-arg-join-font = The second font the batch was given, if any
cli-about-policies = List the policies doclist knows, with the facts each asks
cli-arg-policies-policies = Read policies from this directory instead of the built-in ones
cli-about-check = Check every policy: every problem with file and line, and the scenario coverage
cli-arg-check-policies = Check the policies of this directory instead of the built-in ones
cli-arg-check-templates = Also check the PDF templates of this directory (those that replace built-in ones)
cli-about-explain = Explain a checklist: the rule, facts and source behind each line, and what is not needed
cli-arg-explain-applicant = The applicant's situation: a YAML or JSON file, or `-` for standard input
cli-arg-explain-policy = The policy id (default: the input's `policy:`)
cli-arg-explain-date = The date to explain the checklist for, YYYY-MM-DD (default: today)
cli-arg-explain-policies = Read policies from this directory instead of the built-in ones
cli-arg-explain-format = `text` for people; `json` for the trace of every rule and check
cli-about-schema = Print the JSON Schema of one policy's applicant input
cli-arg-schema-policy = The policy id, e.g. shanghai/residence-permit
cli-arg-schema-date = The version in force on this date, YYYY-MM-DD (default: today)
cli-arg-schema-policies = Read policies from this directory instead of the built-in ones
cli-arg-schema-output = Write to this file (atomically) instead of standard output
cli-about-interview = Ask, in Chinese, only the questions that matter; write the answers and the checklist
cli-arg-interview-policy = The policy id, e.g. shanghai/residence-permit (default: ask for the city and procedure)
cli-arg-interview-output = Write the checklist to this file (atomically); JSON and HTML go to standard output without it, a PDF beside the answers file
cli-arg-interview-format = The checklist's format when it is written
cli-arg-interview-answers = Write the answers here, as an applicant YAML file `doclist render` reads (default: `<name>.yaml` in the current directory, never overwriting an existing file)
cli-arg-interview-date = The date to make the checklist for, YYYY-MM-DD (default: today)
cli-arg-interview-policies = Read policies from this directory instead of the built-in ones
cli-about-serve = Serve the checklist as a local web page (and a small API) until Ctrl-C
cli-arg-serve-port = The port to listen on (0: any free port; the address is printed)
cli-arg-serve-bind = The address to listen on; 0.0.0.0 makes the page reachable from other machines
cli-arg-serve-policies = Read policies from this directory instead of the built-in ones
cli-arg-serve-templates = Templates in this directory replace the built-in ones of the same name
cli-arg-serve-render_threads = Threads that render checklists (default: the number of cores)
cli-arg-serve-render_queue = Renders that may wait for a thread; more get 503 (default: 256 per thread)
cli-arg-serve-max_connections = Connections open at once; more get 503
cli-arg-serve-max_connections_per_client = Connections open at once from one client address; more get 503 (behind a proxy everyone has the proxy's address: raise it)
cli-arg-serve-header_timeout = Seconds a client has to send its request headers (and a kept-alive connection may sit idle)
cli-arg-serve-max_upload = The largest sheet the batch page accepts, in MB
cli-arg-serve-max_rows = The most rows of one batch sheet
cli-arg-serve-max_batches = Batch jobs at once (default: the number of cores); more get 429
cli-arg-serve-office = An office file (YAML): the centre's name, address, opening hours and phone, printed on every page of every checklist
cli-about-gen-sheet = Write a synthetic HR sheet for tests and benchmarks
cli-arg-gen-sheet-rows = Rows to write (at most 10,000,000)
cli-arg-gen-sheet-out = The sheet to write; a GB18030 copy goes beside it as `<name>.gbk.csv`
cli-arg-gen-sheet-bad_every = Every Nth row is bad (0: none)
cli-help-flag = Print help
cli-version-flag = Print version
cli-help-command = Print this message or the help of the given subcommand(s)
cli-usage = Usage: { $usage }
cli-heading-commands = Commands
cli-heading-arguments = Arguments
cli-heading-options = Options
cli-possible-values = possible values: { $values }
cli-default-value = default: { $value }
cli-more-help = For more information, try '{ $command } --help'.
cli-error-unknown-argument = unexpected argument '{ $arg }' found
cli-error-unknown-command = unrecognized subcommand '{ $arg }'
cli-error-invalid-value = invalid value '{ $value }' for '{ $arg }'
cli-error-missing = the following required arguments were not provided: { $arg }
cli-error-conflict = the argument '{ $arg }' cannot be used with '{ $other }'
cli-error-no-command = a command is required
cli-error-other = bad command line: { $detail }
cli-did-you-mean = a similar one exists: '{ $suggestion }'
summary-csv-version = rules version
summary-csv-fingerprint = rules fingerprint
policies-policy = { $id }  { $title }  (version { $version }, effective { $effective }, verified { $verified }, fingerprint { $fingerprint })
policies-earlier = earlier version { $version } (effective { $effective }, verified { $verified }, fingerprint { $fingerprint })
diff-row = row { $row } { $name }
diff-status-yes = may apply
diff-status-no = may not apply
diff-status-depends = depends
diff-way-original = original
diff-way-copies = copy
diff-way-copies-n = { $n } copies
diff-way-upload = upload
diff-if-applicable = if applicable
diff-may-be-requested = may be requested
diff-paren = ({ $text })
diff-behind = rules: { $rules }; source: { $source }
diff-paper-added = paper added { $name }: { $how }
diff-paper-removed = paper no longer needed { $name } (was: { $how })
diff-paper-changed = paper { $name }: { $before } → { $after }
diff-side-error = no checklist: { $error }
diff-side-rules = version { $version }, fingerprint { $fingerprint }
diff-entry = { $label } · { $title } ({ $origin })
diff-sides = rules: { $before } → { $after }
diff-verdict = verdict: { $before } → { $after }
diff-notice-added = notice added [{ $level }]: { $text }
diff-notice-removed = notice removed [{ $level }]: { $text }
diff-notice-changed = notice changed [{ $level }]: { $text }
diff-notice-was = was: { $text }
diff-no-date = (none)
diff-date = date { $label }: { $before } → { $after }
diff-head = Rules: { $before } → { $after }
diff-totals = { $cases } cases, { $changed } changed: { $verdicts } verdicts, { $added } papers added, { $removed } removed, { $papers_changed } handed over otherwise, { $notices_added } notices added, { $notices_removed } removed, { $notices_changed } changed, { $dates } dates moved, { $errors } with a checklist on one side only.
diff-built-in = built-in rules
diff-on-date = { $rules } (versions in force on { $date })
diff-nothing = No checklist changes.
diff-nothing-to-compare = two rule sets are needed: name the other policy folder with --against DIR, or compare one folder's versions on two days with --date D1 --to D2
cli-about-diff = What a change of rules does: each person's checklist under two rule sets compared (verdict, papers, notices, dates); exit 0 when nothing changes, 1 when something does
cli-arg-diff-applicant = Compare only this applicant (a YAML or JSON file, or `-` for standard input); without it, every policy's scenarios
cli-arg-diff-sheet = Compare every row of this staff sheet (.xlsx or CSV, read as batch reads it)
cli-arg-diff-policies = The rules before: the policies of this directory (default: the built-in ones)
cli-arg-diff-against = The rules after: the policies of this directory
cli-arg-diff-date = The rules before are the versions in force on this day, YYYY-MM-DD
cli-arg-diff-to = The rules after are the versions in force on this day, YYYY-MM-DD (with --date)
cli-arg-diff-as_of = The day the sheet's and the applicant's situations are for, YYYY-MM-DD (default: today; scenarios keep their own dates)
cli-arg-diff-policy = The policy for rows or an applicant file that name none
cli-arg-diff-format = `text` for the terminal, `json` for programs, `html` for HR's summary of changes
cli-arg-diff-output = Write to this file (atomically) instead of standard output
cli-arg-diff-templates = Templates in this directory replace the built-in ones of the same name
cli-arg-diff-jobs = Worker threads, 1 to 256 (default: the number of cores)
diff-row-origin = { $file } row { $row }
new-bad-id = “{ $id }” cannot be a policy id: write it as city/procedure, both parts in lowercase letters, digits and “-”, e.g. nanjing/residence-permit
new-no-facts = { $dir } has no facts.yaml: name the policy folder (the one with facts.yaml) with --policies
new-exists = { $file } exists already; nothing was changed
new-wrote = wrote { $file }
new-next = Next: replace every “（请填写…）” with what the source says, put the source's full text in its file under sources/, then run doclist check --policies { $dir }
cli-about-new = Write the skeleton of a new policy (or city): the policy file, its scenarios and a placeholder source, each key commented, passing check as written
cli-arg-new-id = The policy id: city/procedure, e.g. nanjing/residence-permit
cli-arg-new-policies = The policy folder to write into (default: policies)
cli-arg-new-city_name = The city's name, e.g. 南京市 (for a new city's common.yaml)
cli-arg-new-title = The procedure's name, e.g. 南京市居住证申领
cli-applicant-too-large = { $file } is larger than { $max } MB: an applicant file holds a few answers; is it the right file?
batch-merge-clash = --merge { $file } would replace a file the batch itself writes in the output folder (a checklist or a report): choose another name, or put it outside --out-dir
