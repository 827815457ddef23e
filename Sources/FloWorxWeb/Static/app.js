// FloWorx web app: progressive enhancement only. Every page works without this file.
(function () {
  "use strict";

  // The password reset link lands on the site with the recovery session in the URL fragment (as GoTrue sends it):
  // hand it to the "new password" form, which then needs no code.
  var hash = window.location.hash || "";
  if (hash.indexOf("access_token=") !== -1 && hash.indexOf("type=recovery") !== -1 && window.location.pathname !== "/reset/new") {
    window.location.replace("/reset/new" + hash);
    return;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var tokenField = document.getElementById("access_token");
    if (tokenField && hash.indexOf("access_token=") !== -1) {
      var params = new URLSearchParams(hash.slice(1));
      tokenField.value = params.get("access_token") || "";
      var codeField = document.getElementById("code-field");
      if (codeField && tokenField.value) { codeField.hidden = true; }
      var intro = document.getElementById("reset-intro");
      if (intro && tokenField.value) { intro.textContent = "Your reset link is confirmed. Choose a new password."; }
      // The token stays out of the address bar and the history.
      history.replaceState(null, "", window.location.pathname);
    }

    // "Copy" buttons: copy the text of the field they name.
    var buttons = document.querySelectorAll("button[data-copy]");
    Array.prototype.forEach.call(buttons, function (button) {
      var field = document.getElementById(button.getAttribute("data-copy"));
      if (!field || !navigator.clipboard) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        var status = button.parentNode.querySelector(".copied");
        navigator.clipboard.writeText(field.value).then(function () {
          if (status) { status.textContent = "Copied."; }
        }, function () {
          field.select();
          if (status) { status.textContent = "Select all and copy (Ctrl+C)."; }
        });
      });
    });
  });
})();
