import Foundation

/// A stacked bar chart as SVG, drawn on the server: one bar per label, one colour per series. Presentation
/// attributes only (no `style`), so the page's Content-Security-Policy holds; `role="img"` with a title, the numbers
/// themselves being in the table beside it.
struct BarChart {
    struct Series {
        var name: String
        var color: String
        var values: [Int]
    }

    var title: String
    var labels: [String]
    var series: [Series]

    static let palette = ["#1d4ed8", "#0f766e", "#b45309", "#7c3aed", "#be123c", "#15803d", "#0369a1", "#a16207", "#4338ca", "#9f1239",
                          "#047857", "#c2410c", "#6d28d9", "#475569"]

    static func color(_ index: Int) -> String { palette[index % palette.count] }

    func svg() -> String {
        let width = 720.0, height = 240.0, left = 36.0, bottom = 28.0, top = 10.0
        let plotHeight = height - bottom - top
        let count = max(labels.count, 1)
        let slot = (width - left - 8) / Double(count)
        let barWidth = max(1.5, slot * 0.7)
        let totals = labels.indices.map { index in series.reduce(0) { $0 + ($1.values.indices.contains(index) ? $1.values[index] : 0) } }
        let maximum = max(totals.max() ?? 0, 1)
        let scale = Self.niceCeiling(maximum)
        var out = "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-labelledby=\"\(id)-t\" xmlns=\"http://www.w3.org/2000/svg\">"
        out += "<title id=\"\(id)-t\">\(Self.escape(title))</title>"
        // Gridlines at round values: quarters of 4, 20, 40…, fifths of 10, 50…
        let steps = scale % 4 == 0 ? 4 : 5
        for step in 0...steps {
            let value = scale * step / steps
            let y = top + plotHeight - plotHeight * Double(value) / Double(scale)
            out += "<line x1=\"\(left)\" x2=\"\(width - 4)\" y1=\(Self.n(y)) y2=\(Self.n(y)) stroke=\"#d0d5dd\" stroke-width=\"1\"/>"
            out += "<text x=\"\(left - 4)\" y=\(Self.n(y + 4)) text-anchor=\"end\" font-size=\"11\" fill=\"#475467\">\(value)</text>"
        }
        let labelEvery = max(1, count / 10)
        for index in labels.indices {
            let x = left + slot * Double(index) + (slot - barWidth) / 2
            var y = top + plotHeight
            for item in series where item.values.indices.contains(index) && item.values[index] > 0 {
                let h = plotHeight * Double(item.values[index]) / Double(scale)
                y -= h
                out += "<rect x=\(Self.n(x)) y=\(Self.n(y)) width=\(Self.n(barWidth)) height=\(Self.n(h)) fill=\"\(item.color)\">"
                out += "<title>\(Self.escape(labels[index])): \(Self.escape(item.name)) \(item.values[index])</title></rect>"
            }
            if index % labelEvery == 0 {
                out += "<text x=\(Self.n(x + barWidth / 2)) y=\"\(Int(height - 8))\" text-anchor=\"middle\" font-size=\"11\" fill=\"#475467\">\(Self.escape(labels[index]))</text>"
            }
        }
        out += "</svg>"
        if series.count > 1 || !series.isEmpty {
            out += "<ul class=\"legend\">" + series.map {
                "<li><svg width=\"12\" height=\"12\" aria-hidden=\"true\"><rect width=\"12\" height=\"12\" fill=\"\($0.color)\"/></svg> \(Self.escape($0.name))</li>"
            }.joined() + "</ul>"
        }
        return out
    }

    private var id: String { "c" + String(UInt32(truncatingIfNeeded: title.hashValue), radix: 16) }

    /// The axis top: 1, 2 or 5 times a power of ten, at least `value`.
    static func niceCeiling(_ value: Int) -> Int {
        var power = 1
        while true {
            for factor in [1, 2, 4, 5] where factor * power >= value { return max(4, factor * power) }
            power *= 10
        }
    }

    static func n(_ value: Double) -> String { "\"" + String(format: "%.1f", value) + "\"" }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
