/* The experts' forms, improved where scripts run (every form works without them):
   - the focus moves to the error summary after a failed submit;
   - a row of skills or affiliations is added or removed in the page, no round trip, and a
     suggested skill ("did you mean") is put in its field with a click;
   - a half-filled profile form is kept in this tab (sessionStorage) while the person switches
     language or reloads, and filled in again; never a password, dropped once the form is sent.
   Loaded from /static (the pages' Content Security Policy allows no inline script). */
(function () {
  "use strict";

  var DRAFT = "talentgraph.draft.";
  var RENAMED = ["id", "name", "for", "list", "hx-target", "aria-describedby"];

  function focusSummary() {
    var summary = document.getElementById("error-summary");
    if (summary) {
      summary.focus();
    }
  }

  /* Rows ---------------------------------------------------------------------------------- */

  function rowsOf(fieldset) {
    return Array.prototype.slice.call(fieldset.querySelectorAll(".xp-row[data-row]"));
  }

  function renumber(row, group, from, to) {
    if (from === to) {
      return;
    }
    var names = [
      [group + "_" + from + "_", group + "_" + to + "_"],
      [(group === "skill" ? "skill" : "org") + "-list-" + from, (group === "skill" ? "skill" : "org") + "-list-" + to]
    ];
    var all = [row].concat(Array.prototype.slice.call(row.querySelectorAll("*")));
    all.forEach(function (el) {
      RENAMED.forEach(function (attr) {
        var value = el.getAttribute(attr);
        if (value) {
          names.forEach(function (pair) {
            value = value.split(pair[0]).join(pair[1]);
          });
          el.setAttribute(attr, value);
        }
      });
      if (el.tagName === "BUTTON" && el.name === "row") {
        el.value = "remove:" + group + ":" + to;
      }
    });
    // The row's number in its labels ("Skill 3", "Kỹ năng 3") follows the row.
    var shown = new RegExp("\\b" + (from + 1) + "\\b");
    row.querySelectorAll("label, .xp-n").forEach(function (label) {
      label.childNodes.forEach(function (node) {
        if (node.nodeType === Node.TEXT_NODE) {
          node.textContent = node.textContent.replace(shown, String(to + 1));
        }
      });
    });
    row.setAttribute("data-row", String(to));
  }

  function blank(row) {
    row.querySelectorAll("input").forEach(function (input) {
      if (input.type === "checkbox") {
        input.checked = false;
      } else {
        input.value = "";
      }
      input.removeAttribute("aria-invalid");
    });
    row.querySelectorAll("select").forEach(function (select) {
      var kept = select.getAttribute("data-default");
      select.value = kept !== null ? kept : select.options[0].value;
    });
    row.querySelectorAll("datalist").forEach(function (list) {
      list.innerHTML = "";
    });
    row.querySelectorAll(".error, .now, .xp-meant").forEach(function (note) {
      note.remove();
    });
    row.querySelectorAll(".has-error").forEach(function (field) {
      field.classList.remove("has-error");
    });
    row.querySelectorAll("[aria-describedby]").forEach(function (el) {
      var kept = el.getAttribute("aria-describedby").split(" ").filter(function (id) {
        return id.indexOf("e-") !== 0 && id.indexOf("n-") !== 0;
      });
      if (kept.length) {
        el.setAttribute("aria-describedby", kept.join(" "));
      } else {
        el.removeAttribute("aria-describedby");
      }
    });
  }

  function setCount(fieldset, group) {
    var count = fieldset.querySelector("input[name='" + group + "_rows']");
    if (count) {
      count.value = String(rowsOf(fieldset).length);
    }
  }

  function say(fieldset, group, text) {
    var status = fieldset.querySelector("[data-row-status='" + group + "']");
    if (status) {
      status.textContent = text;
    }
  }

  function addRow(fieldset, group) {
    var rows = rowsOf(fieldset);
    var last = rows[rows.length - 1];
    var row = last.cloneNode(true);
    renumber(row, group, rows.length - 1, rows.length);
    blank(row);
    last.after(row);
    if (window.htmx) {
      window.htmx.process(row);
    }
    setCount(fieldset, group);
    return row;
  }

  function removeRow(fieldset, group, row) {
    var rows = rowsOf(fieldset);
    if (rows.length === 1) {
      blank(row);
    } else {
      row.remove();
      rowsOf(fieldset).forEach(function (each, n) {
        renumber(each, group, Number(each.getAttribute("data-row")), n);
      });
    }
    setCount(fieldset, group);
  }

  /* A suggested name put in its field: the error and the suggestions go. */
  function pick(button) {
    var name = button.getAttribute("data-pick");
    var input = document.getElementById("f-" + name);
    if (!input) {
      return;
    }
    input.value = button.getAttribute("data-value");
    var field = input.closest(".field");
    ["e-" + name, "m-" + name, "p-" + name].forEach(function (id) {
      var note = document.getElementById(id);
      if (note) {
        note.remove();
      }
    });
    if (field) {
      field.classList.remove("has-error");
    }
    input.removeAttribute("aria-invalid");
    var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
      return id && id !== "e-" + name;
    });
    if (described.length) {
      input.setAttribute("aria-describedby", described.join(" "));
    } else {
      input.removeAttribute("aria-describedby");
    }
    input.focus();
  }

  function enableRows(form) {
    form.querySelectorAll("fieldset[data-rows]").forEach(function (fieldset) {
      var group = fieldset.getAttribute("data-rows");
      fieldset.querySelectorAll("select").forEach(function (select) {
        var chosen = select.querySelector("option[selected]");
        if (select.name.indexOf("_level") > 0) {
          select.setAttribute("data-default", "3");
        } else if (chosen) {
          select.setAttribute("data-default", chosen.value);
        }
      });
      fieldset.addEventListener("click", function (event) {
        var button = event.target.closest("button[name='row']");
        if (!button) {
          return;
        }
        event.preventDefault();
        var action = button.value.split(":");
        if (action[0] === "pick") {
          pick(button);
        } else if (action[0] === "add") {
          var row = addRow(fieldset, group);
          say(fieldset, group, fieldset.getAttribute("data-added") || "");
          row.querySelector("input").focus();
        } else {
          var gone = button.closest(".xp-row");
          var next = gone.nextElementSibling;
          removeRow(fieldset, group, gone);
          say(fieldset, group, fieldset.getAttribute("data-removed") || "");
          var target = next && next.matches(".xp-row") ? next : rowsOf(fieldset).slice(-1)[0];
          target.querySelector("input").focus();
        }
        saveDraft(form);
      });
    });
  }

  /* Drafts -------------------------------------------------------------------------------- */

  function kept(el) {
    if (!el.name || el.type === "password" || el.type === "submit" || el.type === "button") {
      return false;
    }
    return !/password|csrf|^version$|^row$/.test(el.name);
  }

  function saveDraft(form) {
    var fields = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!kept(el)) {
        return;
      }
      if (el.type === "checkbox" || el.type === "radio") {
        fields.push([el.name, el.value, el.checked]);
      } else {
        fields.push([el.name, el.value]);
      }
    });
    try {
      sessionStorage.setItem(DRAFT + form.getAttribute("data-draft"), JSON.stringify(fields));
    } catch (e) {
      /* storage full or refused: the form still works */
    }
  }

  function restoreDraft(form) {
    var key = DRAFT + form.getAttribute("data-draft");
    var saved;
    try {
      saved = JSON.parse(sessionStorage.getItem(key) || "null");
    } catch (e) {
      saved = null;
    }
    if (!saved) {
      return;
    }
    if (document.getElementById("error-summary") || document.getElementById("row-notice")) {
      // The server's answer to this form: what it holds is newer than the draft.
      return;
    }
    // As many rows as the draft had.
    saved.forEach(function (field) {
      var count = /^(\w+)_rows$/.exec(field[0]);
      var fieldset = count && form.querySelector("fieldset[data-rows='" + count[1] + "']");
      if (fieldset) {
        while (rowsOf(fieldset).length < Number(field[1]) && rowsOf(fieldset).length < 100) {
          addRow(fieldset, count[1]);
        }
      }
    });
    saved.forEach(function (field) {
      var named = form.querySelectorAll("[name='" + field[0].replace(/'/g, "") + "']");
      named.forEach(function (el) {
        if (!kept(el)) {
          return;
        }
        if (el.type === "checkbox" || el.type === "radio") {
          if (el.value === field[1]) {
            el.checked = Boolean(field[2]);
          }
        } else if (!/_rows$/.test(el.name)) {
          el.value = field[1];
        }
      });
    });
    form.querySelectorAll("fieldset[data-rows]").forEach(function (fieldset) {
      setCount(fieldset, fieldset.getAttribute("data-rows"));
    });
  }

  function enableDrafts(form) {
    restoreDraft(form);
    form.addEventListener("input", function () {
      saveDraft(form);
    });
    form.addEventListener("change", function () {
      saveDraft(form);
    });
    form.addEventListener("submit", function () {
      try {
        sessionStorage.removeItem(DRAFT + form.getAttribute("data-draft"));
      } catch (e) {
        /* nothing kept */
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-draft]").forEach(function (form) {
      enableRows(form);
      enableDrafts(form);
    });
    focusSummary();
  });
})();
