(function () {
  "use strict";
  // Behaviour of the review page. All content is already in the DOM (escaped server side); this script only reads
  // data- attributes and the JSON block, toggles classes/attributes, sets textContent and scrolls. It never builds
  // HTML from strings. Review decisions live in localStorage under the brief's SHA-256 and are exported as a JSON
  // file through a Blob download (no request leaves the page).
  var data = JSON.parse(document.getElementById("review-data").textContent);
  var status = document.getElementById("status");
  var progress = document.getElementById("progress");
  var reviewer = document.getElementById("reviewer");
  var tablist = document.querySelector('[role="tablist"]');
  var more = document.getElementById("more-sources");
  var moreLabel = more ? more.closest(".more") : null;
  var briefPane = document.getElementById("brief");
  var sourcesPane = document.getElementById("sources");
  var allTabs = Array.prototype.slice.call(document.querySelectorAll('[role="tab"]'));
  var phone = window.matchMedia("(max-width: 480px)");
  var emphasised = [];
  var currentButton = null;
  var currentStory = data.stories.length ? 0 : -1; // the page is rendered open on the first story
  var opened = document.querySelector('[role="tab"][aria-selected="true"]');
  var selected = opened ? Number(opened.getAttribute("data-src")) : -1;
  var STORE = "summarizer-review/" + data.brief_sha256;
  var WHO = "summarizer-review/reviewer";
  var LABELS = { approved: "approved", struck: "struck", "check-again": "check again" };
  var decisions = Object.create(null); // item id -> {decision, note}

  function say(text) {
    status.textContent = text;
  }

  // ------------------------------------------------------------------------------------------------------------------
  // Sources: tabs in the current story's order, an overflow list for what does not fit, the phone sheet
  // ------------------------------------------------------------------------------------------------------------------

  function panelOf(index) {
    return document.getElementById("source-" + index);
  }

  function tabOf(index) {
    return document.getElementById("tab-" + index);
  }

  function visibleTabs() {
    return Array.prototype.filter.call(tablist.querySelectorAll('[role="tab"]'), function (t) {
      return !t.hidden;
    });
  }

  function order() {
    var first = currentStory >= 0 && data.stories[currentStory] ? data.stories[currentStory][1] : [];
    var seen = Object.create(null);
    var out = [];
    first.concat(allTabs.map(function (_, i) { return i; })).forEach(function (i) {
      if (!seen[i] && tabOf(i)) {
        seen[i] = true;
        out.push(i);
      }
    });
    return out;
  }

  // Lay the tabs out in one row: the current story's sources first; those that do not fit go into the overflow list
  // (the selected source always keeps its tab). Tab widths are measured once (with every tab shown) and again only
  // when the viewport changes; a layout then costs one read of the row's width.
  var widths = null;
  var laidOut = "";

  function measure() {
    allTabs.forEach(function (tab) {
      tab.hidden = false;
    });
    widths = allTabs.map(function (tab) {
      return tab.getBoundingClientRect().width + 4;
    });
  }

  function layoutTabs() {
    if (!tablist || !allTabs.length) return;
    var ids = order();
    if (moreLabel) moreLabel.hidden = false;
    if (!widths || !widths[0]) measure();
    var room = tablist.clientWidth;
    var key = ids.join(",") + "|" + selected + "|" + room;
    if (key === laidOut) return;
    laidOut = key;
    var total = 0;
    ids.forEach(function (i) {
      total += widths[i];
    });
    var shown = [];
    if (total <= room) {
      shown = ids.slice();
    } else {
      var used = 0;
      for (var k = 0; k < ids.length && used + widths[ids[k]] <= room; k++) {
        used += widths[ids[k]];
        shown.push(ids[k]);
      }
      if (selected >= 0 && shown.indexOf(selected) < 0) {
        while (shown.length && used + widths[selected] > room) used -= widths[shown.pop()];
        shown.push(selected);
      }
      if (!shown.length) shown.push(ids[0]);
    }
    var isShown = Object.create(null);
    shown.forEach(function (i) {
      isShown[i] = true;
    });
    var hidden = ids.filter(function (i) {
      return !isShown[i];
    });
    var current = Array.prototype.map.call(tablist.children, function (t) {
      return t.getAttribute("data-src");
    }).join(",");
    if (current !== ids.join(",")) {
      ids.forEach(function (i) {
        tablist.appendChild(tabOf(i));
      });
    }
    ids.forEach(function (i) {
      var tab = tabOf(i);
      if (tab.hidden !== !isShown[i]) tab.hidden = !isShown[i];
    });
    if (more) {
      hidden.forEach(function (i) {
        var option = more.querySelector('option[value="' + i + '"]');
        option.hidden = false;
        more.appendChild(option);
      });
      shown.forEach(function (i) {
        more.querySelector('option[value="' + i + '"]').hidden = true;
      });
      more.options[0].textContent = "+" + hidden.length + " more";
      more.value = "";
      moreLabel.hidden = hidden.length === 0;
    }
  }

  function showSource(index, moveFocus) {
    var target = panelOf(index);
    if (!target) return null;
    selected = Number(index);
    allTabs.forEach(function (tab) {
      var on = tab.getAttribute("data-src") === String(index);
      tab.setAttribute("aria-selected", on ? "true" : "false");
      tab.tabIndex = on ? 0 : -1;
      var panel = panelOf(tab.getAttribute("data-src"));
      if (panel) panel.hidden = !on;
    });
    layoutTabs();
    var tab = tabOf(index);
    if (tab) {
      tab.scrollIntoView({ block: "nearest", inline: "nearest" });
      if (moveFocus) tab.focus();
    }
    return target;
  }

  function openSheet() {
    if (phone.matches) document.body.classList.add("sheet-open");
  }

  function closeSheet() {
    if (!document.body.classList.contains("sheet-open")) return;
    document.body.classList.remove("sheet-open");
    if (currentButton) currentButton.focus({ preventScroll: false });
  }

  // The story being read: its sources go first; when it changes by scrolling, clicking or focus, its first cited
  // source opens (a citation jump sets the story without overriding the source it opens).
  function setStory(index, openFirst) {
    if (index === currentStory || !data.stories[index]) return;
    currentStory = index;
    if (currentButton && storyOf(currentButton) !== index) {
      currentButton.classList.remove("is-current");
      currentButton = null;
    }
    layoutTabs();
    var first = data.stories[index][0];
    if (openFirst && first >= 0) {
      clearEmphasis();
      showSource(first, false);
      say("Story " + (index + 1) + ": sources " + data.stories[index][1].map(function (i) {
        return data.sources[i].id;
      }).join(", ") + " first; showing " + data.sources[first].id + ".");
    }
  }

  function storyOf(el) {
    var story = el && el.closest ? el.closest(".story[data-story]") : null;
    return story ? Number(story.getAttribute("data-story")) : -1;
  }

  function onScreen(el) {
    var box = el.getBoundingClientRect();
    var pane = phone.matches ? { top: 0, bottom: window.innerHeight } : briefPane.getBoundingClientRect();
    return box.height > 0 && box.bottom > pane.top && box.top < pane.bottom;
  }

  // The story in view: the one of the citation or item in use while it is on screen (so the scroll that brings a
  // clicked citation into view does not take its source away), else the last story whose top is above a line
  // near the top of the brief.
  var scrollPending = false;
  var chosen = null; // the story last chosen by a click
  function storyInView() {
    scrollPending = false;
    var active = document.activeElement;
    var focused = active && briefPane.contains(active) && active !== briefPane ? active : null;
    var anchors = [currentButton, focused, chosen];
    for (var a = 0; a < anchors.length; a++) {
      if (anchors[a] && storyOf(anchors[a]) >= 0 && onScreen(anchors[a])) {
        if (storyOf(anchors[a]) !== currentStory) setStory(storyOf(anchors[a]), true);
        return;
      }
    }
    var stories = briefPane.querySelectorAll(".story[data-story]");
    var line = (phone.matches ? 0 : briefPane.getBoundingClientRect().top) + 80;
    var found = stories.length ? 0 : -1;
    for (var i = 0; i < stories.length; i++) {
      if (stories[i].getBoundingClientRect().top <= line) found = i;
    }
    if (found >= 0) setStory(Number(stories[found].getAttribute("data-story")), true);
  }

  function onScroll() {
    if (!scrollPending) {
      scrollPending = true;
      window.requestAnimationFrame(storyInView);
    }
  }

  // ------------------------------------------------------------------------------------------------------------------
  // Citations
  // ------------------------------------------------------------------------------------------------------------------

  function clearEmphasis() {
    emphasised.forEach(function (el) {
      el.classList.remove("is-active");
    });
    emphasised = [];
    if (currentButton) currentButton.classList.remove("is-current");
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
      var story = storyOf(button);
      if (story >= 0 && story !== currentStory) {
        currentStory = story;
      }
    }
    say(describe(n));
    if (!c || c[0] < 0) return;
    var panel = showSource(c[0], false);
    if (!panel) return;
    if (button && button.closest(".brief-pane")) openSheet();
    if (!c[3]) return;
    emphasised = Array.prototype.slice.call(panel.querySelectorAll('mark[data-c~="' + n + '"]'));
    emphasised.forEach(function (el) {
      el.classList.add("is-active");
    });
    if (emphasised.length) emphasised[0].scrollIntoView({ block: "center", inline: "nearest" });
  }

  // A highlighted segment (clicked, or Enter when focused) goes back to the first marker that cites it.
  function jumpBack(mark) {
    var numbers = (mark.getAttribute("data-c") || "").split(" ");
    for (var i = 0; i < numbers.length; i++) {
      if (!/^[0-9]+$/.test(numbers[i])) continue;
      var sel = '.cite[data-n="' + numbers[i] + '"]';
      var button = document.querySelector(".brief-pane " + sel) || mark.closest(".source").querySelector(sel);
      if (button) {
        jump(numbers[i], button);
        document.body.classList.remove("sheet-open");
        button.scrollIntoView({ block: "center", inline: "nearest" });
        button.focus({ preventScroll: true });
        var item = button.closest("li, .position, .item") || button;
        item.classList.remove("flash");
        void item.offsetWidth; // restart the animation
        item.classList.add("flash");
        return;
      }
    }
  }

  // ------------------------------------------------------------------------------------------------------------------
  // Review items: one tab stop each (roving tabindex), arrow keys inside, decisions stored under the brief's hash
  // ------------------------------------------------------------------------------------------------------------------

  var items = Array.prototype.slice.call(document.querySelectorAll(".item[data-item]"));

  function controlsOf(item) {
    var inner = Array.prototype.slice.call(item.querySelectorAll("button.cite, button.dec, button.note-btn"));
    return [item].concat(inner.filter(function (el) {
      return el.closest(".item") === item;
    }));
  }

  function rove(item, target) {
    controlsOf(item).forEach(function (el) {
      el.tabIndex = el === target ? 0 : -1;
    });
  }

  // The page is rendered with each item as its own tab stop and its controls at tabindex -1.

  function load() {
    try {
      var saved = JSON.parse(window.localStorage.getItem(STORE) || "{}");
      if (saved && typeof saved === "object" && saved.decisions && typeof saved.decisions === "object") {
        Object.keys(saved.decisions).forEach(function (id) {
          var d = saved.decisions[id];
          if (d && typeof d === "object") {
            decisions[id] = { decision: LABELS[d.decision] ? d.decision : "", note: String(d.note || "") };
          }
        });
      }
      reviewer.value = window.localStorage.getItem(WHO) || "";
    } catch (e) {
      say("Decisions cannot be kept in this browser (storage is unavailable); export them before closing the page.");
    }
  }

  function save() {
    try {
      window.localStorage.setItem(STORE, JSON.stringify({ decisions: decisions }));
      window.localStorage.setItem(WHO, reviewer.value);
    } catch (e) {
      say("Decisions could not be saved in this browser; export them before closing the page.");
    }
  }

  function paint(item) {
    var id = item.getAttribute("data-item");
    var d = decisions[id] || { decision: "", note: "" };
    Object.keys(LABELS).forEach(function (key) {
      item.classList.toggle("is-" + key, d.decision === key);
    });
    item.querySelectorAll("button.dec").forEach(function (b) {
      if (b.closest(".item") === item) b.setAttribute("aria-pressed", b.getAttribute("data-decision") === d.decision ? "true" : "false");
    });
    var state = item.querySelector(".state");
    if (state) state.textContent = d.decision ? LABELS[d.decision] + (d.note ? " · note" : "") : d.note ? "note" : "";
    var text = item.querySelector(".decision-text");
    if (text) text.textContent = d.decision ? " Decision: " + LABELS[d.decision] + "." : " No decision yet.";
    if (d.note) {
      var area = noteField(item);
      if (area.value !== d.note) area.value = d.note;
      area.closest(".note").hidden = false;
      item.querySelector(".note-btn").setAttribute("aria-expanded", "true");
    }
  }

  // An item's note field, made when first needed (a label and a textarea, built with createElement).
  function noteField(item) {
    var area = item.querySelector("textarea[data-note]");
    if (area) return area;
    var button = item.querySelector(".note-btn");
    var id = item.getAttribute("data-item");
    var box = document.createElement("div");
    box.className = "note";
    box.id = "note-" + id.replace(/[^A-Za-z0-9-]/g, "-");
    var label = document.createElement("label");
    label.textContent = "Note on " + (button.getAttribute("data-label") || id);
    area = document.createElement("textarea");
    area.rows = 2;
    area.tabIndex = -1; // not a tab stop of its own: the note button leads to it
    area.setAttribute("data-note", id);
    label.appendChild(area);
    box.appendChild(label);
    button.setAttribute("aria-controls", box.id);
    item.querySelector(".item-bar").insertAdjacentElement("afterend", box);
    return area;
  }

  function count() {
    var decided = items.filter(function (item) {
      var d = decisions[item.getAttribute("data-item")];
      return d && d.decision;
    }).length;
    progress.textContent = decided + " of " + items.length + " decided";
  }

  function decide(item, decision) {
    var id = item.getAttribute("data-item");
    var d = decisions[id] || { decision: "", note: "" };
    d.decision = d.decision === decision ? "" : decision;
    decisions[id] = d;
    save();
    paint(item);
    count();
    say((item.getAttribute("aria-label") || itemLabel(item)) + ": " + (d.decision ? LABELS[d.decision] : "decision cleared") + ".");
  }

  function itemLabel(item) {
    var id = item.getAttribute("data-item") || "";
    return id.replace(/\//, " ").replace(/-/g, " ");
  }

  // The note button opens the item's note and puts the cursor in it. The note field is not a tab stop of its own
  // (one stop per item); an empty note closes again when the cursor leaves it.
  function openNote(button) {
    var area = noteField(button.closest(".item"));
    area.closest(".note").hidden = false;
    button.setAttribute("aria-expanded", "true");
    area.focus();
  }

  function exportDecisions() {
    var who = reviewer.value.trim();
    var out = [];
    var skipped = 0;
    items.forEach(function (item) {
      var id = item.getAttribute("data-item");
      var d = decisions[id];
      if (!d) return;
      if (!d.decision) {
        if (d.note) skipped += 1;
        return;
      }
      out.push({ item: id, decision: d.decision, note: d.note, reviewer: who });
    });
    var body = JSON.stringify({ brief_sha256: data.brief_sha256, decisions: out }, null, 1) + "\n";
    var url = URL.createObjectURL(new Blob([body], { type: "application/json" }));
    var link = document.createElement("a");
    link.href = url;
    link.download = "decisions-" + data.brief_sha256.slice(0, 12) + ".json";
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    window.setTimeout(function () {
      URL.revokeObjectURL(url);
    }, 1000);
    say("Exported " + out.length + " decision" + (out.length === 1 ? "" : "s") + " to " + link.download +
      (skipped ? "; " + skipped + " note" + (skipped === 1 ? "" : "s") + " without a decision left out" : "") +
      ". Apply with: summarize apply BRIEF.json " + link.download + " -o final.md");
  }

  // ------------------------------------------------------------------------------------------------------------------
  // Events
  // ------------------------------------------------------------------------------------------------------------------

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    var skip = target.closest("a[data-skip]");
    if (skip) {
      event.preventDefault();
      skipTo(skip.getAttribute("data-skip"));
      return;
    }
    var button = target.closest("button.cite");
    if (button) {
      event.preventDefault();
      jump(button.getAttribute("data-n"), button);
      return;
    }
    var dec = target.closest("button.dec");
    if (dec) {
      decide(dec.closest(".item"), dec.getAttribute("data-decision"));
      return;
    }
    var note = target.closest("button.note-btn");
    if (note) {
      openNote(note);
      return;
    }
    if (target.closest("#export")) {
      exportDecisions();
      return;
    }
    if (target.closest("#close-sheet")) {
      closeSheet();
      return;
    }
    var tab = target.closest('[role="tab"]');
    if (tab) {
      clearEmphasis();
      showSource(tab.getAttribute("data-src"), true);
      return;
    }
    var mark = target.closest(".source-text mark[data-c]");
    if (mark) {
      jumpBack(mark);
      return;
    }
    var story = storyOf(target);
    if (story >= 0) {
      chosen = target.closest(".story");
      setStory(story, true);
    }
  });

  function skipTo(where) {
    if (where === "sources") {
      if (phone.matches) document.body.classList.add("sheet-open");
      var tab = tabOf(selected);
      (tab || sourcesPane).focus();
      return;
    }
    var first = items.filter(function (item) {
      return item.closest(".brief-pane");
    })[0];
    var stop = first ? controlsOf(first).filter(function (el) { return el.tabIndex === 0; })[0] : null;
    (stop || briefPane).focus();
  }

  function tabKeys(event, tab) {
    var tabs = visibleTabs();
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
  }

  // Inside an item: Left/Right (Home/End) move between its controls, Up/Down to the previous/next item of the same
  // pane, Escape back to the item itself. Tab always leaves the item (no trap).
  function itemKeys(event, item) {
    var controls = controlsOf(item);
    var i = controls.indexOf(document.activeElement);
    var target = null;
    if (event.key === "ArrowRight") target = controls[Math.min(i + 1, controls.length - 1)];
    else if (event.key === "ArrowLeft") target = controls[Math.max(i - 1, 0)];
    else if (event.key === "Home") target = controls[0];
    else if (event.key === "End") target = controls[controls.length - 1];
    else if (event.key === "Escape" && i > 0) target = item;
    else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      var pane = item.closest(".pane");
      var peers = items.filter(function (x) {
        return x.closest(".pane") === pane && !x.closest("[hidden]");
      });
      var j = peers.indexOf(item) + (event.key === "ArrowDown" ? 1 : -1);
      if (j >= 0 && j < peers.length) target = peers[j];
    }
    if (!target) return;
    event.preventDefault();
    target.focus();
  }

  document.addEventListener("keydown", function (event) {
    var el = event.target instanceof Element ? event.target : null;
    if (!el) return;
    if (event.key === "Escape" && document.body.classList.contains("sheet-open") && el.closest("#sources")) {
      event.preventDefault();
      closeSheet();
      return;
    }
    if (el.matches("textarea, input, select")) {
      if (event.key === "Escape" && el.matches("textarea")) {
        var owner = el.closest(".item");
        if (owner) {
          event.preventDefault();
          owner.querySelector(".note-btn").focus();
        }
      }
      return;
    }
    var tab = el.closest('[role="tab"]');
    if (tab) {
      tabKeys(event, tab);
      return;
    }
    if ((event.key === "Enter" || event.key === " ") && el.matches(".source-text mark[data-c]")) {
      event.preventDefault();
      jumpBack(el);
      return;
    }
    var item = el.closest(".item");
    if (item && !event.altKey && !event.ctrlKey && !event.metaKey) itemKeys(event, item);
  });

  document.addEventListener("focusin", function (event) {
    var el = event.target instanceof Element ? event.target : null;
    if (!el) return;
    var item = el.closest(".item");
    if (item && controlsOf(item).indexOf(el) >= 0) rove(item, el);
    var story = storyOf(el);
    if (story >= 0 && !el.matches("button.cite")) setStory(story, true);
  });

  document.addEventListener("focusout", function (event) {
    var el = event.target;
    if (!(el instanceof HTMLTextAreaElement) || !el.hasAttribute("data-note") || el.value) return;
    var box = el.closest(".note");
    var item = el.closest(".item");
    if (box) box.hidden = true;
    if (item) item.querySelector(".note-btn").setAttribute("aria-expanded", "false");
  });

  document.addEventListener("input", function (event) {
    var el = event.target;
    if (el === reviewer) {
      save();
      return;
    }
    if (!(el instanceof HTMLTextAreaElement) || !el.hasAttribute("data-note")) return;
    var id = el.getAttribute("data-note");
    var d = decisions[id] || { decision: "", note: "" };
    d.note = el.value;
    decisions[id] = d;
    save();
    var item = el.closest(".item");
    var state = item ? item.querySelector(".state") : null;
    if (state) state.textContent = d.decision ? LABELS[d.decision] + (d.note ? " · note" : "") : d.note ? "note" : "";
  });

  if (more) {
    more.addEventListener("change", function () {
      if (more.value === "") return;
      clearEmphasis();
      showSource(more.value, true);
      openSheet();
    });
  }

  briefPane.addEventListener("scroll", onScroll, { passive: true });
  window.addEventListener("scroll", onScroll, { passive: true });
  window.addEventListener("resize", function () {
    window.requestAnimationFrame(function () {
      widths = null; // the phone layout has other tab sizes
      laidOut = "";
      layoutTabs();
    });
  });

  load();
  items.forEach(function (item) {
    if (decisions[item.getAttribute("data-item")]) paint(item);
  });
  count();
  // Fit the tab row in the first frame (after the page has loaded, before it is painted).
  window.requestAnimationFrame(function () {
    layoutTabs();
    document.documentElement.setAttribute("data-ready", "true");
  });
})();
