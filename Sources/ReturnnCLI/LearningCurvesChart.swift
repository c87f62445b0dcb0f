import Foundation

/// Draws `LearningCurves` as an SVG image, the two plots of i6_core's `ReturnnTrainingJob.plot`
/// in one picture: on top the scores (left axis) and errors (right axis) per epoch, a legend,
/// and below the learning rate per epoch on a log axis (linear when a rate is not positive).
///
/// Each score/error key has a `<g class="series" data-key="...">` with one polyline and one
/// marker per finite value (circles for scores, squares for errors; errors dashed); a score and
/// an error of the same dataset and loss share a colour.
struct LearningCurvesChart {
    /// The curves.
    var curves: LearningCurves
    /// Shown on top (the file's path).
    var title: String

    /// Width of the image in pixels.
    static let width = 860.0
    /// Left edge of the plots (room for the score ticks and label).
    static let plotLeft = 80.0
    /// Right edge of the plots (room for the error ticks and label).
    static let plotRight = 780.0
    /// Colours by group, in first-seen order (matplotlib's tab10, readable on white).
    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]

    /// The SVG document.
    func svg() -> String {
        var out: [String] = []
        let epochs = AxisScale.linear(curves.epochs.map(Double.init), targetTicks: 10, integers: true)
        let groups = curves.series.reduce(into: [String]()) { if !$0.contains($1.group) { $0.append($1.group) } }
        func color(_ s: LearningCurves.Series) -> String { Self.palette[(groups.firstIndex(of: s.group) ?? 0) % Self.palette.count] }

        // Top plot: scores on the left axis, errors on the right (the left one if there are no scores).
        let top = Frame(left: Self.plotLeft, right: Self.plotRight, top: 50, bottom: 350)
        let scoreSeries = curves.scores.isEmpty ? curves.errors : curves.scores
        let errorSeries = curves.scores.isEmpty ? [] : curves.errors
        let scoreLabel = curves.scores.isEmpty ? "error" : "score"
        var body: [String] = ["<g id=\"scores-panel\">"]
        body += frame(top, x: epochs)
        let left = AxisScale.linear(scoreSeries.flatMap { $0.points.map(\.value) })
        body += yAxis(top, left, side: .left, label: scoreLabel)
        if !errorSeries.isEmpty {
            let right = AxisScale.linear(errorSeries.flatMap { $0.points.map(\.value) })
            body += yAxis(top, right, side: .right, label: "error")
            for s in errorSeries { body += line(s, top, x: epochs, y: right, color: color(s)) }
        }
        for s in scoreSeries { body += line(s, top, x: epochs, y: left, color: color(s)) }
        if curves.series.isEmpty { body.append(text(x: top.midX, y: top.midY, "no scores in the file yet", anchor: "middle", extra: " fill=\"#777\"")) }
        body.append("</g>")

        // Legend, wrapped into rows below the top plot.
        var legend: [String] = ["<g id=\"legend\">"]
        var x = Self.plotLeft, y = top.bottom + 58
        for s in curves.series {
            let w = 36 + Double(s.key.count) * 7.2 + 24
            if x + w > Self.plotRight && x > Self.plotLeft { x = Self.plotLeft; y += 20 }
            legend.append("<g class=\"legend-entry\" data-key=\"\(Self.escape(s.key))\">")
            legend.append("<line x1=\"\(f(x))\" y1=\"\(f(y - 4))\" x2=\"\(f(x + 28))\" y2=\"\(f(y - 4))\" stroke=\"\(color(s))\" stroke-width=\"2\"\(s.isError ? " stroke-dasharray=\"6 3\"" : "")/>")
            legend.append(marker(x + 14, y - 4, isError: s.isError, color: color(s), radius: 3.5))
            legend.append(text(x: x + 36, y: y, s.key))
            legend.append("</g>")
            x += w
        }
        legend.append("</g>")

        // Bottom plot: learning rate per epoch.
        let lrTop = y + (curves.series.isEmpty ? 0 : 40)
        let bottom = Frame(left: Self.plotLeft, right: Self.plotRight, top: lrTop, bottom: lrTop + 170)
        let useLog = !curves.learningRates.isEmpty && curves.learningRates.allSatisfy { $0.isFinite && $0 > 0 }
        let lr = useLog ? AxisScale.logarithmic(curves.learningRates) : AxisScale.linear(curves.learningRates)
        var lrBody: [String] = ["<g id=\"learning-rate-panel\">"]
        lrBody += frame(bottom, x: epochs)
        lrBody += yAxis(bottom, lr, side: .left, label: useLog ? "learning rate (log)" : "learning rate")
        let points = zip(curves.epochs, curves.learningRates).filter { $0.1.isFinite }.map { (epoch: $0.0, value: $0.1) }
        let lrSeries = LearningCurves.Series(key: "learning_rate", isError: false, group: "learning_rate", points: points,
                                             nonFiniteEpochs: zip(curves.epochs, curves.learningRates).filter { !$0.1.isFinite }.map(\.0))
        lrBody += line(lrSeries, bottom, x: epochs, y: lr, color: "#444444")
        lrBody.append("</g>")

        let height = bottom.bottom + 50
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(Self.width))\" height=\"\(f(height))\" viewBox=\"0 0 \(f(Self.width)) \(f(height))\" "
                   + "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"12\">")
        out.append("<title>\(Self.escape("learning curves: " + title))</title>")
        out.append("<rect x=\"0\" y=\"0\" width=\"\(f(Self.width))\" height=\"\(f(height))\" fill=\"white\"/>")
        out.append(text(x: Self.width / 2, y: 28, title, anchor: "middle", extra: " font-size=\"15\" font-weight=\"bold\""))
        out += body + legend + lrBody
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }

    /// A plot's rectangle in pixels.
    struct Frame {
        var left, right, top, bottom: Double
        var midX: Double { (left + right) / 2 }
        var midY: Double { (top + bottom) / 2 }
        func x(_ scale: AxisScale, _ v: Double) -> Double { left + scale.fraction(v) * (right - left) }
        func y(_ scale: AxisScale, _ v: Double) -> Double { bottom - scale.fraction(v) * (bottom - top) }
    }

    enum Side { case left, right }

    /// The plot's box, vertical grid lines and x ticks (epochs), and the x label.
    func frame(_ fr: Frame, x: AxisScale) -> [String] {
        var o = ["<rect x=\"\(f(fr.left))\" y=\"\(f(fr.top))\" width=\"\(f(fr.right - fr.left))\" height=\"\(f(fr.bottom - fr.top))\" fill=\"none\" stroke=\"#333\"/>"]
        for (t, label) in zip(x.ticks, x.labels) {
            let px = fr.x(x, t)
            o.append("<line x1=\"\(f(px))\" y1=\"\(f(fr.top))\" x2=\"\(f(px))\" y2=\"\(f(fr.bottom))\" stroke=\"#e6e6e6\"/>")
            o.append("<line x1=\"\(f(px))\" y1=\"\(f(fr.bottom))\" x2=\"\(f(px))\" y2=\"\(f(fr.bottom + 5))\" stroke=\"#333\"/>")
            o.append(text(x: px, y: fr.bottom + 19, label, anchor: "middle"))
        }
        o.append(text(x: fr.midX, y: fr.bottom + 37, "epoch", anchor: "middle"))
        return o
    }

    /// Horizontal grid lines (left axis only), ticks and labels of a y axis, and its title.
    func yAxis(_ fr: Frame, _ s: AxisScale, side: Side, label: String) -> [String] {
        var o: [String] = []
        for (t, l) in zip(s.ticks, s.labels) {
            let py = fr.y(s, t)
            if side == .left {
                o.append("<line x1=\"\(f(fr.left))\" y1=\"\(f(py))\" x2=\"\(f(fr.right))\" y2=\"\(f(py))\" stroke=\"#e6e6e6\"/>")
                o.append("<line x1=\"\(f(fr.left - 5))\" y1=\"\(f(py))\" x2=\"\(f(fr.left))\" y2=\"\(f(py))\" stroke=\"#333\"/>")
                o.append(text(x: fr.left - 8, y: py + 4, l, anchor: "end"))
            } else {
                o.append("<line x1=\"\(f(fr.right))\" y1=\"\(f(py))\" x2=\"\(f(fr.right + 5))\" y2=\"\(f(py))\" stroke=\"#333\"/>")
                o.append(text(x: fr.right + 8, y: py + 4, l, anchor: "start"))
            }
        }
        let (ax, rot) = side == .left ? (fr.left - 62, -90) : (fr.right + 62, 90)
        o.append("<text class=\"axis-label\" x=\"\(f(ax))\" y=\"\(f(fr.midY))\" text-anchor=\"middle\" transform=\"rotate(\(rot) \(f(ax)) \(f(fr.midY)))\">\(Self.escape(label))</text>")
        return o
    }

    /// A series: its polyline and a marker per point.
    func line(_ s: LearningCurves.Series, _ fr: Frame, x: AxisScale, y: AxisScale, color: String) -> [String] {
        let pts = s.points.map { (fr.x(x, Double($0.epoch)), fr.y(y, $0.value)) }
        var o = ["<g class=\"series\" data-key=\"\(Self.escape(s.key))\" data-axis=\"\(s.isError ? "error" : "score")\">"]
        if pts.count > 1 {
            let list = pts.map { "\(f($0.0)),\(f($0.1))" }.joined(separator: " ")
            o.append("<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"\(s.isError ? " stroke-dasharray=\"6 3\"" : "") points=\"\(list)\"/>")
        }
        let radius = pts.count > 60 ? 1.5 : 3.5
        for p in pts { o.append(marker(p.0, p.1, isError: s.isError, color: color, radius: radius)) }
        o.append("</g>")
        return o
    }

    /// A circle (score) or square (error) marker.
    func marker(_ x: Double, _ y: Double, isError: Bool, color: String, radius: Double) -> String {
        if isError {
            return "<rect class=\"marker\" x=\"\(f(x - radius))\" y=\"\(f(y - radius))\" width=\"\(f(2 * radius))\" height=\"\(f(2 * radius))\" fill=\"\(color)\"/>"
        }
        return "<circle class=\"marker\" cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"\(f(radius))\" fill=\"\(color)\"/>"
    }

    func text(x: Double, y: Double, _ s: String, anchor: String = "start", extra: String = "") -> String {
        "<text x=\"\(f(x))\" y=\"\(f(y))\" text-anchor=\"\(anchor)\"\(extra)>\(Self.escape(s))</text>"
    }

    /// A coordinate with one decimal.
    func f(_ v: Double) -> String { String(format: "%.1f", v) }

    /// `s` as XML text or attribute value.
    static func escape(_ s: String) -> String {
        var r = ""
        for c in s {
            switch c {
            case "&": r += "&amp;"
            case "<": r += "&lt;"
            case ">": r += "&gt;"
            case "\"": r += "&quot;"
            default: r.append(c)
            }
        }
        return r
    }
}
