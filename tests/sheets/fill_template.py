"""Fills doclist's xlsx sheet templates as an HR clerk would, only from each column's own
drop-down list, with openpyxl (a reader and writer doclist does not use).

    fill_template.py TEMPLATE OUT ROWS
        every row from TEMPLATE's drop-downs, cycling through each list
    fill_template.py TEMPLATE OUT ROWS TITLE=POLICY_TEMPLATE...
        TEMPLATE has a 办理事项 column: row i is for the i-th TITLE (cycling), with the
        values that POLICY_TEMPLATE's drop-downs offer for each field

Cells that have no list get a valid value of their kind (a name, an ID number with its
check digit, a date, a whole number), read from the template's 填写说明 sheet.
"""
import datetime
import re
import sys

import openpyxl
from openpyxl.utils import column_index_from_string


def id_number(birth, seq):
    body = "110101" + birth.strftime("%Y%m%d") + "%03d" % seq
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(c) * w for c, w in zip(body, weights))
    return body + "10X98765432"[total % 11]


def read(path):
    """The template's data sheet, headers, each field's drop-down list and help row."""
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    lists_sheet = book.worksheets[2]
    headers = [c.value for c in sheet[1]]
    help_rows = {r[0]: r for r in book.worksheets[1].iter_rows(min_row=2, values_only=True) if r[0]}
    by_column = {}
    for dv in sheet.data_validations.dataValidation:
        m = re.match(r"=?'?[^!]+'?!\$([A-Z]+)\$1:\$[A-Z]+\$(\d+)$", dv.formula1)
        col = column_index_from_string(m.group(1))
        values = [lists_sheet.cell(row=r, column=col).value for r in range(1, int(m.group(2)) + 1)]
        for rng in dv.sqref.ranges:
            by_column[rng.min_col] = values
    fields = {}
    for c, h in enumerate(headers, start=1):
        row = help_rows[h]
        fields[row[1]] = {"column": c, "kind": row[2], "list": by_column.get(c)}
    return book, sheet, fields


def value(field, info, i):
    if info["list"]:
        return info["list"][i % len(info["list"])]
    birth = datetime.date(1960 + (i * 7) % 45, 1 + i % 12, 1 + i % 28)
    if field == "name":
        return "张%d" % i
    if field == "id_number":
        return id_number(birth, i % 1000)
    if field == "birth_date":
        return birth.isoformat()
    if field == "trustee_id_number":
        return id_number(datetime.date(1980, 5, 5), i % 1000)
    if info["kind"].startswith("日期"):
        return "2026-%02d-15" % (1 + i % 11)
    if info["kind"].startswith("整数"):
        return i % 13
    return "李%d" % i


def main():
    template, out, rows = sys.argv[1], sys.argv[2], int(sys.argv[3])
    book, sheet, fields = read(template)
    per_policy = []
    for arg in sys.argv[4:]:
        title, path = arg.split("=", 1)
        per_policy.append((title, read(path)[2]))
    for i in range(rows):
        if per_policy:
            title, own = per_policy[i % len(per_policy)]
            sheet.cell(row=i + 2, column=fields["policy"]["column"], value=title)
        else:
            own = fields
        for field, info in own.items():
            if field in fields and field != "policy":
                sheet.cell(row=i + 2, column=fields[field]["column"], value=value(field, info, i))
    book.save(out)


main()
