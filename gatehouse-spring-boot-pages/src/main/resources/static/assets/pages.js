// The sign-in pages' only script, served by the app: the resend countdown and the code field.
(function () {
  'use strict';

  // The resend button comes disabled from the server while the cooldown runs; count down and
  // enable it when the wait is over. Without JavaScript, reloading the page does the same.
  var wait = document.getElementById('resend-wait');
  var resend = document.getElementById('resend');
  if (wait && resend && resend.disabled) {
    var left = parseInt(wait.getAttribute('data-seconds'), 10);
    var template = wait.getAttribute('data-template');
    var timer = window.setInterval(function () {
      left -= 1;
      if (left <= 0) {
        window.clearInterval(timer);
        resend.disabled = false;
        wait.textContent = wait.getAttribute('data-ready');
      } else {
        wait.textContent = template.replace('{0}', String(left));
      }
    }, 1000);
  }

  // A pasted "123 456" or "Your code: 123456" becomes the digits alone.
  var code = document.getElementById('code');
  if (code) {
    code.addEventListener('paste', function (event) {
      var data = event.clipboardData || window.clipboardData;
      var digits = data ? data.getData('text').replace(/\D/g, '') : '';
      if (digits.length > 0) {
        event.preventDefault();
        code.value = digits;
      }
    });
    code.addEventListener('input', function () {
      var digits = code.value.replace(/\D/g, '');
      if (digits !== code.value) {
        code.value = digits;
      }
    });
  }
})();
