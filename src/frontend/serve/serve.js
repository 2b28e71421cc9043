// doclist serve: progressive enhancement only. Without this script every page still works:
// the "更新问题" button redraws the form, and the browser's menu prints.
(function () {
  'use strict';

  // After a refused submission the error summary takes the focus, so that it is read first
  // (the autofocus attribute does it where the browser honours it on a box).
  var summary = document.getElementById('error-summary');
  if (summary && document.activeElement !== summary) { summary.focus(); }

  // Print buttons are hidden until there is a script to press them.
  document.querySelectorAll('[data-print]').forEach(function (button) {
    button.hidden = false;
    button.addEventListener('click', function () { window.print(); });
  });

  var form = document.querySelector('form[data-questions]');
  if (!form) { return; }
  var update = form.querySelector('[data-update]');
  var note = form.querySelector('[data-update-note]');
  if (update) { update.hidden = true; }
  if (note) { note.textContent = '回答改变时，问题会自动更新。'; }

  // What changed is said once, politely: a new or changed error, a question that comes
  // or goes. Lines that stay as they were are not touched, so nothing is said again.
  var announce = form.querySelector('[data-announce]');
  function say(text) {
    if (announce && text) { announce.textContent = text; }
  }
  function labelOf(box) {
    var label = box.querySelector('label');
    return label ? label.textContent : '';
  }

  var latest = 0;
  function showError(key, message) {
    var box = form.querySelector('[data-field="' + key + '"]');
    var line = document.getElementById('error-' + key);
    if (!box || !line) { return ''; }
    message = message || '';
    if (line.textContent === message) { return ''; }
    line.textContent = message;
    line.hidden = !message;
    box.classList.toggle('invalid', !!message);
    var control = document.getElementById('f-' + key);
    if (control) {
      if (message) { control.setAttribute('aria-invalid', 'true'); } else { control.removeAttribute('aria-invalid'); }
    }
    return message ? labelOf(box) + '：' + message : '';
  }

  function refresh() {
    var mine = ++latest;
    fetch(form.getAttribute('data-questions') || '/questions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(new FormData(form)).toString()
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (answer) {
      if (!answer || mine !== latest) { return; }
      var messages = {};
      answer.errors.forEach(function (e) {
        if (e.field) { messages[e.field] = messages[e.field] ? messages[e.field] + '；' + e.message : e.message; }
      });
      var said = [];
      var shown = [];
      var gone = [];
      form.querySelectorAll('[data-field]').forEach(function (box) {
        var key = box.getAttribute('data-field');
        if (box.hasAttribute('data-question')) {
          var hide = answer.visible.indexOf(key) < 0;
          if (hide !== box.hidden) { (hide ? gone : shown).push(labelOf(box)); }
          box.hidden = hide;
        }
        var news = showError(key, messages[key]);
        if (news) { said.push(news); }
      });
      if (shown.length) { said.push('新增问题：' + shown.join('、')); }
      if (gone.length) { said.push('不再需要回答：' + gone.join('、')); }
      say(said.join('。'));
    }).catch(function () {
      // The server could not be asked: fall back to the button.
      if (update) { update.hidden = false; }
    });
  }

  form.addEventListener('change', refresh);
}());
