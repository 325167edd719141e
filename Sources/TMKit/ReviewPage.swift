import Foundation
import TMText

/// The review page for one aligned article pair: the links side by side,
/// coloured by confidence, edited from the keyboard (or with the buttons),
/// then confirmed. Served by `tmkit serve` (confirming stores the links
/// through the API) and written by `tmkit align --format html` (confirming
/// saves the reviewed pairs as a TSV file for `tmkit import tsv`). The
/// draft travels as JSON inside the page and every sentence is put in with
/// textContent, so no text from the articles ever becomes markup.
public enum ReviewPage {
    public enum Mode: Sendable { case server, offline }

    public static func html(_ draft: ReviewDraft, mode: Mode) throws -> String {
        let json = String(decoding: try JSONEncoder().encode(draft), as: UTF8.self)
            // Inside <script>: no "</script>", no "<!--".
            .replacingOccurrences(of: "<", with: "\\u003c").replacingOccurrences(of: ">", with: "\\u003e")
            .replacingOccurrences(of: "&", with: "\\u0026")
        let title = "\(draft.enName) ↔ \(draft.zhName)"
        let confirm = mode == .server
            ? "<label>Write token · 写入令牌 <input type=\"password\" id=\"write-token\" autocomplete=\"off\"></label> <button id=\"confirm\" type=\"button\">Confirm and store (Ctrl+Enter)</button>"
            : "<button id=\"confirm\" type=\"button\">Confirm: save the reviewed pairs as TSV (Ctrl+Enter)</button>"
        return """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Review: \(Markup.escape(title))</title>
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <style>
        body{font-family:"Noto Sans","WenQuanYi Zen Hei",sans-serif;margin:1.5em;color:#222}
        table{border-collapse:collapse;width:100%}
        td,th{border-top:1px solid #ccc;padding:.35em .5em;vertical-align:top;text-align:left}
        td.conf{width:5em;font-variant-numeric:tabular-nums}
        tr.high td.conf{background:#d7f0d7} tr.mid td.conf{background:#fff1c2} tr.low td.conf{background:#ffd0c2}
        tr.edited td.conf{background:#dbe7ff} tr.untranslated td{color:#777;font-style:italic}
        tr.selected{outline:3px solid #3367d6;outline-offset:-3px}
        .s{display:block;margin:.1em 0} .s + .s{border-top:1px dashed #bbb;padding-top:.1em}
        td.tools button{font-size:.8em;margin:0 .15em .15em 0}
        #keys{color:#555;font-size:.9em} #status{font-weight:bold;margin:.5em 0}
        </style></head>
        <body>
        <h1>Review: \(Markup.escape(title))</h1>
        <p id="scorer">Aligned by: \(Markup.escape(draft.scorer))</p>
        <p id="keys">Keys: ↑/↓ choose a link · <b>j</b> join with the next · <b>s</b> split after the first sentence ·
        <b>[</b>/<b>]</b> move the first Chinese sentence up / the last one down · <b>{</b>/<b>}</b> the same for English ·
        <b>u</b> mark as untranslated · <b>Ctrl+Enter</b> confirm</p>
        <div>\(confirm)</div>
        <p id="status" role="status"></p>
        <table><thead><tr><th>confidence</th><th>English</th><th lang="zh">中文</th><th></th></tr></thead><tbody id="links"></tbody></table>
        <script type="application/json" id="draft">\(json)</script>
        <script>
        (function () {
          "use strict";
          var draft = JSON.parse(document.getElementById("draft").textContent);
          var mode = "\(mode == .server ? "server" : "offline")";
          var links = draft.links.map(function (l) { return {en: l.en.slice(), zh: l.zh.slice(), confidence: l.confidence}; });
          var selected = 0, body = document.getElementById("links"), status = document.getElementById("status");
          function say(text) { status.textContent = text; }
          function edited(l) { l.confidence = null; return l; }
          function render() {
            body.textContent = "";
            links.forEach(function (l, k) {
              var tr = document.createElement("tr");
              var kind = (!l.en.length || !l.zh.length) ? "untranslated" : l.confidence == null ? "edited" : l.confidence >= 0.8 ? "high" : l.confidence >= 0.5 ? "mid" : "low";
              tr.className = kind + (k === selected ? " selected" : "");
              tr.dataset.link = k;
              var conf = document.createElement("td");
              conf.className = "conf";
              conf.textContent = kind === "untranslated" ? "untranslated" : l.confidence == null ? "edited" : l.confidence.toFixed(2);
              tr.appendChild(conf);
              [["en", draft.en], ["zh", draft.zh]].forEach(function (side) {
                var td = document.createElement("td");
                td.className = side[0];
                if (side[0] === "zh") td.lang = "zh";
                l[side[0]].forEach(function (i) {
                  var s = document.createElement("span");
                  s.className = "s"; s.dataset.side = side[0]; s.dataset.i = i;
                  s.textContent = side[1][i];
                  td.appendChild(s);
                });
                tr.appendChild(td);
              });
              var tools = document.createElement("td");
              tools.className = "tools";
              [["join", "Join ↓", join], ["split", "Split", split], ["untranslated", "Untranslated", untranslated]].forEach(function (b) {
                var button = document.createElement("button");
                button.type = "button"; button.textContent = b[1]; button.dataset.action = b[0];
                button.addEventListener("click", function (e) { e.stopPropagation(); selected = k; b[2](); });
                tools.appendChild(button);
              });
              tr.appendChild(tools);
              tr.addEventListener("click", function () { selected = k; render(); });
              body.appendChild(tr);
            });
          }
          function clean() { links = links.filter(function (l) { return l.en.length || l.zh.length; }); selected = Math.max(0, Math.min(selected, links.length - 1)); render(); }
          function join() {
            if (selected + 1 >= links.length) { say("The last link has no next link to join."); return; }
            var a = links[selected], b = links[selected + 1];
            links.splice(selected, 2, edited({en: a.en.concat(b.en), zh: a.zh.concat(b.zh)}));
            say("Joined."); clean();
          }
          function split() {
            var l = links[selected];
            if (l.en.length < 2 && l.zh.length < 2) { say("Only a link of several sentences can be split."); return; }
            var first = edited({en: l.en.slice(0, 1), zh: l.zh.slice(0, 1)}), rest = edited({en: l.en.slice(1), zh: l.zh.slice(1)});
            links.splice(selected, 1, first, rest);
            say("Split."); clean();
          }
          function move(side, down) {
            var l = links[selected], other = links[selected + (down ? 1 : -1)];
            if (!other || !l[side].length) { say("There is no neighbouring link to move to."); return; }
            if (down) { other[side].unshift(l[side].pop()); } else { other[side].push(l[side].shift()); }
            edited(l); edited(other);
            say("Moved."); clean();
          }
          function untranslated() {
            var l = links[selected], parts = [];
            l.en.forEach(function (i) { parts.push(edited({en: [i], zh: []})); });
            l.zh.forEach(function (i) { parts.push(edited({en: [], zh: [i]})); });
            links.splice.apply(links, [selected, 1].concat(parts));
            say("Marked as untranslated."); clean();
          }
          function pairs() {
            return links.filter(function (l) { return l.en.length && l.zh.length; }).map(function (l) {
              return [l.en.map(function (i) { return draft.en[i]; }).join(" "), l.zh.map(function (i) { return draft.zh[i]; }).join("")];
            });
          }
          function confirm() {
            var sent = links.map(function (l) { return {en: l.en, zh: l.zh}; });
            if (mode === "offline") {
              var tsv = "en\\tzh\\n" + pairs().map(function (p) { return p.map(function (s) { return s.replace(/[\\t\\n]/g, " "); }).join("\\t"); }).join("\\n") + "\\n";
              var a = document.createElement("a");
              a.href = URL.createObjectURL(new Blob([tsv], {type: "text/tab-separated-values"}));
              a.download = "reviewed.tsv";
              document.body.appendChild(a); a.click(); a.remove();
              say("Saved " + pairs().length + " reviewed pairs as reviewed.tsv (import it with tmkit import tsv).");
              return;
            }
            var token = document.getElementById("write-token").value.trim();
            if (!token) { say("Give a write token to store the links."); return; }
            say("Storing…");
            fetch("/align/" + encodeURIComponent(draft.id) + "/commit", {method: "POST",
              headers: {"Content-Type": "application/json", "Authorization": "Bearer " + token}, body: JSON.stringify({links: sent})})
              .then(function (r) { return r.json().then(function (j) { return [r.status, j]; }); })
              .then(function (x) {
                if (x[0] === 200) { say("Stored: " + x[1].added + " pairs added, " + x[1].duplicates + " already in the memory, " + x[1].untranslated + " sentences marked untranslated."); }
                else { say("Not stored (" + x[0] + "): " + (x[1].error || "error")); }
              })
              .catch(function (e) { say("Not stored: " + e); });
          }
          document.getElementById("confirm").addEventListener("click", confirm);
          document.addEventListener("keydown", function (e) {
            if (e.target && (e.target.tagName === "INPUT" || e.target.tagName === "TEXTAREA")) { if (e.key === "Enter" && e.ctrlKey) { e.preventDefault(); confirm(); } return; }
            var k = e.key;
            if (k === "ArrowDown") { selected = Math.min(links.length - 1, selected + 1); render(); }
            else if (k === "ArrowUp") { selected = Math.max(0, selected - 1); render(); }
            else if (k === "j") join();
            else if (k === "s") split();
            else if (k === "u") untranslated();
            else if (k === "]") move("zh", true);
            else if (k === "[") move("zh", false);
            else if (k === "}") move("en", true);
            else if (k === "{") move("en", false);
            else if (k === "Enter" && e.ctrlKey) confirm();
            else return;
            e.preventDefault();
            var row = body.children[selected]; if (row && row.scrollIntoView) row.scrollIntoView({block: "nearest"});
          });
          render();
        })();
        </script>
        </body></html>
        """
    }
}
