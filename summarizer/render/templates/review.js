(function () {
  "use strict";
  // Behaviour of the review page. All content is already in the DOM (escaped server side); this script only reads
  // data- attributes and the JSON block, toggles classes/attributes and scrolls. It never builds HTML from strings.
  var data = JSON.parse(document.getElementById("review-data").textContent);
  var status = document.getElementById("status");
  var tabs = Array.prototype.slice.call(document.querySelectorAll('[role="tab"]'));
  var emphasised = [];
  var currentButton = null;

  function panelOf(index) {
    return document.getElementById("source-" + index);
  }

  function showSource(index, moveFocus) {
    var target = panelOf(index);
    if (!target) return null;
    tabs.forEach(function (tab) {
      var on = tab.getAttribute("data-src") === String(index);
      tab.setAttribute("aria-selected", on ? "true" : "false");
      tab.tabIndex = on ? 0 : -1;
      var panel = panelOf(tab.getAttribute("data-src"));
      if (panel) panel.hidden = !on;
      if (on) {
        tab.scrollIntoView({ block: "nearest", inline: "nearest" });
        if (moveFocus) tab.focus();
      }
    });
    return target;
  }

  function clearEmphasis() {
    emphasised.forEach(function (el) {
      el.classList.remove("is-active");
    });
    emphasised = [];
    if (currentButton) currentButton.classList.remove("is-current");
    currentButton = null;
  }

  function describe(n) {
    var c = data.citations[n];
    if (!c) return "";
    var src = data.sources[c[0]];
    var name = src ? src.id + " · " + src.name : "unknown source";
    var where = "[" + n + "] " + name + " · characters " + c[1] + "–" + c[2];
    return c[3] ? where : where + " · cannot be shown: " + c[4];
  }

  // Show the source of citation n, emphasise every segment of its span and scroll the first one into view.
  function jump(n, button) {
    if (!/^[0-9]+$/.test(n)) return;
    clearEmphasis();
    var c = data.citations[n];
    if (button) {
      currentButton = button;
      button.classList.add("is-current");
    }
    status.textContent = describe(n);
    if (!c || c[0] < 0) return;
    var panel = showSource(c[0], false);
    if (!panel || !c[3]) return;
    emphasised = Array.prototype.slice.call(panel.querySelectorAll('mark[data-c~="' + n + '"]'));
    emphasised.forEach(function (el) {
      el.classList.add("is-active");
    });
    if (emphasised.length) emphasised[0].scrollIntoView({ block: "center", inline: "nearest" });
  }

  // Clicking a highlighted segment goes back to the first marker that cites it.
  function jumpBack(mark) {
    var numbers = (mark.getAttribute("data-c") || "").split(" ");
    for (var i = 0; i < numbers.length; i++) {
      if (!/^[0-9]+$/.test(numbers[i])) continue;
      var button = document.querySelector('.brief-pane .cite[data-n="' + numbers[i] + '"]');
      if (button) {
        jump(numbers[i], button);
        button.scrollIntoView({ block: "center", inline: "nearest" });
        button.focus({ preventScroll: true });
        var item = button.closest("li, .position") || button;
        item.classList.remove("flash");
        void item.offsetWidth; // restart the animation
        item.classList.add("flash");
        return;
      }
    }
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    var button = target.closest("button.cite");
    if (button) {
      event.preventDefault();
      jump(button.getAttribute("data-n"), button);
      return;
    }
    var tab = target.closest('[role="tab"]');
    if (tab) {
      clearEmphasis();
      showSource(tab.getAttribute("data-src"), true);
      return;
    }
    var mark = target.closest(".source-text mark[data-c]");
    if (mark) jumpBack(mark);
  });

  // Arrow keys move between source tabs (WAI-ARIA tabs pattern); Enter/Space on a citation is a native button click.
  document.addEventListener("keydown", function (event) {
    var tab = event.target instanceof Element ? event.target.closest('[role="tab"]') : null;
    if (!tab) return;
    var i = tabs.indexOf(tab);
    var next = -1;
    if (event.key === "ArrowRight" || event.key === "ArrowDown") next = (i + 1) % tabs.length;
    else if (event.key === "ArrowLeft" || event.key === "ArrowUp") next = (i - 1 + tabs.length) % tabs.length;
    else if (event.key === "Home") next = 0;
    else if (event.key === "End") next = tabs.length - 1;
    if (next < 0) return;
    event.preventDefault();
    clearEmphasis();
    showSource(tabs[next].getAttribute("data-src"), true);
  });

  document.documentElement.setAttribute("data-ready", "true");
})();
