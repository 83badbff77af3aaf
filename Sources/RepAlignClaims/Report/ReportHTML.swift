import Foundation
import RepAlignNumerics

/// `report.html`: the whole reproduction report in one self-contained file — no external style
/// sheet, script, font or image; every figure is inline SVG — so it can be mailed, attached to a
/// paper's supplement or opened from a CI artifact as is. It holds what `report.md` holds: the
/// summary, the verdict table (every row anchored as `#verdict-<k>`, every column sortable by a
/// click on its header, by a few lines of inline script; without script the table is in run
/// order), the experiments that did not run, the negative controls, the documented exceptions,
/// the provenance and one section per experiment (`#exp-<id>`) with its verdicts, evidence,
/// figures (`#fig-<name>`) and data files (relative links into the report folder).
package enum ReportHTML {
  /// One experiment's section: its outcome, its rendered figures and the data files written.
  package struct Section: Sendable {
    package let outcome: ExperimentOutcome
    package let figures: [(name: String, caption: String, svg: String)]
    package let files: [String]
    package init(outcome: ExperimentOutcome, figures: [(name: String, caption: String, svg: String)], files: [String]) {
      self.outcome = outcome
      self.figures = figures
      self.files = files
    }
  }

  /// HTML-escapes text (also quotes, so it is safe in attribute values).
  static func escape(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
  }

  /// Markdown's `**bold**` pairs in already escaped text as `<strong>` (the report's shared lines
  /// are written once, in Markdown).
  static func markdownBold(_ s: String) -> String {
    s.components(separatedBy: "**").enumerated().map { i, part in i % 2 == 1 ? "<strong>\(part)</strong>" : part }
      .joined()
  }

  /// An id fragment: letters, digits, `-` and `_` kept, everything else `-`.
  static func anchor(_ s: String) -> String {
    String(s.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" })
  }

  static let style = """
    body{font-family:sans-serif;max-width:1060px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
    table{border-collapse:collapse;margin:1em 0;font-size:13px}
    th,td{border:1px solid #ccc;padding:3px 7px;text-align:left;vertical-align:top}
    th{background:#f3f3f3}
    table.sortable th{cursor:pointer;user-select:none}
    table.sortable th::after{content:" \\2195";color:#999}
    td.num{text-align:right;font-variant-numeric:tabular-nums}
    tr.fail td{background:#fde8e8}
    tr.documented td{background:#fff6dd}
    tr:target td{outline:2px solid #0072B2}
    figure{margin:1.5em 0}
    figure svg{max-width:100%;height:auto;display:block}
    figcaption{font-size:13px;color:#444;max-width:900px}
    code{background:#f5f5f5;padding:0 3px}
    details{margin:.5em 0 1em}
    nav li{margin:.1em 0}
    """

  static let sortScript = """
    document.querySelectorAll('table.sortable').forEach(function(table){
      table.querySelectorAll('th').forEach(function(th, column){
        th.addEventListener('click', function(){
          var body = table.tBodies[0];
          var rows = Array.prototype.slice.call(body.rows);
          var ascending = th.getAttribute('data-order') !== 'ascending';
          table.querySelectorAll('th').forEach(function(h){ h.removeAttribute('data-order'); });
          th.setAttribute('data-order', ascending ? 'ascending' : 'descending');
          rows.sort(function(a, b){
            var x = a.cells[column].textContent.trim(), y = b.cells[column].textContent.trim();
            var u = parseFloat(x), v = parseFloat(y);
            var c = (!isNaN(u) && !isNaN(v)) ? u - v : x.localeCompare(y);
            return ascending ? c : -c;
          });
          rows.forEach(function(r){ body.appendChild(r); });
        });
      });
    });
    """

  static func rowClass(_ r: ClaimResult) -> String {
    if !r.acceptable { return " class=\"fail\"" }
    if r.status != "PASS" { return " class=\"documented\"" }
    return ""
  }

  /// The verdict table, sortable, rows anchored `#<prefix>-<k>`.
  static func verdictTable(_ rows: [ClaimResult], prefix: String, linkExperiments: Bool) -> String {
    var out = "<table class=\"sortable\"><thead><tr>"
    out += VerdictTable.columns.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead><tbody>\n"
    for (k, r) in rows.enumerated() {
      let cells = VerdictTable.cells(r)
      out += "<tr id=\"\(prefix)-\(k)\"\(rowClass(r))>"
      for (c, cell) in cells.enumerated() {
        if c == 0 && linkExperiments {
          out += "<td><a href=\"#exp-\(anchor(cell))\">\(escape(cell))</a></td>"
        } else if c == cells.count - 1 {
          out += "<td class=\"num\">\(escape(cell))</td>"
        } else if c == 6 && r.status != "PASS" {
          out += "<td><strong>\(escape(cell))</strong></td>"
        } else {
          out += "<td>\(escape(cell))</td>"
        }
      }
      out += "</tr>\n"
    }
    return out + "</tbody></table>\n"
  }

  /// The document.
  package static func document(
    sections: [Section], rows: [ClaimResult], provenance: Provenance, errors: [String], experimentCount: Int,
    notApplicable: [String] = [], overview: (name: String, caption: String, svg: String)? = nil,
    capacity: (name: String, caption: String, svg: String)? = nil
  ) -> String {
    let real = rows.filter { $0.control == nil }
    let controlled = rows.filter { $0.control != nil }
    let passed = real.filter { $0.status == "PASS" }.count
    var h = """
      <!DOCTYPE html>
      <html lang="en"><head><meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>RepAlign reproduction report</title>
      <style>
      \(style)</style></head><body>
      <h1>RepAlign reproduction report</h1>

      """
    h +=
      "<p>Claims of Umar &amp; Laio, <em>Signal-to-Noise Ratio and Sample Size Govern Representational Alignment in Neural Networks</em> (arXiv:2605.26973), checked by simulation. "
    h +=
      "<strong>\(passed) of \(real.count) claim checks passed</strong> over \(experimentCount) experiment(s) (tier <code>\(escape(provenance.tier))</code>)"
    h +=
      controlled.isEmpty
      ? ".</p>\n"
      : "; \(controlled.count) negative-control checks over \(Set(controlled.map(\.experiment)).count) control run(s), \(controlled.filter(\.broken).count) broken (see <a href=\"#controls\">Controls</a>).</p>\n"
    h +=
      "<p>Margins are in standard errors: the smallest (z − required z) over the comparisons that decide a verdict; a check passes iff its margin is positive. Each experiment's significance α is split by Bonferroni over its measures, slices and comparisons. Summed estimated false-failure rate over the claim checks (controls aside): \(Estimate.rounded(real.map(\.verdict.estimatedFailureRate).reduce(0, +), digits: 3)). The same report as Markdown: <a href=\"report.md\">report.md</a>; verdicts as data: <a href=\"claims.json\">claims.json</a>.</p>\n"
    h += "<nav><strong>Contents</strong><ul>"
    h += "<li><a href=\"#verdicts\">Verdicts</a></li>"
    if !errors.isEmpty { h += "<li><a href=\"#not-run\">Experiments that did not run</a></li>" }
    if !controlled.isEmpty { h += "<li><a href=\"#controls\">Controls</a></li>" }
    h += "<li><a href=\"#exceptions\">Documented exceptions</a></li><li><a href=\"#provenance\">Provenance</a></li>"
    for s in sections {
      let id = s.outcome.spec.id
      h += "<li><a href=\"#exp-\(anchor(id))\">\(escape(id))</a></li>"
    }
    h += "</ul></nav>\n"

    h += "<h2 id=\"verdicts\">Verdicts</h2>\n<p>Click a column header to sort.</p>\n"
    h += verdictTable(real, prefix: "verdict", linkExperiments: true)
    if let overview {
      h +=
        "<h2 id=\"threshold-overview\">Threshold experiments side by side</h2>\n<figure class=\"report-figure\" id=\"fig-\(anchor(overview.name))\">\(overview.svg)<figcaption>\(escape(overview.caption))</figcaption></figure>\n"
    }
    if let capacity {
      h +=
        "<h2 id=\"capacity-overview\">Converged thresholds against capacity</h2>\n<figure class=\"report-figure\" id=\"fig-\(anchor(capacity.name))\">\(capacity.svg)<figcaption>\(escape(capacity.caption))</figcaption></figure>\n<p>Data: <a href=\"\(CapacityOverview.csvPath)\">\(CapacityOverview.csvPath)</a></p>\n"
    }

    if !errors.isEmpty {
      h +=
        "<h2 id=\"not-run\">Experiments that did not run</h2>\n<p>They threw before producing results; their claims are neither passed nor failed here.</p><ul>\n"
      for e in errors { h += "<li>\(escape(e))</li>\n" }
      h += "</ul>\n"
    }
    if !controlled.isEmpty {
      h +=
        "<h2 id=\"controls\">Controls</h2>\n<p>Negative controls remove one ingredient of the experiment; a check that rests on it must fail (be broken). The margin is the smallest over the deciding comparisons, in s.e.: negative means broken.</p>\n"
      h +=
        "<table class=\"sortable\"><thead><tr><th>experiment</th><th>claim</th><th>control</th><th>measure</th><th>slice</th><th>verdict</th><th>margin</th></tr></thead><tbody>\n"
      for (k, r) in controlled.enumerated() {
        h +=
          "<tr id=\"control-\(k)\"><td><a href=\"#exp-\(anchor(r.experiment))\">\(escape(r.experiment))</a></td><td>\(escape(r.claim))</td><td><code>\(escape(r.control?.rawValue ?? ""))</code></td><td>\(escape(r.measure))</td><td>\(escape(r.slice))</td><td>\(r.broken ? "broken" : "<strong>not broken</strong>")</td><td class=\"num\">\(Estimate.rounded(r.decidingMargin, digits: 2))</td></tr>\n"
      }
      h += "</tbody></table>\n"
    }
    if !notApplicable.isEmpty {
      h +=
        "<p>Controls not run: they cannot apply to the spec, or their run threw (&quot;cannot run&quot;); neither is a failure of the build:</p><ul>\n"
      for line in notApplicable { h += "<li>\(escape(line))</li>\n" }
      h += "</ul>\n"
    }
    h += "<h2 id=\"exceptions\">Documented exceptions</h2>\n"
    let exceptionRows = rows.filter { !$0.excused.isEmpty || !$0.unneeded.isEmpty || !$0.freshOnly.isEmpty }
    if exceptionRows.isEmpty {
      h += "<p>None in this run.</p>\n"
    } else {
      h +=
        "<p>Each names exactly one comparison; every other comparison of its check still decides. An exception whose comparison passed is listed as no longer needed. A <em>fresh-seed intermittent</em> exception (<code>\"seeds\": \"fresh_only\"</code>) names a comparison that passes at the spec's seed and was measured to fail under fresh seeds at the stated rate.</p><ul>\n"
      for r in exceptionRows {
        for e in r.freshOnly {
          h +=
            "<li><code>\(escape(r.experiment))</code> \(escape(e.description)): \(markdownBold(escape(ReportWriter.intermittentLine(e, r)))) \(escape(e.reason))</li>\n"
        }
        for e in r.excused {
          let margin = r.verdict.comparisons.first { $0.id == e.comparison }?.margin
          h +=
            "<li><code>\(escape(r.experiment))</code> \(escape(e.description)): <strong>not established</strong> (margin \(margin.map { Estimate.rounded($0, digits: 2) } ?? "criterion failed") s.e.). \(escape(e.reason))</li>\n"
        }
        for e in r.unneeded {
          let margin = r.verdict.comparisons.first { $0.id == e.comparison }?.margin
          h +=
            "<li><code>\(escape(r.experiment))</code> \(escape(e.description)): <strong>exception no longer needed</strong> — the comparison passed (margin \(margin.map { Estimate.rounded($0, digits: 2) } ?? "criterion met") s.e.).</li>\n"
        }
      }
      h += "</ul>\n"
    }

    h += "<h2 id=\"provenance\">Provenance</h2>\n<table><tbody>\n"
    let seeds = provenance.seeds.sorted { $0.key < $1.key }.map { "<code>\(escape($0.key))</code> \($0.value)" }
      .joined(separator: ", ")
    let provenanceRows: [(String, String)] = [
      ("version", escape(provenance.version)),
      ("git commit", escape(provenance.gitCommit ?? "unknown (not a git checkout)")),
      ("tier", escape(provenance.tier)),
      ("seeds", (provenance.freshSeeds ? "fresh" : "fixed (from the specs)") + ": " + seeds),
      (
        "BLAS",
        escape(
          "cblas_dgemm from \(provenance.blasProvider), \(provenance.blasThreads) thread(s), \(provenance.openblasConfiguration); kernel \(provenance.blasKernel ?? "not recorded")"
        )
      ),
      ("started", escape(provenance.startedAt)),
      ("wall time", String(format: "%.1f s", provenance.wallSeconds)),
      (
        "streams",
        "every random stream's path by role: <a href=\"provenance.json\">provenance.json</a> → <code>streams</code>"
      ),
    ]
    for (k, v) in provenanceRows { h += "<tr><th>\(k)</th><td>\(v)</td></tr>\n" }
    h += "</tbody></table>\n"

    for s in sections {
      let spec = s.outcome.spec
      h += "<section id=\"exp-\(anchor(spec.id))\">\n<h2>\(escape(spec.id))</h2>\n"
      h += "<p><strong>\(escape(ReportWriter.claimText[spec.claim] ?? spec.claim.rawValue))</strong></p>\n"
      h += "<p>\(escape(spec.description))</p>\n"
      var settings =
        "Task <code>\(escape(spec.task.kind.rawValue))</code>" + (spec.task.inputDimension.map { " (d = \($0))" } ?? "")
      settings +=
        "; model <code>\(escape(spec.model.activation.rawValue))</code>, width \(spec.model.width); \(escape(spec.training.optimizer.name)) for \(spec.training.steps) steps; "
      settings +=
        "\(spec.members) members, \(spec.designs ?? 1) design(s); n ∈ \(spec.grid.n)"
        + (spec.grid.snr.map { ", SNR ∈ \($0)" } ?? "") + (spec.grid.flipProbability.map { ", p ∈ \($0)" } ?? "")
      settings +=
        "; α = \(spec.statistics.significance); seed \(s.outcome.seed); \(String(format: "%.1f", s.outcome.wallSeconds)) s."
      h += "<p>\(settings)</p>\n"
      if let note = s.outcome.note { h += "<p><em>\(escape(note)).</em></p>\n" }
      if let control = spec.control {
        h +=
          "<p><strong>Negative control <code>\(escape(control.rawValue))</code></strong>: \(escape(control.summary)).</p>\n"
      }
      if !s.outcome.claims.isEmpty {
        h += verdictTable(s.outcome.claims, prefix: "exp-\(anchor(spec.id))-verdict", linkExperiments: false)
        h += "<details><summary>Evidence</summary><ul>\n"
        for r in s.outcome.claims {
          h +=
            "<li><strong>\(escape(r.measure)), \(escape(r.slice))</strong>: \(escape(r.verdict.summary)), required z \(Estimate.rounded(r.verdict.zLevel, digits: 2)), estimated false-failure rate \(Estimate.rounded(r.verdict.estimatedFailureRate, digits: 4))<ul>"
          for line in r.verdict.evidence { h += "<li>\(escape(line))</li>" }
          h += "</ul></li>\n"
        }
        h += "</ul></details>\n"
      }
      for f in s.figures {
        h +=
          "<figure class=\"report-figure\" id=\"fig-\(anchor(f.name))\">\n\(f.svg)<figcaption>\(escape(f.caption))</figcaption></figure>\n"
      }
      h +=
        "<p>Files: "
        + s.files.map { "<a href=\"\(escape($0))\"><code>\(escape($0))</code></a>" }.joined(separator: ", ")
      h += "</p>\n</section>\n"
    }
    h += "<script>\n\(sortScript)</script>\n</body></html>\n"
    return h
  }
}
