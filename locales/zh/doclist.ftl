# doclist 的中文消息。每条消息在 locales/en/doclist.ftl 中都有同名、同参数的英文消息
# （测试会检查）。$label 是字段的中文名称（出生日期），$field 是它的键（birth_date）。

## 通用

list-separator = 、
did-you-mean = （是否想填“{ $word }”？）
error-prefix = 错误：
hint-prefix = 提示：

## 输入文件

input-not-json = 不是有效的 JSON：第 { $line } 行第 { $column } 列：{ $detail }
input-not-yaml = 不是有效的 YAML：{ $detail }
input-not-yaml-at = 不是有效的 YAML：第 { $line } 行第 { $column } 列：{ $detail }
input-not-mapping = 内容应为一行一项的“键: 值”（如 name: 张三、housing: rented）
input-key-not-text = 键必须是文字，却是“{ $key }”
input-error = { $origin }：{ $message }
input-error-field = { $origin }：字段 { $field }：{ $message }
input-error-many = { $origin }：共 { $count } 处问题：
input-error-item-field = 字段 { $field }：{ $message }

## 字段的值

value-bool = { $label }应填“是”或“否”（也可写 true/false、yes/no），现为“{ $value }”
value-integer = { $label }应为 0 或以上的整数，现为“{ $value }”
value-date-shape = { $label }应为日期，写作 YYYY-MM-DD（如 2001-02-28），现为“{ $value }”
value-date-unreal = { $label }“{ $value }”不是真实存在的日期（日历上没有这一天），请写作 YYYY-MM-DD
value-text-nested = { $label }应为一段文字，却是列表或映射
value-enum = { $label }不能填“{ $value }”{ $hint }；可填：{ $allowed }
value-enum-choice = { $value }（{ $choice }）
unknown-field = 没有“{ $field }”这一项{ $hint }；{ $policy } 可填的项有：{ $keys }
derived-field = { $label }由 doclist 计算，不能填写（{ $how }）
derived-how-as-of = 办理日期请用 --date 指定
derived-how-age = 年龄请通过出生日期（birth_date）或身份证号（id_number）给出
derived-how-date = 这是政策按其他日期算出的日期
birth-date-mismatch = { $label }为 { $given }，但身份证号中的出生日期是 { $from_id }，请核对
required = { $label }必须填写（{ $question }）
date-after-as-of = { $label } { $given } 晚于办理日期 { $as_of }，请核对

## 身份证号（GB 11643）

id-length = { $label }应为 18 位（17 位数字加 1 位校验码，校验码可为 X），现为 { $count } 位
id-digits = { $label }前 17 位必须都是数字
id-birth = { $label }第 7–14 位“{ $digits }”不是真实的出生日期，请核对
id-check-digit = { $label }第18位校验码应为 { $want }，请核对是否有数字输错（现为 { $got }）

## 政策

no-policy = { $origin }：没有指定政策；请在输入中加上 “policy: 政策编号” 或使用 --policy（可用：{ $available }）
policy-unknown = 没有“{ $id }”这项政策{ $hint }；可用：{ $available }
policy-not-in-force = 政策 { $id } 在 { $date } 没有生效的版本：它最早的版本 { $first } 起生效
policy-error = { $origin }：{ $message }
policy-given = { $origin }：字段 policy
policy-missing = 没有选择办理事项；可用：{ $available }
