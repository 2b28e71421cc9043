// doclist serve, the batch page: the check shown in place, and a progress bar while the
// zip downloads. Without this script the page still works: the check comes back as a page
// of its own, and the browser shows the download's progress.
(function () {
  'use strict';

  var form = document.querySelector('form[data-batch]');
  if (!form) { return; }
  var section = document.getElementById('check');
  var summary = section.querySelector('[data-check-summary]');
  var heading = section.querySelector('[data-check-heading]');
  var policies = section.querySelector('[data-check-policies]');
  var errors = section.querySelector('[data-check-errors]');
  var rows = section.querySelector('[data-check-rows]');
  var next = section.querySelector('[data-check-next]');
  var go = section.querySelector('[data-go]');
  var bar = section.querySelector('[data-progress]');
  var meter = bar.querySelector('progress');
  var meterText = bar.querySelector('[data-progress-text]');
  var token = form.querySelector('input[name=progress]');

  function cell(tr, text) {
    var td = document.createElement('td');
    td.textContent = text;
    tr.appendChild(td);
  }

  function clear(node) {
    while (node.firstChild) { node.removeChild(node.firstChild); }
  }

  function show(result) {
    var c = result.check;
    section.hidden = false;
    bar.hidden = true;
    clear(policies);
    clear(rows);
    if (!c) {
      summary.textContent = result.message;
      errors.hidden = true;
      go.hidden = true;
      next.textContent = '请改正后重新上传。';
      if (heading) { heading.focus(); }
      return;
    }
    summary.textContent = '工作表「' + c.sheet + '」：读到 ' + c.rows + ' 行，' + c.good + ' 行可以生成' +
      (c.bad ? '，' + c.bad + ' 行有问题' : '') + '。其中可办理 ' + c.standing.eligible +
      ' 人，暂不可办理 ' + c.standing.not_yet + ' 人，待确认 ' + c.standing.depends +
      ' 人（清单写明取决于哪些回答）。';
    c.per_policy.forEach(function (p) {
      var li = document.createElement('li');
      li.textContent = p.title + '（' + p.id + '）：' + p.people + ' 人';
      policies.appendChild(li);
    });
    (result.errors || []).forEach(function (e) {
      var tr = document.createElement('tr');
      cell(tr, c.sheet);
      cell(tr, e.row ? '第 ' + e.row + ' 行' : '');
      cell(tr, e.column ? e.column + ' 列（' + e.header + '）' : '');
      var td = document.createElement('td');
      var strong = document.createElement('strong');
      strong.textContent = e.title || '';
      td.appendChild(strong);
      td.appendChild(document.createElement('br'));
      td.appendChild(document.createTextNode(e.message));
      tr.appendChild(td);
      rows.appendChild(tr);
    });
    if (c.unlisted) {
      var more = document.createElement('tr');
      var note = document.createElement('td');
      note.colSpan = 4;
      note.textContent = '另有 ' + c.unlisted + ' 个问题未列出：请先改正上面列出的问题，再重新上传检查。';
      more.appendChild(note);
      rows.appendChild(more);
    }
    errors.hidden = rows.childElementCount === 0;
    var usable = c.good > 0 && !c.too_many_rows;
    go.hidden = !usable;
    if (c.too_many_rows) {
      next.textContent = '表格超过 ' + c.max_rows + ' 行，请分成几份上传。';
    } else if (!c.good) {
      next.textContent = '没有可以生成的行：请改正表格后重新上传。';
    } else if (c.bad) {
      next.textContent = '可以改正表格后重新上传，也可以先为没有问题的 ' + c.good + ' 人生成。';
    } else {
      next.textContent = '全部 ' + c.good + ' 行都可以生成。';
    }
    // The results take the focus: a screen reader reads the heading and the counts.
    if (heading) { heading.focus(); }
  }

  function poll(id) {
    var seen = false;
    var tries = 0;
    function once() {
      fetch('/batch/progress/' + id, { headers: { Accept: 'application/json' } })
        .then(function (r) { return r.json().then(function (j) { return { status: r.status, body: j }; }); })
        .then(function (r) {
          if (r.status === 404) {
            // Not started yet (the upload and the check come first), or on another copy of
            // the server: the browser's own download shows the progress then.
            if (!seen && ++tries < 1500) { setTimeout(once, 400); }
            return;
          }
          seen = true;
          var p = r.body;
          meter.max = Math.max(p.total, 1);
          meter.value = p.done;
          if (p.state === 'done') {
            meterText.textContent = '已完成 ' + p.done + ' / ' + p.total + ' 行，请查看浏览器的下载。';
            return;
          }
          if (p.state === 'failed') {
            meterText.textContent = '生成中断，请重试。';
            return;
          }
          meterText.textContent = '正在生成 ' + p.done + ' / ' + p.total + ' 行…';
          setTimeout(once, 400);
        })
        .catch(function () { setTimeout(once, 1000); });
    }
    once();
  }

  form.addEventListener('submit', function (event) {
    var submitter = event.submitter;
    if (submitter && submitter.hasAttribute('data-check')) {
      event.preventDefault();
      submitter.disabled = true;
      summary.textContent = '正在检查…';
      section.hidden = false;
      var data = new FormData(form);
      data.delete('progress');
      data.delete('skip_errors');
      fetch('/batch/check', { method: 'POST', body: data, headers: { Accept: 'application/json' } })
        .then(function (r) { return r.json(); })
        .then(show)
        .catch(function () { show({ message: '检查失败，请重试。' }); })
        .then(function () { submitter.disabled = false; });
      return;
    }
    if (submitter && submitter.getAttribute('formaction') === '/batch') {
      var id = '';
      var bytes = new Uint8Array(16);
      crypto.getRandomValues(bytes);
      bytes.forEach(function (b) { id += ('0' + b.toString(16)).slice(-2); });
      token.value = id;
      bar.hidden = false;
      meter.value = 0;
      meterText.textContent = '正在准备…';
      poll(id);
    }
  });
})();
