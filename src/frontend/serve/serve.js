// doclist serve: progressive enhancement only. Without this script every page still works:
// the "更新问题" button redraws the form, and the browser's menu prints.
(function () {
  'use strict';

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

  var latest = 0;
  function showError(key, message) {
    var box = form.querySelector('[data-field="' + key + '"]');
    var line = document.getElementById('error-' + key);
    if (!box || !line) { return; }
    line.textContent = message || '';
    line.hidden = !message;
    box.classList.toggle('invalid', !!message);
    var control = document.getElementById('f-' + key);
    if (control) {
      if (message) { control.setAttribute('aria-invalid', 'true'); } else { control.removeAttribute('aria-invalid'); }
    }
  }

  function refresh() {
    var mine = ++latest;
    fetch('/questions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(new FormData(form)).toString()
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (answer) {
      if (!answer || mine !== latest) { return; }
      var messages = {};
      answer.errors.forEach(function (e) {
        if (e.field) { messages[e.field] = messages[e.field] ? messages[e.field] + '; ' + e.message : e.message; }
      });
      form.querySelectorAll('[data-field]').forEach(function (box) {
        var key = box.getAttribute('data-field');
        if (box.hasAttribute('data-question')) {
          box.hidden = answer.visible.indexOf(key) < 0;
        }
        showError(key, messages[key]);
      });
    }).catch(function () {
      // The server could not be asked: fall back to the button.
      if (update) { update.hidden = false; }
    });
  }

  form.addEventListener('change', refresh);
}());
