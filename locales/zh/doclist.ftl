# doclist 的中文消息。每条消息在 locales/en/doclist.ftl 中都有同名、同参数的英文消息
# （测试会检查）。$label 是字段的中文名称（出生日期），$field 是它的键（birth_date）。

## 通用

list-separator = 、
list-cut = { $list } 等，另有 { $more } 项未列出
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
value-date-shape = { $label }应为日期，写作 YYYY-MM-DD（如 2001-02-28；也可写 20010228 或 2001年2月28日），现为“{ $value }”
value-date-unreal = { $label }“{ $value }”不是真实存在的日期（日历上没有这一天），请写作 YYYY-MM-DD
value-text-nested = { $label }应为一段文字，却是列表或映射
value-enum = { $label }不能填“{ $value }”{ $hint }；可填：{ $allowed }
value-enum-choice = { $value }（{ $choice }）
unknown-field = 没有“{ $field }”这一项{ $hint }；{ $policy } 可填的项有：{ $keys }
derived-field = { $label }由 doclist 计算，不能填写（{ $how }）
derived-how-as-of = 办理日期另行给出：命令行用 --date，网页和接口用 date 字段
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
city-given = { $origin }：字段 city
policy-missing = 没有选择办理事项；可用：{ $available }
option-policy = --policy

## 批量

sheet-problem = 表格有问题：{ $detail }
row-stray-cells = 这一行的单元格比表头的列多，请检查是否有内容错位
row-no-policy = 没有办理事项：请填写 policy（办理事项）列，或使用 --policy 指定（可用：{ $available }）
row-no-policy-page = 没有办理事项：请在表格的“办理事项”列填写，或在上方“办理事项”中选择一项（可选：{ $titles }）
row-render-failed = 清单生成失败：{ $detail }
row-cannot-write = 无法写入 { $file }：{ $detail }
errors-csv-row = 行号
errors-csv-name = 姓名
errors-csv-field = 字段
errors-csv-message = 问题
errors-csv-code = 代码
ics-plan-named = { $name }：{ $summary }
summary-due-soon = 30天内到期
summary-due-late = 已过期限
summary-plan-nothing = 无需办理
summary-csv-warnings = 提醒
summary-csv-deadlines = 期限
summary-csv-due = 到期提醒
summary-csv-next = 下一步
summary-csv-next-date = 日期
summary-csv-next-until = 最后期限
summary-csv-after = 之后
summary-csv-row = 行号
summary-csv-name = 姓名
summary-csv-policy = 办理事项
summary-csv-status = 状态
summary-csv-blocking = 暂不可办理的原因
summary-csv-earliest = 最早可办日期
summary-csv-items = 材料数
summary-csv-if-applicable = 如适用
summary-csv-file = 文件
summary-csv-error = 错误
summary-row-number = 第{ $row }行
status-eligible = 可办理
status-not-yet = 暂不可办理
status-depends = 待确认
status-depends-on = 待确认（取决于：{ $facts }）
status-error = 错误
column-twice = 第 { $column } 列“{ $header }”与前面的列重复（都是 { $key }）
column-unknown = 第 { $column } 列“{ $header }”不是申请人信息的列名{ $hint }
columns-bad = { $problems }；可用的列名：{ $headers }（也可用英文字段名：{ $known }）

## 网页与接口

body-not-utf8 = 请求内容不是 UTF-8 文字
body-not-object = 请求内容应为 JSON 对象，键为申请人信息的各项
body-no-type = 请求没有 Content-Type；请发送 application/x-www-form-urlencoded 或 application/json
body-bad-type = 不能读取 Content-Type “{ $given }”；请发送 application/x-www-form-urlencoded 或 application/json
body-bad-form = 表单内容无法读取：{ $detail }
format-not-allowed = 格式（format）不能是“{ $value }”；可用：html、pdf、json、ics
size-not-allowed = 字号（size）不能是“{ $value }”；可用：normal（标准）、large（大字版）

## 命令行

cli-cannot-read = { $file }：无法读取：{ $detail }
cli-not-utf8 = { $file }：不是 UTF-8 文字，请将文件另存为 UTF-8
cli-cannot-write = 无法写入 { $file }：{ $detail }
cli-pdf-terminal = PDF 不能输出到终端：请用 -o 文件名（或重定向标准输出）
cli-written = 已写入 { $file }（{ $bytes } 字节）
serve-open = doclist serve：请打开 { $url }（按 Ctrl-C 停止）
serve-reachable = 注意：正在 { $ip } 上监听，网络中的其他计算机也能打开这个页面
cli-port-busy = 可能有其他程序占用了这个端口；请换一个端口，例如 --port { $port }
batch-give-sheet = 请给出要读取的表格（CSV 或 .xlsx）
batch-merge-pdf = --merge 生成的是 PDF：请与 --format pdf 一起使用
batch-encoding = 不认识 --encoding “{ $given }”；可用：utf-8、gbk、gb18030
batch-done = 共 { $rows } 行：可办理 { $eligible }，暂不可办理 { $not_yet }，待确认 { $depends }，有错误 { $failed }；已写入 { $dir }
batch-failed = { $failed } 行无法使用；详见 { $file }
batch-write-stopped = 无法写入 { $file }：{ $detail }；批量处理已在此停止（磁盘是否已满，或目录不可写？）

## 问答

interview-interrupted = 问答已中止，没有写入任何文件
interview-io = 问答无法继续：{ $detail }；没有写入任何文件
interview-eof = 问答还没有结束，标准输入就已结束；没有写入任何文件
interview-eof-hint = 每个问题一行（可跳过的问题用空行跳过），最后在汇总处输入 y
interview-no-policies = --policies：这个目录里没有可以问答的政策
interview-abandoned = 已放弃，没有写入任何文件。
interview-answers-saved = 答案已保存到 { $file }（可用 doclist render 再次生成清单）
interview-checklist-saved = 清单已保存到 { $file }
ask-city = 您要在哪个城市办理？
ask-only-procedure = 办理事项：{ $title }
ask-procedure = 您要办理哪一项？
ask-procedure-path = 不知道该办哪一项？看完整的办理路径：每一步和它的日期
ask-procedure-help = 选定后只会问与这一项有关的问题
ask-name = 申请人的姓名？
ask-name-help = 可不填；只用于清单抬头和答案文件名
ask-birth-date = 申请人的出生日期？
ask-birth-date-help = 年龄会影响要带的材料；也可以直接输入18位身份证号
reply-no-such-entry-or-name = 没有这一项：请输入 1–{ $count } 之间的编号，或选项的名称
reply-no-such-entry = 没有这一项：请输入 1–{ $count } 之间的编号
reply-no-such-number = 没有第 { $number } 项：请输入 1–{ $count } 之间的编号
reply-summary-unclear = 看不懂“{ $reply }”：直接回车或 y 生成清单，输入 1–{ $count } 的编号修改该项，q 放弃
reply-required = 这一项必须回答
reply-required-no-skip = 这一项必须回答，不能跳过
reply-or-number = { $message }（也可输入 1–{ $count } 之间的编号）
answers-dropped = 以下回答已不再影响清单，已删除：{ $labels }
answer-unknown = 未提供
yes = 是
no = 否
format-integer = 整数
option-error = { $option }：{ $message }
value-enum-help = { $label }不能填“{ $value }”{ $hint }：{ $help }；可填：{ $allowed }

## 日历（.ics）

ics-calendar-name = { $procedure } 重要日期
ics-summary = { $label }（{ $procedure }）
ics-summary-named = { $name }：{ $label }（{ $procedure }）
ics-description = { $todo }
    办理事项：{ $procedure }
    依据：{ $source }
    规则：{ $version }，指纹 { $fingerprint }
    { $url }
ics-todo-permit-earliest = 从这一天起可以申领居住证：按材料清单备齐材料后办理。
ics-todo-registration-expires = 居住登记在这一天到期：请在到期前申领居住证，或重新申报居住登记。
ics-todo-window-opens = 居住证签注从这一天起可以办理：带上居住证和清单上的材料去办理签注。
ics-todo-window-closes = 这是签注逾期60日的最后一天：之后再补办签注，居住年限将清零，请在今天之前办理。
ics-todo-permit-expires = 居住证有效期限今天届满：逾期未签注的，使用功能中止；还没签注的，请尽快办理。
ics-todo-change-deadline = 这是办理登记信息变更的最后一天（信息变化后30日内）。
ics-todo-other = { $label }
ics-batch-calendar-name = 员工居住证重要日期（{ $date } 生成）

## explain

explain-no-condition = （无条件：每位申请人都需要）
explain-version = 版本 { $version }（{ $effective } 起施行），{ $verified } 核对；办理日期 { $as_of }
explain-facts = 申请情况
explain-not-given = 未提供
explain-items = 材料
explain-none = （无）
explain-if-applicable = ？如适用
explain-rule = 规则 { $id }：{ $condition }
explain-check = 检查 { $id }：{ $condition }
explain-because = 因为：{ $facts }
explain-depends-on = 取决于：{ $facts }
explain-source = 依据：{ $source }
explain-notices = 提示
explain-not-needed = 不需要
explain-item-not-needed = { $items } — 不需要
explain-notice-not-shown = 提示 { $id }（{ $level }）— 未显示：{ $facts }
explain-nothing-left-out = （没有：每条规则和检查都适用）

## check

check-coverage-plans = 办理路径覆盖（{ $scenarios } 个路径场景）：
check-coverage-path = { $city } 路径 { $version }：{ $scenarios } 个场景；到达步骤 { $reached }/{ $steps }
check-steps-unreached = 没有场景到达的步骤：{ $ids }
path-step-uncovered = 没有路径场景到达这一步
path-step-unreachable = 任何情况都到不了这一步：前面总有别的步骤先于它，或在前面的步骤之后它的条件从不成立
path-loop-stands-still = 路径回到这一步时没有任何回答向前推进：会重复的步骤必须改变某个日期（`then: permit_expiry: permit_expiry + 1 year`）
path-too-long = 路径超过 { $steps } 步仍未结束：请检查各步骤的 `when` 和 `then`
check-coverage = 场景覆盖（共 { $scenarios } 个场景）：
check-coverage-policy = { $policy } { $version }：{ $scenarios } 个场景；规则 { $rules }/{ $all_rules }、检查 { $checks }/{ $all_checks } 已被场景覆盖
check-rules-unexercised = 没有场景覆盖的规则：{ $ids }
check-checks-unexercised = 没有场景覆盖的检查：{ $ids }
check-ok = 通过：{ $versions } 个政策版本、{ $scenarios } 个场景、{ $plans } 个路径场景，没有问题
check-problems = { $problems } 处问题，涉及 { $files } 个文件

## 问答的提示

prompt-enter-default = 直接回车 = { $default }
prompt-help = 提示：{ $help }
prompt-number = 输入编号
prompt-format = 格式 { $format }
prompt-hints = （{ $hints }）
summary-check-answers = 请核对您的回答：
summary-line-choices = （直接回车或 y = 生成清单；输入编号或项目名 = 修改该项；q = 放弃）
summary-next = 下一步
summary-generate = 生成清单
summary-change = 修改某一项
summary-abandon = 放弃
summary-which = 修改哪一项？（Esc 返回）

## 网页与清单上的文字

form-invalid-choice = { $value }（无效）
form-default-choice = 未选（按默认：{ $default }）
form-choose = 请选择
form-date-label = 办理日期
form-birth-date-help = 不填时按身份证号推算
level-block = 不符合办理条件
level-warn = 注意
level-info = 提示
group-originals = 需出示的原件
group-originals-hint = 窗口核验原件；标有复印件的同时交复印件
group-copies = 需提交的材料及复印件
group-copies-hint = 交给窗口留存
group-uploads = 需上传的电子材料
group-uploads-hint = 拍照或扫描后在线上传，清晰、完整、无反光
group-forms = 需填写的表格
group-forms-hint = 可在窗口领取或线上填写
group-proxy = 代办人材料
group-proxy-hint = 由监护人或受托人代为办理时提供
topic-where = 办理地点
topic-online = 线上办理
topic-hours = 办理时间
topic-time-limit = 办理时限
topic-fee = 费用
topic-pickup = 领取证件
topic-validity = 有效期
topic-query = 进度查询
topic-hotline = 咨询电话
topic-link = 网址
topic-note = 其他
provided-applicant = 本人
provided-guardian = 监护人
provided-trustee = 受托人（近亲属）
provided-relative = 近亲属
provided-employer = 用人单位
provided-school = 学校
provided-office = 主管部门
provided-landlord = 出租人/产权人
view-name = 姓名
view-no-name = 未填写
view-id-number = 身份证号
view-age = 年龄
view-age-years = { $age } 周岁
view-fact-assumed = 未填写，按“{ $value }”处理
view-title = { $policy } 材料清单
mark-original = 原件
mark-copies = 复印件 { $copies } 份
mark-copy = 复印件
mark-count-unstated = 份数未说明
mark-with = { $mark }（{ $qualifiers }）
mark-upload = 上传
mark-fill-in = 填写
note-if-applicable = 如适用：{ $condition }
note-may-be-requested = 窗口可能要求
note-alternatives = 或：{ $names }
note-provided-by = 由{ $who }提供
note-how-to-get = 办理方式：{ $how }
authority-official = 官方
authority-secondary = 二手资料
authority-background = 背景资料
answers-file-head = # doclist interview: { $title } ({ $id }), { $date }
    # 重新生成清单：doclist render <本文件> --date { $date }
answers-file-head-plan = # doclist interview: { $title } ({ $city }), { $date }
    # 重新生成办理路径：doclist plan <本文件> --date { $date }
answers-file-unknown = # 未提供（不知道/跳过）：{ $keys }
merge-title = 材料清单 { $people } 人 · { $date }

## Bounds on input
input-yaml-tag = 不读取 YAML 标签（发现 `{ $tag }`）：请去掉标签，直接写值
value-text-too-long = { $label }有 { $count } 个字符，最多可填 { $max } 个
value-text-invisible = { $label }的第 { $position } 个字符（{ $code }）是{ $kind }，请只填写看得见的文字
char-control = 控制字符
char-direction = 文字方向控制符
char-invisible = 不可见的零宽字符
char-separator = 行或段落分隔符
char-private-use = 私用区字符
char-noncharacter = 不用于文本的字符
char-variation = 变体选择符或标签字符
value-date-too-early = { $label }“{ $value }”早于 { $min } 年，可填写 { $min } 年至 2200 年的日期
value-date-too-late = { $label }“{ $value }”晚于 { $max } 年，可填写 { $min } 年至 { $max } 年的日期
value-undrawable = { $label }的第 { $position } 个字符（{ $code }）无法打印：字体里没有这个字（可用 --font 添加含有此字的字体）
row-cell-too-long = 第 { $column } 列的单元格超过 { $max } 个字符，这一行未处理
row-batch-stopped = 未处理：批量任务已中止
sheet-stopped = 表格从这里起无法读取，之后的行都未处理：{ $detail }
batch-stopped = { $detail }；此前的行已完成，见 { $errors }
serve-too-large = 请求内容过大，最多 { $limit } KiB
serve-busy = 服务器繁忙，请稍后再试
serve-not-found = 找不到这个网址。请从下面选择城市和办理事项。
serve-internal = 服务器出了问题，这一次没能生成。请稍后再试；如果一直这样，请联系管理这个网站的人员。
office-too-large = { $file }：办理机构文件太大，最多 { $max } KB
office-bad = { $file }：{ $key }：{ $message }
office-undrawable = 有内置字体印不出的字符（{ $code }）
office-unknown-key = { $file }：没有“{ $key }”这一项{ $hint }；可以写：{ $allowed }
office-no-name = { $file }：缺少 name（办理机构的名称）
serve-cross-site = 这份表单是从别的网站提交的，已拒绝。请直接打开本站的页面填写
input-too-deep = 第 { $line } 行嵌套超过 { $max } 层；最多读取 { $max } 层
value-birth-after-date = { $label }：出生日期 { $birth } 晚于清单日期 { $date }
body-field-twice = 字段 { $field } 填了两次，每个字段只能填一次

## The check before a batch in the web page
check-title-invalid-value = 「{ $header }」一栏填写有误
check-title-invalid-value-somewhere = 有一项填写有误
check-title-no-policy = 没有填写办理事项
check-title-unknown-policy = 办理事项不存在或不适用
check-title-stray-cells = 这一行的格子比表头的列多
check-title-unreadable-row = 这一行无法读取
check-title-invalid-row = 这一行无法使用
batch-busy = 服务器正在处理其他批量任务，请稍后再试
batch-internal = 服务器内部出错，请稍后再试
batch-bad-form = 表单无法读取：{ $detail }
batch-field-too-long = 字段 { $field } 太长
batch-upload-too-slow = 上传太慢：开始 { $seconds } 秒后，平均每秒至少要收到 { $rate } KB；请换一个网络再试
batch-unknown-field = 未知字段 { $field }；可用：{ $allowed }
batch-too-large = 表格太大：最多 { $max } MB
batch-unknown-policy = 办理事项不存在：{ $detail }
batch-bad-format = 格式 { $value } 不支持；可用：pdf、html、json
batch-bad-download = download 的值 { $value } 不支持；可用：zip、merged
batch-merged-needs-pdf = 合并打印文件是 PDF：请选择 format=pdf
batch-bad-sheet = 表格无法读取：{ $detail }
batch-bad-header = 表头（第 1 行）有问题：{ $detail }
batch-no-sheet = 请选择要上传的表格（.xlsx 或 CSV）
batch-xls = 不能读取旧的 .xls 格式，请在 Excel 中另存为 .xlsx 或 CSV
batch-bad-date = { $detail }
batch-too-many-rows = 表格超过 { $max } 行
batch-bad-rows = { $bad } 行有问题，请改正后重新上传，或加上 skip_errors=1 只处理其余 { $good } 行
batch-no-rows = 表格里没有可以处理的行

## Reading a sheet
sheet-xls = 不能读取旧的 .xls 格式，请在 Excel 中另存为 .xlsx 或 CSV
sheet-cannot-open = 无法打开：{ $detail }
sheet-cannot-read = 无法读取：{ $detail }
sheet-bad-header-row = 无法读取表头行：{ $detail }
sheet-no-header = 第一行须写列名（姓名、身份证号……）
sheet-bad-row = 第 { $row } 行：{ $detail }
sheet-not-xlsx = 无法作为 .xlsx 打开：{ $detail }
sheet-no-worksheet = 工作簿里没有工作表
sheet-cannot-read-worksheet = 无法读取工作表「{ $sheet }」：{ $detail }
sheet-damaged-at = 工作表「{ $sheet }」第 { $row } 行已损坏，这一行和之后的行都未读取：{ $detail }
xlsx-tag-mismatch = XML 标记 <{ $expected }> 的结尾写成了 </{ $found }>，单元格的文字会与后面的单元格混在一起；请在 Excel 中打开并重新保存
xlsx-bad-xml = XML 无法读取（{ $detail }）；请在 Excel 中打开并重新保存
xlsx-cut-short = 文件在这里中断了；请在 Excel 中打开并重新保存
xlsx-bad-row-number = 行号“{ $value }”不是从 1 起的数字
xlsx-bad-cell-ref = 单元格位置“{ $value }”无法识别（应为列字母加行号，如 B7）
xlsx-bad-cell-part = 单元格里有无法识别的部分 <{ $name }>（只能是值 v、公式 f 或文字 is）
xlsx-bad-shared-string = 单元格指向第“{ $value }”条共享文字，但工作簿只有 { $count } 条（从 0 起编号）
xlsx-row-beyond = 超出了表格允许的最后一行（第 { $max } 行）
xlsx-column-beyond = 第 { $column } 列超出了表格允许的最后一列（第 { $max } 列）
sheet-empty = 表格是空的
csv-bad-bytes = 第 { $row } 行有不是 { $encoding } 文字的字节：请把表格另存为 UTF-8，或用 --encoding 指定编码
row-not-utf8 = 第 { $row } 行有不是 UTF-8 文字的字节（这个表格的其余部分是 UTF-8，按 UTF-8 读取）：这一行未处理；请重新输入这一行的文字，或把整个表格另存为 UTF-8
csv-unclosed-quote = 第 { $row } 行的引号（"）没有闭合
csv-row-too-long = 第 { $row } 行超过 { $max } 字节
xlsx-open = 无法打开：{ $detail }
xlsx-file-too-large = 文件有 { $size } 字节，最多读取 { $max } 字节的表格
xlsx-not-zip = 不是可读取的 .xlsx 工作簿（已损坏或不完整？）：{ $detail }
xlsx-too-many-parts = 工作簿有 { $count } 个部件，最多读取 { $max } 个
xlsx-damaged = 工作簿已损坏（部件 { $entry }：{ $detail }），请在 Excel 中重新保存
xlsx-too-large-inflated = 工作簿解压后超过 { $max } 字节（部件 { $entry }），请拆分表格或另存为 CSV
xlsx-too-many-strings = 共享字符串（xl/sharedStrings.xml）解压后超过 { $max } 字节，请拆分表格或另存为 CSV
xlsx-huge-text = 部件 { $entry } 中有超过 { $max } 字节的文字或标签；一个单元格最多 { $cell } 个字符

## 政策文件中的问题（`doclist check`、读取政策时）

policy-problem = { $file }：{ $message }
policy-problem-line = { $file }:{ $line }：{ $message }
policy-problem-place = { $file }：{ $place }：{ $message }
policy-problem-line-place = { $file }:{ $line }：{ $place }：{ $message }
policy-place-rule = 规则 `{ $name }`
policy-place-check = 检查 `{ $name }`
policy-place-fact = 事实 `{ $name }`
policy-place-date = 日期 `{ $name }`
policy-place-document = 材料 `{ $name }`
policy-place-scenario = 场景“{ $name }”
policy-place-procedure = 办事指引第 { $entry } 条（{ $topic }）
policy-in-condition = 条件 `{ $condition }`：{ $message }
policy-in-expression = `{ $expression }`：{ $message }
policy-no-source = 没有注明出处（`source`）：请写明依据的文件和章节
policy-source-empty = 出处（`source`）为空：请写明依据的文件和章节
policy-source-no-section = 出处 `{ $source }` 没有写明章节
policy-duplicate-id = 这个 id 用了两次
policy-unused-document = 定义了，但没有规则用到
policy-unused-shared-document = 定义了，但没有任何政策的规则用到
policy-undefined-document = 材料 `{ $document }` 没有定义{ $hint }
policy-never-fires = 条件 `{ $condition }` 对任何申请人都不成立：这条{ $what }永远不会生效
policy-fires-undecided = 注意：条件 `{ $condition }` 读的事实有 { $combinations } 种取值组合，超过逐一尝试的上限 { $budget }：没有判断这条{ $what }是否可能生效
policy-what-rule = 规则
policy-what-check = 检查
policy-what-date = 日期
policy-what-line = 指引
policy-unknown-fact = 未知的事实 `{ $name }`{ $hint }
policy-unknown-fact-list = 未知的事实 `{ $name }`；本政策的事实有：{ $keys }
policy-unknown-value = `{ $value }` 不是事实 `{ $fact }` 的取值{ $hint }；可用：{ $allowed }
policy-no-scenario-for-version = 没有场景针对这个版本（{ $policy } { $version }）：请添加日期不早于其生效日期的场景
policy-rule-uncovered = 没有场景让这条规则生效
policy-if-assumed-no-default = `if_assumed` 只在空着的问题按默认值处理时显示，但这个条件没有用到带 `default` 的事实
policy-source-text-missing = 来源文件 `{ $file }` 的原文不在 `sources/` 中：请放入原文，以便核对引用
policy-section-not-found = 章节 `{ $section }` 不是 `{ $file }` 中的标题路径：请按原文的标题书写，用 · 连接
policy-official-cited-secondary = 这条规则把 `{ $document }` 列为官方要求，但该材料只引用了非官方资料：请引用列明它的官方段落，或把规则标为 `may_be_requested`
policy-check-uncovered = 没有场景显示这条检查的提示
policy-glyph = 内置字体无法显示“{ $char }”（{ $code }），PDF 会生成失败：请换一种写法
policy-not-allowed = { $field } 不能填 `{ $value }`；可用：{ $allowed }
policy-source-undeclared = 出处 `{ $source }` 没有声明；已声明的出处：{ $known }
policy-source-authority = 出处 `{ $source }`：权威级别不能填 `{ $value }`；可用：{ $allowed }
policy-unknown-placeholder = 文字里的 `{"{"}{ $name }{"}"}` 不是本政策的事实或日期
policy-not-shared-fact = 不是共用的事实{ $hint }；请在这里用 `type`、`label` 和 `question` 定义它
policy-fact-twice = 列了两次（或是内置的事实）
policy-date-key-taken = 与某个事实或前面的日期同名
plan-no-city = 没有指定城市：请在输入中加上 “city: 城市”（或某项办理事项的 policy）（有办理路径的城市：{ $available }）
plan-unknown-city = 城市 `{ $city }` 没有办理路径（有办理路径的城市：{ $available }）
plan-page-unknown-city = 没有“{ $city }”的办理路径；请在下面选择：{ $available }
serve-unknown-procedure = 没有找到办理事项“{ $given }”，请在下面选择。
serve-choose-procedure = 请先在下面选择要办理的事项。
plan-when-now = 现在就可以办理
plan-when-from = { $date } 起可以办理
plan-when-from-estimated = 约 { $date } 起可以办理（按前面的步骤推算）
plan-when-open = 哪一天可以办理，取决于：{ $facts }
plan-when-if = 如适用（{ $condition }）：{ $date } 起（{ $label }）
plan-when-if-open = 如适用（{ $condition }）：须{ $label }（日期尚不能确定）
plan-until = 最迟 { $date }（{ $label }）
plan-until-estimated = 最迟约 { $date }（{ $label }；按前面的步骤推算）
plan-until-late = { $label }是 { $date }，已经过了
plan-until-open = 最迟到{ $label }（日期尚不能确定）
plan-ics-name = { $title }
plan-ics-start = 第{ $number }步：{ $title }
plan-ics-until = 第{ $number }步：{ $title }（最后一天）
plan-ics-description = { $todo }
    { $keep }
    依据：{ $source }
    路径版本 { $version } · 规则指纹 { $fingerprint }
plan-refused = 无法生成办理路径：{ $detail }
plan-otherwise = 否则
path-monthly-not-number = `{ $fact }` 不是路径所问的数字事实，不能按月增长
path-no-steps = 路径没有步骤：请在 `steps:` 下按办理顺序列出各项办理事项
path-unknown-procedure = 步骤写的办理事项 `{ $procedure }` 在本市没有对应的政策{ $hint }；本市的办理事项：{ $known }
path-then-unknown-fact = `then` 改变的 `{ $fact }` 不是路径所问的事实；路径问的是：{ $known }
path-then-bad-value = `{ $value }` 不是这个事实的取值；可用：{ $allowed }
path-with-unknown-fact = `with` 回答的 `{ $fact }`，`{ $policy }` 并不问；它问的是：{ $known }
policy-item-no-doc = 每一项都要写 `doc` 或 `one_of`
policy-item-asks-nothing = 材料项 `{ $document }` 什么也没要求：请设置 `original`、`copies` 或 `upload`
cli-font-unusable = --font { $file }：不能用作字体：{ $detail }
template-too-slow = 渲染超过 { $seconds } 秒（模板里可能有停不下来的循环），没有写出任何文件
template-memory = 渲染模板 { $name } 要用的内存超过 { $mib } MiB（模板里可能有不停变长的值），已经停止
cli-policy-problem = 政策文件有误：{ $problem }
cli-font-not-a-font = 不是 TrueType/OpenType 字体文件
cli-font-variable = 是可变字体；doclist 需要静态的 TrueType/OpenType 字体
cli-font-no-outlines = 没有 TrueType 或 CFF 字形轮廓；doclist 需要静态的 TrueType/OpenType 字体
cli-font-no-unicode = 没有 Unicode 字符映射表
cli-font-zero-em = head 表中每 em 单位数为 0，文件已损坏

## 分片批量处理与 `doclist join`
shard-bad = “{ $given }” 不是有效的分片：请写 K/N，K 从 0 到 N-1，N 从 1 到 { $max }（例如 0/4）
join-bad-shard-file = { $file } 第 { $line } 行：不是 doclist 的分片文件（{ $detail }）
join-no-shards = 没有给出分片目录
join-shards-differ = { $first } 和 { $other } 不是同一批次的分片（{ $what } 不同）
join-shard-twice = 分片 { $shard } 重复给出
join-shards-missing = 缺少分片：{ $missing }
join-shard-after-end = { $file }：最后一行之后还有内容，分片写完后被改动过
join-row-outside = { $file }：第 { $row } 行不属于分片 { $shard }：文件被改动过，或来自另一个分片
join-row-twice = 第 { $row } 行出现在两个分片中：分片文件被复制或改动过
join-shard-cut-short = { $file } 没有最后一行：这个分片没有运行完（被中止）；请重新运行这个分片
join-shard-lines = { $file } 写明有 { $said } 人，实际有 { $found } 人：有行被添加或删除
join-rows-missing = 表格有 { $rows } 行，分片中只有 { $found } 行：某个分片的行缺失或被删除
join-merge-changed = { $file } 不是它的分片写出的合并打印文件（被替换或改动过）：请重新运行这个分片
join-no-fonts = 无法加载字体，合并打印文件无法拼接
join-bad-merge-file = { $file } 不是 doclist 写的合并打印文件（{ $detail }）
join-done = 已将 { $shards } 个分片共 { $rows } 行合并到 { $dir }
merge-font-not-truetype = 字体 { $font } 是 CFF 轮廓（.otf）；合并打印文件需要 TrueType 轮廓的字体（.ttf）

## The xlsx sheet template HR fills in
template-sheet-people = 人员名单
template-sheet-help = 填写说明
template-sheet-lists = 选项
template-head-header = 列名
template-head-field = 字段
template-head-kind = 填写方式
template-head-required = 必填
template-head-values = 可填的值
template-head-what = 说明
template-kind-choice = 从下拉列表中选择
template-kind-bool = 是 / 否
template-kind-integer = 整数（0 或以上）
template-kind-date = 日期（YYYY-MM-DD）
template-kind-text = 文字
template-yes = 是
template-no = 否
template-invalid-title = 填写有误
template-invalid-message = 「{ $header }」只能从下拉列表中选择。
template-policy-what = 每个人要办理的事项（也可以填事项编号，如 { $example }）
template-asked-by = { $titles }：{ $question }
template-wording-separator = ；
template-note = 第一行是列名，请勿修改；每人一行。日期写成 2026-11-23；不知道的可以留空，清单会列出可能需要的材料。
template-note-mark = 【填写说明】
template-example-mark = 【示例】
template-example-name = 张三
policy-needs-if-unknown = 文字里的 `{"{"}{ $name }{"}"}` 在申请人未回答时无法得知：请加上 `if_unknown` 措辞（不含这个值）
view-verdict-yes = 符合办理条件
view-verdict-no = 当前不符合办理条件 — 请先看下方说明
view-verdict-depends = 是否符合办理条件取决于：{ $facts }
view-verdict-depends-when = 不符合的情形：{ $condition }
view-ignored = 以下回答与本事项无关，未用于本清单：{ $labels }
row-long-number = { $column } 列的单元格是一个超过 15 位的数字（{ $value }）：身份证号被存成了数字，Excel 只保留 15 位，后几位已丢失。请把该列设为“文本”后重新输入（doclist 的表格模板已把这一列设为文本）；这一行未处理
explain-assumed = 未填写，按默认推定
explain-self-check = 自查

## 命令行帮助：每个命令、每个选项一行（命令名之后是选项名）。
cli-about = 到窗口要带哪些材料：居住登记和居住证的材料清单，可打印。
cli-arg-lang = 提示信息的语言：zh 或 en（默认看 LC_ALL、LC_MESSAGES 或 LANG：zh 开头为中文，其余为英文）
cli-about-plan = 生成一个人在一座城市的完整办理路径：按顺序列出每项办理事项、何时办理，以及每项的材料清单
cli-arg-plan-applicant = 这个人的情况：YAML 或 JSON 文件，写明 city:（或本市某项办理事项的 policy:）和 stage:，“-”表示从标准输入读取
cli-arg-plan-format = 输出格式：json、html、pdf，或 ics（每一步的日期，iCalendar 日历文件）
cli-arg-plan-output = 写入这个文件（整份写完才替换），不写到标准输出
cli-arg-plan-date = 路径从哪一天算起，格式 YYYY-MM-DD（默认：今天）
cli-arg-plan-policies = 使用这个目录里的办事规则和办理路径，不用内置的
cli-arg-plan-templates = 这个目录里的模板替换内置的同名模板
cli-arg-plan-show_id = 完整显示身份证号，不打码
cli-arg-plan-quiet = 写好文件后不提示
cli-about-render = 为一位申请人生成材料清单
cli-arg-render-applicant = 申请人情况：YAML 或 JSON 文件，“-”表示从标准输入读取
cli-arg-render-policy = 办理事项的编号，例如 shanghai/residence-permit（默认：取文件中的 policy:）
cli-arg-render-format = 输出格式：json、html、pdf，或 ics（重要日期，iCalendar 日历文件）
cli-arg-render-output = 写入这个文件（整份写完才替换），不写到标准输出
cli-arg-render-date = 按哪一天生成清单，格式 YYYY-MM-DD（默认：今天）
cli-arg-render-policies = 使用这个目录里的办事规则，不用内置的
cli-arg-render-templates = 这个目录里的模板替换内置的同名模板
cli-arg-render-show_id = 完整显示身份证号，不打码
cli-arg-render-quiet = 写好文件后不提示
cli-arg-render-explain = 在每项材料下写明为什么需要它
cli-arg-render-no_forms = 不附清单后的表格（委托书、亲属关系承诺书、快证书面申请）
cli-arg-render-font = 第二种字体（TTF/OTF），用于内置思源黑体（Noto Sans SC）写不出的字
cli-arg-render-large = 大字版：HTML 和 PDF 的字号放大三分之一（正文约 14 磅），给阅读吃力的人
cli-arg-render-office = 办理机构文件（YAML）：受理中心的名称、地址、办公时间、电话，印在清单的每一页
cli-about-batch = 为 CSV 或 Excel 表格的每一行生成材料清单，并附汇总
cli-arg-batch-input = CSV（UTF-8 或 GB18030/GBK）或 .xlsx 表格；第一行是列名
cli-arg-batch-out_dir = 清单和汇总写到这个目录
cli-arg-batch-format = 每人一个文件（pdf、html、json），或一个 checklists.jsonl，每人一行
cli-arg-batch-policy = “办理事项”一栏为空的行按这个办理事项处理
cli-arg-batch-merge = 另外生成一个包含所有人的 PDF，每人从新的一页开始
cli-arg-batch-duplex = 与 --merge 一起用：补空白页，使每人从正面开始（双面打印）
cli-arg-batch-shard = 只处理其中一份：行号（与文件名和 summary.csv 中的行号相同，表头为第 1 行）除以 N 余 K 的行。K 从 0 数起（0/4、1/4、2/4、3/4）。每份另写 shard.jsonl，供 doclist join 合并
cli-arg-batch-jobs = 工作线程数，1 到 256（默认：处理器核数）
cli-arg-batch-date = 按哪一天生成清单，格式 YYYY-MM-DD（默认：今天）
cli-arg-batch-encoding = CSV 的编码（utf-8、gbk、gb18030），不想自动识别时指定
cli-arg-batch-quiet = 不显示进度条，不在标准错误输出计数（出错的行仍写入 errors.csv）
cli-arg-batch-template_csv = 把 --policy 所需各列的空表写到标准输出（或 -o 指定的文件）
cli-arg-batch-output = 与 --template-csv 一起用：写入的文件
cli-arg-batch-policies = 使用这个目录里的办事规则，不用内置的
cli-arg-batch-templates = 这个目录里的模板替换内置的同名模板
cli-arg-batch-font = 第二种字体，用于内置字体写不出的字
cli-arg-batch-show_id = 完整显示身份证号，不打码
cli-arg-batch-plan = 同时给出每个人的办理路径：summary.csv 和 summary.html 列出下一步、日期和之后的事项；calendar.ics 记入各人路径的日期，并为每人另附一份日历
cli-arg-batch-no_forms = 不附每份清单后的表格（委托书、亲属关系承诺书、快证书面申请）
cli-about-join = 把分份处理（batch --shard K/N）的各输出目录合并为一份
cli-arg-join-shards = 各份的输出目录（每个目录里有 shard.jsonl），每份一次，顺序不限
cli-arg-join-out_dir = 合并后的 summary.csv、summary.html、errors.csv、calendar.ics 和合并打印文件写到这里（各人的清单留在各份目录中）
cli-arg-join-duplex = 有合并打印文件时：补空白页，使每人从正面开始（双面打印）
cli-arg-join-templates = 这个目录里的模板替换内置模板（与分份处理时相同）
cli-arg-join-font = 分份处理时用的第二种字体（如有）
cli-about-policies = 列出 doclist 知道的办理事项，以及每项要问的问题
cli-arg-policies-policies = 使用这个目录里的办事规则，不用内置的
cli-about-check = 检查所有办事规则：每个问题都写明文件和行号，并统计示例情形覆盖了哪些规则
cli-arg-check-policies = 检查这个目录里的办事规则，不检查内置的
cli-arg-check-templates = 同时检查这个目录里的 PDF 模板（替换内置模板的那些）
cli-about-explain = 解释一份清单：每一项背后的规则、情况和依据，以及哪些不需要
cli-arg-explain-applicant = 申请人情况：YAML 或 JSON 文件，“-”表示从标准输入读取
cli-arg-explain-policy = 办理事项的编号（默认：取文件中的 policy:）
cli-arg-explain-date = 按哪一天解释清单，格式 YYYY-MM-DD（默认：今天）
cli-arg-explain-policies = 使用这个目录里的办事规则，不用内置的
cli-arg-explain-format = text 给人看；json 给出每条规则和检查的推理过程
cli-about-schema = 输出某个办理事项的申请人文件的 JSON Schema
cli-arg-schema-policy = 办理事项的编号，例如 shanghai/residence-permit
cli-arg-schema-date = 取这一天施行的版本，格式 YYYY-MM-DD（默认：今天）
cli-arg-schema-policies = 使用这个目录里的办事规则，不用内置的
cli-arg-schema-output = 写入这个文件（整份写完才替换），不写到标准输出
cli-about-interview = 用中文只问要紧的问题；保存回答并生成清单
cli-arg-interview-policy = 办理事项的编号，例如 shanghai/residence-permit（默认：先问城市和办理事项）
cli-arg-interview-output = 把清单写入这个文件（整份写完才替换）；不指定时 JSON 和 HTML 写到标准输出，PDF 放在回答文件旁边
cli-arg-interview-format = 清单写出时的格式
cli-arg-interview-answers = 回答保存到这里，即 doclist render 能读的申请人 YAML 文件（默认：当前目录下的“姓名.yaml”，不覆盖已有文件）
cli-arg-interview-date = 按哪一天生成清单，格式 YYYY-MM-DD（默认：今天）
cli-arg-interview-policies = 使用这个目录里的办事规则，不用内置的
cli-about-serve = 以本机网页（和一个小接口）提供清单，直到按 Ctrl-C
cli-arg-serve-port = 监听的端口（0：任选一个空闲端口，并显示地址）
cli-arg-serve-bind = 监听的地址；0.0.0.0 表示其他电脑也能打开这个网页
cli-arg-serve-policies = 使用这个目录里的办事规则，不用内置的
cli-arg-serve-templates = 这个目录里的模板替换内置的同名模板
cli-arg-serve-render_threads = 生成清单的线程数（默认：处理器核数）
cli-arg-serve-render_queue = 可排队等待线程的生成请求数；再多返回 503（默认：每线程 256）
cli-arg-serve-max_connections = 同时打开的连接数；再多返回 503
cli-arg-serve-max_connections_per_client = 同一客户端地址同时打开的连接数上限；超出的返回 503（经代理时所有人都是代理的地址，请调高）
cli-arg-serve-header_timeout = 客户端发送请求头的时限（秒），也是保持连接的空闲时限
cli-arg-serve-max_upload = 批量页面接受的最大表格，单位 MB
cli-arg-serve-max_rows = 一个批量表格最多的行数
cli-arg-serve-max_batches = 同时进行的批量任务数（默认：处理器核数）；再多返回 429
cli-arg-serve-office = 办理机构文件（YAML）：受理中心的名称、地址、办公时间、电话，印在每份清单的每一页
cli-about-gen-sheet = 生成用于测试和性能测试的模拟人事表格
cli-arg-gen-sheet-rows = 行数（最多 10,000,000）
cli-arg-gen-sheet-out = 要写的表格；旁边另写一份 GB18030 编码的“<名称>.gbk.csv”
cli-arg-gen-sheet-bad_every = 每隔 N 行放一行错误数据（0：不放）
cli-help-flag = 显示帮助
cli-version-flag = 显示版本
cli-help-command = 显示本帮助或某个命令的帮助
cli-usage = 用法：{ $usage }
cli-heading-commands = 命令
cli-heading-arguments = 参数
cli-heading-options = 选项
cli-possible-values = 可选：{ $values }
cli-default-value = 默认：{ $value }
cli-more-help = 运行“{ $command } --help”查看更多说明。
cli-error-unknown-argument = 不认识的参数“{ $arg }”
cli-error-unknown-command = 没有“{ $arg }”这个命令
cli-error-invalid-value = { $arg } 的值“{ $value }”不可用
cli-error-missing = 缺少必填的参数：{ $arg }
cli-error-conflict = { $arg } 不能与 { $other } 同时使用
cli-error-no-command = 请指定一个命令
cli-error-other = 命令行参数有误：{ $detail }
cli-did-you-mean = 是不是“{ $suggestion }”？
summary-csv-version = 规则版本
summary-csv-fingerprint = 规则指纹
policies-policy = { $id }  { $title }（版本 { $version }，{ $effective } 起施行，{ $verified } 核对，规则指纹 { $fingerprint }）
policies-earlier = 较早版本 { $version }（{ $effective } 起施行，{ $verified } 核对，规则指纹 { $fingerprint }）
diff-row = 第 { $row } 行 { $name }
diff-status-yes = 可办理
diff-status-no = 不可办理
diff-status-depends = 待确认
diff-way-original = 原件
diff-way-copies = 复印件
diff-way-copies-n = 复印件 { $n } 份
diff-way-upload = 上传
diff-if-applicable = 如适用
diff-may-be-requested = 窗口可能要求
diff-paren = （{ $text }）
diff-behind = 规则：{ $rules }；依据：{ $source }
diff-paper-added = 新增材料 { $name }：{ $how }
diff-paper-removed = 不再需要 { $name }（原为：{ $how }）
diff-paper-changed = 材料 { $name }：{ $before } → { $after }
diff-side-error = 无清单：{ $error }
diff-side-rules = 版本 { $version }，规则指纹 { $fingerprint }
diff-entry = { $label } · { $title }（{ $origin }）
diff-sides = 规则：{ $before } → { $after }
diff-verdict = 结论：{ $before } → { $after }
diff-notice-added = 新增提示 [{ $level }]：{ $text }
diff-notice-removed = 不再提示 [{ $level }]：{ $text }
diff-notice-changed = 提示有变 [{ $level }]：{ $text }
diff-notice-was = 原为：{ $text }
diff-no-date = （无）
diff-date = 日期 { $label }：{ $before } → { $after }
diff-head = 规则变化：{ $before } → { $after }
diff-totals = 共 { $cases } 个情形，{ $changed } 个有变化：结论变化 { $verdicts }，新增材料 { $added }，不再需要的材料 { $removed }，办法有变的材料 { $papers_changed }，新增提示 { $notices_added }，不再提示 { $notices_removed }，提示有变 { $notices_changed }，日期变动 { $dates }，一边无清单 { $errors }。
diff-built-in = 内置规则
diff-on-date = { $rules }（{ $date } 施行的版本）
diff-nothing = 没有任何清单因此改变。
diff-nothing-to-compare = 要比较两套规则：用 --against DIR 指定另一个规则目录，或用 --date D1 --to D2 比较同一目录在两个日期施行的版本
cli-about-diff = 规则变化会改变什么：在两套规则下逐人比较清单（结论、材料、提示、日期）；无变化退出码 0，有变化 1
cli-arg-diff-applicant = 只比较这一位申请人（YAML 或 JSON 文件，“-”为标准输入）；不给时比较各办理事项的示例情形
cli-arg-diff-sheet = 比较这个人事表格（.xlsx 或 CSV，与 batch 读法相同）的每一行
cli-arg-diff-policies = 原规则：这个目录里的办事规则（默认：内置规则）
cli-arg-diff-against = 新规则：这个目录里的办事规则
cli-arg-diff-date = 原规则取这一天施行的版本，格式 YYYY-MM-DD
cli-arg-diff-to = 新规则取这一天施行的版本，格式 YYYY-MM-DD（与 --date 一起用）
cli-arg-diff-as_of = 表格和申请人文件按哪一天的情况办理，格式 YYYY-MM-DD（默认：今天；示例情形用各自的日期）
cli-arg-diff-policy = 没写办理事项的行或申请人文件按这个办理事项
cli-arg-diff-format = text 给终端看；json 给程序；html 是给人事部门的变化汇总
cli-arg-diff-output = 写入这个文件（整份写完才替换），不写到标准输出
cli-arg-diff-templates = 这个目录里的模板替换内置的同名模板
cli-arg-diff-jobs = 工作线程数，1 到 256（默认：处理器核数）
diff-row-origin = { $file } 第 { $row } 行
new-bad-id = “{ $id }”不能作为办理事项编号：须写成“城市/事项”，两部分都只用小写字母、数字和“-”，例如 nanjing/residence-permit
new-no-facts = { $dir } 下没有 facts.yaml：请用 --policies 指定办事规则目录（其中有 facts.yaml）
new-exists = { $file } 已存在，未作任何改动
new-wrote = 已写入 { $file }
new-next = 下一步：按来源文件替换所有“（请填写…）”，把来源全文放进 sources/ 下的文件，然后运行 doclist check --policies { $dir }
cli-about-new = 为新的办理事项（或新城市）生成规则骨架：规则文件、示例情形和来源占位，每个键都有注释，生成后即可通过 check
cli-arg-new-id = 办理事项编号：城市/事项，例如 nanjing/residence-permit
cli-arg-new-policies = 写入这个办事规则目录（默认：policies）
cli-arg-new-city_name = 城市名称，例如 南京市（新城市时写入 common.yaml）
cli-arg-new-title = 办理事项名称，例如 南京市居住证申领
cli-applicant-too-large = { $file } 超过 { $max } MB：申请人文件只需写几个问题的回答，请检查是不是选错了文件
batch-merge-clash = --merge { $file } 会覆盖批量处理自己在输出目录里写的文件（个人清单或汇总）：请换一个文件名，或放到 --out-dir 之外
