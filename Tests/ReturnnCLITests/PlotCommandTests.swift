import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// `returnn plot` through the built binary: the SVG parses as XML and holds the expected series,
/// points and labels; user mistakes exit non-zero with a located message.
@Suite(.serialized) struct PlotCommandTests {
    /// Three epochs, two losses' keys as upstream writes them for an output layer named `output`;
    /// dev scored in epochs 1 and 3 only, a NaN train score in epoch 2.
    static let file = """
        {
        1: EpochData(learningRate=0.01, error={
        ':meta:effective_learning_rate': 0.01,
        'dev_error_output': 0.4,
        'dev_score_output': 1.25,
        'train_error_output': 0.5,
        'train_score_output': 1.5,
        }),
        2: EpochData(learningRate=0.005, error={
        'train_error_output': 0.3,
        'train_score_output': float('nan'),
        }),
        3: EpochData(learningRate=0.0025, error={
        'dev_error_output': 0.2,
        'dev_score_output': 0.75,
        'train_error_output': 0.1,
        'train_score_output': 0.5,
        }),
        }

        """

    /// The elements of an SVG document, in order, with their attributes and the series (the
    /// `data-key` of the enclosing `<g class="series">`) each belongs to.
    final class SVGElements: NSObject, XMLParserDelegate {
        struct Element { var name: String; var attributes: [String: String]; var series: String?; var text = "" }
        var elements: [Element] = []
        var stack: [String?] = []
        var textTarget: Int?

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            let series = attributes["class"] == "series" ? attributes["data-key"] : (stack.last ?? nil)
            elements.append(Element(name: name, attributes: attributes, series: series))
            stack.append(series)
            textTarget = name == "text" || name == "title" ? elements.count - 1 : nil
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            stack.removeLast()
            textTarget = nil
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if let i = textTarget { elements[i].text += string }
        }

        var texts: [String] { elements.filter { $0.name == "text" }.map(\.text) }
        func markers(_ key: String) -> [Element] { elements.filter { $0.series == key && $0.attributes["class"] == "marker" } }
        func polyline(_ key: String) -> [(Double, Double)] {
            guard let p = elements.first(where: { $0.series == key && $0.name == "polyline" })?.attributes["points"] else { return [] }
            return p.split(separator: " ").map { pair in
                let xy = pair.split(separator: ",").map { Double($0)! }
                return (xy[0], xy[1])
            }
        }
    }

    static func parse(_ url: URL) throws -> SVGElements {
        let parser = try #require(XMLParser(contentsOf: url))
        let d = SVGElements()
        parser.delegate = d
        #expect(parser.parse(), "SVG is not well-formed XML: \(String(describing: parser.parserError))")
        return d
    }

    @Test func drawsEverySeriesWithItsPoints() throws {
        let dir = ReturnnCLITests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.file.write(to: dir.appendingPathComponent("learning_rates"), atomically: false, encoding: .utf8)
        let r = try ReturnnCLITests.run(["plot", "learning_rates", "-o", "curves.svg"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.lines == [
            "Wrote curves.svg: 3 epochs (1-3), train_score_output, train_error_output, dev_score_output, dev_error_output, learning_rate",
            "Note: train_score_output is not finite in epochs 2; these points are left out.",
        ])
        let svg = try Self.parse(dir.appendingPathComponent("curves.svg"))
        #expect(svg.elements.first?.name == "svg")
        #expect(svg.elements.first?.attributes["xmlns"] == "http://www.w3.org/2000/svg")
        // One marker per finite value: circles for scores, squares for errors.
        for (key, n, shape) in [("train_score_output", 2, "circle"), ("train_error_output", 3, "rect"), ("dev_score_output", 2, "circle"),
                                ("dev_error_output", 2, "rect"), ("learning_rate", 3, "circle")] {
            let m = svg.markers(key)
            #expect(m.count == n, "\(key)")
            #expect(m.allSatisfy { $0.name == shape }, "\(key)")
            #expect(svg.polyline(key).count == n, "\(key)")
        }
        // Lower values are drawn lower (larger y); epochs go left to right.
        let trainErr = svg.polyline("train_error_output")
        #expect(trainErr.map(\.1) == trainErr.map(\.1).sorted() && trainErr.map(\.0) == trainErr.map(\.0).sorted())
        let lr = svg.polyline("learning_rate")
        #expect(lr[0].1 < lr[1].1 && lr[1].1 < lr[2].1)
        // Halving steps are equal steps on the log axis.
        #expect(abs((lr[1].1 - lr[0].1) - (lr[2].1 - lr[1].1)) < 0.2)
        // Score and error of one dataset share a colour; train and dev differ.
        let color = { (k: String) in svg.markers(k).first?.attributes["fill"] }
        #expect(color("train_score_output") == color("train_error_output") && color("dev_score_output") == color("dev_error_output"))
        #expect(color("train_score_output") != color("dev_score_output"))
        // Labels, legend, title.
        let texts = svg.texts
        for label in ["score", "error", "learning rate (log)", "learning_rates", "0.001", "0.005", "0.01"] { #expect(texts.contains(label), "\(label)") }
        #expect(texts.filter { $0 == "epoch" }.count == 2)
        #expect(svg.elements.filter { $0.attributes["class"] == "legend-entry" }.compactMap { $0.attributes["data-key"] }
            == ["train_score_output", "train_error_output", "dev_score_output", "dev_error_output"])
        #expect(svg.elements.first { $0.name == "title" }?.text == "learning curves: learning_rates")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["curves.svg", "learning_rates"])
    }

    /// Without `-o` the image goes beside the file; the title is escaped; a second run replaces it.
    @Test func defaultOutputAndTitle() throws {
        let dir = ReturnnCLITests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let lr = dir.appendingPathComponent("lr")
        try Self.file.write(to: lr, atomically: false, encoding: .utf8)
        for _ in 0..<2 {
            let r = try ReturnnCLITests.run(["plot", lr.path, "--title", "run <3> & \"more\""])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let svg = try Self.parse(dir.appendingPathComponent("lr.svg"))
        #expect(svg.texts.contains("run <3> & \"more\""))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["lr", "lr.svg"])
    }

    @Test func userMistakes() throws {
        let dir = ReturnnCLITests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.file.write(to: dir.appendingPathComponent("lr"), atomically: false, encoding: .utf8)
        try "{\n1: EpochDate(learningRate=0.01, error={}),\n}\n".write(to: dir.appendingPathComponent("bad"), atomically: false, encoding: .utf8)
        try "{}\n".write(to: dir.appendingPathComponent("empty"), atomically: false, encoding: .utf8)
        let cases: [([String], Int32, String)] = [
            (["plot", "missing"], 1, "returnn plot: error: cannot read the learning_rate_file 'missing'"),
            (["plot", "bad"], 1, "returnn plot: error: bad:2:"),
            (["plot", "empty"], 1, "returnn plot: error: empty: the learning_rate_file has no epochs yet"),
            (["plot", "lr", "-o", "x.png"], 2, "returnn plot writes SVG only; write -o x.svg and convert it, e.g. rsvg-convert -o x.png x.svg"),
            (["plot", "lr", "-o", "x.pdf"], 2, "x.pdf: the output file must end in .svg"),
            (["plot", "lr", "--colour"], 2, "unknown option --colour"),
            (["plot"], 2, "no learning_rate_file given"),
            (["plot", "lr", "-o"], 2, "-o needs a value"),
            (["plot", "lr", "-o", "nodir/x.svg"], 1, "cannot create temporary file nodir/x.svg.tmp_write: No such file or directory"),
        ]
        for (args, status, message) in cases {
            let r = try ReturnnCLITests.run(args, cwd: dir)
            #expect(r.status == status, "\(args): \(r.stderr)")
            #expect(r.stderr.contains(message), "\(args): \(r.stderr)")
        }
        // Nothing written, no temporary file left.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["bad", "empty", "lr"])
        let help = try ReturnnCLITests.run(["plot", "--help"])
        #expect(help.status == 0 && help.stdout.hasPrefix("usage: returnn plot LEARNING_RATE_FILE"))
    }
}
