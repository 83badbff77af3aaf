import RepAlignNumerics

/// The verdict table printed by `repalign reproduce` and embedded in `report.md`: one row per
/// claim check (experiment, claim, model, task, measure, slice, verdict, margin in s.e.). The
/// margin is over the deciding comparisons (`ClaimResult.decidingMargin`: excused ones aside).
package enum VerdictTable {
  package static let columns = ["experiment", "claim", "model", "task", "measure", "slice", "verdict", "margin"]

  static func cells(_ r: ClaimResult) -> [String] {
    [
      r.experiment, r.claim, r.model, r.task, r.measure, r.slice, r.status,
      Estimate.rounded(r.decidingMargin, digits: 2),
    ]
  }

  /// Fixed-width text, columns padded to their widest cell.
  package static func text(_ rows: [ClaimResult]) -> String {
    let table = [columns] + rows.map(cells)
    let widths = columns.indices.map { c in table.map { $0[c].count }.max() ?? 0 }
    return table.map { row in
      row.enumerated().map { c, cell in
        c == row.count - 1
          ? String(repeating: " ", count: widths[c] - cell.count) + cell
          : cell + String(repeating: " ", count: widths[c] - cell.count)
      }.joined(separator: "  ")
    }.joined(separator: "\n") + "\n"
  }

  /// A GitHub-flavoured Markdown table.
  package static func markdown(_ rows: [ClaimResult]) -> String {
    func escape(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }
    var out = "| " + columns.joined(separator: " | ") + " |\n"
    out += "|" + columns.map { $0 == "margin" ? " ---: " : " --- " }.joined(separator: "|") + "|\n"
    for r in rows {
      var c = cells(r).map(escape)
      c[6] = r.status == "PASS" ? "PASS" : (r.acceptable ? "*\(r.status.lowercased())*" : "**\(r.status)**")
      out += "| " + c.joined(separator: " | ") + " |\n"
    }
    return out
  }
}
