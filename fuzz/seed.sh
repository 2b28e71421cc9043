#!/usr/bin/env bash
# Seeds the fuzz corpora with real inputs: the examples, the scenario inputs' policy
# files, and a small sheet.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/applicant corpus/csv_row corpus/policy corpus/pdf_markup corpus/font
cp ../tests/fixtures/pdf/*.txt corpus/pdf_markup/ 2>/dev/null || true
for f in ../tests/fixtures/pdf/*.ttf ../tests/fixtures/pdf/*.otf; do
  [ -f "$f" ] && cp "$f" corpus/font/
done
cp ../examples/*.yaml corpus/applicant/
printf '{"policy": "shanghai/residence-permit", "channel": "online", "basis": "employment"}' \
  > corpus/applicant/json.json
for f in ../policies/*/*.yaml; do
  case "$f" in
    *common.yaml|*.scenarios.yaml) ;;
    *) cp "$f" "corpus/policy/$(basename "$(dirname "$f")")-$(basename "$f")" ;;
  esac
done
for d in ../tests/fixtures/broken/*/; do
  [ -f "$d/testcity/permit.yaml" ] && cp "$d/testcity/permit.yaml" "corpus/policy/broken-$(basename "$d").yaml"
done
# The target reads the text as shanghai/fuzz.yaml: give the seeds that id.
sed -i 's|^id: .*|id: shanghai/fuzz|' corpus/policy/*.yaml
printf 'name,id_number,policy,channel,housing,registration_date\n张三,340102201603020121,shanghai/residence-registration,offline,rented,2026-01-01\n李四,,shanghai/residence-permit,窗口办理,租赁住房,2026/03/02\n' \
  > corpus/csv_row/sheet.csv
printf '\xd0\xd5\xc3\xfb,policy\n\xd5\xc5\xc8\xfd,shanghai/info-change\n' > corpus/csv_row/gbk.csv
